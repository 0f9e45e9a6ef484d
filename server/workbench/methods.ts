// The methods paragraph of a run, in Romanian and English, ready to paste into a paper: the models, the codebook
// version, n, the sample design and the agreement figures with their intervals.
import {
  datasetSourceText,
  type AgreementReport,
  type DatasetSummary,
  type Estimate,
  type MethodsResponse,
  type RunSummary,
} from "../../contract/workbench";
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

export function methodsParagraph(input: MethodsInput): MethodsResponse {
  const { run, dataset, counts, agreement } = input;
  const models = run.models.join(", ");
  const failed = counts.reduce((n, c) => n + c.failed, 0);
  const humans = agreement.coders.filter((c) => c.kind === "human").map((c) => c.name);
  const temperature = temperatureText(run);
  const ro: string[] = [];
  const en: string[] = [];
  ro.push(
    `Am adnotat ${dataset.rows} texte (setul „${dataset.name}”, sursa: ${datasetSourceText(dataset.sourceFile, "ro")}) cu ${models}, ` +
      `după codebook-ul EchoChamber versiunea ${run.codebookVersion}, ${temperature.ro}, ` +
      `de ${run.repeats} ${run.repeats === 1 ? "dată" : "ori"} pentru fiecare text (amprenta promptului: ${Object.values(run.promptHashes).join(", ")}).` +
      (failed > 0 ? ` ${failed} apeluri au eșuat și au rămas fără etichetă.` : ""),
  );
  en.push(
    `We annotated ${dataset.rows} texts (data set "${dataset.name}", source: ${datasetSourceText(dataset.sourceFile, "en")}) with ${models}, ` +
      `following the EchoChamber codebook version ${run.codebookVersion}, ${temperature.en}, ` +
      `${run.repeats} ${run.repeats === 1 ? "time" : "times"} per text (prompt hash: ${Object.values(run.promptHashes).join(", ")}).` +
      (failed > 0 ? ` ${failed} calls failed and were left unlabelled.` : ""),
  );
  if (humans.length > 0) {
    ro.push(
      `${humans.length} adnotatori umani (${humans.join(", ")}) au etichetat ${agreement.n} texte; dintre ele, ${input.sampleLabelled} fac parte dintr-un eșantion aleator de ${dataset.reviewSample.size} texte (seed ${dataset.reviewSample.seed}), ținut separat pentru o estimare nedistorsionată a acordului, iar celelalte au fost alese cu prioritate acolo unde modelele sau rulările nu au fost de acord ori încrederea era mică.`,
    );
    en.push(
      `${humans.length} human annotators (${humans.join(", ")}) labelled ${agreement.n} texts; of these, ${input.sampleLabelled} belong to a random sample of ${dataset.reviewSample.size} texts (seed ${dataset.reviewSample.seed}) kept apart for an unbiased estimate of agreement, and the others were chosen first where the models or the runs disagreed or confidence was low.`,
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
      ro.push(`La „${field.field}”: ${roParts.join("; ")}.`);
      en.push(`On "${field.field}": ${enParts.join("; ")}.`);
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
