// The methods paragraph of a run, in Romanian and English, ready to paste into a paper: the models, the codebook
// version, n, the sample design and the agreement figures with their intervals.
import {
  datasetSourceText,
  REVIEW_FIELD_NAMES,
  type AgreementReport,
  type DatasetSummary,
  type Estimate,
  type MethodsResponse,
  type RunSummary,
} from "../../contract/workbench";
import type { Lang } from "../../contract/errors";
import { countWith, type NounForms } from "../../contract/plural";
import type { ModelCounts } from "./store";

const ro2 = (x: number | null) => (x === null ? "–" : x.toFixed(2).replace(".", ","));
const en2 = (x: number | null) => (x === null ? "–" : x.toFixed(2));
const roEst = (e: Estimate) => `${ro2(e.value)} (IÎ 95% ${ro2(e.low)}–${ro2(e.high)})`;
const enEst = (e: Estimate) => `${en2(e.value)} (95% CI ${en2(e.low)}–${en2(e.high)})`;

export interface MethodsInput {
  run: RunSummary;
  dataset: DatasetSummary;
  counts: ModelCounts[];
  agreement: Omit<AgreementReport, "runId" | "datasetId" | "items">;
  sampleLabelled: number;
}

/**
 * The temperature as the paragraph reports it. The offline models ignore it (their outcomes store none), so a run of
 * only those has no temperature to report, and a mixed run says which models it did not apply to.
 */
export function temperatureText(run: Pick<RunSummary, "models" | "temperature">): { ro: string; en: string } {
  const offline = run.models.filter((m) => m.startsWith("offline:"));
  if (offline.length === run.models.length)
    return {
      ro: "fără temperatură (modelele offline nu o folosesc)",
      en: "with no temperature (offline models do not use one)",
    };
  const ignored = offline.length > 0 ? offline.join(", ") : null;
  return {
    ro: `la temperatura ${ro2(run.temperature)}${ignored ? ` (ignorată de ${ignored})` : ""}`,
    en: `at temperature ${en2(run.temperature)}${ignored ? ` (ignored by ${ignored})` : ""}`,
  };
}

const TEXTS = { ro: ["text", "texte"], en: ["text", "texts"] } as const satisfies Record<Lang, NounForms>;

const PRIORITY = {
  ro: "alese cu prioritate acolo unde modelele sau rulările nu au fost de acord ori încrederea era mică",
  en: "chosen first where the models or the runs disagreed or confidence was low",
};

/**
 * How the labelled texts were chosen (`sample` is the sample's description without its article): from the random sample, by the queue's priority, or both; each part only when
 * it holds a text, with the verb agreeing with its count.
 */
function sampleSentence(lang: Lang, labelled: number, fromSample: number, sample: string): string {
  const rest = labelled - fromSample;
  if (lang === "ro") {
    const chosen = PRIORITY.ro.slice("alese".length);
    if (fromSample === 0) return `, ${labelled === 1 ? "ales" : "toate alese"}${chosen}.`;
    if (rest === 0)
      return `, ${labelled === 1 ? "care face parte" : "toate făcând parte"} dintr-un ${sample}.`;
    const part = fromSample === 1 ? "unul face parte" : `${fromSample} fac parte`;
    const others = rest === 1 ? "celălalt a fost ales" : `celelalte ${rest} au fost alese`;
    return `; dintre ele, ${part} dintr-un ${sample}, iar ${others}${chosen}.`;
  }
  if (fromSample === 0) return `, ${labelled === 1 ? "" : "all "}${PRIORITY.en}.`;
  if (rest === 0) return `, ${labelled === 1 ? "which belongs" : "all of them belonging"} to ${sample}.`;
  return `; of these, ${fromSample} ${fromSample === 1 ? "belongs" : "belong"} to ${sample}, and the other ${rest === 1 ? "one was" : `${rest} were`} ${PRIORITY.en}.`;
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
    `Am adnotat ${countWith(dataset.rows, TEXTS.ro)} (setul „${dataset.name}”, sursa: ${datasetSourceText(dataset.sourceFile, "ro")}) cu ${models}, ` +
      `după codebook-ul EchoChamber versiunea ${run.codebookVersion}, ${temperature.ro}, ` +
      `${run.repeats === 1 ? "o dată" : `de ${countWith(run.repeats, ["dată", "ori"])}`} pentru fiecare text (amprenta promptului: ${hashes}).` +
      (failed === 1
        ? " Un apel a eșuat și a rămas fără etichetă."
        : failed > 1
          ? ` ${countWith(failed, ["apel", "apeluri"])} au eșuat și au rămas fără etichetă.`
          : ""),
  );
  en.push(
    `We annotated ${countWith(dataset.rows, TEXTS.en, "en")} (data set "${dataset.name}", source: ${datasetSourceText(dataset.sourceFile, "en")}) with ${models}, ` +
      `following the EchoChamber codebook version ${run.codebookVersion}, ${temperature.en}, ` +
      `${run.repeats === 1 ? "once" : `${run.repeats} times`} per text (prompt hash: ${hashes}).` +
      (failed === 1
        ? " One call failed and was left unlabelled."
        : failed > 1
          ? ` ${failed} calls failed and were left unlabelled.`
          : ""),
  );
  if (humans.length > 0) {
    const people = humans.join(", ");
    const labelled = agreement.n;
    const fromSample = input.sampleLabelled;
    const sample = dataset.reviewSample;
    ro.push(
      (humans.length === 1
        ? `Un adnotator uman (${people}) a etichetat ${countWith(labelled, TEXTS.ro)}`
        : `${humans.length} adnotatori umani (${people}) au etichetat ${countWith(labelled, TEXTS.ro)}`) +
        sampleSentence(
          "ro",
          labelled,
          fromSample,
          `eșantion aleator de ${countWith(sample.size, TEXTS.ro)} (seed ${sample.seed}), ținut separat pentru o estimare nedistorsionată a acordului`,
        ),
    );
    en.push(
      (humans.length === 1
        ? `One human annotator (${people}) labelled ${countWith(labelled, TEXTS.en, "en")}`
        : `${humans.length} human annotators (${people}) labelled ${countWith(labelled, TEXTS.en, "en")}`) +
        sampleSentence(
          "en",
          labelled,
          fromSample,
          `a random sample of ${countWith(sample.size, TEXTS.en, "en")} (seed ${sample.seed}) kept apart for an unbiased estimate of agreement`,
        ),
    );
  }
  for (const field of agreement.fields) {
    const roParts: string[] = [];
    const enParts: string[] = [];
    if (field.alphaHumans.value !== null) {
      roParts.push(`α Krippendorff între oameni ${roEst(field.alphaHumans)}`);
      enParts.push(`Krippendorff's α between people ${enEst(field.alphaHumans)}`);
    }
    if (field.alphaAll.value !== null && field.alphaAll.coders > 2) {
      roParts.push(`α pentru toți adnotatorii, oameni și modele, ${roEst(field.alphaAll)}`);
      enParts.push(`α for all coders, people and models, ${enEst(field.alphaAll)}`);
    }
    for (const score of field.vsReference.filter((s) => s.coder.startsWith("model:") && s.n > 0)) {
      const model = score.coder.slice("model:".length);
      const ref = field.reference === "gold" ? "etichetele de referință (gold)" : "etichetele adjudecate";
      const refEn = field.reference === "gold" ? "the gold labels" : "the adjudicated labels";
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
  ro.push(
    `Intervalele de încredere sunt bootstrap percentile pe rânduri (${agreement.resamples} reeșantionări, seed ${agreement.seed}); un apel eșuat al unui model contează ca etichetă greșită.`,
  );
  en.push(
    `Confidence intervals are percentile bootstraps over rows (${agreement.resamples} resamples, seed ${agreement.seed}); a model's failed call counts as a wrong label.`,
  );
  return { ro: ro.join(" "), en: en.join(" ") };
}
