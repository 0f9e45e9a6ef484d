// Schema migrations for PostgreSQL, run by every instance at start: ordered, each applied once in its own transaction
// and recorded in schema_migrations, under an advisory lock so that two instances starting at once do not both apply
// one (the second waits, then finds it recorded).
import type { PgClient, PgPool } from "./postgres";

export interface Migration {
  /** Strictly increasing; never renumbered once released. */
  version: number;
  name: string;
  /** SQL (several statements are fine) or a function given the transaction's client. */
  up: string | ((client: PgClient) => Promise<void>);
}

/** The advisory lock's key: any constant of our own ("echocham" in ASCII), shared by every instance. */
export const MIGRATION_LOCK = 0x6563686f63686d;

export interface MigrationResult {
  applied: string[];
  /** Versions the database has and this code does not know (a newer instance migrated it). */
  unknown: number[];
}

/**
 * Applies the migrations this database lacks, in order. `alsoUnderLock` runs afterwards with the lock still held
 * (LangGraph's checkpointer sets up its own tables there, which it cannot do safely from two instances at once).
 */
export async function migrate(
  pool: PgPool,
  migrations: readonly Migration[],
  alsoUnderLock?: () => Promise<void>,
): Promise<MigrationResult> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (i > 0 && sorted[i - 1]!.version === m.version)
      throw new Error(`migration ${m.version} is listed twice`);
  });
  const client = await pool.connect();
  try {
    // A session lock: held across the transactions below, released at the end (or when the connection dies).
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      );
      const done = new Set(
        (await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map(
          (r) => r.version,
        ),
      );
      const applied: string[] = [];
      for (const migration of sorted) {
        if (done.has(migration.version)) continue;
        await client.query("BEGIN");
        try {
          if (typeof migration.up === "string") await client.query(migration.up);
          else await migration.up(client);
          await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
            migration.version,
            migration.name,
          ]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK");
          throw new Error(
            `migration ${migration.version} (${migration.name}) failed: ${err instanceof Error ? err.message : String(err)}`,
            { cause: err },
          );
        }
        applied.push(`${migration.version}_${migration.name}`);
      }
      await alsoUnderLock?.();
      const known = new Set(sorted.map((m) => m.version));
      return { applied, unknown: [...done].filter((v) => !known.has(v)).sort((a, b) => a - b) };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
