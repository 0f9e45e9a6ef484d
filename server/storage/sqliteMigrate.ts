// Schema changes of SQLite tables made by an earlier version, applied in place at start so that an old DATA_DIR
// opens with its data: a column is added only when the table does not have it yet.
import type Database from "better-sqlite3";

/** Adds `column` (declared as `declaration`, which must have a default for existing rows) unless it exists. */
export function addColumnIfMissing(
  db: Database.Database,
  table: string,
  column: string,
  declaration: string,
): boolean {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (columns.some((c) => c.name === column)) return false;
  db.exec(`ALTER TABLE ${table} ADD COLUMN ${declaration}`);
  return true;
}
