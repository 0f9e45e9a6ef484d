// Why a run's rows failed, summed up: the store's counts carry the failure reasons per model, the live progress
// keeps counting them, and the page turns them into a warning state instead of a green "done".
import { describe, expect, it } from "vitest";
import { CODEBOOK_VERSION } from "../../contract/annotation";
import type { Job } from "../../contract/workbench";
import { failureReasons, runOutcome } from "../../client/src/state/jobs";
import { FailureTally } from "../../server/workbench/failures";
import { RunProgress } from "../../server/workbench/progress";
import { SqliteWorkbenchStore } from "../../server/workbench/sqlite";
import type { StoredOutcome } from "../../server/workbench/store";
import { finishedModel, seedDataset, storedOutcome } from "../support/workbenchStore";

function outcome(idx: number, model: string, error: StoredOutcome["error"]): StoredOutcome {
  return error
    ? storedOutcome(idx, model, { annotation: null, labels: {}, confidence: null, error })
    : storedOutcome(idx, model);
}

const auth = { code: "provider:auth", message: "cheia API nu este acceptată (401)" };
const late = { code: "provider:timeout", message: "nu a răspuns în 30 s" };

describe("the failure reasons of a run", () => {
  it("come with the store's counts per model, most frequent first, and survive into the live progress", async () => {
    const store = new SqliteWorkbenchStore(":memory:");
    const datasetId = await seedDataset(store, ["a", "b", "c", "d"], { sampleIdxs: [] });
    const run = await store.createRun({
      datasetId,
      jobId: "job-1",
      models: ["a:x", "b:y"],
      temperature: 0,
      repeats: 1,
      codebookVersion: CODEBOOK_VERSION,
      promptHashes: {},
      origin: "page",
    });
    await store.saveOutcomes(run.id, [
      outcome(0, "a:x", late),
      outcome(1, "a:x", auth),
      outcome(2, "a:x", auth),
      outcome(3, "a:x", auth),
      outcome(0, "b:y", null),
    ]);
    const counts = await store.modelCounts(run.id);
    const a = counts.find((c) => c.model === "a:x")!;
    expect(a.failed).toBe(4);
    expect(a.failures).toEqual([
      { ...auth, count: 3 },
      { ...late, count: 1 },
    ]);
    expect(counts.find((c) => c.model === "b:y")!.failures).toBeUndefined();

    const progress = new RunProgress(["a:x", "b:y"], 4, counts);
    progress.outcome({ model: "b:y", error: late, cached: false, inputTokens: 0, outputTokens: 0 });
    progress.outcome({ model: "b:y", error: late, cached: false, inputTokens: 0, outputTokens: 0 });
    const snapshot = progress.snapshot();
    expect(snapshot.models![0]!.failures).toEqual([
      { ...auth, count: 3 },
      { ...late, count: 1 },
    ]);
    expect(snapshot.models![1]!.failures).toEqual([{ ...late, count: 2 }]);
    await store.close();
  });

  it("tallies by code, ties in a stable order, a few at most", () => {
    const tally = new FailureTally();
    for (const code of ["z", "a", "m", "m", "q"]) tally.add({ code, message: code });
    expect(tally.top().map((r) => [r.code, r.count])).toEqual([
      ["m", 2],
      ["a", 1],
      ["q", 1],
    ]);
  });
});

function finished(
  done: number,
  failed: number,
  status: Job["status"] = "done",
): Pick<Job, "status" | "progress"> {
  return {
    status,
    progress: {
      total: done,
      done,
      failed,
      etaS: 0,
      models: [
        finishedModel(done, failed, {
          model: "a:x",
          pricing: "unknown",
          concurrency: 1,
          failures: failed > 0 ? [{ ...auth, count: failed }] : undefined,
        }),
      ],
    },
  };
}

describe("a finished run on the page", () => {
  it("is clean only without failures; all failed and some failed are told apart", () => {
    expect(runOutcome(finished(6, 0))).toBe("clean");
    expect(runOutcome(finished(6, 6))).toBe("allFailed");
    expect(runOutcome(finished(6, 2))).toBe("partial");
    expect(runOutcome(finished(6, 2, "running"))).toBe("clean");
    expect(failureReasons(finished(6, 6))).toEqual([{ ...auth, count: 6 }]);
  });
});
