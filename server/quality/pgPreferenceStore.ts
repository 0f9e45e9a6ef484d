// The PostgreSQL PreferenceStore of a class deployment (DATABASE_URL): every instance writes people's blind verdicts
// into one table (migration "preferences", ../db/migrations.ts), so that the class's leaderboard counts them all.
import type { PreferenceInput, StoredPreference } from "../../contract/preferences";
import type { PgPool } from "../db/postgres";
import {
  PREFERENCE_COLUMNS,
  PREFERENCE_KEY,
  preferenceFilters,
  preferenceOrder,
  preferenceRow,
  rowValues,
  toStoredPreference,
  type PreferenceQuery,
  type PreferenceRow,
} from "./preferenceRows";
import type { PreferenceStore } from "./preferenceStore";

// seq is not in PREFERENCE_COLUMNS: PostgreSQL numbers the row itself, and RETURNING * gives it back unused.
const UPSERT = `INSERT INTO preferences (${PREFERENCE_COLUMNS.join(", ")})
  VALUES (${PREFERENCE_COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})
  ON CONFLICT (${PREFERENCE_KEY}) DO UPDATE SET choice = excluded.choice, created_at = excluded.created_at
  RETURNING *`;

export class PgPreferenceStore implements PreferenceStore {
  /** The pool belongs to the instance's stores (../storage/openPostgres.ts), which close it. */
  constructor(private readonly pool: PgPool) {}

  async add(input: PreferenceInput): Promise<StoredPreference> {
    const { rows } = await this.pool.query<PreferenceRow>(UPSERT, rowValues(preferenceRow(input)));
    return toStoredPreference(rows[0]!);
  }

  async list(query: PreferenceQuery = {}): Promise<StoredPreference[]> {
    const filters = preferenceFilters(query);
    const where = filters.length ? ` WHERE ${filters.map(([c], i) => `${c} = $${i + 1}`).join(" AND ")}` : "";
    const { rows } = await this.pool.query<PreferenceRow>(
      `SELECT * FROM preferences${where} ${preferenceOrder("seq")}`,
      filters.map(([, v]) => v),
    );
    return rows.map(toStoredPreference);
  }

  /** Nothing of its own to close: the pool is the instance's. */
  async close(): Promise<void> {}
}
