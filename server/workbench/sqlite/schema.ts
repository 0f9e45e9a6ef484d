// The workbench's tables in the app's SQLite file (DATA_DIR/echochamber.db), opened on their own connection so that
// a CLI run and the server can write to the same file (WAL, a writer waits for the other instead of failing). Rows
// with texts and annotations are rowid tables (WITHOUT ROWID suits only small rows); the small ones are not. The two
// tables a run writes per row (annotations, flags) have no foreign key (the check tripled the cost of a write);
// deleting a data set deletes them explicitly.
import Database from "better-sqlite3";
import { reviewPriority } from "../flags";
import { addColumnIfMissing, openSqliteFile } from "../../sqliteFile";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS wb_datasets (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, source TEXT NOT NULL, source_file TEXT NOT NULL, format TEXT NOT NULL,
  encoding TEXT NOT NULL, bytes INTEGER NOT NULL, rows INTEGER NOT NULL DEFAULT 0, mapping TEXT NOT NULL,
  report TEXT, review_sample TEXT, content_hash TEXT, committed INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS wb_datasets_hash ON wb_datasets(content_hash);
CREATE TABLE IF NOT EXISTS wb_items (
  dataset_id TEXT NOT NULL REFERENCES wb_datasets(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
  item_id TEXT NOT NULL, text TEXT NOT NULL, meta TEXT NOT NULL, gold TEXT NOT NULL,
  PRIMARY KEY (dataset_id, idx)
);
CREATE TABLE IF NOT EXISTS wb_sample (
  dataset_id TEXT NOT NULL REFERENCES wb_datasets(id) ON DELETE CASCADE, idx INTEGER NOT NULL, rank INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS wb_runs (
  id TEXT PRIMARY KEY, dataset_id TEXT NOT NULL REFERENCES wb_datasets(id) ON DELETE CASCADE, job_id TEXT NOT NULL,
  models TEXT NOT NULL, temperature REAL NOT NULL, repeats INTEGER NOT NULL, concurrency INTEGER, codebook_version TEXT NOT NULL,
  prompt_hashes TEXT NOT NULL, origin TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS wb_runs_dataset ON wb_runs(dataset_id);
CREATE INDEX IF NOT EXISTS wb_runs_job ON wb_runs(job_id);
CREATE TABLE IF NOT EXISTS wb_annotations (
  run_id TEXT NOT NULL, idx INTEGER NOT NULL, model TEXT NOT NULL,
  rep INTEGER NOT NULL, annotation TEXT, ton TEXT, populism TEXT, anti_elitism TEXT, popor_central TEXT, tema TEXT,
  incredere REAL, error TEXT, codebook_version TEXT NOT NULL, temperature REAL, prompt_hash TEXT NOT NULL,
  ms INTEGER NOT NULL, cached INTEGER NOT NULL, repaired INTEGER NOT NULL, input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL, created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, idx, model, rep)
);
CREATE TABLE IF NOT EXISTS wb_flags (
  run_id TEXT NOT NULL, idx INTEGER NOT NULL,
  models_mask INTEGER NOT NULL, runs_mask INTEGER NOT NULL, min_conf REAL, mean_conf REAL,
  failed INTEGER NOT NULL, done INTEGER NOT NULL, priority REAL NOT NULL,
  PRIMARY KEY (run_id, idx)
) WITHOUT ROWID;
-- The queue and the results sort by COALESCE(f.priority, 0) over a LEFT JOIN from wb_items, which no index serves;
-- this one only cost every written row a fourth b-tree insert (files made before it was dropped lose it here).
DROP INDEX IF EXISTS wb_flags_priority;
CREATE TABLE IF NOT EXISTS wb_labels (
  dataset_id TEXT NOT NULL REFERENCES wb_datasets(id) ON DELETE CASCADE, idx INTEGER NOT NULL, annotator TEXT NOT NULL,
  kind TEXT NOT NULL, labels TEXT NOT NULL, note TEXT, blind INTEGER NOT NULL, codebook_version TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (dataset_id, idx, kind, annotator)
) WITHOUT ROWID;`;

/** Opens (and creates) the workbench tables; `reviewPriority` becomes the SQL function wb_priority. */
export function openWorkbenchDb(file: string): Database.Database {
  const db = openSqliteFile(file, { fastCommits: true, foreignKeys: true });
  db.function("wb_priority", { deterministic: true }, (modelsMask, runsMask, meanConf, failed) =>
    reviewPriority({
      modelsMask: Number(modelsMask),
      runsMask: Number(runsMask),
      meanConfidence: meanConf === null ? null : Number(meanConf),
      failed: Number(failed),
    }),
  );
  db.exec(SCHEMA);
  // Added with user accounts: data sets of an earlier version belong to the local user (whom an admin sees).
  addColumnIfMissing(db, "wb_datasets", "user_id", "user_id TEXT NOT NULL DEFAULT 'local'");
  // Added with shared data sets: 1 when every member of the class may see it (its owner shares it).
  addColumnIfMissing(db, "wb_datasets", "shared", "shared INTEGER NOT NULL DEFAULT 0");
  // Added with the owner's blind review: 1 (the default) when members review a shared data set blind.
  addColumnIfMissing(db, "wb_datasets", "blind_review", "blind_review INTEGER NOT NULL DEFAULT 1");
  // Added with the owner's annotation guidelines (Markdown), with when and by whom they were last changed; NULL: none.
  addColumnIfMissing(db, "wb_datasets", "guidelines", "guidelines TEXT");
  addColumnIfMissing(db, "wb_datasets", "guidelines_updated_at", "guidelines_updated_at TEXT");
  addColumnIfMissing(db, "wb_datasets", "guidelines_updated_by", "guidelines_updated_by TEXT");
  // Added with labels per row (overlap): k people label each row outside the review sample; NULL: everyone labels all.
  addColumnIfMissing(db, "wb_datasets", "overlap", "overlap INTEGER");
  // Added with "Sar peste" / "Nu sunt sigur(ă)": a person's save is labelled, skipped or unsure (LABEL_STATUSES).
  addColumnIfMissing(db, "wb_labels", "status", "status TEXT NOT NULL DEFAULT 'labelled'");
  // Added with evidence spans: the JSON array of a label's spans (contract/workbench/evidence.ts); NULL: none.
  addColumnIfMissing(db, "wb_labels", "evidence", "evidence TEXT");
  return db;
}
