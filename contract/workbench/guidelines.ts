// A data set's annotation guidelines: the teacher's own instructions for this data set (what counts as populism in
// these texts, edge cases, examples), Markdown, one text per data set that every person labelling it reads. The
// codebook (docs/codebook.md) stays the app-wide definition of each field, the same for every data set and in the
// models' prompt; the guidelines add what this class's exercise decides on top of it, and no model ever reads them.
import { z } from "zod";

/** The longest guidelines the server keeps, in characters (after trimming): about eight pages of text. */
export const GUIDELINES_MAX_CHARS = 20_000;

/** The guidelines as stored: the Markdown, when it was last changed and by whom (the account's or the local name). */
export const DatasetGuidelinesSchema = z
  .object({
    text: z.string().min(1),
    /** ISO 8601; changes on every save, so that a page can tell a person the guidelines changed since they read them. */
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .strict();
export type DatasetGuidelines = z.infer<typeof DatasetGuidelinesSchema>;

/**
 * PUT /datasets/:id/guidelines (the owner or an admin). The text is trimmed; an empty text clears the guidelines. One
 * over GUIDELINES_MAX_CHARS is refused with `dataset:guidelines_too_long` (its length and the limit), not cut.
 */
export const SaveGuidelinesSchema = z
  .object({
    text: z.string(),
    /**
     * The `updatedAt` of the guidelines as the page last read them (null: it read none). When sent, the save is
     * refused with 409 `guidelines:conflict` (and the stored guidelines) if the stored version differs; absent, a save
     * overwrites as before (older pages, scripts).
     */
    expectedUpdatedAt: z.string().max(64).nullable().optional(),
  })
  .strict();
export type SaveGuidelinesRequest = z.infer<typeof SaveGuidelinesSchema>;

/** The answer of the PUT, and what GET /datasets/:id carries as `guidelines`: null when there are none. */
export interface GuidelinesResponse {
  guidelines: DatasetGuidelines | null;
}

/**
 * The body of a 409 `guidelines:conflict`: the error and the guidelines as stored now (null: someone cleared them),
 * for the page to show beside the text typed there.
 */
export interface GuidelinesConflictResponse {
  error: { code: "guidelines:conflict"; message: string; params?: Record<string, string | number> };
  stored: DatasetGuidelines | null;
}

/** The text as it will be kept: trimmed, null when nothing is left (the guidelines are cleared). */
export function guidelinesText(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}
