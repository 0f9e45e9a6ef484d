// The codebook's populism rule (docs/codebook.md, `populism` rule 1; contract/annotation.ts populismConsistent): populism
// "da" needs anti-elitism "da" AND popor central "da". A person's label that breaks it is still saved (people may
// disagree with a model, and the data must not be lost): the card only warns. No React, no fetch.
import { populismConsistent } from "../../../contract/annotation";
import { REVIEW_FIELDS, type ReviewField } from "../../../contract/workbench";
import type { Draft } from "./review";

/** The dimensions populism "da" needs. */
export const POPULISM_DIMENSIONS = [
  "anti_elitism",
  "popor_central",
] as const satisfies readonly ReviewField[];

/**
 * The dimensions a draft with populism "da" lacks (set to "nu" or not chosen), in the schema's order; empty when the
 * draft keeps the rule (populism "nu" or not chosen keeps it).
 */
export function populismBreaches(draft: Draft): (typeof POPULISM_DIMENSIONS)[number][] {
  const consistent = populismConsistent({
    populism: draft.populism === "true",
    anti_elitism: draft.anti_elitism === "true",
    popor_central: draft.popor_central === "true",
  });
  return consistent ? [] : POPULISM_DIMENSIONS.filter((f) => draft[f] !== "true");
}

/**
 * The breaches the card says now. Not while the person is still labelling the dimensions (the keys go ton, populism,
 * anti-elitism, popor central, tema, and populism "da" would otherwise warn about two fields not yet reached): only
 * once both are chosen, the focus has moved past them, or the row's label is saved.
 */
export function populismWarning(
  draft: Draft,
  field: ReviewField,
  saved: boolean,
): (typeof POPULISM_DIMENSIONS)[number][] {
  const breaches = populismBreaches(draft);
  if (breaches.length === 0 || saved) return breaches;
  const last = Math.max(...POPULISM_DIMENSIONS.map((f) => REVIEW_FIELDS.indexOf(f)));
  const past = REVIEW_FIELDS.indexOf(field) > last;
  const chosen = POPULISM_DIMENSIONS.every((f) => draft[f] !== undefined);
  return past || chosen ? breaches : [];
}
