// Whether a model reaches the agreement people reached among themselves, and the sentences, in Romanian and English,
// that say so. A verdict needs a reference: at least two people sharing MIN_AGREEMENT_ROWS labelled rows, with κ
// between them defined and above HUMAN_KAPPA_FLOOR (Landis & Koch's "moderate" or better). Then the model reaches
// them when its mean κ with the people is at least the lower bound of the people's interval and that bound is above
// the floor too (else the rows are too few for a verdict); without a reference the sentence says why there is none. Fields are named as the page's tabs name them. docs/workbench.md explains.
import {
  HUMAN_KAPPA_FLOOR,
  MIN_AGREEMENT_ROWS,
  REVIEW_FIELD_NAMES,
  type Estimate,
  type ModelVerdict,
  type ReviewField,
  type VerdictStatus,
} from "../../contract/workbench";
import { formatInterval, formatSigned } from "../../contract/numbers";
import { countWith } from "../../contract/plural";

// Figures as the forest plots and the methods paragraph write them: a true minus, "[−0,17; 0,53]" / "[−0.17, 0.53]".
const ro2 = (x: number | null) => (x === null ? "—" : formatSigned(x, "ro"));
const en2 = (x: number | null) => (x === null ? "—" : formatSigned(x, "en"));
const ci = (e: Estimate, lang: "ro" | "en") => {
  const value = lang === "ro" ? ro2(e.value) : en2(e.value);
  return e.low === null || e.high === null ? value : `${value} ${formatInterval(e.low, e.high, lang)}`;
};
const roCi = (e: Estimate) => ci(e, "ro");
const enCi = (e: Estimate) => ci(e, "en");
const ROWS = { ro: ["rând", "rânduri"], en: ["row", "rows"] } as const;
const minRows = {
  ro: countWith(MIN_AGREEMENT_ROWS, ROWS.ro, "ro"),
  en: countWith(MIN_AGREEMENT_ROWS, ROWS.en, "en"),
};

/** What a verdict on one model and one field is judged from. */
export interface VerdictEvidence {
  /** People who labelled the field. */
  people: number;
  /** Every pair of those people: rows both labelled and κ on them (null where undefined). */
  humanPairs: readonly { n: number; kappa: number | null }[];
  /** The people's mean κ over the pairs with enough rows and κ defined; null when there is none. */
  humanHuman: Estimate;
  /** The model's mean κ with those people, over the pairs with enough rows and κ defined; null when there is none. */
  modelHuman: Estimate;
}

/** The rule, in order: enough people, enough shared rows, κ defined, people agreeing, the model measured, then the intervals. */
export function verdictStatus(e: VerdictEvidence): VerdictStatus {
  if (e.people < 2) return "fewPeople";
  if (!e.humanPairs.some((p) => p.n >= MIN_AGREEMENT_ROWS)) return "tooFewRows";
  if (e.humanHuman.value === null) return "peopleUndefined";
  if (e.humanHuman.value <= HUMAN_KAPPA_FLOOR) return "peopleDisagree";
  if (e.modelHuman.value === null) return "modelUnmeasured";
  // The model's own κ must reach the people's lower bound: with a dozen shared rows the intervals are ±0.35 wide, and
  // an overlap of intervals alone would let a model at κ 0.17 "reach" people at 0.62. Without resamples the lower
  // bound is null and the people's point estimate stands in for it.
  const humanLow = e.humanHuman.low ?? e.humanHuman.value;
  if (e.modelHuman.value < humanLow) return "below";
  // And that bound must itself be a bar worth reaching. Where the people's interval reaches down to HUMAN_KAPPA_FLOOR
  // (no more than "fair"), the rows are too few to tell their agreement from the agreement the floor already refuses
  // as a reference: at n = 10 the bound is often below 0 (0.52 [−0.16; 0.90] on the tester's Populism), and any κ
  // from there up "reached" it. The floor is the threshold, not a width or an n of our own, because it says exactly
  // when the comparison means something: the whole interval is at least "moderate" (Landis & Koch). "below" stands,
  // since a model under even the lowest plausible agreement of the people is below it however wide the interval.
  return humanLow <= HUMAN_KAPPA_FLOOR ? "tooUncertain" : "reaches";
}

export function reachesOf(status: VerdictStatus): boolean | null {
  return status === "reaches" ? true : status === "below" ? false : null;
}

/** The most rows any two people share, for the "too few rows" sentence. */
function mostShared(e: VerdictEvidence): number {
  return e.humanPairs.reduce((m, p) => Math.max(m, p.n), 0);
}

export function verdictSentences(
  model: string,
  field: ReviewField,
  status: VerdictStatus,
  e: VerdictEvidence,
): { ro: string; en: string } {
  const name = REVIEW_FIELD_NAMES[field];
  const ro = `La „${name.ro}”, `;
  const en = `On "${name.en}", `;
  const roNone = `${ro}nu se poate spune dacă ${model} atinge acordul dintre oameni: `;
  const enNone = `${en}it cannot be said whether ${model} reaches the people's agreement: `;
  const { modelHuman, humanHuman } = e;
  switch (status) {
    case "reaches":
      return {
        ro: `${ro}${model} atinge acordul dintre oameni: κ mediu cu oamenii ${roCi(modelHuman)}, față de ${roCi(humanHuman)} între oameni.`,
        en: `${en}${model} reaches the agreement people reached among themselves: mean κ with people ${enCi(modelHuman)}, against ${enCi(humanHuman)} between people.`,
      };
    case "below":
      return {
        ro: `${ro}${model} nu atinge acordul dintre oameni: κ mediu cu oamenii ${roCi(modelHuman)}, sub ${roCi(humanHuman)} între oameni.`,
        en: `${en}${model} does not reach the agreement people reached among themselves: mean κ with people ${enCi(modelHuman)}, below ${enCi(humanHuman)} between people.`,
      };
    case "fewPeople":
      return {
        ro: `${roNone}câmpul a fost etichetat de mai puțin de doi oameni.`,
        en: `${enNone}fewer than two people labelled this field.`,
      };
    case "tooFewRows":
      return {
        ro: `${roNone}prea puține rânduri etichetate de cel puțin doi oameni (cel mult ${mostShared(e)} comune, trebuie ${MIN_AGREEMENT_ROWS}).`,
        en: `${enNone}too few rows labelled by at least two people (at most ${mostShared(e)} shared, ${MIN_AGREEMENT_ROWS} needed).`,
      };
    case "peopleUndefined":
      return {
        ro: `${roNone}κ între oameni nu este definit (pe rândurile comune au folosit o singură etichetă), deci nu există un reper.`,
        en: `${enNone}κ between people is undefined (they used a single label on their shared rows), so there is no reference.`,
      };
    case "peopleDisagree":
      return {
        ro: `${roNone}oamenii nu se pun de acord între ei (κ ${ro2(humanHuman.value)}, cel mult ${ro2(HUMAN_KAPPA_FLOOR)}, sub acordul „moderat” după Landis și Koch), deci nu există un reper.`,
        en: `${enNone}people do not agree among themselves (κ ${en2(humanHuman.value)}, at most ${en2(HUMAN_KAPPA_FLOOR)}, below "moderate" agreement by Landis & Koch), so there is no reference.`,
      };
    case "tooUncertain": {
      const low = humanHuman.low ?? humanHuman.value;
      return {
        ro: `${roNone}prea puține rânduri pentru un verdict (κ între oameni ${roCi(humanHuman)} pe cel mult ${countWith(mostShared(e), ROWS.ro, "ro")} comune; capătul de jos al intervalului trebuie să treacă de ${ro2(HUMAN_KAPPA_FLOOR)}, altfel orice κ de la ${ro2(low)} în sus l-ar atinge; κ mediu cu oamenii ${roCi(modelHuman)}).`,
        en: `${enNone}too few rows for a verdict (κ between people ${enCi(humanHuman)} on at most ${countWith(mostShared(e), ["shared row", "shared rows"], "en")}; the interval's lower end must be above ${en2(HUMAN_KAPPA_FLOOR)}, else any κ from ${en2(low)} up would reach it; mean κ with people ${enCi(modelHuman)}).`,
      };
    }
    case "modelUnmeasured":
      return {
        ro: `${roNone}κ dintre model și oameni nu este definit sau se sprijină pe mai puțin de ${minRows.ro}.`,
        en: `${enNone}the model's κ with people is undefined or rests on fewer than ${minRows.en}.`,
      };
  }
}

function list(items: string[], and: string): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`;
}

/** One paragraph per language over every model: only fields with a verdict are named. */
export function summarySentences(verdicts: ModelVerdict[], humans: number): { ro: string; en: string } {
  if (humans < 2) {
    return {
      ro: "Pentru a compara modelele cu acordul uman sunt necesari cel puțin doi adnotatori umani pe aceleași rânduri.",
      en: "Comparing the models with human agreement needs at least two human annotators on the same rows.",
    };
  }
  if (verdicts.length === 0) {
    return {
      ro: "Nu există încă rânduri etichetate de oameni și de modele deopotrivă.",
      en: "There are no rows labelled by both people and models yet.",
    };
  }
  const byModel = new Map<string, { yes: ReviewField[]; no: ReviewField[]; none: number }>();
  for (const v of verdicts) {
    const entry = byModel.get(v.model) ?? { yes: [], no: [], none: 0 };
    if (v.status === "reaches") entry.yes.push(v.field);
    else if (v.status === "below") entry.no.push(v.field);
    else entry.none++;
    byModel.set(v.model, entry);
  }
  const floor = { ro: ro2(HUMAN_KAPPA_FLOOR), en: en2(HUMAN_KAPPA_FLOOR) };
  if ([...byModel.values()].every((e) => e.yes.length + e.no.length === 0)) {
    // Where people do agree but on too few rows, the paragraph (which has no per-field sentences) says so with figures.
    const uncertain = new Map<ReviewField, Estimate>();
    for (const v of verdicts) if (v.status === "tooUncertain") uncertain.set(v.field, v.humanHuman);
    if (uncertain.size > 0) {
      const figures = (lang: "ro" | "en") =>
        [...uncertain]
          .map(([f, e]) =>
            lang === "ro"
              ? `la „${REVIEW_FIELD_NAMES[f].ro}”, κ între oameni ${roCi(e)}`
              : `on "${REVIEW_FIELD_NAMES[f].en}", κ between people ${enCi(e)}`,
          )
          .join("; ");
      return {
        ro: `Nu se poate spune încă dacă modelele ating acordul dintre oameni: prea puține rânduri pentru un verdict (${figures("ro")}; capătul de jos al intervalului trebuie să treacă de ${floor.ro}).`,
        en: `It cannot be said yet whether the models reach the people's agreement: too few rows for a verdict (${figures("en")}; the interval's lower end must be above ${floor.en}).`,
      };
    }
    return {
      ro: `Nu se poate spune încă dacă modelele ating acordul dintre oameni: niciun câmp nu are un reper (cel puțin doi oameni cu ${minRows.ro} comune și κ între ei peste ${floor.ro}, cu tot intervalul de încredere peste ${floor.ro}).`,
      en: `It cannot be said yet whether the models reach the people's agreement: no field has a reference (at least two people sharing ${minRows.en}, with κ between them above ${floor.en}, its whole confidence interval above ${floor.en}).`,
    };
  }
  const ro: string[] = [];
  const en: string[] = [];
  let someWithout = false;
  for (const [model, { yes, no, none }] of byModel) {
    const roYes = list(
      yes.map((f) => REVIEW_FIELD_NAMES[f].ro),
      "și",
    );
    const roNo = list(
      no.map((f) => REVIEW_FIELD_NAMES[f].ro),
      "și",
    );
    const enYes = list(
      yes.map((f) => REVIEW_FIELD_NAMES[f].en),
      "and",
    );
    const enNo = list(
      no.map((f) => REVIEW_FIELD_NAMES[f].en),
      "and",
    );
    if (none > 0) someWithout = true;
    if (yes.length > 0 && no.length > 0) {
      ro.push(`${model} atinge acordul dintre oameni la ${roYes}, dar nu la ${roNo}.`);
      en.push(`${model} reaches the people's agreement on ${enYes}, but not on ${enNo}.`);
    } else if (yes.length > 0) {
      ro.push(`${model} atinge acordul dintre oameni la ${roYes}.`);
      en.push(`${model} reaches the people's agreement on ${enYes}.`);
    } else if (no.length > 0) {
      ro.push(`${model} nu atinge acordul dintre oameni la ${roNo}.`);
      en.push(`${model} does not reach the people's agreement on ${enNo}.`);
    } else {
      ro.push(`Despre ${model} nu se poate spune încă nimic: niciun câmp nu are un verdict.`);
      en.push(`Nothing can be said yet about ${model}: no field has a verdict.`);
    }
  }
  if (someWithout) {
    ro.push("La celelalte câmpuri nu se poate spune încă (fiecare câmp arată de ce).");
    en.push("On the other fields it cannot be said yet (each field shows why).");
  }
  return { ro: ro.join(" "), en: en.join(" ") };
}
