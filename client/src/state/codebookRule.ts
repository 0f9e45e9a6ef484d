// The codebook's populism rule (docs/codebook.md, `populism` rule 1; contract/annotation.ts populismConsistent): populism
// "da" needs anti-elitism "da" AND popor central "da". A person's label that breaks it is still saved (people may
// disagree with a model, and the data must not be lost): the card only warns. No React, no fetch.
import { populismConsistent } from "../../../contract/annotation";
import type { ReviewField } from "../../../contract/workbench";
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
