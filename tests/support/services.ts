// Real PostgreSQL and Redis for the tests of the class deployment: the servers that .ci/run started
// (TEST_DATABASE_URL, TEST_REDIS_URL), or, when those are not set and the binaries are installed, servers this module
// starts itself on loopback in a temp dir (initdb + pg_ctl as the `postgres` user when running as root, which
// PostgreSQL refuses; redis-server without persistence), torn down at the end of the run. Nothing is mocked.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

/** What another process needs to stop a server this module started (see stopDescribed). */
export type ServiceRecord =
  | { kind: "postgres"; url: string; dir: string; bin: string; asPostgres: boolean }
  | { kind: "redis"; url: string; dir: string; pid: number };

/** A free TCP port on loopback (the kernel's choice, released just before the server takes it). */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && existsSync(file)) return file;
  }
  return null;
}

/** The directory of PostgreSQL's server binaries (initdb, pg_ctl), or null when it is not installed. */
export function postgresBinDir(): string | null {
  const initdb = which("initdb");
  if (initdb && which("pg_ctl")) return path.dirname(initdb);
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

export const redisServerBinary = (): string | null => which("redis-server");

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
function runPg(bin: string, args: string[], asPostgres: boolean): void {
  if (asPostgres) execFileSync("runuser", ["-u", "postgres", "--", bin, ...args], { stdio: "pipe" });
  else execFileSync(bin, args, { stdio: "pipe" });
}

export async function startPostgres(): Promise<RunningService & { record: ServiceRecord }> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL is not installed (initdb, pg_ctl)");
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-pg-"));
  const data = path.join(dir, "data");
  if (asPostgres) {
    const ids = execFileSync("id", ["-u", "postgres"]).toString().trim();
    const gid = execFileSync("id", ["-g", "postgres"]).toString().trim();
    chownSync(dir, Number(ids), Number(gid));
    chmodSync(dir, 0o700);
  }
  const port = await freePort();
  runPg(
    path.join(bin, "initdb"),
    ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"],
    asPostgres,
  );
  // No fsync and no full-page writes: a test server's data need not survive a power cut.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  runPg(
    path.join(bin, "pg_ctl"),
    ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "-t", "60", "start"],
    asPostgres,
  );
  const record: ServiceRecord = {
    kind: "postgres",
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    bin,
    asPostgres,
  };
  return { url: record.url, record, stop: async () => stopDescribed(record) };
}

/** Starts redis-server on `port` (a free one by default; a test restarts its Redis on the port it had). */
export async function startRedis(port?: number): Promise<RunningService & { record: ServiceRecord }> {
  const bin = redisServerBinary();
  if (!bin) throw new Error("redis-server is not installed");
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-redis-"));
  port ??= await freePort();
  const child: ChildProcess = spawn(
    bin,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    // Its own process group: it outlives the test worker that started it, until the run's teardown stops it.
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 20_000);
    const check = setInterval(() => {
      if (/Ready to accept connections/.test(output)) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 20);
    child.once("exit", (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${output}`));
    });
  });
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.unref();
  const record: ServiceRecord = { kind: "redis", url: `redis://127.0.0.1:${port}`, dir, pid: child.pid! };
  return { url: record.url, record, stop: async () => stopDescribed(record) };
}

/** Stops a server described by startPostgres/startRedis, from any process, and removes its directory. */
export async function stopDescribed(record: ServiceRecord): Promise<void> {
  try {
    if (record.kind === "postgres") {
      runPg(
        path.join(record.bin, "pg_ctl"),
        ["-D", path.join(record.dir, "data"), "-m", "immediate", "-w", "stop"],
        record.asPostgres,
      );
    } else {
      // A test may have frozen it (SIGSTOP, an outage): a stopped process does not act on SIGTERM until continued.
      if (isAlive(record.pid)) process.kill(record.pid, "SIGCONT");
      process.kill(record.pid, "SIGTERM");
      const end = Date.now() + 5000;
      while (Date.now() < end && isAlive(record.pid)) await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    rmSync(record.dir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw err;
  }
}
