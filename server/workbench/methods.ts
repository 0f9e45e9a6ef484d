// The methods paragraph of a run, in Romanian and English, ready to paste into a paper: the models, the codebook
// version, n, the sample design and the agreement figures with their intervals.
import {
  datasetSourceText,
  isOfflineModel,
  MIN_AGREEMENT_ROWS,
  REVIEW_FIELD_NAMES,
  runTemperature,
  type AgreementReport,
  type DatasetGuidelines,
  type DatasetSummary,
  type Estimate,
  type EvidenceAgreement,
  type MethodsResponse,
  type RunSummary,
} from "../../contract/workbench";
import type { Lang } from "../../contract/errors";
import { formatDecimal, formatInterval, formatNumber, formatSigned } from "../../contract/numbers";
import { countWith, type NounForms } from "../../contract/plural";
import type { OverlapCoverage } from "./overlapCoverage";
import type { ModelCounts } from "./store";

const ro2 = (x: number | null) => (x === null ? "—" : formatSigned(x, "ro"));
const en2 = (x: number | null) => (x === null ? "—" : formatSigned(x, "en"));
/** "0,04 (IÎ 95% [−0,53; 0,30])", as the forest plots write it: a true minus, no dash between the ends. */
function estimateText(e: Estimate, lang: Lang): string {
  const value = lang === "ro" ? ro2(e.value) : en2(e.value);
  if (e.low === null || e.high === null) return value;
  return `${value} (${lang === "ro" ? "IÎ 95%" : "95% CI"} ${formatInterval(e.low, e.high, lang)})`;
}
const roEst = (e: Estimate) => estimateText(e, "ro");
// Counts grouped as each language writes them, as the page does: "1.000 de reeșantionări", "1,000 resamples".
const roCount = (n: number) => formatNumber(n, "ro");
const enCount = (n: number) => formatNumber(n, "en");
const enEst = (e: Estimate) => estimateText(e, "en");

export interface MethodsInput {
  run: RunSummary;
  dataset: DatasetSummary;
  counts: ModelCounts[];
  agreement: Omit<AgreementReport, "runId" | "datasetId" | "items">;
  sampleLabelled: number;
  /** The data set's annotation guidelines, when the owner wrote some, and how many labels were saved before their
   * last change (those were made under other guidelines). */
  guidelines?: { guidelines: DatasetGuidelines; labelsBefore: number; labels: number } | null;
  /** The data set's labels per row, when its owner set them, and how many people labelled each row (./overlapCoverage.ts). */
  overlap?: { overlap: number; coverage: OverlapCoverage } | null;
}

const PEOPLE = { ro: ["persoană", "persoane"], en: ["person", "people"] } as const satisfies Record<
  Lang,
  NounForms
>;

/**
 * The owner's labels per row (overlap) and what came of it: every text reached k people's labels, or how many did,
 * with the fewest and the median labels per text; the random sample, which everyone labels, said apart.
 */
export function overlapSentence(
  input: NonNullable<MethodsInput["overlap"]>,
  rows: number,
  sampleSize: number,
): Record<Lang, string> {
  const { overlap: k, coverage } = input;
  const sample = {
    ro: sampleSize > 0 ? "; textele eșantionului aleator le-au primit toți adnotatorii" : "",
    en: sampleSize > 0 ? "; every annotator got the texts of the random sample" : "",
  };
  const median = {
    ro: countWith(coverage.median, LABELS.ro, "ro", roCount),
    en: countWith(coverage.median, LABELS.en, "en", enCount),
  };
  const ro =
    `Proprietarul setului a cerut ${countWith(k, LABELS.ro, "ro", roCount)} pe text: coada fiecărui adnotator a lăsat deoparte textele etichetate deja de ${countWith(k, PEOPLE.ro, "ro", roCount)}${sample.ro}. ` +
    (coverage.min >= k
      ? `Fiecare text a fost etichetat de cel puțin ${countWith(k, PEOPLE.ro, "ro", roCount)} (mediana: ${median.ro} pe text).`
      : `${roCount(coverage.rowsAtOverlap)} din ${countWith(rows, TEXTS.ro, "ro", roCount)} ${coverage.rowsAtOverlap === 1 ? "a ajuns" : "au ajuns"} la ${countWith(k, LABELS.ro, "ro", roCount)}; cel mai puțin etichetat text are ${countWith(coverage.min, LABELS.ro, "ro", roCount)}, iar mediana este de ${median.ro} pe text.`);
  const en =
    `The data set's owner asked for ${countWith(k, LABELS.en, "en", enCount)} per text: each annotator's queue left out the texts ${countWith(k, PEOPLE.en, "en", enCount)} had labelled already${sample.en}. ` +
    (coverage.min >= k
      ? `Every text was labelled by at least ${countWith(k, PEOPLE.en, "en", enCount)} (median: ${median.en} per text).`
      : `${enCount(coverage.rowsAtOverlap)} of ${countWith(rows, TEXTS.en, "en", enCount)} reached ${countWith(k, LABELS.en, "en", enCount)}; the least labelled text has ${countWith(coverage.min, LABELS.en, "en", enCount)}, and the median is ${median.en} per text.`);
  return { ro, en };
}

/** "2026-12-07 10:45 UTC": the same in both languages, as a paper cites a date. */
function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

const CHARACTERS = {
  ro: ["caracter", "caractere"],
  en: ["character", "characters"],
} as const satisfies Record<Lang, NounForms>;
const LABELS = { ro: ["etichetă", "etichete"], en: ["label", "labels"] } as const satisfies Record<
  Lang,
  NounForms
>;

/**
 * That the people labelled with the owner's guidelines, their size and last change, and where the text is (the XLSX
 * export's "ghid" sheet); with the labels saved before that change, which were made under other guidelines.
 */
export function guidelinesSentence(input: NonNullable<MethodsInput["guidelines"]>): Record<Lang, string> {
  const { guidelines, labelsBefore, labels } = input;
  const when = utcMinute(guidelines.updatedAt);
  const chars = guidelines.text.length;
  const ro =
    `Adnotatorii umani au avut ghidul de adnotare al setului (${countWith(chars, CHARACTERS.ro, "ro", roCount)}, ` +
    `modificat ultima dată pe ${when} de ${guidelines.updatedBy}; textul este în foaia „ghid” a exportului XLSX), ` +
    `pe lângă codebook.` +
    (labelsBefore === 0
      ? ""
      : ` ${labelsBefore === labels ? (labels === 1 ? "Singura etichetă a fost salvată" : `Toate cele ${countWith(labels, LABELS.ro, "ro", roCount)} au fost salvate`) : `${roCount(labelsBefore)} din ${countWith(labels, LABELS.ro, "ro", roCount)} ${labelsBefore === 1 ? "a fost salvată" : "au fost salvate"}`} înainte de această modificare.`);
  const en =
    `The human annotators had the data set's annotation guidelines (${countWith(chars, CHARACTERS.en, "en", enCount)}, ` +
    `last changed on ${when} by ${guidelines.updatedBy}; the text is in the "ghid" sheet of the XLSX export), ` +
    `besides the codebook.` +
    (labelsBefore === 0
      ? ""
      : ` ${labelsBefore === labels ? (labels === 1 ? "The only label was saved" : `All ${countWith(labels, LABELS.en, "en", enCount)} were saved`) : `${enCount(labelsBefore)} of ${countWith(labels, LABELS.en, "en", enCount)} ${labelsBefore === 1 ? "was" : "were"} saved`} before that change.`);
  return { ro, en };
}

/**
 * The temperature as the paragraph reports it. The offline models ignore it (their outcomes store none), so a run of
 * only those has no temperature to report, and a mixed run says which models it did not apply to.
 */
export function temperatureText(run: Pick<RunSummary, "models" | "temperature">): { ro: string; en: string } {
  const offline = run.models.filter(isOfflineModel);
  if (runTemperature(run) === null)
    return {
      ro: "fără temperatură (modelele offline nu o folosesc, de aceea coloana temperature a exportului este goală)",
      en: "with no temperature (offline models do not use one, so the export's temperature column is empty)",
    };
  const ignored = offline.length > 0 ? offline.join(", ") : null;
  return {
    ro: `la temperatura ${ro2(run.temperature)}${ignored ? ` (ignorată de ${ignored}: în export, rândurile lor au coloana temperature goală)` : ""}`,
    en: `at temperature ${en2(run.temperature)}${ignored ? ` (ignored by ${ignored}: in the export, their rows' temperature column is empty)` : ""}`,
  };
}

const RESAMPLES = {
  ro: ["reeșantionare", "reeșantionări"],
  en: ["resample", "resamples"],
} as const satisfies Record<Lang, NounForms>;
const TEXTS = { ro: ["text", "texte"], en: ["text", "texts"] } as const satisfies Record<Lang, NounForms>;

const PAIRS = { ro: ["pereche", "perechi"], en: ["pair", "pairs"] } as const satisfies Record<
  Lang,
  NounForms
>;
const ROWS = { ro: ["rând", "rânduri"], en: ["row", "rows"] } as const satisfies Record<Lang, NounForms>;

/**
 * The people's agreement on the words they marked as evidence (1.26), when two of them marked some on a row both
 * labelled: the mean character-level F1 over the pairs, with what it rests on. None otherwise.
 */
export function evidenceSentence(evidence: EvidenceAgreement | undefined): { ro: string; en: string } | null {
  const mean = evidence?.mean.all;
  if (!mean || mean.f1 === null || mean.pairs === 0) return null;
  // As every figure of the paragraph: on fewer than MIN_AGREEMENT_ROWS rows it is said to rest on too few, not given.
  const few = mean.rows < MIN_AGREEMENT_ROWS;
  const pairs = {
    ro: countWith(mean.pairs, PAIRS.ro, "ro", roCount),
    en: countWith(mean.pairs, PAIRS.en, "en", enCount),
  };
  return {
    ro:
      "Dovezile marcate de adnotatori (cuvintele textului care le susțin etichetele) " +
      (few
        ? `nu au un acord măsurabil încă: prea puține rânduri cu dovezi (n = ${roCount(mean.rows)}; trebuie ${MIN_AGREEMENT_ROWS}; ${pairs.ro}).`
        : `s-au suprapus cu un F1 mediu la nivel de caracter de ${formatDecimal(mean.f1, "ro", 2)} (${pairs.ro}, ` +
          `${countWith(mean.rows, ROWS.ro, "ro", roCount)} cu dovezi).`),
    en:
      "The evidence the annotators marked (the words of the text supporting their labels) " +
      (few
        ? `has no measurable agreement yet: too few rows with evidence (n = ${enCount(mean.rows)}; ${MIN_AGREEMENT_ROWS} needed; ${pairs.en}).`
        : `overlapped with a mean character-level F1 of ${formatDecimal(mean.f1, "en", 2)} (${pairs.en}, ` +
          `${countWith(mean.rows, ROWS.en, "en", enCount)} with evidence).`),
  };
}

/** "a, b or c" in each language. */
function orList(lang: Lang, items: string[]): string {
  const or = lang === "ro" ? " ori " : " or ";
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")}${or}${items.at(-1)}`;
}

/**
 * How rows outside the random sample reach a person, as far as the server knows it: under the owner's blind review a
 * member's queue is the file's order (./blindReview.ts), the owner's and the admins' the run's; a run's queue puts first what this run can rank by
 * (the models' disagreement only with two models or more, the runs' only with repeats), and annotators may label any
 * row. Which queue each label came from is not recorded, so the sentence says how they could be chosen, no more.
 */
export function outsideSampleText(
  run: Pick<RunSummary, "models" | "repeats">,
  dataset: Pick<DatasetSummary, "shared" | "blindReview">,
): Record<Lang, string> {
  const reasons = { ro: [] as string[], en: [] as string[] };
  if (run.models.length > 1) {
    reasons.ro.push("modelele nu au fost de acord");
    reasons.en.push("the models disagreed");
  }
  if (run.repeats > 1) {
    reasons.ro.push("rulările nu au fost de acord");
    reasons.en.push("the runs disagreed");
  }
  reasons.ro.push("încrederea era mică", "un apel a eșuat");
  reasons.en.push("confidence was low", "a call failed");
  const queue = {
    ro: `coada de revizuire pune întâi rândurile unde ${orList("ro", reasons.ro)}, iar adnotatorii pot eticheta și alte rânduri`,
    en: `the review queue puts first the rows where ${orList("en", reasons.en)}, and annotators may label other rows too`,
  };
  // The owner and the admins are not held to blind review: their queue is the run's, ranked as above.
  if (dataset.shared && dataset.blindReview)
    return {
      ro: `cu revizuirea oarbă, membrii clasei primesc rândurile în ordinea din fișier, nu după ce au spus modelele; pentru proprietarul setului și administratori, ${queue.ro}`,
      en: `under blind review the class's members get the rows in the file's order, not by what the models said; for the data set's owner and the admins, ${queue.en}`,
    };
  return queue;
}

/**
 * How the labelled texts were chosen (`sample` is the sample's description without its article, `how` the
 * outsideSampleText): those in the random sample, and the others, which were not chosen at random; each part only
 * when it holds a text, with the verb agreeing with its count.
 */
function sampleSentence(
  lang: Lang,
  labelled: number,
  fromSample: number,
  sample: { text: string; size: number },
  how: string,
): string {
  const rest = labelled - fromSample;
  const one = labelled === 1;
  if (lang === "ro") {
    if (rest === 0) return `, ${one ? "care face parte" : "toate făcând parte"} dintr-un ${sample.text}.`;
    if (sample.size === 0)
      return `, ${one ? "neales" : "niciunul ales"} la întâmplare (setul nu are un eșantion aleator; ${how}).`;
    if (fromSample === 0)
      return `, ${one ? "din afara eșantionului aleator, deci neales" : "toate din afara eșantionului aleator, deci niciunul ales"} la întâmplare (${how}).`;
    const part = fromSample === 1 ? "unul face parte" : `${roCount(fromSample)} fac parte`;
    const others =
      rest === 1
        ? "celălalt este din afara lui, deci neales"
        : `celelalte ${roCount(rest)} sunt din afara lui, deci nealese`;
    return `; dintre ele, ${part} dintr-un ${sample.text}, iar ${others} la întâmplare (${how}).`;
  }
  if (rest === 0) return `, ${one ? "which belongs" : "all of them belonging"} to ${sample.text}.`;
  if (sample.size === 0)
    return `, ${one ? "not" : "none of them"} chosen at random (the data set has no random sample; ${how}).`;
  if (fromSample === 0)
    return `, ${one ? "outside the random sample, so not" : "all outside the random sample, so none of them"} chosen at random (${how}).`;
  return `; of these, ${enCount(fromSample)} ${fromSample === 1 ? "belongs" : "belong"} to ${sample.text}, and the other ${rest === 1 ? "one is" : `${enCount(rest)} are`} outside it, so not chosen at random (${how}).`;
}

export function methodsParagraph(input: MethodsInput): MethodsResponse {
  const { run, dataset, counts, agreement } = input;
  const models = run.models.join(", ");
  const failed = counts.reduce((n, c) => n + c.failed, 0);
  const humans = agreement.coders.filter((c) => c.kind === "human").map((c) => c.name);
  const temperature = temperatureText(run);
  const ro: string[] = [];
  const en: string[] = [];
  const hashes = Object.values(run.promptHashes).join(", ");
  ro.push(
    `Am adnotat ${countWith(dataset.rows, TEXTS.ro, "ro", roCount)} (setul „${dataset.name}”, sursa: ${datasetSourceText(dataset.sourceFile, "ro")}) cu ${models}, ` +
      `după codebook-ul EchoChamber versiunea ${run.codebookVersion}, ${temperature.ro}, ` +
      `${run.repeats === 1 ? "o dată" : `de ${countWith(run.repeats, ["dată", "ori"])}`} pentru fiecare text (amprenta promptului: ${hashes}).` +
      (failed === 1
        ? " Un apel a eșuat și a rămas fără etichetă."
        : failed > 1
          ? ` ${countWith(failed, ["apel", "apeluri"], "ro", roCount)} au eșuat și au rămas fără etichetă.`
          : ""),
  );
  en.push(
    `We annotated ${countWith(dataset.rows, TEXTS.en, "en", enCount)} (data set "${dataset.name}", source: ${datasetSourceText(dataset.sourceFile, "en")}) with ${models}, ` +
      `following the EchoChamber codebook version ${run.codebookVersion}, ${temperature.en}, ` +
      `${run.repeats === 1 ? "once" : `${run.repeats} times`} per text (prompt hash: ${hashes}).` +
      (failed === 1
        ? " One call failed and was left unlabelled."
        : failed > 1
          ? ` ${enCount(failed)} calls failed and were left unlabelled.`
          : ""),
  );
  if (humans.length > 0) {
    const people = humans.join(", ");
    const labelled = agreement.n;
    const fromSample = input.sampleLabelled;
    const sample = dataset.reviewSample;
    const how = outsideSampleText(run, dataset);
    ro.push(
      (humans.length === 1
        ? `Un adnotator uman (${people}) a etichetat ${countWith(labelled, TEXTS.ro, "ro", roCount)}`
        : `${humans.length} adnotatori umani (${people}) au etichetat ${countWith(labelled, TEXTS.ro, "ro", roCount)}`) +
        sampleSentence(
          "ro",
          labelled,
          fromSample,
          {
            text: `eșantion aleator de ${countWith(sample.size, TEXTS.ro, "ro", roCount)} (sămânța ${sample.seed}), ținut separat pentru o estimare nedistorsionată a acordului`,
            size: sample.size,
          },
          how.ro,
        ),
    );
    en.push(
      (humans.length === 1
        ? `One human annotator (${people}) labelled ${countWith(labelled, TEXTS.en, "en", enCount)}`
        : `${humans.length} human annotators (${people}) labelled ${countWith(labelled, TEXTS.en, "en", enCount)}`) +
        sampleSentence(
          "en",
          labelled,
          fromSample,
          {
            text: `a random sample of ${countWith(sample.size, TEXTS.en, "en", enCount)} (seed ${sample.seed}) kept apart for an unbiased estimate of agreement`,
            size: sample.size,
          },
          how.en,
        ),
    );
    if (input.overlap) {
      const sentence = overlapSentence(input.overlap, dataset.rows, sample.size);
      ro.push(sentence.ro);
      en.push(sentence.en);
    }
    if (input.guidelines) {
      const sentence = guidelinesSentence(input.guidelines);
      ro.push(sentence.ro);
      en.push(sentence.en);
    }
  }
  for (const field of agreement.fields) {
    const roParts: string[] = [];
    const enParts: string[] = [];
    // A figure on fewer than MIN_AGREEMENT_ROWS rows is said to rest on too few, as the page does, never given:
    // copied into a paper, "α 0,00 [0,00; 0,00]" on one row would read as a finding.
    const tooFew = (n: number) => ({
      ro: `prea puține rânduri (n = ${roCount(n)}; trebuie ${MIN_AGREEMENT_ROWS})`,
      en: `too few rows (n = ${enCount(n)}; ${MIN_AGREEMENT_ROWS} needed)`,
    });
    if (field.alphaHumans.value !== null) {
      const few = field.alphaHumans.units < MIN_AGREEMENT_ROWS ? tooFew(field.alphaHumans.units) : null;
      roParts.push(`α Krippendorff între oameni ${few ? few.ro : roEst(field.alphaHumans)}`);
      enParts.push(`Krippendorff's α between people ${few ? few.en : enEst(field.alphaHumans)}`);
    }
    if (field.alphaAll.value !== null && field.alphaAll.coders > 2) {
      const few = field.alphaAll.units < MIN_AGREEMENT_ROWS ? tooFew(field.alphaAll.units) : null;
      roParts.push(`α pentru toți adnotatorii, oameni și modele, ${few ? few.ro : roEst(field.alphaAll)}`);
      enParts.push(`α for all coders, people and models, ${few ? few.en : enEst(field.alphaAll)}`);
    }
    for (const score of field.vsReference.filter((s) => s.coder.startsWith("model:") && s.n > 0)) {
      const model = score.coder.slice("model:".length);
      const ref = field.reference === "gold" ? "etichetele de referință (gold)" : "etichetele adjudecate";
      const refEn = field.reference === "gold" ? "the gold labels" : "the adjudicated labels";
      if (score.n < MIN_AGREEMENT_ROWS) {
        roParts.push(`${model} față de ${ref}: ${tooFew(score.n).ro}`);
        enParts.push(`${model} against ${refEn}: ${tooFew(score.n).en}`);
        continue;
      }
      roParts.push(
        `${model} față de ${ref} (n = ${score.n}): acuratețe ${roEst(score.accuracy)}, macro-F1 ${roEst(score.macroF1)}`,
      );
      enParts.push(
        `${model} against ${refEn} (n = ${score.n}): accuracy ${enEst(score.accuracy)}, macro-F1 ${enEst(score.macroF1)}`,
      );
    }
    if (roParts.length > 0) {
      ro.push(`La „${REVIEW_FIELD_NAMES[field.field].ro}”: ${roParts.join("; ")}.`);
      en.push(`On "${REVIEW_FIELD_NAMES[field.field].en}": ${enParts.join("; ")}.`);
    }
  }
  if (humans.length >= 2) {
    ro.push(agreement.summary.ro);
    en.push(agreement.summary.en);
  }
  const evidence = evidenceSentence(agreement.evidence);
  if (evidence) {
    ro.push(evidence.ro);
    en.push(evidence.en);
  }
  ro.push(
    `Intervalele de încredere sunt bootstrap percentile pe rânduri (${countWith(agreement.resamples, RESAMPLES.ro, "ro", roCount)}, sămânța ${agreement.seed}); un apel eșuat al unui model contează ca etichetă greșită.`,
  );
  en.push(
    `Confidence intervals are percentile bootstraps over rows (${countWith(agreement.resamples, RESAMPLES.en, "en", enCount)}, seed ${agreement.seed}); a model's failed call counts as a wrong label.`,
  );
  return { ro: ro.join(" "), en: en.join(" ") };
}
