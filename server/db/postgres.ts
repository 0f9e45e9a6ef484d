// The PostgreSQL connection pool of a class deployment (DATABASE_URL), shared by every store of one instance, and the
// one helper that runs a function in a transaction.
import pg from "pg";

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;
/** Anything that runs a query: the pool (one statement, its own transaction) or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, "query">;

export interface PoolOptions {
  /** Connections this instance keeps at most (DATABASE_POOL_SIZE). */
  max?: number;
  /** Shown in pg_stat_activity, so that an administrator sees which instance holds a connection. */
  applicationName?: string;
  /** An idle connection failed (the server restarted or closed it): told here rather than crashing the process. */
  onIdleError?: (err: Error) => void;
}

/**
 * 64-bit integers (counts, sums, BIGSERIAL) as JavaScript numbers, on our pool only: every one we store is far below
 * 2^53, and pg's default (a string) would leak into the rows the stores share with SQLite.
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

export function openPool(url: string, options: PoolOptions = {}): PgPool {
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "echochamber",
    // A query that waits this long for a free connection fails with a clear error instead of hanging a request.
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection that the server closes (a restart, a failover) must not crash the process: the pool drops it
  // and opens another on the next query.
  pool.on("error", (err) => options.onIdleError?.(err));
  return pool;
}

/** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
