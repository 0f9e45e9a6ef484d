// Starting a run and following it, without a browser: the model list and bounds of the run form, the settings
// sent for the estimate, cost display, and the jobs reducer that merges REST snapshots with socket events.
import { describe, expect, it } from "vitest";
import type { Job, JobProgressEvent, WorkbenchModelsResponse } from "../../contract/workbench";
import {
  canResume,
  canStop,
  formatDuration,
  initialJobsState,
  jobsReducer,
  modelProgressRows,
  progressTotals,
  runStatus,
} from "../../client/src/state/jobs";
import {
  atModelLimit,
  costKind,
  estimateKey,
  initialRunDraft,
  runSettings,
  runnableModels,
  toggleModel,
  configuredProviders,
  typedModels,
  withRepeats,
  temperatureInvalid,
  withTemperature,
  withTypedModels,
} from "../../client/src/state/runForm";
import { formatUsd } from "../../client/src/format";

const info: WorkbenchModelsResponse = {
  models: [
    {
      id: "openai:gpt-4o-mini",
      provider: "openai",
      offline: false,
      inChain: false,
      pricing: "table",
      price: { input: 0.15, output: 0.6 },
    },
    { id: "offline:lexicon", provider: "offline", offline: true, inChain: false, pricing: "local" },
    {
      id: "openai-compatible:rapid",
      provider: "openai-compatible",
      offline: false,
      inChain: true,
      pricing: "unknown",
    },
  ],
  defaults: { temperature: 0, repeats: 1, concurrency: 4 },
  limits: { maxUploadBytes: 50_000_000, maxRows: 100_000, maxModels: 2, maxRepeats: 5 },
};

describe("the run form", () => {
  it("lists the chain first, then offline models, then other providers, and checks the lexicon", () => {
    expect(runnableModels(info.models).map((m) => m.id)).toEqual([
      "openai-compatible:rapid",
      "offline:lexicon",
      "openai:gpt-4o-mini",
    ]);
    expect(initialRunDraft(info)).toEqual({ models: ["offline:lexicon"], temperature: 0, repeats: 1 });
    expect(initialRunDraft(undefined).models).toEqual([]);
  });

  it("keeps to the server's model limit and its repeat bound", () => {
    let draft = initialRunDraft(info);
    draft = toggleModel(draft, "openai-compatible:rapid", true, info);
    expect(atModelLimit(draft, info)).toBe(true);
    expect(toggleModel(draft, "openai:gpt-4o-mini", true, info)).toBe(draft);
    draft = toggleModel(draft, "offline:lexicon", false, info);
    expect(draft.models).toEqual(["openai-compatible:rapid"]);
    expect(withRepeats(draft, "9", info).repeats).toBe(5);
    expect(withRepeats(draft, "0", info).repeats).toBe(1);
  });

  it("reads a Romanian decimal temperature, clamps it, and keeps the old value for nonsense", () => {
    const draft = initialRunDraft(info);
    expect(withTemperature(draft, "0,7").temperature).toBe(0.7);
    expect(withTemperature(draft, "9").temperature).toBe(2);
    expect(withTemperature(draft, "abc")).toBe(draft);
    expect(withTemperature(draft, "")).toBe(draft);
  });

  it("calls a temperature that is no number invalid, so the form shows it and does not start", () => {
    expect(temperatureInvalid("abc")).toBe(true);
    expect(temperatureInvalid("")).toBe(true);
    expect(temperatureInvalid("0,7")).toBe(false);
    expect(temperatureInvalid(" 1.5 ")).toBe(false);
    expect(temperatureInvalid("9")).toBe(false);
  });

  it("sends settings the contract accepts, none without a model, and asks again only when they change", () => {
    const draft = { models: ["offline:lexicon"], temperature: 0.2, repeats: 3 };
    expect(runSettings("ds-1", draft)).toEqual({
      datasetId: "ds-1",
      models: ["offline:lexicon"],
      temperature: 0.2,
      repeats: 3,
    });
    expect(runSettings("ds-1", { ...draft, models: [] })).toBeUndefined();
    expect(estimateKey(runSettings("ds-1", draft))).toBe(estimateKey(runSettings("ds-1", { ...draft })));
    expect(estimateKey(runSettings("ds-1", draft))).not.toBe(
      estimateKey(runSettings("ds-1", { ...draft, repeats: 2 })),
    );
  });

  it("takes typed models of configured providers only, after the checked ones, without repeats", () => {
    const providers = configuredProviders({
      ...info,
      providers: [
        { provider: "openai", configured: true },
        { provider: "ollama", configured: false },
      ],
    });
    expect(providers).toEqual(["openai"]);
    const typed = typedModels("openai:gpt-4.1, ollama:qwen2.5:3b  nonsense openai:gpt-4.1", providers);
    expect(typed).toEqual({ ids: ["openai:gpt-4.1"], refused: ["ollama:qwen2.5:3b", "nonsense"] });
    const draft = initialRunDraft(info);
    expect(withTypedModels(draft, typed.ids).models).toEqual(["offline:lexicon", "openai:gpt-4.1"]);
    expect(withTypedModels(draft, [])).toBe(draft);
  });

  it("shows costs: free for local models, unknown without a price, small amounts not as zero", () => {
    expect(costKind("local", 0)).toBe("free");
    expect(costKind("unknown", 0)).toBe("unknown");
    expect(costKind("table", 0.01)).toBe("priced");
    expect(formatUsd(0.00004, "en")).toBe("< $0.0001");
    expect(formatUsd(0.0123, "en")).toBe("$0.0123");
    expect(formatUsd(12.4, "en")).toBe("$12.40");
    // Intl puts a no-break space between the number and the sign.
    expect(formatUsd(0.00004, "ro")).toBe("< 0,0001\u00a0$");
    expect(formatUsd(0.0123, "ro")).toBe("0,0123\u00a0$");
    expect(formatUsd(1234.5, "ro")).toBe("1.234,50\u00a0$");
  });
});

function job(over: Partial<Job> = {}): Job {
  return {
    id: "job-1",
    kind: "annotation-run",
    status: "running",
    params: { runId: "run-1", datasetId: "ds-1" },
    progress: { total: 100, done: 10, failed: 0, etaS: 30 },
    error: null,
    origin: "page",
    owner: "i-1",
    heartbeatAt: null,
    stopRequested: false,
    createdAt: "2025-05-01T10:00:00.000Z",
    updatedAt: "2025-05-01T10:00:01.000Z",
    startedAt: "2025-05-01T10:00:00.500Z",
    finishedAt: null,
    ...over,
  };
}

function progress(done: number, at: string, status: Job["status"] = "running"): JobProgressEvent {
  return {
    jobId: "job-1",
    kind: "annotation-run",
    status,
    at,
    progress: {
      total: 100,
      done,
      failed: 1,
      etaS: 5,
      models: [
        {
          model: "offline:lexicon",
          total: 100,
          done,
          failed: 1,
          cached: 2,
          ratePerS: 12.5,
          etaS: 5,
          inputTokens: 1000,
          outputTokens: 200,
          costUsd: 0.002,
          pricing: "table",
          concurrency: 4,
        },
      ],
    },
  };
}

describe("the jobs reducer", () => {
  it("applies progress newer than what it has and drops older events (a reload's snapshot crossing events)", () => {
    let state = jobsReducer(initialJobsState, { type: "jobs:snapshot", jobs: [job()] });
    state = jobsReducer(state, { type: "jobs:progress", event: progress(40, "2025-05-01T10:00:05.000Z") });
    expect(state.jobs["job-1"]!.progress.done).toBe(40);
    const late = jobsReducer(state, {
      type: "jobs:progress",
      event: progress(20, "2025-05-01T10:00:03.000Z"),
    });
    expect(late).toBe(state);
    const staleSnapshot = jobsReducer(state, {
      type: "jobs:snapshot",
      jobs: [
        job({
          updatedAt: "2025-05-01T10:00:02.000Z",
          progress: { total: 100, done: 15, failed: 0, etaS: null },
        }),
      ],
    });
    expect(staleSnapshot.jobs["job-1"]!.progress.done).toBe(40);
  });

  it("drops progress of a job it has no snapshot of (the snapshot that follows brings it)", () => {
    expect(
      jobsReducer(initialJobsState, {
        type: "jobs:progress",
        event: progress(5, "2025-05-01T10:00:05.000Z"),
      }),
    ).toBe(initialJobsState);
  });

  it("keeps a finished job finished when a running event of the same instant arrives after the end", () => {
    const done = job({
      status: "done",
      updatedAt: "2025-05-01T10:00:09.000Z",
      progress: { total: 100, done: 100, failed: 0, etaS: 0 },
    });
    let state = jobsReducer(initialJobsState, { type: "jobs:snapshot", jobs: [done] });
    state = jobsReducer(state, {
      type: "jobs:progress",
      event: progress(100, "2025-05-01T10:00:09.000Z", "running"),
    });
    expect(state.jobs["job-1"]!.status).toBe("done");
  });

  it("lets a newer snapshot bring a stopped job back to queued (resume)", () => {
    let state = jobsReducer(initialJobsState, {
      type: "jobs:snapshot",
      jobs: [job({ status: "stopped", updatedAt: "2025-05-01T10:00:05.000Z" })],
    });
    state = jobsReducer(state, {
      type: "jobs:snapshot",
      jobs: [job({ status: "queued", updatedAt: "2025-05-01T10:00:06.000Z" })],
    });
    expect(state.jobs["job-1"]!.status).toBe("queued");
  });

  it("names the status the page shows and what a person may do", () => {
    expect(runStatus({ status: "queued" })).toBe("running");
    expect(runStatus({ status: "stopped" })).toBe("stopped");
    expect(canStop({ status: "running", stopRequested: false })).toBe(true);
    expect(canStop({ status: "running", stopRequested: true })).toBe(false);
    expect(canResume({ status: "stopped" })).toBe(true);
    expect(canResume({ status: "failed" })).toBe(true);
    expect(canResume({ status: "done" })).toBe(false);
  });

  it("gives a rate only while the run goes on: a finished or stopped run's last session rate is no rate of the run", () => {
    // The server's rate counts this session's rows over its time, and says 0 for a session under 0.2 s: an 80-row
    // lexicon run ended "0,0/s" beside a longer one's "114,3/s".
    const last = progress(100, "x", "done").progress;
    const finished = { ...last, models: (last.models ?? []).map((m) => ({ ...m, ratePerS: 0 })) };
    expect(modelProgressRows({ status: "done", progress: finished })[0]!.ratePerS).toBeNull();
    expect(modelProgressRows({ status: "stopped", progress: last })[0]!.ratePerS).toBeNull();
    expect(modelProgressRows({ status: "failed", progress: last })[0]!.ratePerS).toBeNull();
    expect(modelProgressRows({ status: "running", progress: last })[0]!.ratePerS).toBe(12.5);
    expect(modelProgressRows({ status: "queued", progress: last })[0]!.ratePerS).toBe(12.5);
  });

  it("gives the per-model rows and totals of the progress panel", () => {
    const rows = modelProgressRows({ progress: progress(40, "x").progress });
    expect(rows[0]).toMatchObject({
      model: "offline:lexicon",
      done: 40,
      total: 100,
      share: 0.4,
      tokens: 1200,
      cached: 2,
    });
    expect(progressTotals({ progress: progress(40, "x").progress })).toEqual({
      tokens: 1200,
      costUsd: 0.002,
    });
    expect(rows[0]!.ratePerS).toBe(12.5);
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(185)).toBe("3 min 05 s");
    expect(formatDuration(7800)).toBe("2 h 10 min");
    expect(formatDuration(null)).toBe("—");
  });
});
