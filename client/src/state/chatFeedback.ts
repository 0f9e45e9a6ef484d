// The "Evaluări din chat" page without React or fetch: the filters as the query string carries them, the words of a
// rater, the summary's figures and the CSV of the rows shown (UTF-8 with a byte-order mark, formula-safe cells, as
// every CSV of the app; named `chat-evaluari-<day>.csv` by the workbench's rule).
import type { ChatFeedbackQuery, ChatFeedbackRow, Rater } from "../../../contract/chatFeedback";
import { csvCell } from "../../../contract/csvCell";
import { datasetFileName } from "../../../contract/exportFileName";
import type { Lang } from "../i18n";

/** The filters as the form holds them: "" is no filter. */
export type FeedbackFilters = Required<{ [K in Exclude<keyof ChatFeedbackQuery, "tzOffset">]: string }>;

export const NO_FILTERS: FeedbackFilters = { model: "", rating: "", user: "", from: "", to: "" };

/**
 * "?rating=down&from=2026-12-01&tzOffset=-120", only the fields set; "" without any. Days are the browser's, so a day
 * filter carries its offset from UTC (`tzOffset`, Date.getTimezoneOffset's minutes).
 */
export function feedbackQueryString(
  filters: FeedbackFilters,
  tzOffset = new Date().getTimezoneOffset(),
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value.trim()) params.set(key, value.trim());
  if (params.has("from") || params.has("to")) params.set("tzOffset", String(tzOffset));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** True when the days are the wrong way round: the page says so and asks nothing. */
export function reversedDays(filters: FeedbackFilters): boolean {
  return filters.from.trim() !== "" && filters.to.trim() !== "" && filters.from > filters.to;
}

export function hasFilters(filters: FeedbackFilters): boolean {
  return Object.values(filters).some((v) => v.trim() !== "");
}

/** Who rated, in words: the account's name, or what is known of a guest or a removed account. */
export function raterName(rater: Rater, words: { guest: string; removed: string }): string {
  if (rater.name) return rater.name;
  return rater.guest ? words.guest : words.removed;
}

/** Below this many ratings a model's share says little: the page says so beside it. */
export const FEW_RATINGS = 10;

const CSV_HEADER: Record<Lang, readonly string[]> = {
  ro: [
    "data",
    "utilizator",
    "model",
    "temperatura",
    "evaluare",
    "comentariu",
    "conversatie",
    "conversatie_exista",
    "intrebare",
    "raspuns_extras",
  ],
  en: [
    "time",
    "user",
    "model",
    "temperature",
    "rating",
    "comment",
    "thread",
    "thread_exists",
    "question",
    "answer_excerpt",
  ],
};

/**
 * "Descarcă CSV": the rows shown, newest first. Figures as a spreadsheet reads them whatever the page's language (dot
 * decimal, ISO 8601 time, up/down, true/false), as the class progress's CSV.
 */
export function feedbackCsv(
  rows: readonly ChatFeedbackRow[],
  lang: Lang,
  words: { guest: string; removed: string },
): string {
  const lines = [
    CSV_HEADER[lang],
    ...rows.map((r) => [
      r.createdAt,
      raterName(r.user, words),
      r.model ?? "",
      r.temperature === null ? "" : String(r.temperature),
      r.rating,
      r.comment ?? "",
      r.threadTitle ?? "",
      String(r.threadExists),
      r.question ?? "",
      r.answerExcerpt ?? "",
    ]),
  ];
  return "\ufeff" + lines.map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}

/** `chat-evaluari-2026-12-07.csv` (contract/exportFileName.ts). */
export function feedbackFileName(now: Date = new Date()): string {
  return datasetFileName("chat", "evaluari", "csv", now);
}
