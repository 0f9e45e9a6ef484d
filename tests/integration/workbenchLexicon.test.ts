// A dictionary run big enough for the lexicon worker threads (several pages), against a real server: stopped while
// the threads work and resumed, it stores every (row, repeat) exactly once, in the rows' order of the data set, with
// what the dictionary says of each text on the main thread.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetResponse, Job, RunResponse, UploadPreview } from "../../contract/workbench";
import { annotateLexicon } from "../../server/models/offline/lexicon";
import { startTestServer, type TestServer, type TestSocket } from "../support/server";
import { api, download, recordJobs, subscribe, upload } from "../support/workbench";

const ROWS = 4000;
const REPEATS = 2;
const OPENINGS = ["Guvernul", "Poporul", "Primăria", "Parlamentul", "Profesorii"];
const ENDINGS = ["ne fură pensiile!", "a făcut o treabă bună.", "mută ședința pe joi.", "e plin de hoți."];
const text = (i: number) => `${OPENINGS[i % 5]} ${ENDINGS[Math.floor(i / 5) % 4]} (nr. ${i})`;

let server: TestServer;
let socket: TestSocket;
let events: ReturnType<typeof recordJobs>;
let run: RunResponse;

beforeAll(async () => {
  server = await startTestServer({});
  socket = await server.connect();
  events = recordJobs(socket);
  await subscribe(socket);
  const csv = ["id,text", ...Array.from({ length: ROWS }, (_, i) => `r${i},${text(i)}`)];
  const preview = await upload<UploadPreview>(server.url, "mare.csv", csv.join("\n"));
  const created = await api<DatasetResponse>(server.url, "POST", "/datasets", {
    uploadId: preview.body.uploadId,
    mapping: { text: "text", id: "id" },
  });
  run = (
    await api<RunResponse>(server.url, "POST", "/runs", {
      datasetId: created.body.dataset.id,
      models: ["offline:lexicon"],
      repeats: REPEATS,
    })
  ).body;
});

afterAll(async () => {
  await server?.close();
});

describe("a dictionary run through the lexicon threads", () => {
  it("is stopped part-way, resumed, and stores each row and repeat once, as the dictionary says", async () => {
    const stop = await api(server.url, "POST", `/jobs/${run.job.id}/stop`);
    expect(stop.status).toBe(200);
    const stopped: Job = await events.until(run.job.id, ["stopped", "done"]);
    // Resumed from what the store holds, whatever the stop left (nothing, a few pages, or all of it).
    if (stopped.status === "stopped") {
      expect((await api(server.url, "POST", `/jobs/${run.job.id}/resume`)).status).toBe(200);
    }
    const done = await events.until(run.job.id, ["done"], 60_000);
    expect(done.progress).toMatchObject({ total: ROWS * REPEATS, done: ROWS * REPEATS, failed: 0 });

    const jsonl = await download(server.url, `/runs/${run.run.id}/export?format=jsonl`);
    const lines = jsonl.bytes
      .toString("utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { row: number; repeat: number; text: string; annotation: unknown });
    expect(lines).toHaveLength(ROWS * REPEATS);
    expect(new Set(lines.map((l) => `${l.row}:${l.repeat}`)).size).toBe(ROWS * REPEATS);
    for (const i of [0, 999, 1000, 2501, ROWS - 1]) {
      const line = lines.find((l) => l.row === i + 1 && l.repeat === 2)!;
      expect(line.text).toBe(text(i));
      expect(line.annotation).toEqual(annotateLexicon(text(i)));
    }
  });
});
