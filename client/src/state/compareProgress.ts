// Done / total per model while a comparison runs, from what the run's GET already returns: the figures so far count
// each model's answers (calls.total), and every model gets the same share of the run's total.
import type { CompareRunResponse } from "../../../contract/compare";

export interface ModelProgress {
  model: string;
  done: number;
  total: number;
}

export function modelProgress(
  run: Pick<CompareRunResponse, "request" | "progress" | "results"> | undefined,
): ModelProgress[] {
  if (!run || run.request.models.length === 0) return [];
  const { models } = run.request;
  const total = Math.round(run.progress.total / models.length);
  const counted = new Map((run.results?.models ?? []).map((m) => [m.model, m.calls.total]));
  return models.map((model) => ({ model, done: Math.min(total, counted.get(model) ?? 0), total }));
}
