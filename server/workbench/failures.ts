// Why a run's rows failed, summed up per model: the few most frequent error codes with one message each, so the
// progress card can say "all 6 failed: the provider refused the key" instead of leaving it to a row-by-row hunt.
import type { FailureReason } from "../../contract/workbench";
import type { ModelCounts } from "./store";

/** Reasons kept per model: the progress card shows the first ones. */
export const FAILURE_REASONS_KEPT = 3;

/** Failure counts by code (with the first message seen of each), as they come in. */
export class FailureTally {
  private readonly byCode = new Map<string, FailureReason>();

  constructor(initial: readonly FailureReason[] = []) {
    for (const reason of initial) this.byCode.set(reason.code, { ...reason });
  }

  add(error: { code: string; message: string }): void {
    const entry = this.byCode.get(error.code);
    if (entry) entry.count++;
    else this.byCode.set(error.code, { code: error.code, message: error.message, count: 1 });
  }

  /** The most frequent reasons, ties by code so the order is stable. */
  top(limit = FAILURE_REASONS_KEPT): FailureReason[] {
    return [...this.byCode.values()]
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
      .slice(0, limit)
      .map((r) => ({ ...r }));
  }
}

/** Attaches each model's failure reasons (rows of a GROUP BY model, code) to its counts. */
export function withFailures(
  counts: ModelCounts[],
  failures: readonly (FailureReason & { model: string })[],
): ModelCounts[] {
  return counts.map((c) => {
    const mine = failures.filter((f) => f.model === c.model);
    if (mine.length === 0) return c;
    const tally = new FailureTally(
      mine.map((f) => ({ code: f.code ?? "internal", message: f.message ?? "", count: Number(f.count) })),
    );
    return { ...c, failures: tally.top(Number.MAX_SAFE_INTEGER) };
  });
}
