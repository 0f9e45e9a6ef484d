// A workbench data set drawn from the shipped corpus by keywords (`q`): it waits for the live catalog, holds exactly
// the documents the Corpus page's Explore finds for the same words and filters, draws a seeded sample of them the same
// way twice, is counted before it is made, refuses a selection that matches nothing in the reader's language, and
// names its words in the methods paragraph.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorpusStatus } from "../../contract/corpusPage";
import type { DocumentsPage } from "../../contract/corpusExplore";
import type { UserError } from "../../contract/errors";
import { foldDiacritics } from "../../contract/text";
import type {
  CorpusCountResponse,
  DatasetResponse,
  DatasetsResponse,
  ItemDetail,
  MethodsResponse,
  RunResponse,
} from "../../contract/workbench";
import { corpusApi } from "../support/corpus";
import { startTestServer, type TestServer } from "../support/server";
import { api, recordJobs, subscribe } from "../support/workbench";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const EN = { "accept-language": "en" };
const FILTERS = { platform: ["facebook", "stiri"], dateFrom: "2024-06-01" };

let server: TestServer;
let events: ReturnType<typeof recordJobs>;

beforeAll(async () => {
  server = await startTestServer();
  const socket = await server.connect();
  events = recordJobs(socket);
  await subscribe(socket);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

/** Every document id Explore lists for the words and filters, page by page. */
async function exploreIds(q: string, filters: Record<string, string | string[]>): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const params = new URLSearchParams({ q, offset: String(offset), limit: "100" });
    for (const [key, value] of Object.entries(filters))
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    const page = await corpusApi<DocumentsPage>(server.url, "GET", `/documents?${params}`);
    expect(page.status).toBe(200);
    ids.push(...page.body.documents.map((d) => d.id));
    if (ids.length >= page.body.total) return ids;
  }
}

/** The rows of a data set (text, title and the corpus id), read one by one. */
async function rowsOf(datasetId: string, count: number) {
  const rows: ItemDetail[] = [];
  for (let idx = 0; idx < count; idx++)
    rows.push((await api<ItemDetail>(server.url, "GET", `/datasets/${datasetId}/items/${idx}`)).body);
  return rows;
}

describe("a workbench data set drawn from the corpus by keywords", () => {
  it("waits for the live catalog: 503 in the reader's language, and no data set is made", async () => {
    const ro = await api<{ error: UserError }>(server.url, "POST", "/datasets/from-corpus", { q: "pensii" });
    expect(ro.status).toBe(503);
    expect(ro.body.error.code).toBe("corpus:catalog_missing");
    expect(ro.body.error.message).toContain("se pregătesc");
    const en = await api<{ error: UserError }>(
      server.url,
      "POST",
      "/datasets/from-corpus/count",
      { q: "pensii" },
      EN,
    );
    expect(en.status).toBe(503);
    expect(en.body.error.message).toContain("being prepared");
    expect((await api<DatasetsResponse>(server.url, "GET", "/datasets")).body.datasets).toEqual([]);

    // The visit queued the catalog's build: wait for it, as the page does.
    let status = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    for (let i = 0; status.catalog !== "ready" && i < 300; i++) {
      await sleep(100);
      status = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    }
    expect(status.catalog).toBe("ready");
  }, 60_000);

  it("holds exactly what Explore finds for the same words and filters, and the count says so first", async () => {
    const explore = await exploreIds("pensii", FILTERS);
    expect(explore.length).toBeGreaterThan(3);

    const count = await api<CorpusCountResponse>(server.url, "POST", "/datasets/from-corpus/count", {
      q: "pensii",
      filters: FILTERS,
    });
    expect(count.status).toBe(200);
    expect(count.body.matches).toBe(explore.length);

    const created = await api<DatasetResponse>(server.url, "POST", "/datasets/from-corpus", {
      q: " pensii ",
      filters: FILTERS,
    });
    expect(created.status).toBe(201);
    expect(created.body.dataset.rows).toBe(explore.length);
    const rows = await rowsOf(created.body.dataset.id, created.body.dataset.rows);
    expect(rows.map((r) => r.itemId).sort()).toEqual([...explore].sort());
    for (const row of rows) {
      // The search reads titles and texts, by stem ("pensiile", "pensionarii"), diacritics folded.
      expect(foldDiacritics(`${row.meta.title ?? ""} ${row.text}`).toLowerCase()).toContain("pensi");
      expect(["facebook", "stiri"]).toContain(row.meta.platform);
      expect(row.meta.date >= "2024-06-01").toBe(true);
    }
    // Named by the selection, words first; the selection is kept as data.
    expect(created.body.dataset.name).toBe(
      "corpus (cuvinte: „pensii”; platforme: Facebook, Știri; date: 2024-06-01 – …)",
    );
    expect(JSON.parse(created.body.dataset.sourceFile.slice("corpus:".length))).toMatchObject({
      q: "pensii",
      filters: FILTERS,
    });

    // Without filters too: the whole of Explore's answer.
    const all = await exploreIds("pensii", {});
    const counted = await api<CorpusCountResponse>(server.url, "POST", "/datasets/from-corpus/count", {
      q: "pensii",
    });
    expect(counted.body.matches).toBe(all.length);
    expect(all.length).toBeGreaterThan(explore.length);
  });

  it("draws a seeded sample of the matches the same way twice, and names the words in the methods paragraph", async () => {
    const draw = async () => {
      const created = await api<DatasetResponse>(server.url, "POST", "/datasets/from-corpus", {
        q: "pensii",
        sample: { size: 5, seed: 7 },
      });
      expect(created.status).toBe(201);
      expect(created.body.dataset.rows).toBe(5);
      const rows = await rowsOf(created.body.dataset.id, 5);
      return { dataset: created.body.dataset, ids: rows.map((r) => r.itemId) };
    };
    const first = await draw();
    const second = await draw();
    expect(second.ids).toEqual(first.ids);
    const all = await exploreIds("pensii", {});
    for (const id of first.ids) expect(all).toContain(id);

    const run = await api<RunResponse>(server.url, "POST", "/runs", {
      datasetId: first.dataset.id,
      models: ["offline:lexicon"],
    });
    await events.until(run.body.job.id, ["done"]);
    const methods = await api<MethodsResponse>(server.url, "GET", `/runs/${run.body.run.id}/methods`);
    expect(methods.body.ro).toContain("corpus (cuvinte: „pensii”; eșantion aleator de 5 (sămânța 7))");
    expect(methods.body.en).toContain('corpus (keywords: "pensii"; random sample of 5 (seed 7))');
  });

  it("refuses words that match nothing, in the reader's language, and makes no data set", async () => {
    const before = (await api<DatasetsResponse>(server.url, "GET", "/datasets")).body.datasets.length;
    const count = await api<CorpusCountResponse>(server.url, "POST", "/datasets/from-corpus/count", {
      q: "ornitorinc",
    });
    expect(count.body.matches).toBe(0);
    const ro = await api<{ error: UserError }>(server.url, "POST", "/datasets/from-corpus", {
      q: "ornitorinc",
      filters: { platform: ["stiri"] },
    });
    expect(ro.status).toBe(422);
    expect(ro.body.error.code).toBe("dataset:corpus_no_match");
    expect(ro.body.error.message).toBe(
      "Niciun text din corpus nu se potrivește cu selecția: corpus (cuvinte: „ornitorinc”; platforme: Știri). " +
        "Încercați alte cuvinte sau mai puține filtre.",
    );
    const en = await api<{ error: UserError }>(
      server.url,
      "POST",
      "/datasets/from-corpus",
      { q: "ornitorinc" },
      EN,
    );
    expect(en.body.error.message).toBe(
      'No text of the corpus matches the selection: corpus (keywords: "ornitorinc"). Try other words or fewer filters.',
    );
    // Punctuation alone is no search (it would match everything).
    const blank = await api<{ error: UserError }>(server.url, "POST", "/datasets/from-corpus", { q: "„ !" });
    expect(blank.status).toBe(400);
    expect(blank.body.error.code).toBe("input:invalid");
    expect((await api<DatasetsResponse>(server.url, "GET", "/datasets")).body.datasets).toHaveLength(before);
  });
});
