// GET /api/compare: the past comparisons of the compare page's "Comparații anterioare", newest first, a page at a
// time (server/compare/routes.ts; the store's list in runStore.ts). Summaries only: no answers, no figures beyond the
// recommended model.
import { z } from "zod";
import { RunStatusSchema } from "./compare";

/** The most runs one page of the list holds, and how many it holds unless asked. */
export const COMPARE_HISTORY_LIMITS = { page: 50, max: 100 } as const;

/** GET /api/compare?limit=&before=: a page of the asker's runs (an admin's: everyone's), newest first. */
export const CompareHistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(COMPARE_HISTORY_LIMITS.max).default(COMPARE_HISTORY_LIMITS.page),
  /** Where the previous page ended (its `next`, opaque: "<ISO time>~<run id>"): the runs older than that. */
  before: z.string().min(1).max(300).optional(),
});
export type CompareHistoryQuery = z.infer<typeof CompareHistoryQuerySchema>;

/** One past run, as the list shows it: no answers, no figures beyond the recommended model. */
export const CompareHistoryItemSchema = z.object({
  runId: z.string(),
  status: RunStatusSchema,
  /** Stopped by its user before the end (status done, without a recommendation). */
  stopped: z.boolean(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** The suite's name in the asker's language, and its number of cases. */
  suite: z.object({ id: z.string(), name: z.string(), cases: z.number().int().nonnegative() }),
  models: z.array(z.string()),
  runs: z.number().int().positive(),
  temperatures: z.array(z.number()),
  progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  /** A finished run's recommended model and its pass rate (of the cases that apply to it); null otherwise. */
  best: z.object({ model: z.string(), passRate: z.number().nullable() }).nullable(),
  /** Whose it is, in an admin's list, when it is not the admin's own: an account by name, or a guest. */
  owner: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("user"), name: z.string() }),
      z.object({ kind: z.literal("guest") }),
    ])
    .optional(),
});
export type CompareHistoryItem = z.infer<typeof CompareHistoryItemSchema>;

export const CompareHistoryResponseSchema = z.object({
  runs: z.array(CompareHistoryItemSchema),
  /** The `before` of the next page; null when this page is the last. */
  next: z.string().nullable(),
});
export type CompareHistoryResponse = z.infer<typeof CompareHistoryResponseSchema>;
