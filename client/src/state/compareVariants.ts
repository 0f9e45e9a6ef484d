// "Suita mea"'s prompt variants in the results: the pass rate of each variant for each model, over all the variant's
// cases, so that "does variant B change the answers?" has one row to read even when the cases name their own criteria
// (`ton-a`, `ton-b`: the heatmap's criterion rows split each variant by criterion). A case says its variant in its
// `variant` field, which the editor writes and the server keeps with the run (contract/compareSuiteVariants.ts
// `variantOfCase`); its id is never read for it. Pure.
import type { CaseView } from "../../../contract/compare";
import { variantCriterion, variantOfCase } from "../../../contract/compareSuiteVariants";

export interface VariantRow {
  /** The variant's letter, lower case ("a"). */
  letter: string;
  /** Per model (in the order given): passed ÷ judged answers of the variant's cases, n/a left out; null: none judged. */
  cells: (number | null)[];
  /** Per model: the judged answers the share is of. */
  judged: number[];
}

/**
 * The per-variant rows the heatmap adds under its criteria: none when the run is no variant run (a case without a
 * variant, or fewer than two variants), when its cases are not loaded, or when the criteria already are the variants
 * (every case without its own criterion: the rows `varianta-a`, `varianta-b` say the same).
 */
export function variantRows(
  cases: readonly CaseView[] | null | undefined,
  models: readonly string[],
  criteria: readonly { id: string }[],
): VariantRow[] {
  if (!cases || cases.length === 0) return [];
  const letters: string[] = [];
  for (const c of cases) {
    const letter = variantOfCase(c);
    if (!letter) return [];
    if (!letters.includes(letter)) letters.push(letter);
  }
  if (letters.length < 2) return [];
  if (criteria.every((c) => letters.some((l) => c.id === variantCriterion(l)))) return [];
  return letters.map((letter) => {
    const mine = cases.filter((c) => variantOfCase(c) === letter).flatMap((c) => c.answers);
    const judged = models.map((m) => mine.filter((a) => a.model === m && a.status !== "n/a"));
    return {
      letter,
      cells: judged.map((as) => (as.length ? as.filter((a) => a.pass === true).length / as.length : null)),
      judged: judged.map((as) => as.length),
    };
  });
}
