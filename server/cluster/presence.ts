// An instance's heartbeat in PostgreSQL (table `instances`, the database's clock): other instances learn from it
// which answers are still being written. Every beat also sweeps: answers whose instance stopped beating become
// "interrupted" (the Storage decides which), so a client that reconnects to a survivor sees where the answer stopped.
import { readlinkSync } from "node:fs";
import os from "node:os";
import { randomUUID } from "node:crypto";
import type { PgPool } from "../db/postgres";
import { errorDetail, type Logger } from "../log";

/**
 * The process table this process lives in (Linux: the pid namespace's inode), so that two containers that share a
 * host name are told apart; null where it cannot be read.
 */
export function pidNamespace(): string | null {
  try {
    return /\[(\d+)\]/.exec(readlinkSync("/proc/self/ns/pid"))?.[1] ?? null;
  } catch {
    return null;
  }
}

const OWN_NAMESPACE = pidNamespace();

/**
 * An id that names the machine and process, so that a stuck row in `instances` or `jobs` says whose it is:
 * `<host>-<pid>-<random>`, and `-ns<pid namespace>` where there is one.
 */
export function newInstanceId(): string {
  const ns = OWN_NAMESPACE === null ? "" : `-ns${OWN_NAMESPACE}`;
  return `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 6)}${ns}`;
}

/** The host, pid and pid namespace an id of newInstanceId names (a CLI's with "cli-" before it); null for another form. */
export function instanceParts(id: string): { host: string; pid: number; namespace: string | null } | null {
  const match = /^(?:cli-)?(.+)-(\d+)-[0-9a-f]{6}(?:-ns(\d+))?$/.exec(id);
  return match ? { host: match[1]!, pid: Number(match[2]), namespace: match[3] ?? null } : null;
}

/**
 * Whether an instance named by newInstanceId (a CLI's with "cli-" before it) is known to be gone: it ran on this
 * machine, in this process table (a container with the host's name has its own), in another process, and no process
 * has that pid now. False when that cannot be known (another machine or process table, an id without its table, a pid
 * in use again): then only its silence tells, after INSTANCE_STALE_MS.
 */
export function instanceGone(id: string): boolean {
  const parts = instanceParts(id);
  if (!parts || parts.host !== os.hostname() || OWN_NAMESPACE === null || parts.namespace !== OWN_NAMESPACE)
    return false;
  const { pid } = parts;
  if (pid === process.pid || !Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: a process of another user has it, so it is alive.
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

export interface PresenceOptions {
  pool: PgPool;
  instanceId: string;
  /** Silence after which an instance counts as gone; it beats every third of this. */
  staleMs: number;
  logger: Logger;
  /** Run after every beat (the sweep of orphaned answers). */
  afterBeat?: () => Promise<unknown>;
}

export class Presence {
  private timer: ReturnType<typeof setInterval> | null = null;
  private beating: Promise<void> = Promise.resolve();

  constructor(private readonly options: PresenceOptions) {}

  /** Registers this instance (before it takes any work) and starts beating. */
  async start(): Promise<void> {
    const { pool, instanceId } = this.options;
    await pool.query(
      `INSERT INTO instances (id, host, pid) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`,
      [instanceId, os.hostname(), process.pid],
    );
    // Rows of instances gone for a day are of no use to anyone.
    await pool.query("DELETE FROM instances WHERE heartbeat_at < now() - interval '1 day'");
    const every = Math.max(100, Math.floor(this.options.staleMs / 3));
    this.timer = setInterval(() => {
      this.beating = this.beat();
    }, every);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    const { pool, instanceId, logger } = this.options;
    try {
      await pool.query("UPDATE instances SET heartbeat_at = now() WHERE id = $1", [instanceId]);
      await this.options.afterBeat?.();
    } catch (err) {
      logger.warn("cluster: heartbeat failed", errorDetail(err));
    }
  }

  /** Stops beating and removes this instance's row: its answers were finished or handed on by then. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    await this.options.pool.query("DELETE FROM instances WHERE id = $1", [this.options.instanceId]);
  }
}
