// The chat's starter questions chosen by whoever manages the corpus (the empty conversation shows them instead of the
// built-in examples, which are about the shipped sample corpus). Kept in CORPUS_DIR/starters.json, beside the corpus
// they are about; read by everyone who chats (GET /api/corpus), written by the corpus's managers
// (PUT /api/corpus/starters). Romanian is required, English optional: the English page shows the English words when
// they are given, else the Romanian ones.
import { z } from "zod";
import { AppError } from "./errors";
import type { Lang } from "./lang";

/** At most this many starters (the empty conversation's grid holds them without a scroll). */
export const STARTERS_MAX = 8;
/** A label is a button's caption. */
export const STARTER_LABEL_MAX_CHARS = 60;
// The lengths are checked by `starterProblem` (a question's bound is the server's MAX_MESSAGE_CHARS); the request body's
// own limit (2 MB) bounds them here.
const RomanianSchema = z.object({ label: z.string(), text: z.string() }).strict();
const EnglishSchema = z.object({ label: z.string().optional(), text: z.string().optional() }).strict();

/** One starter: its Romanian label and question, and optionally English ones. */
export const StarterSchema = z.object({ ro: RomanianSchema, en: EnglishSchema.optional() }).strict();
export type Starter = z.infer<typeof StarterSchema>;

/**
 * PUT /api/corpus/starters: the whole list (an empty one brings the built-in examples back). The limits (how many,
 * how long) are checked by `starterProblem`, which says which starter and which field in the asker's language.
 */
export const StartersRequestSchema = z.object({ starters: z.array(StarterSchema).max(1000) }).strict();
export type StartersRequest = z.infer<typeof StartersRequestSchema>;

/** The answer of PUT /api/corpus/starters, and the `starters` of GET /api/corpus: the list as stored. */
export interface StartersResponse {
  starters: Starter[];
}

/** The file CORPUS_DIR/starters.json as written (a version, for a later change of shape). */
export const StartersFileSchema = z.object({ version: z.literal(1), starters: z.array(StarterSchema) });

/** Trimmed, with English words that are empty left out (then the Romanian ones are shown). */
export function normalizeStarter(starter: Starter): Starter {
  const ro = { label: starter.ro.label.trim(), text: starter.ro.text.trim() };
  const label = starter.en?.label?.trim();
  const text = starter.en?.text?.trim();
  const en = { ...(label ? { label } : {}), ...(text ? { text } : {}) };
  return Object.keys(en).length > 0 ? { ro, en } : { ro };
}

const FIELD_NAMES = {
  label: { ro: "eticheta", en: "label" },
  text: { ro: "întrebarea", en: "question" },
} as const;

/**
 * The first limit a (normalized) list breaks, as a coded error, or null: too many starters (400), an empty Romanian
 * label or question (400), a label over STARTER_LABEL_MAX_CHARS (400), a question over MAX_MESSAGE_CHARS (413,
 * as the chat's own `input:too_long`). `n` counts from 1, as the page numbers its rows.
 */
export function starterProblem(starters: Starter[], maxMessageChars: number): AppError | null {
  if (starters.length > STARTERS_MAX)
    return new AppError("corpus:starters_too_many", { limit: STARTERS_MAX, count: starters.length });
  for (const [i, starter] of starters.entries()) {
    const n = i + 1;
    for (const field of ["label", "text"] as const) {
      if (!starter.ro[field])
        return new AppError("corpus:starter_empty", {
          n,
          field: FIELD_NAMES[field].ro,
          fieldEn: FIELD_NAMES[field].en,
        });
    }
    for (const lang of ["ro", "en"] as const) {
      const words = starter[lang];
      const suffix = lang === "en" ? " (English)" : "";
      const suffixRo = lang === "en" ? " (engleză)" : "";
      const label = words?.label ?? "";
      if (label.length > STARTER_LABEL_MAX_CHARS)
        return new AppError("corpus:starter_label_too_long", {
          n,
          lang: suffixRo,
          langEn: suffix,
          limit: STARTER_LABEL_MAX_CHARS,
          length: label.length,
        });
      const text = words?.text ?? "";
      if (text.length > maxMessageChars)
        return new AppError("corpus:starter_too_long", {
          n,
          lang: suffixRo,
          langEn: suffix,
          limit: maxMessageChars,
          length: text.length,
        });
    }
  }
  return null;
}

/** What a page in `lang` shows: the English words where given, else the Romanian ones. */
export function starterIn(starter: Starter, lang: Lang): { label: string; text: string } {
  if (lang === "ro") return starter.ro;
  return { label: starter.en?.label || starter.ro.label, text: starter.en?.text || starter.ro.text };
}
