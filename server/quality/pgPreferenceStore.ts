// The PostgreSQL PreferenceStore of a class deployment (DATABASE_URL): every instance writes people's blind verdicts
// into one table (migration "preferences", ../db/migrations.ts), so that the class's leaderboard counts them all.
import type { PreferenceInput, StoredPreference } from "../../contract/preferences";
import type { PgPool } from "../db/postgres";
import {
  listSql,
  preferenceRow,
  rowValues,
  toStoredPreference,
  upsertSql,
  type Placeholder,
  type PreferenceQuery,
  type PreferenceRow,
} from "./preferenceRows";
import type { PreferenceStore } from "./preferenceStore";

const param: Placeholder = (i) => `$${i + 1}`;
const UPSERT = upsertSql(param);

export class PgPreferenceStore implements PreferenceStore {
  /** The pool belongs to the instance's stores (../storage/openPostgres.ts), which close it. */
  constructor(private readonly pool: PgPool) {}

  async add(input: PreferenceInput): Promise<StoredPreference> {
    const { rows } = await this.pool.query<PreferenceRow>(UPSERT, rowValues(preferenceRow(input)));
    return toStoredPreference(rows[0]!);
  }

  async list(query: PreferenceQuery = {}): Promise<StoredPreference[]> {
    const { sql, values } = listSql(query, param, "seq");
    const { rows } = await this.pool.query<PreferenceRow>(sql, values);
    return rows.map(toStoredPreference);
  }

  /** Nothing of its own to close: the pool is the instance's. */
  async close(): Promise<void> {}
}
