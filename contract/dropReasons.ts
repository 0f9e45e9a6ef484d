// Why the clean step drops a record, and what each reason is called, written once: the clean step counts the
// reasons, the server names them in a sentence (the page's failure when an import keeps nothing, the command line's
// table and warning), and the corpus page shows them as the rows of its cleaning report, each row grouping reasons.
import type { CleanReason } from "./corpusPage";
import type { Lang } from "./errors";

/** The clean step's reasons to drop a record, in the order reports list them. */
export const DROP_REASONS = [
  "invalid_json",
  "invalid_record",
  "empty",
  "no_words",
  "too_short",
  "exact_duplicate",
  "near_duplicate",
  "removed",
  "language",
] as const;
/** Why a record was dropped. */
export type DropReason = (typeof DROP_REASONS)[number];

type Words = Readonly<Record<Lang, string>>;

/**
 * The page's rows of the cleaning report, each with its heading and the clean step's reasons it counts, each reason
 * with its name inside a sentence ("text prea scurt: 4").
 */
export const DROP_REASON_NAMES = {
  empty: {
    heading: { ro: "Text gol după curățare", en: "Empty after cleaning" },
    reasons: { empty: { ro: "text gol după curățare", en: "text empty after cleaning" } },
  },
  too_short: {
    heading: { ro: "Prea scurt", en: "Too short" },
    reasons: { too_short: { ro: "text prea scurt", en: "text too short" } },
  },
  exact_duplicate: {
    heading: { ro: "Duplicat", en: "Duplicate" },
    reasons: { exact_duplicate: { ro: "duplicat exact", en: "exact duplicate" } },
  },
  near_duplicate: {
    heading: { ro: "Aproape-duplicat", en: "Near-duplicate" },
    reasons: { near_duplicate: { ro: "aproape-duplicat", en: "near-duplicate" } },
  },
  removed: {
    heading: { ro: "Șters anterior", en: "Removed earlier" },
    reasons: {
      removed: { ro: "text șters anterior din corpus", en: "text removed earlier from the corpus" },
    },
  },
  language: {
    heading: { ro: "Nu e în română", en: "Not Romanian" },
    reasons: { language: { ro: "altă limbă", en: "another language" } },
  },
  noise: {
    heading: { ro: "Zgomot (fără cuvinte)", en: "Noise (no words)" },
    reasons: { no_words: { ro: "text fără cuvinte", en: "text without words" } },
  },
  invalid: {
    heading: { ro: "Înregistrare invalidă", en: "Invalid record" },
    reasons: {
      invalid_json: { ro: "linie JSON invalidă", en: "invalid JSON line" },
      invalid_record: { ro: "înregistrare fără câmpurile cerute", en: "record without the required fields" },
    },
  },
} as const satisfies Record<CleanReason, { heading: Words; reasons: Partial<Record<DropReason, Words>> }>;

type Rows = typeof DROP_REASON_NAMES;
/** The reasons some row counts: every reason is in one (a type error otherwise). */
type Named = { [R in CleanReason]: keyof Rows[R]["reasons"] }[CleanReason];
const everyReasonNamed: [Exclude<DropReason, Named>] extends [never] ? true : never = true;
void everyReasonNamed;

const rows = Object.entries(DROP_REASON_NAMES) as [CleanReason, Rows[CleanReason]][];
const reasonRows = rows.flatMap(([row, { reasons }]) =>
  (Object.entries(reasons) as [DropReason, Words][]).map(([reason, words]) => ({ row, reason, words })),
);

/** The page's row that counts each reason of the clean step. */
export const ROW_OF_REASON = Object.fromEntries(reasonRows.map((r) => [r.reason, r.row])) as Record<
  DropReason,
  CleanReason
>;

/** Each reason's name inside a sentence, by language ("text prea scurt", "text too short"). */
export const DROP_REASON_LABELS = Object.fromEntries(
  (["ro", "en"] as const).map((lang) => [
    lang,
    Object.fromEntries(reasonRows.map((r) => [r.reason, r.words[lang]])),
  ]),
) as Record<Lang, Record<DropReason, string>>;

/** The page's row headings, by language ("Prea scurt", "Too short"). */
export const CLEAN_REASON_HEADINGS = Object.fromEntries(
  (["ro", "en"] as const).map((lang) => [
    lang,
    Object.fromEntries(rows.map(([row, { heading }]) => [row, heading[lang]])),
  ]),
) as Record<Lang, Record<CleanReason, string>>;
