// bench:recall — retrieval quality on real Romanian text, side by side in one run. Two kinds of task:
// - comment → article (bench/newsTask.ts): a reader's comment must find the news article it was posted under,
//   among the articles and other comments (the development half of News-RO-Offense, when ../shared/data has it);
//   our hybrid, dense and BM25 modes, chunk-level ranking, and a plain document-level BM25 baseline;
// - known items (bench/knownItems.ts): a perturbed copy of a document must find it (shipped corpus; SART and
//   FB-RO-Offense when present).
// Figures are by document (the rank of the right document among distinct documents), with 95% bootstrap
// intervals. `--sweep` also prints the measurements behind the default settings (docs/retrieval.md). Data is read
// in place and indexed in a temporary folder; nothing of it is copied into the repository. Prints a summary, then
// one JSON line.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildIndex, readCleanedCorpus } from "../corpus/pipeline/buildIndex";
import type { Bm25Params } from "../corpus/retrieval/bm25";
import {
  bootstrapScores,
  documentRank,
  type ScoresWithIntervals,
  scoreRanks,
  type RetrievalScores,
} from "../corpus/retrieval/evaluation";
import { type HybridRetriever, openRetriever, type RetrieverSettings } from "../corpus/retrieval/hybrid";
import type { SearchOptions } from "../corpus/retrieval/types";
import { DEFAULT_HASH_DIMENSIONS, HashEmbeddings } from "../server/models/offline/hashEmbeddings";
import { KINDS, type KnownItem, knownItems, prepareKnownItemCorpora, type QueryKind } from "./knownItems";
import { type LabelledQuery, newsDataDir, PlainBm25, prepareNewsTask, sharedDataRoot } from "./newsTask";

/** What is compared: the default search, the same with reciprocal rank fusion, each ranking alone, chunks. */
interface Variant {
  name: string;
  search: Pick<SearchOptions, "mode" | "granularity">;
  settings?: RetrieverSettings;
}

const VARIANTS: Variant[] = [
  { name: "hybrid", search: { mode: "hybrid" } },
  { name: "hybridRrf", search: { mode: "hybrid" }, settings: { fusion: "rrf", denseWeight: 0.5 } },
  { name: "dense", search: { mode: "dense" } },
  { name: "bm25", search: { mode: "bm25" } },
  // Chunks compete (several chunks of one document may fill the list), as the retriever did before documents.
  { name: "passages", search: { mode: "hybrid", granularity: "passage" } },
];

const K = 10;
const EMBEDDER = "offline:hash";

interface VariantResult {
  scores: ScoresWithIntervals;
  byKind?: Partial<Record<QueryKind, RetrievalScores>>;
  queryMsP50: number;
}

interface SetResult {
  documents: number;
  queries: number;
  note: string;
  buildMs: number;
  variants: Record<string, VariantResult>;
}

/** Ranks of each query's document in a retriever's results (k documents; k*3 chunks at passage granularity). */
async function rankQueries(
  retriever: HybridRetriever,
  queries: readonly LabelledQuery[],
  search: Variant["search"],
): Promise<{ ranks: number[]; times: number[] }> {
  const ranks: number[] = [];
  const times: number[] = [];
  const k = search.granularity === "passage" ? 3 * K : K;
  for (const { query, docId } of queries) {
    const started = performance.now();
    const results = await retriever.search(query, { k, ...search });
    times.push(performance.now() - started);
    ranks.push(
      documentRank(
        results.map((r) => r.docId),
        docId,
      ),
    );
  }
  return { ranks, times };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 100) / 100;
}

async function openWith(
  corpusDir: string,
  embeddings: HashEmbeddings,
  settings: RetrieverSettings & { bm25?: Partial<Bm25Params> } = {},
) {
  return openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER, ...settings });
}

/** Builds the index of a set and measures every variant (and, for the comment task, the plain baseline). */
async function evaluateSet(
  corpusDir: string,
  queries: readonly (LabelledQuery | KnownItem)[],
  embeddings: HashEmbeddings,
  withBaseline: boolean,
): Promise<Omit<SetResult, "note" | "queries">> {
  const manifest = await buildIndex({
    corpusDir,
    embeddings,
    embedderId: EMBEDDER,
    rebuild: true,
    resume: false,
  });
  const variants: Record<string, VariantResult> = {};
  for (const variant of VARIANTS) {
    const retriever = await openWith(corpusDir, embeddings, variant.settings);
    const { ranks, times } = await rankQueries(retriever, queries, variant.search);
    const result: VariantResult = { scores: bootstrapScores(ranks), queryMsP50: median(times) };
    if (queries.some((q) => "kind" in q)) {
      result.byKind = Object.fromEntries(
        KINDS.map((kind) => [
          kind,
          scoreRanks(ranks.filter((_, i) => (queries[i] as KnownItem).kind === kind)),
        ]),
      );
    }
    variants[variant.name] = result;
  }
  if (withBaseline) {
    const { records } = await readCleanedCorpus(corpusDir);
    const plain = new PlainBm25(records);
    const times: number[] = [];
    const ranks = queries.map(({ query, docId }) => {
      const started = performance.now();
      const ids = plain.search(query, K);
      times.push(performance.now() - started);
      return documentRank(ids, docId);
    });
    variants.plainBm25 = { scores: bootstrapScores(ranks), queryMsP50: median(times) };
  }
  return { documents: manifest.documents, buildMs: manifest.build.ms, variants };
}

/** One setting of the sweep: what it changes, and whether the index must be rebuilt for it. */
interface SweepPoint {
  label: string;
  settings: RetrieverSettings & { bm25?: Partial<Bm25Params> };
  titleWeight?: number;
}

function sweepPoints(): SweepPoint[] {
  const points: SweepPoint[] = [{ label: "defaults", settings: {} }];
  for (const denseWeight of [0, 0.1, 0.2, 0.3, 0.4, 0.5])
    points.push({ label: `absolute fusion, dense weight ${denseWeight}`, settings: { denseWeight } });
  for (const denseWeight of [0.25, 0.5])
    points.push({
      label: `relative (min-max) fusion, dense weight ${denseWeight}`,
      settings: { fusion: "relative", denseWeight },
    });
  for (const denseWeight of [0.25, 0.5])
    points.push({ label: `RRF, dense weight ${denseWeight}`, settings: { fusion: "rrf", denseWeight } });
  for (const k1 of [2, 3]) points.push({ label: `BM25 k1 ${k1}`, settings: { bm25: { k1 } } });
  for (const b of [0.1, 0.5, 0.75]) points.push({ label: `BM25 b ${b}`, settings: { bm25: { b } } });
  for (const groupPrior of [0, 50])
    points.push({ label: `length group prior ${groupPrior}`, settings: { bm25: { groupPrior } } });
  points.push({ label: "one length norm for all sources", settings: { bm25: { groupPrior: 1e12 } } });
  points.push({
    label: "classic BM25 (b 0.75, one norm, no weights)",
    settings: { bm25: { b: 0.75, groupPrior: 1e12 }, queryTerms: { burstExponent: 0 } },
  });
  for (const burstExponent of [0, 1])
    points.push({
      label: `burstiness exponent ${burstExponent}`,
      settings: { queryTerms: { burstExponent } },
    });
  for (const maxTerms of [8, 16])
    points.push({ label: `at most ${maxTerms} query terms`, settings: { queryTerms: { maxTerms } } });
  for (const titleWeight of [1, 2])
    points.push({ label: `title weight ${titleWeight} (rebuilt)`, settings: {}, titleWeight });
  return points;
}

/** The default search (hybrid, documents) under each sweep setting, on every set. */
async function sweep(
  sets: { name: string; dir: string; queries: readonly LabelledQuery[] }[],
  embeddings: HashEmbeddings,
) {
  const rows: { label: string; results: Record<string, RetrievalScores> }[] = [];
  for (const point of sweepPoints()) {
    const results: Record<string, RetrievalScores> = {};
    for (const set of sets) {
      if (point.titleWeight !== undefined) {
        await buildIndex({
          corpusDir: set.dir,
          embeddings,
          embedderId: EMBEDDER,
          bm25: { titleWeight: point.titleWeight },
          resume: false,
        });
      }
      const retriever = await openWith(set.dir, embeddings, point.settings);
      results[set.name] = scoreRanks((await rankQueries(retriever, set.queries, { mode: "hybrid" })).ranks);
      if (point.titleWeight !== undefined)
        await buildIndex({ corpusDir: set.dir, embeddings, embedderId: EMBEDDER, resume: false });
    }
    rows.push({ label: point.label, results });
    const line = Object.entries(results)
      .map(
        ([name, s]) =>
          `${name} R@1 ${s.recallAt1.toFixed(3)} R@5 ${s.recallAt5.toFixed(3)} MRR ${s.mrr.toFixed(3)}`,
      )
      .join(" | ");
    process.stdout.write(`  ${point.label.padEnd(42)} ${line}\n`);
  }
  return rows;
}

function formatEstimate({ value, low, high }: { value: number; low: number; high: number }): string {
  return `${value.toFixed(3)} [${low.toFixed(3)}–${high.toFixed(3)}]`;
}

function printSet(name: string, set: SetResult): void {
  process.stdout.write(`\n${name}: ${set.documents} documente, ${set.queries} interogări (${set.note})\n`);
  for (const [variant, result] of Object.entries(set.variants)) {
    const s = result.scores;
    process.stdout.write(
      `  ${variant.padEnd(10)} R@1 ${formatEstimate(s.recallAt1)}  R@5 ${formatEstimate(s.recallAt5)}  R@10 ${formatEstimate(s.recallAt10)}  MRR ${formatEstimate(s.mrr)}  nDCG@10 ${formatEstimate(s.ndcgAt10)}\n`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "300" },
      dims: { type: "string", default: String(DEFAULT_HASH_DIMENSIONS) },
      seed: { type: "string", default: "2025" },
      sweep: { type: "boolean", default: false },
    },
  });
  const count = Number(values.n);
  const seed = Number(values.seed);
  const embeddings = new HashEmbeddings({ dimensions: Number(values.dims) });
  const root = await mkdtemp(path.join(tmpdir(), "echochamber-recall-"));
  const sets: Record<string, SetResult> = {};
  let sweepRows: Awaited<ReturnType<typeof sweep>> | undefined;
  try {
    const sweepSets: { name: string; dir: string; queries: readonly LabelledQuery[] }[] = [];
    const newsDir = newsDataDir();
    if (newsDir) {
      const corpusDir = path.join(root, "news", "corpus");
      await mkdir(corpusDir, { recursive: true });
      const task = await prepareNewsTask(newsDir, corpusDir);
      const result = await evaluateSet(corpusDir, task.queries, embeddings, true);
      sets.news = { ...result, queries: task.queries.length, note: task.note };
      sweepSets.push({ name: "news", dir: corpusDir, queries: task.queries });
    } else {
      process.stdout.write(
        "News-RO-Offense (../shared/data sau SHARED_DATA) lipsește: fără sarcina comentariu → articol.\n",
      );
    }
    for (const corpus of await prepareKnownItemCorpora(root, sharedDataRoot())) {
      const { records } = await readCleanedCorpus(corpus.dir);
      const items = knownItems(records, count, seed);
      const result = await evaluateSet(corpus.dir, items, embeddings, false);
      sets[corpus.name] = { ...result, queries: items.length, note: corpus.note };
      sweepSets.push({ name: corpus.name, dir: corpus.dir, queries: items });
    }
    for (const [name, set] of Object.entries(sets)) printSet(name, set);
    if (values.sweep) {
      process.stdout.write("\nSweep (hybrid, documents):\n");
      sweepRows = await sweep(sweepSets, embeddings);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  const news = sets.news?.variants;
  const goals = news
    ? {
        newsRecallAt5AtLeast070: news.hybrid.scores.recallAt5.value >= 0.7,
        newsRecallAt5: news.hybrid.scores.recallAt5.value,
        plainBm25RecallAt5: news.plainBm25.scores.recallAt5.value,
      }
    : null;
  process.stdout.write(
    `${JSON.stringify({ bench: "recall", k: K, n: count, seed, dimensions: Number(values.dims), goals, sets, sweep: sweepRows })}\n`,
  );
}

await main();
