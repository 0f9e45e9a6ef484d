// The sentences, in Romanian and English, that say whether a model reaches the agreement people reached among
// themselves. The rule: a model reaches it when its mean κ with the people is at least the lower end of the 95%
// interval of the people's mean κ among themselves (it is not clearly below them).
import type { Estimate, ModelVerdict, ReviewField } from "../../contract/workbench";

const ro2 = (x: number | null) => (x === null ? "–" : x.toFixed(2).replace(".", ","));
const en2 = (x: number | null) => (x === null ? "–" : x.toFixed(2));
const roCi = (e: Estimate) => `${ro2(e.value)} [${ro2(e.low)}; ${ro2(e.high)}]`;
const enCi = (e: Estimate) => `${en2(e.value)} [${en2(e.low)}, ${en2(e.high)}]`;

export function verdictSentences(
  model: string,
  field: ReviewField,
  modelHuman: Estimate,
  humanHuman: Estimate,
  reaches: boolean | null,
): { ro: string; en: string } {
  if (reaches === null) {
    return {
      ro: `La „${field}”, acordul modelului ${model} cu oamenii nu poate fi comparat: trebuie cel puțin doi adnotatori umani cu rânduri comune.`,
      en: `On "${field}", ${model}'s agreement with people cannot be compared: at least two human annotators with shared rows are needed.`,
    };
  }
  return reaches
    ? {
        ro: `La „${field}”, ${model} atinge acordul dintre oameni: κ mediu cu oamenii ${roCi(modelHuman)}, față de ${roCi(humanHuman)} între oameni.`,
        en: `On "${field}", ${model} reaches the agreement people reached among themselves: mean κ with people ${enCi(modelHuman)}, against ${enCi(humanHuman)} between people.`,
      }
    : {
        ro: `La „${field}”, ${model} nu atinge acordul dintre oameni: κ mediu cu oamenii ${roCi(modelHuman)}, sub ${roCi(humanHuman)} între oameni.`,
        en: `On "${field}", ${model} does not reach the agreement people reached among themselves: mean κ with people ${enCi(modelHuman)}, below ${enCi(humanHuman)} between people.`,
      };
}

/** One sentence per language over every model and field. */
export function summarySentences(verdicts: ModelVerdict[], humans: number): { ro: string; en: string } {
  if (humans < 2) {
    return {
      ro: "Pentru a compara modelele cu acordul uman sunt necesari cel puțin doi adnotatori umani pe aceleași rânduri.",
      en: "Comparing the models with human agreement needs at least two human annotators on the same rows.",
    };
  }
  const byModel = new Map<string, { yes: string[]; no: string[] }>();
  for (const v of verdicts) {
    if (v.reaches === null) continue;
    const entry = byModel.get(v.model) ?? { yes: [], no: [] };
    (v.reaches ? entry.yes : entry.no).push(v.field);
    byModel.set(v.model, entry);
  }
  if (byModel.size === 0) {
    return {
      ro: "Nu există încă rânduri etichetate de oameni și de modele deopotrivă.",
      en: "There are no rows labelled by both people and models yet.",
    };
  }
  const ro: string[] = [];
  const en: string[] = [];
  for (const [model, { yes, no }] of byModel) {
    if (no.length === 0) {
      ro.push(`${model} atinge acordul dintre oameni la toate câmpurile (${yes.join(", ")}).`);
      en.push(`${model} reaches the people's agreement on every field (${yes.join(", ")}).`);
    } else if (yes.length === 0) {
      ro.push(`${model} nu atinge acordul dintre oameni la niciun câmp (${no.join(", ")}).`);
      en.push(`${model} does not reach the people's agreement on any field (${no.join(", ")}).`);
    } else {
      ro.push(`${model} atinge acordul dintre oameni la ${yes.join(", ")}, dar nu la ${no.join(", ")}.`);
      en.push(`${model} reaches the people's agreement on ${yes.join(", ")}, but not on ${no.join(", ")}.`);
    }
  }
  return { ro: ro.join(" "), en: en.join(" ") };
}
