// The PostgreSQL schema, as ordered migrations (./migrate.ts applies the missing ones at start). It mirrors the SQLite
// tables column for column — ISO times as text (they sort as text, and every instance writes them the same way), JSON
// documents as text, flags as 0/1 — so that both stores read their rows the same way and a dump reads plainly.
// Append new migrations; never edit a released one.
import { backfillKeys, staleKeys } from "./usernameKey";
import type { Migration } from "./migrate";
import { addSearchFolds } from "./searchFold";

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "threads",
    up: `
-- user_id: the user a row belongs to ('local' with AUTH=off).
CREATE TABLE threads (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, user_id TEXT NOT NULL DEFAULT 'local', created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX threads_updated ON threads(updated_at DESC);
CREATE INDEX threads_user ON threads(user_id, updated_at DESC);
CREATE TABLE messages (
  -- seq keeps the order of insertion, for messages created in the same millisecond (SQLite's rowid).
  seq BIGSERIAL NOT NULL, id TEXT PRIMARY KEY, thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  role TEXT NOT NULL, text TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL, extra TEXT NOT NULL,
  -- The instance that streams the answer (status 'streaming'); null otherwise.
  owner TEXT
);
CREATE INDEX messages_thread ON messages(thread_id, created_at, seq);
CREATE INDEX messages_streaming ON messages(owner) WHERE status = 'streaming';
CREATE TABLE feedback (
  id BIGSERIAL PRIMARY KEY, message_id TEXT NOT NULL UNIQUE, value TEXT NOT NULL, comment TEXT,
  user_id TEXT NOT NULL DEFAULT 'local', created_at TEXT NOT NULL
);
CREATE TABLE labels (
  seq BIGSERIAL NOT NULL, id TEXT PRIMARY KEY, message_id TEXT NOT NULL, target TEXT NOT NULL, text TEXT NOT NULL,
  annotation TEXT NOT NULL, corrected_model TEXT, annotator TEXT NOT NULL, user_id TEXT NOT NULL DEFAULT 'local',
  codebook_version TEXT NOT NULL, created_at TEXT NOT NULL
);`,
  },
  {
    version: 2,
    name: "instances",
    // Every running instance beats here (the database's clock, so that instances on machines whose clocks differ
    // agree): an answer whose instance stopped beating is marked interrupted by another.
    up: `
CREATE TABLE instances (
  id TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL,
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(), heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now()
);`,
  },
  {
    version: 3,
    name: "jobs",
    up: `
CREATE TABLE jobs (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, params TEXT NOT NULL, progress TEXT NOT NULL,
  error TEXT, origin TEXT NOT NULL, owner TEXT, heartbeat_at TEXT, stop_requested INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, started_at TEXT, finished_at TEXT
);
CREATE INDEX jobs_status ON jobs(status, created_at);
CREATE INDEX jobs_updated ON jobs(updated_at);`,
  },
  {
    version: 4,
    name: "workbench",
    up: `
CREATE TABLE wb_datasets (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, source TEXT NOT NULL, source_file TEXT NOT NULL, format TEXT NOT NULL,
  encoding TEXT NOT NULL, bytes BIGINT NOT NULL, rows INTEGER NOT NULL DEFAULT 0, mapping TEXT NOT NULL,
  report TEXT, review_sample TEXT, content_hash TEXT, committed INTEGER NOT NULL DEFAULT 0,
  user_id TEXT NOT NULL DEFAULT 'local', created_at TEXT NOT NULL
);
CREATE INDEX wb_datasets_hash ON wb_datasets(content_hash);
CREATE TABLE wb_items (
  dataset_id TEXT NOT NULL REFERENCES wb_datasets(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
  item_id TEXT NOT NULL, text TEXT NOT NULL, meta TEXT NOT NULL, gold TEXT NOT NULL,
  PRIMARY KEY (dataset_id, idx)
);
CREATE TABLE wb_sample (
  dataset_id TEXT NOT NULL REFERENCES wb_datasets(id) ON DELETE CASCADE, idx INTEGER NOT NULL, rank INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, idx)
);
CREATE TABLE wb_runs (
  id TEXT PRIMARY KEY, dataset_id TEXT NOT NULL REFERENCES wb_datasets(id) ON DELETE CASCADE, job_id TEXT NOT NULL,
  models TEXT NOT NULL, temperature DOUBLE PRECISION NOT NULL, repeats INTEGER NOT NULL, concurrency INTEGER,
  codebook_version TEXT NOT NULL, prompt_hashes TEXT NOT NULL, origin TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE INDEX wb_runs_dataset ON wb_runs(dataset_id);
CREATE INDEX wb_runs_job ON wb_runs(job_id);
CREATE TABLE wb_annotations (
  run_id TEXT NOT NULL, idx INTEGER NOT NULL, model TEXT NOT NULL, rep INTEGER NOT NULL, annotation TEXT,
  ton TEXT, populism TEXT, anti_elitism TEXT, popor_central TEXT, tema TEXT, incredere DOUBLE PRECISION, error TEXT,
  codebook_version TEXT NOT NULL, temperature DOUBLE PRECISION, prompt_hash TEXT NOT NULL, ms INTEGER NOT NULL,
  cached INTEGER NOT NULL, repaired INTEGER NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, idx, model, rep)
);
CREATE TABLE wb_flags (
  run_id TEXT NOT NULL, idx INTEGER NOT NULL, models_mask INTEGER NOT NULL, runs_mask INTEGER NOT NULL,
  min_conf DOUBLE PRECISION, mean_conf DOUBLE PRECISION, failed INTEGER NOT NULL, done INTEGER NOT NULL,
  priority DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (run_id, idx)
);
CREATE INDEX wb_flags_priority ON wb_flags(run_id, priority DESC, idx);
CREATE TABLE wb_labels (
  dataset_id TEXT NOT NULL REFERENCES wb_datasets(id) ON DELETE CASCADE, idx INTEGER NOT NULL, annotator TEXT NOT NULL,
  kind TEXT NOT NULL, labels TEXT NOT NULL, note TEXT, blind INTEGER NOT NULL, codebook_version TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (dataset_id, idx, kind, annotator)
);`,
  },
  {
    version: 5,
    name: "accounts",
    up: `
-- Accounts (AUTH=users) and sessions (AUTH=code|users), shared by every instance; names compare case-insensitively.
CREATE TABLE users (
  id TEXT PRIMARY KEY, username TEXT NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX users_username ON users(lower(username));
CREATE TABLE sessions (
  sid TEXT PRIMARY KEY, user_id TEXT NOT NULL, data TEXT NOT NULL, expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);`,
  },
  {
    version: 6,
    name: "preferences",
    up: `
-- People's blind verdicts of the "Compară modele" page (server/quality/pgPreferenceStore.ts), one per person and pair.
CREATE TABLE preferences (
  -- seq keeps the order of insertion, for verdicts given in the same millisecond (SQLite's rowid).
  seq BIGSERIAL NOT NULL, id TEXT PRIMARY KEY, person TEXT NOT NULL, run_id TEXT NOT NULL, suite_id TEXT NOT NULL,
  case_id TEXT NOT NULL, temperature DOUBLE PRECISION NOT NULL, run INTEGER NOT NULL, model_a TEXT NOT NULL,
  model_b TEXT NOT NULL, choice TEXT NOT NULL, created_at TEXT NOT NULL,
  UNIQUE (person, run_id, case_id, temperature, run, model_a, model_b)
);
CREATE INDEX preferences_suite ON preferences(suite_id);`,
  },
  {
    version: 7,
    name: "shared-datasets",
    up: `
-- A data set its owner shared with the class (1): every member sees, labels and compares it.
ALTER TABLE wb_datasets ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 8,
    name: "compare-runs",
    up: `
-- The comparisons of the "Compară modele" page (server/compare/pgRunStore.ts): a run, and its answers as they come, so
-- that any instance answers a poll and a run outlives the instance that ran it (owner + heartbeat_at while running).
CREATE TABLE compare_runs (
  id TEXT PRIMARY KEY, user_id TEXT NOT NULL, status TEXT NOT NULL, request TEXT NOT NULL, done INTEGER NOT NULL,
  total INTEGER NOT NULL, owner TEXT, heartbeat_at TEXT, cancel_requested INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, finished_at TEXT, results TEXT, error TEXT
);
CREATE INDEX compare_runs_user ON compare_runs(user_id, created_at);
CREATE INDEX compare_runs_running ON compare_runs(owner) WHERE status = 'running';
CREATE TABLE compare_rows (
  run_id TEXT NOT NULL, seq INTEGER NOT NULL, case_id TEXT NOT NULL, model TEXT NOT NULL,
  temperature DOUBLE PRECISION NOT NULL, run INTEGER NOT NULL, status TEXT NOT NULL, answer TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);`,
  },
  {
    version: 9,
    name: "account-name-keys",
    // Names are compared on a key lower-cased by JavaScript (./usernameKey.ts), as on SQLite: lower() follows
    // the database's locale and folds ASCII letters only under "C", so "Ștefan" and "ștefan" were two accounts there.
    up: async (client) => {
      await client.query("ALTER TABLE users ADD COLUMN username_key TEXT");
      const { rows } = await client.query<{ id: string; username: string }>(
        "SELECT id, username FROM users ORDER BY created_at, id",
      );
      for (const { id, key } of backfillKeys(rows, () => false)) {
        await client.query("UPDATE users SET username_key = $1 WHERE id = $2", [key, id]);
      }
      // Only adds (docs/deploy.md, rolling restarts): lower(username)'s index stays for instances still on the old
      // code; an account they add meanwhile has no key and is found by its exact name (pgStore.ts).
      await client.query("CREATE UNIQUE INDEX users_username_key ON users(username_key)");
    },
  },
  {
    version: 10,
    name: "blind-review",
    up: `
-- The owner's choice (1, the default): members review a shared data set blind (server/workbench/access.ts).
ALTER TABLE wb_datasets ADD COLUMN blind_review INTEGER NOT NULL DEFAULT 1;`,
  },
  {
    version: 11,
    name: "dataset-guidelines",
    up: `
-- The owner's annotation guidelines of a data set (Markdown), when and by whom last changed; NULL: none written.
ALTER TABLE wb_datasets ADD COLUMN guidelines TEXT;
ALTER TABLE wb_datasets ADD COLUMN guidelines_updated_at TEXT;
ALTER TABLE wb_datasets ADD COLUMN guidelines_updated_by TEXT;`,
  },
  {
    version: 12,
    name: "account-name-keys-cedilla",
    // Keys fold the cedilla letters now (contract/accounts.ts): "şerban", kept before with the key "şerban", is
    // found by "șerban", what a Romanian keyboard types. A key another account holds already is left as it was.
    up: async (client) => {
      const { rows } = await client.query<{ id: string; username: string; key: string | null }>(
        "SELECT id, username, username_key AS key FROM users ORDER BY created_at, id",
      );
      const keys = new Set(rows.map((r) => r.key));
      for (const { id, key } of staleKeys(rows, (k) => keys.has(k))) {
        await client.query("UPDATE users SET username_key = $1 WHERE id = $2", [key, id]);
      }
    },
  },
  {
    version: 13,
    name: "dataset-overlap",
    up: `
-- Labels per row (contract/workbench/overlap.ts): a person's queue leaves out rows k people labelled; NULL: everyone.
ALTER TABLE wb_datasets ADD COLUMN overlap INTEGER;`,
  },
  {
    version: 14,
    name: "label-status",
    up: `
-- "Sar peste" / "Nu sunt sigur(ă)" (contract/workbench/review.ts LABEL_STATUSES): labelled, skipped or unsure.
ALTER TABLE wb_labels ADD COLUMN status TEXT NOT NULL DEFAULT 'labelled';`,
  },
  {
    version: 15,
    name: "label-evidence",
    up: `
-- Evidence spans (contract/workbench/evidence.ts): the JSON array of the words a person marked for a label; NULL: none.
ALTER TABLE wb_labels ADD COLUMN evidence TEXT;`,
  },
  {
    version: 16,
    name: "search-fold",
    // The thread search's folded texts (server/storage/postgres.ts searchThreads), folded in Node as SQLite folds them,
    // and their trigram index where pg_trgm can be had (./searchFold.ts).
    up: addSearchFolds,
  },
  {
    version: 17,
    name: "threads-unfolded",
    // The titles still to be folded, as migration 16's messages_unfolded holds the messages: the background folder's
    // threads pass (./foldBackfill.ts), which looks every few minutes, reads them without walking every thread. Made
    // if missing (a database whose index an operator made by hand migrates all the same).
    up: `CREATE INDEX IF NOT EXISTS threads_unfolded ON threads(id) WHERE title_fold IS NULL;`,
  },
];
