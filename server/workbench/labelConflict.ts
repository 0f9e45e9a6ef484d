// Optimistic concurrency on a person's label: a page says which version of its own label it last read
// (`expectedUpdatedAt`, null for none), and a save finding another stored is refused with that stored label, so
// that a second tab or device never overwrites a label it has not seen. Both stores check and write in one
// transaction (SQLite's write lock; PostgreSQL's lock on the row), so two saves expecting the same version cannot
// both pass.
import { AppError } from "../../contract/errors";
import type { HumanReviewLabel } from "../../contract/workbench";

export class LabelConflict extends AppError {
  constructor(readonly stored: HumanReviewLabel) {
    // "2026-12-07T11:30:15.123Z" → "2026-12-07 11:30:15", said in UTC by the message.
    super("label:conflict", { at: stored.updatedAt.slice(0, 19).replace("T", " ") });
    this.name = "LabelConflict";
  }
}

/** Whether the stored version is not the one the page expected (undefined: the page did not say, anything goes). */
export function isStale(stored: { updatedAt: string } | null, expected: string | null | undefined): boolean {
  return expected !== undefined && (stored?.updatedAt ?? null) !== expected;
}

/**
 * The stamp of a write: now, or just after the stored one when the clock has not moved past it (two saves within a
 * millisecond), so that every save of a label gives it a new version.
 */
export function nextStamp(stored: string | null | undefined, now = new Date()): string {
  if (!stored) return now.toISOString();
  const after = Date.parse(stored) + 1;
  return Number.isFinite(after) && after > now.getTime() ? new Date(after).toISOString() : now.toISOString();
}
