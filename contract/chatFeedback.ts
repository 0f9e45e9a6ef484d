// GET /api/chat/feedback: the teacher's view of the answers' 👍/👎 in the chat (Open WebUI's "Evaluations →
// Feedback"). Each rating with its question, an excerpt of its answer and the model that wrote it, and a summary per
// model with the share of 👍 and its Wilson interval. Only an admin reads it (the local user with AUTH=off); a member
// is refused with `feedback:forbidden`, as the workbench's class progress refuses one.
import { z } from "zod";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DaySchema = z
  .string()
  .regex(DAY)
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)), "date");

/** The filters, as the query string carries them; an empty field is no filter. */
export const ChatFeedbackQuerySchema = z
  .object({
    model: z.string().trim().max(200).optional(),
    rating: z.enum(["up", "down"]).optional(),
    /** The rater's user id (the list's `user.id`). */
    user: z.string().trim().max(100).optional(),
    /** Days, both included, in the asker's time zone (`tzOffset`; UTC without it). */
    from: DaySchema.optional(),
    to: DaySchema.optional(),
    /**
     * The asker's offset from UTC in minutes, as the browser's Date.getTimezoneOffset gives it (Bucharest in winter:
     * -120), so that "from 8 Dec" holds a rating shown as 8 Dec 01:30 there.
     */
    tzOffset: z
      .string()
      .regex(/^-?\d{1,3}$/)
      .transform(Number)
      .refine((minutes) => Math.abs(minutes) <= 840, "tzOffset")
      .optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from > to", path: ["to"] });
export type ChatFeedbackQuery = z.infer<typeof ChatFeedbackQuerySchema>;

/** The day of an ISO time at `tzOffset` minutes behind UTC (Date.getTimezoneOffset's sign): how from/to compare. */
export function localDay(iso: string, tzOffset = 0): string {
  return new Date(Date.parse(iso) - tzOffset * 60_000).toISOString().slice(0, 10);
}

/** The answer's text kept in the list: the first this many characters (the whole text is in the thread). */
export const ANSWER_EXCERPT_CHARS = 400;

/** Who rated: an account by its name (null: an account since removed), "local" with AUTH=off, or a guest. */
export const RaterSchema = z.object({ id: z.string(), name: z.string().nullable(), guest: z.boolean() });
export type Rater = z.infer<typeof RaterSchema>;

export const ChatFeedbackRowSchema = z.object({
  /** When the rating was given (ISO). */
  createdAt: z.string(),
  /** Who rated: the account's name, "local" with AUTH=off, or a guest of the access code. */
  user: RaterSchema,
  rating: z.enum(["up", "down"]),
  comment: z.string().nullable(),
  messageId: z.string(),
  /** The thread, when it still exists (a deleted thread takes its messages with it: nothing below is known). */
  threadId: z.string().nullable(),
  threadTitle: z.string().nullable(),
  threadExists: z.boolean(),
  /** True when the thread is the viewer's own (the page may open it). */
  ownThread: z.boolean(),
  question: z.string().nullable(),
  answerExcerpt: z.string().nullable(),
  /** True when the answer is longer than its excerpt. */
  answerCut: z.boolean(),
  /** The model that wrote the answer, as its chat:done said; null when not recorded. */
  model: z.string().nullable(),
  temperature: z.number().nullable(),
});
export type ChatFeedbackRow = z.infer<typeof ChatFeedbackRowSchema>;

export const ModelFeedbackSummarySchema = z.object({
  /** null: the answers whose model is not known (deleted threads, answers cut before they ended). */
  model: z.string().nullable(),
  up: z.number().int().min(0),
  down: z.number().int().min(0),
  n: z.number().int().min(1),
  /** 👍 / n, with its 95% Wilson score interval. */
  upShare: z.number().min(0).max(1),
  low: z.number().min(0).max(1),
  high: z.number().min(0).max(1),
});
export type ModelFeedbackSummary = z.infer<typeof ModelFeedbackSummarySchema>;

export const ChatFeedbackResponseSchema = z.object({
  /** Newest first, after the filters. */
  rows: z.array(ChatFeedbackRowSchema),
  /** Per model over the filtered rows, most rated first. */
  summary: z.array(ModelFeedbackSummarySchema),
  /** What the filters may choose from (over every rating the viewer may see). */
  models: z.array(z.string()),
  users: z.array(RaterSchema),
});
export type ChatFeedbackResponse = z.infer<typeof ChatFeedbackResponseSchema>;

/**
 * The 95% Wilson score interval of a proportion (Wilson 1927): unlike the normal approximation it stays inside [0, 1]
 * and says something honest about 3 ratings out of 3.
 */
export function wilsonInterval(successes: number, n: number, z = 1.959964): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  return {
    low: Math.max(0, (centre - margin) / denominator),
    high: Math.min(1, (centre + margin) / denominator),
  };
}

/** The summary per model of some rows, most rated first (then by name; the unknown model last). */
export function summarizeByModel(
  rows: readonly Pick<ChatFeedbackRow, "model" | "rating">[],
): ModelFeedbackSummary[] {
  const counts = new Map<string | null, { up: number; down: number }>();
  for (const row of rows) {
    const c = counts.get(row.model) ?? { up: 0, down: 0 };
    c[row.rating] += 1;
    counts.set(row.model, c);
  }
  return [...counts.entries()]
    .map(([model, { up, down }]) => {
      const n = up + down;
      return { model, up, down, n, upShare: up / n, ...wilsonInterval(up, n) };
    })
    .sort(
      (a, b) =>
        b.n - a.n ||
        Number(a.model === null) - Number(b.model === null) ||
        (a.model ?? "").localeCompare(b.model ?? ""),
    );
}
