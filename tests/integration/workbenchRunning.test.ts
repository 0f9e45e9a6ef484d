// A run while it goes, against a real server: a reload reads the live progress (over REST and in the socket's
// subscribe snapshot), not the copy saved with the last heartbeat; a data set with a run going cannot be deleted
// (409 dataset:busy) and can once the run stopped; the review queue pages with its `after` cursor over REST.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Annotation } from "../../contract/annotation";
import type {
  DatasetResponse,
  DatasetsResponse,
  Job,
  QueueResponse,
  RunResponse,
  UploadPreview,
} from "../../contract/workbench";
import { startFakeOpenAI, type FakeServer } from "../support/fakeOpenAI";
import { startTestServer, type TestServer, type TestSocket } from "../support/server";
import { api, recordJobs, subscribe, upload } from "../support/workbench";

const FAKE = "openai-compatible:fals-adnotator";
const ROWS = 40;

const ANSWER: Annotation = {
  ton: "negativ",
  populism: false,
  anti_elitism: false,
  popor_central: false,
  tema: "altele",
  tinta: null,
  incredere: 0.7,
  justificare: "Răspuns de test.",
  dovezi: [],
};

let fake: FakeServer;
let server: TestServer;
let socket: TestSocket;
let events: ReturnType<typeof recordJobs>;
let datasetId = "";
let run: RunResponse;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.setDefault(() => ({ json: ANSWER, delayMs: 60 }));
  // One call at a time, and a heartbeat (which saves the progress) only every 20 s: the stored progress stays at 0.
  server = await startTestServer({
    OPENAI_COMPATIBLE_BASE_URL: fake.url,
    WORKBENCH_CONCURRENCY: "1",
    WORKBENCH_JOB_STALE_MS: "60000",
  });
  socket = await server.connect();
  events = recordJobs(socket);
  await subscribe(socket);
  const csv = ["id,text", ...Array.from({ length: ROWS }, (_, i) => `r${i},Comentariul numărul ${i}`)];
  const preview = await upload<UploadPreview>(server.url, "rulare.csv", csv.join("\n"));
  const created = await api<DatasetResponse>(server.url, "POST", "/datasets", {
    uploadId: preview.body.uploadId,
    mapping: { text: "text", id: "id" },
    reviewSample: { size: 5, seed: 7 },
  });
  datasetId = created.body.dataset.id;
  run = (await api<RunResponse>(server.url, "POST", "/runs", { datasetId, models: [FAKE] })).body;
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

/** Resolves once a progress event of the run's job says at least `done` rows are done. */
async function progressAtLeast(done: number): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const last = events.progress.filter((e) => e.jobId === run.job.id).at(-1);
    if (last && last.progress.done >= done) return last.progress.done;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no progress to ${done}`);
}

describe("a run in progress", () => {
  it("is read with its live progress after a reload, over REST and in the subscribe snapshot", async () => {
    const seen = await progressAtLeast(5);
    const byRun = await api<RunResponse>(server.url, "GET", `/runs/${run.run.id}`);
    expect(byRun.body.job.status).toBe("running");
    expect(byRun.body.job.progress.done).toBeGreaterThanOrEqual(seen);
    const byJob = await api<Job>(server.url, "GET", `/jobs/${run.job.id}`);
    expect(byJob.body.progress.done).toBeGreaterThanOrEqual(seen);
    const listed = await api<{ jobs: Job[] }>(server.url, "GET", "/jobs");
    expect(listed.body.jobs.find((j) => j.id === run.job.id)!.progress.done).toBeGreaterThanOrEqual(seen);
    // A page that reloads subscribes to every job: the ack's snapshot is live too, and newer than the events before it.
    const reloaded = await server.connect();
    const snapshot = (await subscribe(reloaded)).find((j) => j.id === run.job.id)!;
    expect(snapshot.progress.done).toBeGreaterThanOrEqual(seen);
    const lastEvent = events.progress.filter((e) => e.jobId === run.job.id).at(-1)!;
    expect(Date.parse(snapshot.updatedAt)).toBeGreaterThanOrEqual(Date.parse(lastEvent.at) - 1);
    expect(snapshot.progress.done).toBeLessThan(ROWS);
  });

  it("keeps its data set: deleting it is refused with 409 dataset:busy until the run has stopped", async () => {
    const busy = await api<{ error: { code: string; message: string } }>(
      server.url,
      "DELETE",
      `/datasets/${datasetId}`,
      undefined,
      { "accept-language": "en" },
    );
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe("dataset:busy");
    expect(busy.body.error.message).toMatch(/run/i);
    const stopped = await api<Job>(server.url, "POST", `/jobs/${run.job.id}/stop`);
    expect(stopped.body.status).toBe("stopped");
  });

  it("pages the review queue with the after cursor, without repeating a row", async () => {
    const first = await api<QueueResponse>(
      server.url,
      "GET",
      `/runs/${run.run.id}/queue?annotator=Ana&limit=10`,
    );
    expect(first.body.items).toHaveLength(10);
    const last = first.body.items.at(-1)!.idx;
    const second = await api<QueueResponse>(
      server.url,
      "GET",
      `/runs/${run.run.id}/queue?annotator=Ana&limit=50&after=${last}`,
    );
    const idxs = [...first.body.items, ...second.body.items].map((i) => i.idx);
    expect(new Set(idxs).size).toBe(idxs.length);
    // Every row but the five of the random sample, each once.
    expect(idxs).toHaveLength(ROWS - 5);
    const unknown = await api<{ error: { code: string } }>(
      server.url,
      "GET",
      `/runs/${run.run.id}/queue?annotator=Ana&after=${ROWS + 10}`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("item:not_found");
  });

  it("lets its data set go once stopped: the data set, its runs and its job are gone", async () => {
    const removed = await api(server.url, "DELETE", `/datasets/${datasetId}`);
    expect(removed.status).toBe(204);
    const list = await api<DatasetsResponse>(server.url, "GET", "/datasets");
    expect(list.body.datasets.map((d) => d.id)).not.toContain(datasetId);
    expect((await api(server.url, "GET", `/runs/${run.run.id}`)).status).toBe(404);
    expect((await api(server.url, "GET", `/jobs/${run.job.id}`)).status).toBe(404);
  });
});
