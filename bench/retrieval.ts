// bench:retrieval — the dense index at 10k and 100k chunks, side by side in one run on the same vectors: our
// index (buildIndex: HNSW graph in a worker, BM25, chunk store, files on disk; searched through the retriever),
// LangChain's HNSWLib store (@langchain/community, fed with addVectors) and exact brute force. Reports build time,
// query p50/p95, recall@10 against exact search and memory. Vectors are offline:hash embeddings of generated
// Romanian comments (or, with --vectors topic, synthetic unit vectors with topic structure).
// Both stores are built first; then their queries are timed interleaved, query by query in alternating order, so
// that load from other processes on the machine hits both alike (timed one store after the other, minutes
// apart, the comparison mostly measured the load: either store came out ahead from one run to the next).
// Prints a summary, then one JSON line.
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import { Embeddings } from "@langchain/core/embeddings";
import { buildIndex, DEFAULT_HNSW } from "../corpus/pipeline/buildIndex";
import { TopN } from "../corpus/retrieval/bm25";
import { openRetriever } from "../corpus/retrieval/hybrid";
import { DEFAULT_HASH_DIMENSIONS, HashEmbeddings } from "../server/models/offline/hashEmbeddings";
import { summarize } from "./stats";
import { generateComments, topicVectors } from "./synthetic";

const K = 10;

/**
 * Hands out precomputed vectors by text, so that every store indexes exactly the same vectors; an unknown text
 * (the build's probe of the embedder's size) gets a zero vector.
 */
class PrecomputedEmbeddings extends Embeddings {
  constructor(
    private readonly byText: Map<string, Float32Array>,
    private readonly dimensions: number,
  ) {
    super({});
  }

  private lookup(text: string): number[] {
    const vector = this.byText.get(text);
    return vector ? Array.from(vector) : new Array<number>(this.dimensions).fill(0);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.lookup(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.lookup(text);
  }
}

interface Dataset {
  texts: string[];
  /** Row i: the unit vector of texts[i]. */
  matrix: Float32Array;
  queries: number[][];
  queryTexts: string[];
  dimensions: number;
  embedMs: number;
}

function makeDataset(n: number, queryCount: number, mode: string, dimensions: number): Dataset {
  const started = performance.now();
  const comments = generateComments(n);
  const texts = comments.map((c) => c.text);
  // Held-out queries: the first words of comments the corpus does not contain, as a user would type them.
  const queryTexts = generateComments(queryCount, { seed: 99 }).map((c) =>
    c.text.split(" ").slice(0, 8).join(" "),
  );
  let matrix: Float32Array;
  let queries: number[][];
  if (mode === "topic") {
    const all = topicVectors(n + queryCount, dimensions);
    matrix = all.slice(0, n * dimensions);
    queries = Array.from({ length: queryCount }, (_, q) =>
      Array.from(all.subarray((n + q) * dimensions, (n + q + 1) * dimensions)),
    );
  } else {
    const hash = new HashEmbeddings({ dimensions });
    matrix = new Float32Array(n * dimensions);
    texts.forEach((text, i) => matrix.set(hash.embedVector(text), i * dimensions));
    queries = queryTexts.map((text) => Array.from(hash.embedVector(text)));
  }
  return { texts, matrix, queries, queryTexts, dimensions, embedMs: Math.round(performance.now() - started) };
}

/** Exact top-k by inner product over every row (the vectors are unit length, so this is cosine). */
function exactTopK(
  matrix: Float32Array,
  dimensions: number,
  query: readonly number[],
  k: number,
): { labels: number[]; kth: number } {
  const top = new TopN(k);
  const rows = matrix.length / dimensions;
  const q = Float32Array.from(query);
  for (let row = 0; row < rows; row++) {
    const offset = row * dimensions;
    let dot = 0;
    for (let i = 0; i < dimensions; i++) dot += q[i] * matrix[offset + i];
    top.offer(row, dot);
  }
  const hits = top.sorted();
  return { labels: hits.map((h) => h.doc), kth: hits.at(-1)?.score ?? 0 };
}

function similarity(matrix: Float32Array, dimensions: number, row: number, query: readonly number[]): number {
  let dot = 0;
  for (let i = 0; i < dimensions; i++) dot += query[i] * matrix[row * dimensions + i];
  return dot;
}

/**
 * Recall@k against exact search, tie-aware: a returned row counts when it is as similar as the exact k-th one
 * (the generated corpus has exact duplicates, whose order among equals is arbitrary).
 */
function recallAtK(data: Dataset, truth: { kth: number }[], results: number[][]): number {
  let hits = 0;
  results.forEach((labels, q) => {
    const found = new Set(labels.slice(0, K));
    for (const label of found) {
      if (similarity(data.matrix, data.dimensions, label, data.queries[q]) >= truth[q].kth - 1e-5) hits++;
    }
  });
  return Math.round((hits / (results.length * K)) * 1000) / 1000;
}

/** What one store returns for a query, and how long it took each time. */
interface Timed<T> {
  /** Best of the repeats, per query. */
  ms: number[];
  /** First run, per query. */
  rawMs: number[];
  out: T[];
}

/** A store's search: `prepare` runs before the clock starts (e.g. a global beam setting shared by contenders). */
interface Contender<T> {
  run: (q: number) => T | Promise<T>;
  prepare?: () => void;
}

/**
 * Times every contender on every query (after a short warm-up), interleaved: for each query, each repeat runs
 * the contenders one after the other, in an order that rotates from repeat to repeat, so that none always goes
 * first (with a warm cache) or last. With repeats > 1 a query's best time counts: on a shared machine a single
 * run's p95 mostly measures the scheduler. The first run's times are kept too (`rawMs`).
 */
async function timeInterleaved<T>(
  count: number,
  contenders: Record<string, Contender<T>>,
  repeats = 1,
): Promise<Record<string, Timed<T>>> {
  const names = Object.keys(contenders);
  const timed: Record<string, Timed<T>> = {};
  for (const name of names) timed[name] = { ms: [], rawMs: [], out: [] };
  for (let q = 0; q < Math.min(20, count); q++) {
    for (const name of names) {
      contenders[name].prepare?.();
      await contenders[name].run(q);
    }
  }
  let turn = 0;
  for (let q = 0; q < count; q++) {
    const best = new Map<string, number>();
    for (let r = 0; r < repeats; r++) {
      const shift = turn++ % names.length;
      const order = [...names.slice(shift), ...names.slice(0, shift)];
      for (const name of order) {
        const contender = contenders[name];
        contender.prepare?.();
        const started = performance.now();
        const result = await contender.run(q);
        const elapsed = performance.now() - started;
        if (r === 0) {
          timed[name].out.push(result);
          timed[name].rawMs.push(elapsed);
        }
        best.set(name, Math.min(best.get(name) ?? Number.POSITIVE_INFINITY, elapsed));
      }
    }
    for (const name of names) timed[name].ms.push(best.get(name) ?? Number.NaN);
  }
  return timed;
}

/** Times queries one after the other (for the exact scan, too slow to interleave with graph searches). */
async function timeQueries<T>(count: number, run: (q: number) => T | Promise<T>, repeats = 1) {
  return (await timeInterleaved(count, { only: { run } }, repeats)).only;
}

interface Memory {
  rssMb: number;
  heapMb: number;
}

function memoryNow(): { rss: number; heap: number } {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}

function memoryDelta(before: { rss: number; heap: number }): Memory {
  const after = memoryNow();
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  return { rssMb: mb(after.rss - before.rss), heapMb: mb(after.heap - before.heap) };
}

const REPEATS = 3;
/** hnswlib's search beam until setEf is called (ef_ = 10 in hnswalg.h). */
const HNSWLIB_DEFAULT_EF = 10;

/** Percentiles of the best-of-3 times, and the p95 of single runs for comparison. */
const latency = ({ ms, rawMs }: { ms: number[]; rawMs: number[] }) => {
  const best = summarize(ms);
  return { p50: best.p50, p95: best.p95, mean: best.mean, singleRunP95: summarize(rawMs).p95 };
};

async function benchSize(
  n: number,
  options: {
    queries: number;
    mode: string;
    dimensions: number;
    efSearch: number[];
    m?: number;
    efConstruction?: number;
    shards?: number;
    langchain: boolean;
  },
) {
  const data = makeDataset(n, options.queries, options.mode, options.dimensions);
  const { dimensions } = data;

  // Exact brute force: the reference, and a store of its own.
  const exact = await timeQueries(data.queries.length, (q) =>
    exactTopK(data.matrix, dimensions, data.queries[q], K),
  );
  const truth = exact.out;

  // Ours: the real build (files on disk, graph in a worker), then the retriever's graph search.
  const root = await mkdtemp(path.join(tmpdir(), "echochamber-bench-"));
  const ours: Record<string, unknown> = {};
  let langchain: Record<string, unknown> | null = null;
  try {
    const corpusDir = path.join(root, "corpus");
    await mkdir(path.join(corpusDir, "cleaned"), { recursive: true });
    const lines = data.texts.map((text, i) =>
      JSON.stringify({
        id: `d${i}`,
        text,
        source: "bench",
        platform: "facebook",
        date: "2025-01-01",
        url: "",
      }),
    );
    await writeFile(path.join(corpusDir, "cleaned", "bench.jsonl"), `${lines.join("\n")}\n`);
    const byText = new Map<string, Float32Array>();
    data.texts.forEach((text, i) =>
      byText.set(text, data.matrix.subarray(i * dimensions, (i + 1) * dimensions)),
    );
    data.queryTexts.forEach((text, q) => byText.set(text, Float32Array.from(data.queries[q])));
    const embeddings = new PrecomputedEmbeddings(byText, dimensions);
    const before = memoryNow();
    const hnsw = {
      ...(options.m ? { m: options.m } : {}),
      ...(options.efConstruction ? { efConstruction: options.efConstruction } : {}),
      ...(options.shards ? { shards: options.shards } : {}),
    };
    const manifest = await buildIndex({
      corpusDir,
      embeddings,
      embedderId: "bench:precomputed",
      hnsw,
      resume: false,
    });
    const retriever = await openRetriever({ corpusDir, embeddings, embedderId: "bench:precomputed" });
    ours.memoryAfterOpen = memoryDelta(before);
    ours.buildMs = manifest.build.ms;
    ours.hnsw = manifest.hnsw;

    // LangChain's store, fed the same rows.
    let store: HNSWLib | null = null;
    if (options.langchain) {
      const lcBefore = memoryNow();
      const started = performance.now();
      store = new HNSWLib(new PrecomputedEmbeddings(new Map(), dimensions), {
        space: "cosine",
        numDimensions: dimensions,
      });
      // In slices, as an application adding documents would; the vectors are the same rows as ours.
      for (let start = 0; start < n; start += 10_000) {
        const end = Math.min(n, start + 10_000);
        const vectors: number[][] = [];
        const docs: Document[] = [];
        for (let i = start; i < end; i++) {
          vectors.push(Array.from(data.matrix.subarray(i * dimensions, (i + 1) * dimensions)));
          docs.push(new Document({ pageContent: data.texts[i], metadata: { row: i } }));
        }
        await store.addVectors(vectors, docs);
      }
      langchain = {
        buildMs: Math.round(performance.now() - started),
        params: "M 16, efConstruction 200 (hnswlib-node defaults)",
        memory: memoryDelta(lcBefore),
      };
    }

    // Every graph search, ours at each beam and LangChain's as shipped and at our beam, interleaved.
    const contenders: Record<string, Contender<number[]>> = {};
    for (const efSearch of options.efSearch) {
      contenders[`ours:${efSearch}`] = {
        run: (q) => retriever.nearestInGraph(data.queries[q], K, { efSearch }).map((hit) => hit.label),
      };
    }
    const sameBeam = options.efSearch[0];
    if (store) {
      const lc = store;
      const lcSearch = async (q: number) =>
        (await lc.similaritySearchVectorWithScore(data.queries[q], K)).map(
          ([doc]) => doc.metadata.row as number,
        );
      // The store never sets the beam itself: hnswlib's default (10) is what an application gets. Setting it is
      // left out of the clock (ours sets its beam inside the timed call).
      contenders["langchain:shipped"] = { prepare: () => lc.index.setEf(HNSWLIB_DEFAULT_EF), run: lcSearch };
      contenders["langchain:sameBeam"] = { prepare: () => lc.index.setEf(sameBeam), run: lcSearch };
    }
    const timed = await timeInterleaved(data.queries.length, contenders, REPEATS);
    ours.bySearchBeam = options.efSearch.map((efSearch) => {
      const run = timed[`ours:${efSearch}`];
      return { efSearch, ...latency(run), recallAt10: recallAtK(data, truth, run.out) };
    });
    if (langchain) {
      const shipped = timed["langchain:shipped"];
      const same = timed["langchain:sameBeam"];
      langchain.asShipped = {
        efSearch: `hnswlib default (${HNSWLIB_DEFAULT_EF})`,
        ...latency(shipped),
        recallAt10: recallAtK(data, truth, shipped.out),
      };
      langchain.sameBeam = {
        efSearch: sameBeam,
        ...latency(same),
        recallAt10: recallAtK(data, truth, same.out),
      };
    }
    if (options.mode !== "topic") {
      // The whole search of the chat graph: embedding the text, dense + BM25, fusion, character pieces for the
      // best candidates, passages; interleaved with the same search without the pieces (and the dense weight it
      // had before them), which is the search of the index before pieces.
      const withoutPieces = await openRetriever({
        corpusDir,
        embeddings,
        embedderId: "bench:precomputed",
        pieceWeight: 0,
        denseWeight: 0.25,
      });
      const search = (r: typeof retriever) => (q: number) =>
        r.search(data.queryTexts[q], { k: K }).then((results) => results.length);
      const hybrid = await timeInterleaved(
        data.queryTexts.length,
        { pieces: { run: search(retriever) }, withoutPieces: { run: search(withoutPieces) } },
        REPEATS,
      );
      ours.hybridSearch = latency(hybrid.pieces);
      ours.hybridSearchWithoutPieces = latency(hybrid.withoutPieces);
    }
    ours.indexFilesMb = Object.fromEntries(
      await Promise.all(
        ["bm25.json", "pieces.json", "vectors.f32", "chunks.jsonl"].map(async (name) => [
          name,
          Math.round((await stat(path.join(corpusDir, "index", name))).size / 104857.6) / 10,
        ]),
      ),
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }

  return {
    n,
    dimensions,
    vectorsMs: data.embedMs,
    ours,
    langchain,
    exact: {
      // One run per query: a brute-force scan is long enough that the scheduler matters little.
      ...latency(exact),
      recallAt10: 1,
      memoryMb: Math.round((data.matrix.byteLength / 1048576) * 10) / 10,
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "10000,100000" },
      queries: { type: "string", default: "300" },
      vectors: { type: "string", default: "hash" },
      dims: { type: "string", default: String(DEFAULT_HASH_DIMENSIONS) },
      "ef-search": { type: "string", default: `${DEFAULT_HNSW.efSearch},64,256` },
      m: { type: "string" },
      "ef-construction": { type: "string" },
      shards: { type: "string" },
      "no-langchain": { type: "boolean", default: false },
    },
  });
  const sizes = values.sizes.split(",").map(Number);
  const options = {
    queries: Number(values.queries),
    mode: values.vectors,
    dimensions: Number(values.dims),
    efSearch: values["ef-search"].split(",").map(Number),
    m: values.m ? Number(values.m) : undefined,
    efConstruction: values["ef-construction"] ? Number(values["ef-construction"]) : undefined,
    shards: values.shards ? Number(values.shards) : undefined,
    langchain: !values["no-langchain"],
  };
  const started = performance.now();
  const results = [];
  for (const n of sizes) {
    process.stdout.write(`${n} fragmente…\n`);
    const result = await benchSize(n, options);
    results.push(result);
    const [first] = result.ours.bySearchBeam as {
      efSearch: number;
      p50: number;
      p95: number;
      recallAt10: number;
    }[];
    process.stdout.write(
      `  noi:       construire ${result.ours.buildMs} ms; interogare p50 ${first.p50} ms, p95 ${first.p95} ms, recall@10 ${first.recallAt10} (ef ${first.efSearch})\n`,
    );
    if (result.langchain) {
      const lc = result.langchain as {
        buildMs: number;
        asShipped: { p50: number; p95: number; recallAt10: number };
        sameBeam: { p50: number; p95: number; recallAt10: number };
      };
      process.stdout.write(
        `  LangChain: construire ${lc.buildMs} ms; implicit p95 ${lc.asShipped.p95} ms, recall@10 ${lc.asShipped.recallAt10}; același ef p95 ${lc.sameBeam.p95} ms, recall@10 ${lc.sameBeam.recallAt10}\n`,
      );
    }
    process.stdout.write(`  exact:     interogare p50 ${result.exact.p50} ms, p95 ${result.exact.p95} ms\n`);
    const full = result.ours.hybridSearch as { p50: number; p95: number } | undefined;
    const before = result.ours.hybridSearchWithoutPieces as { p50: number; p95: number } | undefined;
    if (full && before) {
      process.stdout.write(
        `  căutare completă (documente, pasaje): p50 ${full.p50} ms, p95 ${full.p95} ms; fără bucăți de caractere p50 ${before.p50} ms, p95 ${before.p95} ms\n`,
      );
    }
  }
  const largest = results.at(-1);
  const oursBest = (largest?.ours.bySearchBeam as { p95: number; recallAt10: number }[] | undefined)?.[0];
  const lcSame = (largest?.langchain as { sameBeam: { p95: number } } | null)?.sameBeam;
  const goals =
    largest && oursBest
      ? {
          n: largest.n,
          p95AtMost5ms: oursBest.p95 <= 5,
          recallAtLeast095: oursBest.recallAt10 >= 0.95,
          notSlowerThanLangChainAtSameBeam: lcSame ? oursBest.p95 <= lcSame.p95 : null,
        }
      : null;
  const machine = {
    cpus: availableParallelism(),
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
    node: process.version,
  };
  process.stdout.write(
    `${JSON.stringify({ bench: "retrieval", vectors: options.mode, k: K, queries: options.queries, timing: "interleaved", machine, totalMs: Math.round(performance.now() - started), goals, sizes: results })}\n`,
  );
}

await main();
