// The incremental index update (buildIndex on a corpus with a previous index): an index updated from corpus C
// with a change Δ must search as the index built from scratch from C + Δ: the same chunks, vectors, BM25 and
// pieces statistics (exactly), the same documents found (the graphs only approximately, as any HNSW graph);
// above the limits it falls back to a full build; a failed update leaves the old index as it was.
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Embeddings } from "@langchain/core/embeddings";
import type { CorpusRecord } from "../../contract/corpus";
import {
  buildIndex,
  buildIndexIfChanged,
  hnswFileName,
  INDEX_FILES,
  indexDir,
  type IndexManifest,
  readManifest,
} from "../../corpus/pipeline/buildIndex";
import type { Bm25Json } from "../../corpus/retrieval/bm25";
import { openRetriever } from "../../corpus/retrieval/hybrid";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";
import { generateComments } from "../../bench/synthetic";

const EMBEDDER = "offline:hash";
const embeddings = new HashEmbeddings();
const BASE = 400;

function records(from: number, to: number, seed = 42): CorpusRecord[] {
  return generateComments(to, { seed })
    .slice(from, to)
    .map((c, i) => ({
      id: c.id,
      text: c.text,
      source: c.source,
      platform: c.platform,
      date: c.date,
      url: c.url,
      // Some titled documents, so that title weights take part.
      ...(i % 7 === 0 ? { title: `Titlu ${c.topic}` } : {}),
      lang: "ro",
    }));
}

const lines = (list: CorpusRecord[]) => list.map((r) => JSON.stringify(r)).join("\n") + "\n";

/** Writes the cleaned files of a corpus: file name → records. */
async function writeCorpus(dir: string, files: Record<string, CorpusRecord[]>): Promise<void> {
  const cleaned = path.join(dir, "cleaned");
  await rm(cleaned, { recursive: true, force: true });
  await mkdir(cleaned, { recursive: true });
  for (const [name, list] of Object.entries(files)) await writeFile(path.join(cleaned, name), lines(list));
}

/** bm25.json with its postings in term order (an update may list terms in another order). */
async function bm25Of(corpusDir: string): Promise<Bm25Json> {
  const json = JSON.parse(
    await readFile(path.join(indexDir(corpusDir), INDEX_FILES.bm25), "utf8"),
  ) as Bm25Json;
  json.postings = Object.fromEntries(Object.entries(json.postings).sort(([a], [b]) => (a < b ? -1 : 1)));
  return json;
}

async function fileOf(corpusDir: string, name: string): Promise<Buffer> {
  return readFile(path.join(indexDir(corpusDir), name));
}

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "echochamber-incremental-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("an index updated with a small change", () => {
  const base = records(0, BASE);
  // Δ: 8 added documents, 4 changed (text), 1 whose source changed (BM25 group), 4 removed.
  const added = records(BASE, BASE + 8);
  const changed = new Set(["c000010", "c000100", "c000200", "c000300"]);
  const removed = new Set(["c000020", "c000150", "c000250", "c000399"]);
  const updated = base
    .filter((r) => !removed.has(r.id))
    .map((r) =>
      changed.has(r.id)
        ? { ...r, text: `${r.text} Autostrada Moldovei este gata abia în ${r.id.slice(-3)}.` }
        : r.id === "c000050"
          ? { ...r, source: "Altă pagină" }
          : r,
    );
  const files = { "a.jsonl": updated, "b.jsonl": added };
  let fullDir: string;
  let incrementalDir: string;
  let full: IndexManifest;
  let incremental: IndexManifest;

  beforeAll(async () => {
    fullDir = path.join(root, "full");
    incrementalDir = path.join(root, "incremental");
    await writeCorpus(fullDir, files);
    full = await buildIndex({ corpusDir: fullDir, embeddings, embedderId: EMBEDDER });
    await writeCorpus(incrementalDir, { "a.jsonl": base });
    await buildIndex({ corpusDir: incrementalDir, embeddings, embedderId: EMBEDDER });
    await writeCorpus(incrementalDir, files);
    incremental = await buildIndex({ corpusDir: incrementalDir, embeddings, embedderId: EMBEDDER });
  });

  it("says in the manifest that it was updated, with what it added and deleted", () => {
    expect(full.build).toMatchObject({ mode: "full", reason: "no_previous", pointsAdded: full.chunks });
    expect(incremental.build).toMatchObject({
      mode: "incremental",
      reason: "updated",
      addedDocuments: 8,
      changedDocuments: 5,
      removedDocuments: 4,
    });
    // Comments are one chunk each: 8 added and 4 changed texts get points, 4 removed and 4 replaced lose them
    // (the document whose source changed keeps its vector and its point).
    expect(incremental.build.pointsAdded).toBe(12);
    expect(incremental.build.pointsDeleted).toBe(8);
    expect(incremental.graph).toEqual({ points: BASE + 12, deleted: 8 });
    expect(incremental.chunks).toBe(full.chunks);
    expect(incremental.corpusHash).toBe(full.corpusHash);
  });

  it("stores the same chunks, vectors, BM25 and pieces as a full build", async () => {
    for (const name of [INDEX_FILES.chunks, INDEX_FILES.vectors, INDEX_FILES.pieces]) {
      expect((await fileOf(incrementalDir, name)).equals(await fileOf(fullDir, name)), name).toBe(true);
    }
    expect(await bm25Of(incrementalDir)).toEqual(await bm25Of(fullDir));
  });

  it("finds the same documents for a set of queries, with the same BM25 scores", async () => {
    // exactScanBudget 0: the graphs answer, not the exact scan that a corpus this small would get.
    const open = (corpusDir: string) =>
      openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER, exactScanBudget: 0 });
    const [a, b] = await Promise.all([open(fullDir), open(incrementalDir)]);
    const queries = [
      ...updated.filter((_, i) => i % 37 === 0).map((r) => r.text.split(" ").slice(0, 8).join(" ")),
      ...added.map((r) => r.text),
      "Autostrada Moldovei este gata",
      "pensii salarii guvern",
    ];
    let agree = 0;
    let total = 0;
    for (const query of queries) {
      const lexicalA = await a.search(query, { k: 10, mode: "bm25" });
      const lexicalB = await b.search(query, { k: 10, mode: "bm25" });
      expect(
        lexicalB.map((p) => [p.docId, p.score]),
        query,
      ).toEqual(lexicalA.map((p) => [p.docId, p.score]));
      const hybridA = await a.search(query, { k: 5 });
      const hybridB = await b.search(query, { k: 5 });
      const idsA = new Set(hybridA.map((p) => p.docId));
      agree += hybridB.filter((p) => idsA.has(p.docId)).length;
      total += hybridA.length;
      const denseB = await b.search(query, { k: 10, mode: "dense" });
      for (const hit of [...denseB, ...hybridB]) expect(removed.has(hit.docId), hit.docId).toBe(false);
    }
    // Two HNSW graphs built in another order are both approximate; on 400 points they nearly always agree.
    expect(agree / total).toBeGreaterThanOrEqual(0.95);
    // The added and changed documents are found by their own texts through the updated graph.
    for (const record of [...added, ...updated.filter((r) => changed.has(r.id))]) {
      const hits = await b.search(record.text, { k: 3, mode: "dense" });
      expect(
        hits.map((h) => h.docId),
        record.id,
      ).toContain(record.id);
    }
    // Filters reach the graph through the label map.
    const filtered = await b.search(added[0].text, {
      k: 3,
      mode: "dense",
      filters: { platform: [added[0].platform] },
    });
    expect(filtered[0]?.docId).toBe(added[0].id);
  });

  it("leaves no temporary folder behind", async () => {
    const entries = await readdir(incrementalDir);
    expect(entries.filter((e) => e.startsWith("index."))).toEqual([]);
  });
});

describe("limits of an update", () => {
  it("builds anew when too large a share of the documents changed", async () => {
    const dir = path.join(root, "share");
    const base = records(0, 200);
    await writeCorpus(dir, { "a.jsonl": base });
    await buildIndex({ corpusDir: dir, embeddings, embedderId: EMBEDDER });
    // 30 added documents: 15% of the chunks, above the 10% an update takes.
    await writeCorpus(dir, { "a.jsonl": base, "b.jsonl": records(200, 230) });
    const manifest = await buildIndex({ corpusDir: dir, embeddings, embedderId: EMBEDDER });
    expect(manifest.build).toMatchObject({ mode: "full", reason: "changes", pointsDeleted: 0 });
    expect(manifest.graph).toEqual({ points: manifest.chunks, deleted: 0 });
    // 10 more (4%): an update again.
    await writeCorpus(dir, { "a.jsonl": base, "b.jsonl": records(200, 240) });
    const next = await buildIndex({ corpusDir: dir, embeddings, embedderId: EMBEDDER });
    expect(next.build).toMatchObject({ mode: "incremental", reason: "updated", pointsAdded: 10 });
  });

  it("builds anew when deleted points would pile up, and then starts from a clean graph", async () => {
    const dir = path.join(root, "deleted");
    let current = records(0, 200);
    await writeCorpus(dir, { "a.jsonl": current });
    await buildIndex({ corpusDir: dir, embeddings, embedderId: EMBEDDER });
    const limits = { maxDeletedShare: 0.05 };
    const deletedAfter: number[] = [];
    const reasons: string[] = [];
    // Each round removes 6 documents (3%): the second round would leave 12 of 200 points deleted (6%).
    for (let round = 0; round < 3; round++) {
      current = current.slice(6);
      await writeCorpus(dir, { "a.jsonl": current });
      const manifest = await buildIndex({
        corpusDir: dir,
        embeddings,
        embedderId: EMBEDDER,
        incremental: limits,
      });
      reasons.push(manifest.build.reason);
      deletedAfter.push(manifest.graph.deleted);
    }
    expect(reasons).toEqual(["updated", "deleted", "updated"]);
    expect(deletedAfter).toEqual([6, 0, 6]);
    const retriever = await openRetriever({
      corpusDir: dir,
      embeddings,
      embedderId: EMBEDDER,
      exactScanBudget: 0,
    });
    const hits = await retriever.search(current[0].text, { k: 3, mode: "dense" });
    expect(hits.map((h) => h.docId)).toContain(current[0].id);
  });

  it("builds anew when asked to (incremental: false), as a rebuild does", async () => {
    const dir = path.join(root, "asked");
    await writeCorpus(dir, { "a.jsonl": records(0, 100) });
    await buildIndex({ corpusDir: dir, embeddings, embedderId: EMBEDDER });
    await writeCorpus(dir, { "a.jsonl": records(0, 101) });
    const manifest = await buildIndex({
      corpusDir: dir,
      embeddings,
      embedderId: EMBEDDER,
      incremental: false,
    });
    expect(manifest.build).toMatchObject({ mode: "full", reason: "rebuild", reused: 100, embedded: 1 });
    const changedGraph = await buildIndex({
      corpusDir: dir,
      embeddings,
      embedderId: EMBEDDER,
      hnsw: { m: 12 },
    });
    expect(changedGraph.build).toMatchObject({ mode: "full", reason: "settings" });
  });
});

describe("an index of format 4", () => {
  it("is updated into format 5 (its labels are its rows) rather than built anew", async () => {
    const dir = path.join(root, "format4");
    const base = records(0, 200);
    await writeCorpus(dir, { "a.jsonl": base });
    await buildIndex({ corpusDir: dir, embeddings, embedderId: EMBEDDER });
    // What format 4 wrote: no labels.i32, no graph counts or build mode in the manifest.
    const manifestFile = path.join(indexDir(dir), INDEX_FILES.manifest);
    const json = JSON.parse(await readFile(manifestFile, "utf8")) as Record<string, unknown>;
    const { graph: _graph, ...rest } = json;
    const {
      mode: _mode,
      reason: _reason,
      pointsAdded: _added,
      pointsDeleted: _deleted,
      ...build
    } = json.build as Record<string, unknown>;
    await writeFile(manifestFile, JSON.stringify({ ...rest, version: 4, build }));
    await rm(path.join(indexDir(dir), INDEX_FILES.labels));
    await expect(readManifest(dir)).rejects.toMatchObject({ code: "corpus:index_outdated" });
    await writeCorpus(dir, { "a.jsonl": base, "b.jsonl": records(200, 203) });
    const manifest = await buildIndex({ corpusDir: dir, embeddings, embedderId: EMBEDDER });
    expect(manifest).toMatchObject({ version: 5, graph: { points: 203, deleted: 0 } });
    expect(manifest.build).toMatchObject({ mode: "incremental", pointsAdded: 3, reused: 200 });
    const retriever = await openRetriever({
      corpusDir: dir,
      embeddings,
      embedderId: EMBEDDER,
      exactScanBudget: 0,
    });
    for (const record of [base[0], records(200, 203)[2]]) {
      const hits = await retriever.search(record.text, { k: 3, mode: "dense" });
      expect(hits.map((h) => h.docId)).toContain(record.id);
    }
  });
});

describe("a build only if the corpus changed (the import job's)", () => {
  it("writes nothing for the same records, and updates the index for a changed corpus", async () => {
    const dir = path.join(root, "ifchanged");
    const base = records(0, 150);
    await writeCorpus(dir, { "a.jsonl": base });
    const before = await buildIndex({ corpusDir: dir, embeddings, embedderId: EMBEDDER });
    const saved = await fileOf(dir, INDEX_FILES.manifest);
    // The same records in another file: the same corpus.
    await writeCorpus(dir, { "b.jsonl": base });
    const phases = new Set<string>();
    const same = await buildIndexIfChanged({
      corpusDir: dir,
      embeddings,
      embedderId: EMBEDDER,
      onProgress: (_done, _total, phase) => phases.add(phase),
    });
    expect(same).toEqual({ manifest: before, rebuilt: false });
    expect([...phases]).toEqual(["read"]);
    expect((await fileOf(dir, INDEX_FILES.manifest)).equals(saved)).toBe(true);
    expect((await readdir(dir)).filter((e) => e.startsWith("index."))).toEqual([]);
    await writeCorpus(dir, { "b.jsonl": [...base, ...records(150, 152)] });
    const changed = await buildIndexIfChanged({ corpusDir: dir, embeddings, embedderId: EMBEDDER });
    expect(changed.rebuilt).toBe(true);
    expect(changed.manifest?.build).toMatchObject({ mode: "incremental", addedDocuments: 2 });
  });
});

/** The offline embedder, failing from its `failAt`-th call of embedDocuments. */
class FailingEmbeddings extends Embeddings {
  calls = 0;
  constructor(private readonly failAt: number) {
    super({});
  }
  embedQuery(text: string): Promise<number[]> {
    return embeddings.embedQuery(text);
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (++this.calls >= this.failAt) throw new Error("embedder down");
    return embeddings.embedDocuments(texts);
  }
}

describe("an update that fails", () => {
  it("leaves the old index as it was, searchable, and a later update succeeds", async () => {
    const dir = path.join(root, "failing");
    const base = records(0, 300);
    await writeCorpus(dir, { "a.jsonl": base });
    const before = await buildIndex({ corpusDir: dir, embeddings, embedderId: EMBEDDER });
    const names = [...Object.values(INDEX_FILES), hnswFileName(0)];
    const saved = await Promise.all(names.map((name) => fileOf(dir, name)));
    // 20 new documents in batches of 4: the graphs are loaded and the removed points marked deleted, then the
    // embedder fails at its third batch.
    await writeCorpus(dir, { "a.jsonl": base.slice(2), "b.jsonl": records(300, 320) });
    await expect(
      buildIndex({
        corpusDir: dir,
        embeddings: new FailingEmbeddings(3),
        embedderId: EMBEDDER,
        batchSize: 4,
      }),
    ).rejects.toThrow("embedder down");
    const after = await Promise.all(names.map((name) => fileOf(dir, name)));
    names.forEach((name, i) => expect(after[i].equals(saved[i]), name).toBe(true));
    expect((await readdir(dir)).filter((e) => e.startsWith("index."))).toEqual([]);
    expect(await readManifest(dir)).toEqual(before);
    const retriever = await openRetriever({
      corpusDir: dir,
      embeddings,
      embedderId: EMBEDDER,
      exactScanBudget: 0,
    });
    const hits = await retriever.search(base[0].text, { k: 3, mode: "dense" });
    expect(hits.map((h) => h.docId)).toContain(base[0].id);
    // The next update takes the vectors the failed one saved and finishes.
    const manifest = await buildIndex({ corpusDir: dir, embeddings, embedderId: EMBEDDER, batchSize: 4 });
    expect(manifest.build).toMatchObject({ mode: "incremental", resumed: 8, embedded: 12, pointsDeleted: 2 });
  });

  it("stopped while its graph takes the new points, leaves the old index as it was", async () => {
    const dir = path.join(root, "stopped");
    const base = records(0, 300);
    await writeCorpus(dir, { "a.jsonl": base });
    const before = await buildIndex({ corpusDir: dir, embeddings, embedderId: EMBEDDER });
    const names = [...Object.values(INDEX_FILES), hnswFileName(0)];
    const saved = await Promise.all(names.map((name) => fileOf(dir, name)));
    await writeCorpus(dir, { "a.jsonl": base.slice(1), "b.jsonl": records(300, 310) });
    const controller = new AbortController();
    const phases: string[] = [];
    await expect(
      buildIndex({
        corpusDir: dir,
        embeddings,
        embedderId: EMBEDDER,
        signal: controller.signal,
        onProgress: (done, _total, phase) => {
          phases.push(phase);
          if (phase === "graph" && done > 0) controller.abort();
        },
      }),
    ).rejects.toThrow();
    expect(phases).toContain("graph");
    const after = await Promise.all(names.map((name) => fileOf(dir, name)));
    names.forEach((name, i) => expect(after[i].equals(saved[i]), name).toBe(true));
    expect((await readdir(dir)).filter((e) => e.startsWith("index."))).toEqual([]);
    expect(await readManifest(dir)).toEqual(before);
  });
});
