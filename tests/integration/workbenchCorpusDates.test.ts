// A workbench data set drawn from a corpus where one document has only the import day for a date (`dateImputed`): a
// date filter never selects it, and a run over the data set counts it in the overview's totals but in no month.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorpusOverview } from "../../contract/corpusExplore";
import type { DatasetResponse, RunResponse } from "../../contract/workbench";
import { corpusApi } from "../support/corpus";
import { startTestServer, type TestServer } from "../support/server";
import { api, recordJobs, subscribe } from "../support/workbench";

// Fictional texts written for this test.
const RECORDS = [
  { id: "p1", text: "Hoții de la putere ne fură pensiile, iar poporul plătește.", date: "2024-02-10" },
  { id: "p2", text: "Consiliul local a votat bugetul pentru spital și școli.", date: "2024-06-01" },
  {
    id: "p3",
    text: "Locuitorii se plâng că reabilitarea spitalului durează de prea mulți ani.",
    date: "2026-12-06",
    dateImputed: true,
  },
].map((r) => ({ source: "Jurnal local", platform: "stiri", url: "", lang: "ro", ...r }));

let server: TestServer;
let events: ReturnType<typeof recordJobs>;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "echochamber-wb-dates-"));
  mkdirSync(path.join(dir, "corpus", "cleaned"), { recursive: true });
  writeFileSync(
    path.join(dir, "corpus", "cleaned", "jurnal.jsonl"),
    RECORDS.map((r) => JSON.stringify(r)).join("\n") + "\n",
  );
  server = await startTestServer({}, dir);
  const socket = await server.connect();
  events = recordJobs(socket);
  await subscribe(socket);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe("a workbench data set from a corpus with an undated document", () => {
  it("leaves it out of any date filter, even one around the import day", async () => {
    const rows = async (filters: Record<string, string>) =>
      (await api<DatasetResponse>(server.url, "POST", "/datasets/from-corpus", { filters })).body.dataset
        .rows;
    expect(await rows({ dateFrom: "2024-01-01", dateTo: "2027-01-01" })).toBe(2);
    expect(await rows({ dateTo: "2027-01-01" })).toBe(2);
    const none = await api<{ error: { code: string } }>(server.url, "POST", "/datasets/from-corpus", {
      filters: { dateFrom: "2026-12-01" },
    });
    expect(none.body.error.code).toBe("dataset:corpus_no_match");
  });

  it("keeps it without a date filter, and its run counts it as undated, in no month of the overview", async () => {
    const created = await api<DatasetResponse>(server.url, "POST", "/datasets/from-corpus", {});
    expect(created.body.dataset.rows).toBe(3);
    const run = await api<RunResponse>(server.url, "POST", "/runs", {
      datasetId: created.body.dataset.id,
      models: ["offline:lexicon"],
    });
    await events.until(run.body.job.id, ["done"]);
    // The catalog is built in the background on first use: ask again until it answers.
    const overview = () =>
      corpusApi<CorpusOverview>(server.url, "GET", `/overview?annotations=run:${run.body.run.id}`);
    let res = await overview();
    for (let i = 0; i < 100 && res.status === 503; i++) {
      await new Promise((r) => setTimeout(r, 200));
      res = await overview();
    }
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const annotations = res.body.annotations!;
    expect(annotations.kind).toBe("run");
    expect(annotations.all.n).toBe(3);
    expect(annotations.undated).toBe(1);
    expect(annotations.byMonth.map((m) => m.month)).toEqual(["2024-02", "2024-06"]);
    expect(annotations.sourceMonths[0]!.months.map((m) => m.month)).toEqual(["2024-02", "2024-06"]);
  });
});
