// The switch of the chat to a new index, without a restart: a search that started on the old index finishes on it
// even when the swap happens while it runs (real hnswlib indexes, a slow embedder to widen the window), and chat
// turns sent over socket.io while an import runs and commits all finish, each on one whole index: before the
// switch none cites the new file, after it every one does, and the REST view of the corpus is always one index. The
// worker commits the index (the chat may switch) before it builds the catalog, so the chat never waits for it.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorpusChangedEvent, CorpusPreview } from "../../contract/corpusPage";
import type { HealthResponse } from "../../contract/api";
import { buildIndex } from "../../corpus/pipeline/buildIndex";
import { openRetriever, type HybridRetriever } from "../../corpus/retrieval/hybrid";
import { LiveCorpus } from "../../server/corpus/liveCorpus";
import { CorpusCatalog } from "../../server/corpus/catalog/catalog";
import { CATALOG_FILE } from "../../server/corpus/catalog/schema";
import { runPipeline, type PipelineStage } from "../../server/corpus/worker/pipeline";
import { indexDir, readManifest } from "../../corpus/pipeline/indexFormat";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";
import { askChat, corpusApi, uploadCorpusFile, waitForImport, windows1250Csv } from "../support/corpus";
import { startTestServer, type TestServer, type TestSocket } from "../support/server";

const MARKER_TEXT =
  "Voluntarii asociației Izvorul Limpede au reparat fântâna veche de pe ulița Zărneștilor și au pus o placă nouă.";
const QUESTION = "Ce au reparat voluntarii asociației Izvorul Limpede pe ulița Zărneștilor?";

const BASE = [
  "Guvernul a anunțat indexarea pensiilor cu cinci la sută de la întâi ianuarie.",
  "Primăria a asfaltat strada principală, dar trotuarele au rămas pline de gropi.",
  "Spitalul județean a primit aparatură nouă pentru secția de cardiologie.",
  "Profesorii cer salarii mai mari și manuale tipărite la timp pentru elevi.",
];

/** An embedder that takes its time: a query's vector arrives after `delayMs`, so a swap can land mid-search. */
class SlowEmbeddings extends HashEmbeddings {
  constructor(private readonly delayMs: number) {
    super();
  }
  override async embedQuery(text: string): Promise<number[]> {
    await new Promise((r) => setTimeout(r, this.delayMs));
    return super.embedQuery(text);
  }
}

async function indexOf(
  texts: string[],
  embeddings: EmbeddingsInterface,
): Promise<{ dir: string; retriever: HybridRetriever }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-swap-"));
  mkdirSync(path.join(dir, "cleaned"));
  const records = texts.map((text, i) => ({
    id: i < BASE.length ? `b${i}` : "marker",
    text,
    source: "Test",
    platform: "facebook",
    date: "2025-03-0" + (1 + (i % 9)),
    url: "",
    lang: "ro",
  }));
  writeFileSync(path.join(dir, "cleaned", "test.jsonl"), records.map((r) => JSON.stringify(r)).join("\n"));
  await buildIndex({ corpusDir: dir, embeddings, embedderId: "offline:hash" });
  return { dir, retriever: await openRetriever({ corpusDir: dir, embeddings, embedderId: "offline:hash" }) };
}

describe("LiveCorpus: one reference, swapped whole", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("a search that started on the old index finishes on it, even when the swap lands while it runs", async () => {
    const embeddings = new SlowEmbeddings(60);
    const old = await indexOf(BASE, embeddings);
    const next = await indexOf([...BASE, MARKER_TEXT], embeddings);
    dirs.push(old.dir, next.dir);
    const live = new LiveCorpus(old.retriever);
    const pinned = live.generation;
    const seen: number[] = [];
    live.onSwap((g) => seen.push(g.version));

    const inflight = live.search(QUESTION, { k: 3 });
    live.swap({ retriever: next.retriever, catalog: null });
    expect((await inflight).map((p) => p.docId)).not.toContain("marker");
    expect((await live.search(QUESTION, { k: 3 })).map((p) => p.docId)[0]).toBe("marker");
    expect(seen).toEqual([2]);
    expect(live.size).toBe(BASE.length + 1);
    // Whoever held on to a generation still reads that whole index.
    expect(pinned.version).toBe(1);
    expect((await pinned.retriever.search(QUESTION, { k: 3 })).map((p) => p.docId)).not.toContain("marker");
  });
});

describe("the chat while an import commits: every turn on one whole index", () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    for (let i = 0; i < 4; i++) sockets.push(await server.connect());
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("turns sent during the import all finish; none cites the file before the switch, all do after", async () => {
    const rows = [
      ["id", "text", "data"],
      ["marker", MARKER_TEXT, "03.03.2025"],
    ];
    for (let i = 0; i < 300; i++)
      rows.push([
        `r${i}`,
        `${BASE[i % BASE.length]} Comentariul numărul ${i} din satul ${i % 17}.`,
        "04.03.2025",
      ]);
    const preview = (await uploadCorpusFile<CorpusPreview>(server.url, "zarnesti.csv", windows1250Csv(rows)))
      .body;
    const chunks = async () =>
      ((await (await fetch(`${server.url}/api/health`)).json()) as HealthResponse).corpus.chunks;
    const oldChunks = await chunks();

    let changedAt = Infinity;
    sockets[0]!.on("corpus:changed", (_e: CorpusChangedEvent) => {
      changedAt = performance.now();
    });
    const started = await corpusApi<{ record: { id: string } }>(server.url, "POST", "/imports", {
      uploadId: preview.uploadId,
    });
    let finished = false;
    const job = waitForImport(server.url, started.body.record.id).finally(() => (finished = true));

    interface Turn {
      start: number;
      end: number;
      docs: string[];
    }
    const turns: Turn[] = [];
    const chunkCounts = new Set<number>();
    let afterSwitch = 0;
    const loop = async (socket: TestSocket) => {
      // Until the job is over, and then a few turns more on the new index.
      while (!finished || afterSwitch < 8) {
        const start = performance.now();
        const { sources } = await askChat(socket, QUESTION);
        const end = performance.now();
        turns.push({ start, end, docs: sources.map((s) => s.docId) });
        if (start > changedAt) afterSwitch += 1;
      }
    };
    const poll = async () => {
      while (!finished) {
        chunkCounts.add(
          (await corpusApi<HealthResponse>(server.url, "GET", "/../health")).body.corpus.chunks,
        );
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await Promise.all([...sockets.map(loop), poll()]);
    const done = await job;
    expect(done.job?.status).toBe("done");

    const newChunks = await chunks();
    expect(newChunks).toBeGreaterThan(oldChunks);
    // The REST view never showed anything but one index or the other.
    for (const count of chunkCounts) expect([oldChunks, newChunks]).toContain(count);

    const before = turns.filter((t) => t.end < changedAt);
    const after = turns.filter((t) => t.start > changedAt);
    expect(before.length).toBeGreaterThan(3);
    expect(after.length).toBeGreaterThanOrEqual(8);
    for (const turn of before) expect(turn.docs).not.toContain("marker");
    for (const turn of after) expect(turn.docs[0]).toBe("marker");
  }, 120_000);
});

describe("the corpus worker's pipeline: the index first, its catalog after", () => {
  it("commits the new index and says so before the catalog is begun, then builds the catalog of that index", async () => {
    const embeddings = new HashEmbeddings();
    const { dir } = await indexOf(BASE, embeddings);
    // The index in place has a catalog (as after the page's first visit).
    const noop = { embeddings, embedderId: "offline:hash", progress: () => undefined };
    await runPipeline({ op: "catalog", id: "t0", corpusDir: dir }, noop);
    expect(existsSync(path.join(indexDir(dir), CATALOG_FILE))).toBe(true);
    const csv = path.join(dir, "nou.csv");
    writeFileSync(csv, `id,text\nmarker,${MARKER_TEXT}\n`);
    const events: string[] = [];
    let catalogAtCommit: boolean | null = null;
    const result = await runPipeline(
      {
        op: "import",
        id: "t1",
        corpusDir: dir,
        file: csv,
        fileName: "nou.csv",
        collection: "nou",
        settings: {},
      },
      {
        embeddings,
        embedderId: "offline:hash",
        progress: (stage: PipelineStage, done, total) => {
          if (events.at(-1) !== stage) events.push(stage);
          if (stage === "annotate" && done >= total) events.push("annotate:done");
        },
        committed: (committed) => {
          events.push("committed");
          expect(committed.catalog).toBeUndefined();
          catalogAtCommit = existsSync(path.join(indexDir(dir), CATALOG_FILE));
        },
      },
    );
    // Committed after the index and before any of the catalog's work.
    expect(events.indexOf("committed")).toBeGreaterThan(events.indexOf("index"));
    expect(events.indexOf("annotate")).toBeGreaterThan(events.indexOf("committed"));
    // The old catalog did not come along with the new index: it describes another corpus.
    expect(catalogAtCommit).toBe(false);
    const manifest = (await readManifest(dir))!;
    expect(manifest.documents).toBe(BASE.length + 1);
    // The old catalog, opened before the commit, lent its annotations of the unchanged documents.
    expect(result.catalog).toMatchObject({
      documents: BASE.length + 1,
      corpusHash: manifest.corpusHash,
      annotated: 1,
      reused: BASE.length,
    });
    const catalog = CorpusCatalog.open(path.join(indexDir(dir), CATALOG_FILE));
    expect(catalog.corpusHash).toBe(manifest.corpusHash);
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
