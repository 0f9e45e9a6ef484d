// PostgreSQL and Redis for the tests of a class deployment, shared by every test file of a run: TEST_DATABASE_URL and
// TEST_REDIS_URL when set (.ci/run starts the servers), otherwise servers started here on first use (by whichever test
// worker asks first, under a lock in the run's services directory) and stopped by the run's teardown
// (globalSetup.ts). Without the binaries, the tests that need them skip and say why.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { postgresBinDir, redisServerBinary, startPostgres, startRedis, type ServiceRecord } from "./services";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the run's lazily started servers are described (globalSetup.ts stops them). */
    servicesDir: string;
  }
}

export interface ClassServices {
  databaseUrl: string | null;
  redisUrl: string | null;
  /** Why a service is missing, for the skip message. */
  missing: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the service once per run: the first caller takes the lock and starts it, the others wait for its record. */
async function shared(kind: "postgres" | "redis"): Promise<string> {
  const dir = inject("servicesDir");
  const record = path.join(dir, `${kind}.json`);
  const failed = path.join(dir, `${kind}.error`);
  const lock = path.join(dir, `${kind}.lock`);
  const end = Date.now() + 120_000;
  for (;;) {
    if (existsSync(record)) return (JSON.parse(readFileSync(record, "utf8")) as ServiceRecord).url;
    if (existsSync(failed)) throw new Error(readFileSync(failed, "utf8"));
    try {
      mkdirSync(lock);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      if (Date.now() > end) throw new Error(`timed out waiting for ${kind} to start`);
      await sleep(100);
      continue;
    }
    try {
      const started = kind === "postgres" ? await startPostgres() : await startRedis();
      writeFileSync(record, JSON.stringify(started.record));
      return started.url;
    } catch (err) {
      writeFileSync(failed, err instanceof Error ? err.message : String(err));
      throw err;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

let cached: Promise<ClassServices> | null = null;

/** The run's PostgreSQL and Redis, or why they cannot be had. */
export function classServices(): Promise<ClassServices> {
  cached ??= (async () => {
    const missing: string[] = [];
    let databaseUrl = process.env.TEST_DATABASE_URL || null;
    let redisUrl = process.env.TEST_REDIS_URL || null;
    if (!databaseUrl) {
      if (!postgresBinDir()) missing.push("PostgreSQL (no TEST_DATABASE_URL, no initdb/pg_ctl installed)");
      else databaseUrl = await shared("postgres").catch((err: Error) => (missing.push(err.message), null));
    }
    if (!redisUrl) {
      if (!redisServerBinary()) missing.push("Redis (no TEST_REDIS_URL, no redis-server installed)");
      else redisUrl = await shared("redis").catch((err: Error) => (missing.push(err.message), null));
    }
    if (missing.length) {
      process.stderr.write(
        `class deployment tests skipped: ${missing.join("; ")}. apt-get install postgresql redis-server, or set TEST_DATABASE_URL and TEST_REDIS_URL.\n`,
      );
    }
    return { databaseUrl, redisUrl, missing };
  })();
  return cached;
}

/** A new, empty database on the test server, so that test files running at once never see each other's rows. */
export async function freshDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ec_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A Redis key prefix of a test's own, so that clusters of tests running at once never hear each other. */
export const redisPrefix = () => `ectest-${randomUUID().slice(0, 8)}`;

/** A describe's title that says, in the run's report, why its tests are skipped when a service is missing. */
export function titled(title: string, services: ClassServices, skipped: boolean): string {
  return skipped ? `${title} (skipped: ${services.missing.join("; ") || "a service is missing"})` : title;
}
