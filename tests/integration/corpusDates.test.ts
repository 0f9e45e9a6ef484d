// A real index (hnswlib files on disk) over a corpus where one document has only the import day for a date: the
// chat's date range leaves it out, a date filter never matches it, and its citation carries the mark.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIndex } from "../../corpus/pipeline/buildIndex";
import { openRetriever } from "../../corpus/retrieval/hybrid";
import type { HybridRetriever } from "../../corpus/retrieval/hybridRetriever";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";

const EMBEDDER = "offline:hash";
const embeddings = new HashEmbeddings();

// Fictional texts written for this test.
const RECORDS = [
  {
    id: "p1",
    text: "Primăria a anunțat reabilitarea spitalului județean cu bani europeni.",
    date: "2024-02-10",
  },
  {
    id: "p2",
    text: "Consiliul local a votat bugetul pentru reabilitarea spitalului și a școlilor.",
    date: "2024-06-01",
  },
  {
    id: "p3",
    text: "Locuitorii se plâng că reabilitarea spitalului durează de prea mulți ani.",
    date: "2026-12-06",
    dateImputed: true,
  },
].map((r) => ({ source: "Jurnal local", platform: "stiri", url: "", lang: "ro", ...r }));

let corpusDir: string;
let retriever: HybridRetriever;

beforeAll(async () => {
  corpusDir = await mkdtemp(path.join(tmpdir(), "echochamber-dates-index-"));
  await mkdir(path.join(corpusDir, "cleaned"), { recursive: true });
  await writeFile(
    path.join(corpusDir, "cleaned", "jurnal.jsonl"),
    RECORDS.map((r) => JSON.stringify(r)).join("\n") + "\n",
  );
  await buildIndex({ corpusDir, embeddings, embedderId: EMBEDDER });
  retriever = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER });
});

afterAll(async () => {
  await rm(corpusDir, { recursive: true, force: true });
});

describe("an index with an undated document", () => {
  it("gives the chat a date range of the documents' own dates", () => {
    const facets = retriever.facets();
    expect([facets.dateMin, facets.dateMax]).toEqual(["2024-02-10", "2024-06-01"]);
    expect(facets.platforms).toEqual([{ value: "stiri", count: 3 }]);
  });

  it("finds it without a date filter, its citation marked as having no date", async () => {
    const found = await retriever.search("reabilitarea spitalului", { k: 5 });
    expect(found.map((p) => p.docId).sort()).toEqual(["p1", "p2", "p3"]);
    const undated = found.find((p) => p.docId === "p3");
    expect(undated?.meta).toMatchObject({ date: "2026-12-06", dateImputed: true });
    expect(found.find((p) => p.docId === "p1")?.meta).not.toHaveProperty("dateImputed");
  });

  it("never matches it with a date filter, even one around the import day", async () => {
    const ids = async (dateFrom?: string, dateTo?: string) =>
      (
        await retriever.search("reabilitarea spitalului", {
          k: 5,
          filters: { ...(dateFrom ? { dateFrom } : {}), ...(dateTo ? { dateTo } : {}) },
        })
      )
        .map((p) => p.docId)
        .sort();
    expect(await ids("2024-01-01", "2027-01-01")).toEqual(["p1", "p2"]);
    expect(await ids("2026-12-01")).toEqual([]);
    expect(await ids(undefined, "2027-01-01")).toEqual(["p1", "p2"]);
  });
});
