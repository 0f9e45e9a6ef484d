// The annotation run's outcome writer: a failed write keeps its outcomes and is tried again; after
// MAX_WRITE_FAILURES in a row the run stops with a coded error; no write ever rejects where nobody waits (which
// would end the server). And the run itself over a store whose writes fail.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CODEBOOK_VERSION } from "../../contract/annotation";
import { LEXICON_MODEL } from "../../server/annotation/annotators";
import { parseConfig } from "../../server/config";
import { JobPool } from "../../server/jobs/pool";
import type { Job } from "../../contract/workbench";
import { annotationRunHandler, MAX_WRITE_FAILURES, OutcomeWriter } from "../../server/workbench/runJob";
import { SqliteWorkbenchStore } from "../../server/workbench/sqlite";
import { seedDataset } from "../support/workbenchStore";
import type { StoredOutcome, WorkbenchStore } from "../../server/workbench/store";

const outcome = (idx: number) => ({ idx }) as unknown as StoredOutcome;

/** A store whose first `failures` writes fail (Infinity: all of them); it records what it stored. */
function flakyStore(failures: number) {
  const stored: number[] = [];
  let calls = 0;
  return {
    stored,
    calls: () => calls,
    saveOutcomes: async (_runId: string, outcomes: StoredOutcome[]) => {
      calls += 1;
      if (calls <= failures) throw new Error("timeout exceeded when trying to connect");
      for (const o of outcomes) stored.push((o as unknown as { idx: number }).idx);
      return outcomes.length;
    },
  };
}

describe("OutcomeWriter", () => {
  it("keeps a failed write's outcomes and stores each once at a later try", async () => {
    const store = flakyStore(2);
    const failed: unknown[] = [];
    const writer = new OutcomeWriter(store, "r", 1, 10, (err) => failed.push(err));
    for (let i = 0; i < 25; i++) writer.add(outcome(i));
    await writer.drain();
    expect([...store.stored].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(failed).toEqual([]);
    expect(writer.failure).toBeNull();
  });

  it(`gives up after ${MAX_WRITE_FAILURES} failed writes in a row, says so once, and its flushes never reject`, async () => {
    const store = flakyStore(Infinity);
    const failed: unknown[] = [];
    const writer = new OutcomeWriter(store, "r", 1, 10, (err) => failed.push(err));
    for (let i = 0; i < 30; i++) writer.add(outcome(i));
    await expect(writer.drain()).rejects.toThrow("timeout exceeded");
    expect(store.calls()).toBe(MAX_WRITE_FAILURES);
    expect(failed).toHaveLength(1);
    await expect(writer.flush()).resolves.toBeUndefined();
    writer.add(outcome(31));
    await writer.flush();
    expect(store.calls()).toBe(MAX_WRITE_FAILURES);
  });
});

describe("an annotation run over a store whose writes fail", () => {
  async function runWith(failures: number) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-writer-"));
    const config = parseConfig({ LOG_LEVEL: "silent", DATA_DIR: dir });
    const real = new SqliteWorkbenchStore(path.join(dir, "wb.db"));
    let calls = 0;
    const store = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === "saveOutcomes")
          return async (runId: string, outcomes: StoredOutcome[]) => {
            if (++calls <= failures) throw new Error("SQLITE_BUSY: database is locked");
            return target.saveOutcomes(runId, outcomes);
          };
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as WorkbenchStore;
    const rows = 60;
    const datasetId = await seedDataset(
      store,
      Array.from({ length: rows }, (_, idx) => `Hoții din guvern ne fură pensiile, rândul ${idx}`),
    );
    const run = await store.createRun({
      datasetId,
      jobId: "j",
      models: [LEXICON_MODEL],
      temperature: 0,
      repeats: 1,
      codebookVersion: CODEBOOK_VERSION,
      promptHashes: {},
      origin: "page",
    });
    const handler = annotationRunHandler({
      store,
      config,
      pool: new JobPool({ size: 2 }),
      flushRows: 10,
      flushMs: 5,
    });
    const job = { id: "j", params: { runId: run.id, datasetId } } as unknown as Job;
    const outcome = handler({ job, signal: new AbortController().signal, progress: () => undefined }).then(
      () => "done",
      (err: unknown) => (err as { code?: string }).code ?? String(err),
    );
    const ended = await outcome;
    const stored = (await real.modelCounts(run.id))[0]?.done ?? 0;
    return { ended, stored, rows };
  }

  it("stores every row when a write fails once", async () => {
    const { ended, stored, rows } = await runWith(1);
    expect(ended).toBe("done");
    expect(stored).toBe(rows);
  });

  it("stops with run:write_failed when the writes keep failing, the server still up", async () => {
    const { ended, stored } = await runWith(Infinity);
    expect(ended).toBe("run:write_failed");
    expect(stored).toBe(0);
  });
});
