// Optimistic concurrency on a data set's annotation guidelines, as on a person's label (./labelConflict.ts): the
// editor says which version it loaded (`expectedUpdatedAt`, null for none), and a save finding another stored is
// refused with the stored guidelines, so that two teachers (or two tabs) never silently lose each other's text. Both
// stores check and write in one transaction (SQLite's write lock; PostgreSQL's lock on the data set's row).
import { AppError } from "../../contract/errors";
import type { DatasetGuidelines } from "../../contract/workbench";

export class GuidelinesConflict extends AppError {
  constructor(readonly stored: DatasetGuidelines | null) {
    super("guidelines:conflict", changeParams(stored));
    this.name = "GuidelinesConflict";
  }
}

/** What the message says happened: saved by whom and when (UTC, to the second), or cleared. */
function changeParams(stored: DatasetGuidelines | null): Record<string, string> {
  if (!stored) return { change: "ghidul a fost șters", changeEn: "they were cleared" };
  // "2026-12-07T11:30:15.123Z" → "2026-12-07 11:30:15".
  const at = stored.updatedAt.slice(0, 19).replace("T", " ");
  return {
    change: `salvat de ${stored.updatedBy} la ${at} UTC`,
    changeEn: `saved by ${stored.updatedBy} at ${at} UTC`,
  };
}
