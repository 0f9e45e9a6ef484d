// The job runner and a job past its point of no return: a stop (or a shutdown) after the handler said its work is
// committed leaves the job done, since the work cannot be undone; before that, the same stop makes it stopped.
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../server/log";
import { JobRunner } from "../../server/jobs/runner";
import { SqliteJobStore } from "../../server/jobs/sqliteJobStore";
import type { JobContext } from "../../server/jobs/types";

const logger = createLogger({ LOG_LEVEL: "silent" } as Parameters<typeof createLogger>[0], () => undefined);

describe("JobRunner: committed work", () => {
  let runner: JobRunner | undefined;
  afterEach(async () => {
    await runner?.close();
  });

  /** Runs one corpus-import job whose handler commits (or not), waits to be stopped, and ends normally. */
  async function stoppedJob(commit: boolean) {
    const store = new SqliteJobStore(new Database(":memory:"));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const handler = async ({ signal, committed }: JobContext) => {
      if (commit) committed?.();
      started();
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    };
    runner = new JobRunner({ store, logger, pollMs: 20, handlers: { "corpus-import": handler } });
    const job = await store.create({ kind: "corpus-import", params: {}, origin: "page" });
    runner.start();
    await running;
    return (await runner.stop(job.id))!.status;
  }

  it("a stop before the commit makes the job stopped", async () => {
    expect(await stoppedJob(false)).toBe("stopped");
  });

  it("a stop after the commit leaves the job done", async () => {
    expect(await stoppedJob(true)).toBe("done");
  });
});

describe("JobRunner: a takeover after a stop", () => {
  it("ends, stopped and without running it, a job whose instance died after the person pressed Stop", async () => {
    const store = new SqliteJobStore(new Database(":memory:"));
    const job = await store.create({ kind: "annotation-run", params: { runId: "r" }, origin: "page" });
    await store.claimNext("dead", ["annotation-run"], new Date(0).toISOString());
    let calls = 0;
    const runner = new JobRunner({
      store,
      logger,
      owner: "next",
      staleMs: 200,
      pollMs: 20,
      handlers: {
        "annotation-run": async () => {
          calls += 1;
        },
      },
    });
    expect(await runner.stop(job.id)).toMatchObject({ status: "running", stopRequested: true });
    runner.start();
    try {
      await expect.poll(async () => (await store.get(job.id))?.status, { timeout: 5_000 }).toBe("stopped");
    } finally {
      await runner.close();
    }
    expect(calls).toBe(0);
  });
});

describe("JobRunner: a job stopped before its handler ran", () => {
  it("lets its kind close what the handler would have: cancelled in the queue, or taken over stopped", async () => {
    const store = new SqliteJobStore(new Database(":memory:"));
    const closed: string[] = [];
    const runner = new JobRunner({ store, logger, owner: "next", staleMs: 200, pollMs: 20, handlers: {} });
    runner.register("corpus-import", async () => undefined, {
      stoppedUnrun: async (job) => void closed.push(job.params.importId ?? ""),
    });
    // Cancelled while it waits in the queue (the runner is not polling: nothing takes it).
    const queued = await store.create({ kind: "corpus-import", params: { importId: "i1" }, origin: "page" });
    expect((await runner.stop(queued.id))?.status).toBe("stopped");
    expect(closed).toEqual(["i1"]);
    // A second click on Stop (or two tabs): the job was stopped already, and is closed once.
    expect((await runner.stop(queued.id))?.status).toBe("stopped");
    expect(closed).toEqual(["i1"]);

    // Running on an instance that died after the person pressed Stop: the next instance ends it, stopped.
    const orphan = await store.create({ kind: "corpus-import", params: { importId: "i2" }, origin: "page" });
    await store.claimNext("dead", ["corpus-import"], new Date(0).toISOString());
    expect(await runner.stop(orphan.id)).toMatchObject({ status: "running", stopRequested: true });
    expect(closed).toEqual(["i1"]);
    runner.start();
    try {
      await expect.poll(() => closed, { timeout: 5_000 }).toEqual(["i1", "i2"]);
    } finally {
      await runner.close();
    }
  });
});
