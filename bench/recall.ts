// bench:recall — retrieval quality on real Romanian text, side by side in one run. Two kinds of task:
// - comment → article (bench/newsTask.ts): a reader's comment must find the news article it was posted under,
//   among the articles and other comments (the development half of News-RO-Offense, when ../shared/data has it);
//   our hybrid, dense and BM25 modes, the default search without character pieces (as it was before them),
//   chunk-level ranking, and a plain document-level BM25 baseline;
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
import { buildIndex, type BuildIndexOptions, readCleanedCorpus } from "../corpus/pipeline/buildIndex";
import {
  bootstrapScores,
  documentRank,
  type ScoresWithIntervals,
  scoreRanks,
  type RetrievalScores,
} from "../corpus/retrieval/evaluation";
import {
  type HybridRetriever,
  openRetriever,
  type OpenRetrieverOptions,
  type RetrieverSettings,
} from "../corpus/retrieval/hybrid";
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
  // The default search before character pieces: words only, and the dense weight it had then.
  { name: "hybridNoPieces", search: { mode: "hybrid" }, settings: { pieceWeight: 0, denseWeight: 0.25 } },
  { name: "hybridRrf", search: { mode: "hybrid" }, settings: { fusion: "rrf", denseWeight: 0.5 } },
  { name: "dense", search: { mode: "dense" } },
  { name: "bm25", search: { mode: "bm25" } },
  { name: "bm25Words", search: { mode: "bm25" }, settings: { pieceWeight: 0 } },
  // Chunks compete (several chunks of one document may fill the list), as the retriever did before documents.
  { name: "passages", search: { mode: "hybrid", granularity: "passage" } },
];

const K = 10;
const EMBEDDER = "offline:hash";

interface VariantResult {
  scores: ScoresWithIntervals;
  /**
   * Comment task only: recall@5 of the queries asking for the two documents most queries ask for (two articles
   * draw half of the queries) and of all the others, apart: a change that helps only the popular articles (a
   * popularity prior in disguise) raises recall@5 and lowers the second figure.
   */
  split?: PopularSplit;
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

interface PopularSplit {
  popular: number;
  others: number;
}

function popularSplit(ranks: readonly number[], queries: readonly LabelledQuery[]): PopularSplit {
  const asked = new Map<string, number>();
  for (const { docId } of queries) asked.set(docId, (asked.get(docId) ?? 0) + 1);
  const popular = new Set(
    [...asked]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([docId]) => docId),
  );
  const hits = { popular: [0, 0], others: [0, 0] };
  queries.forEach(({ docId }, i) => {
    const side = popular.has(docId) ? hits.popular : hits.others;
    side[1]++;
    if (ranks[i] > 0 && ranks[i] <= 5) side[0]++;
  });
  const share = ([found, all]: number[]) => Math.round((found / Math.max(1, all)) * 1000) / 1000;
  return { popular: share(hits.popular), others: share(hits.others) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 100) / 100;
}

/** Search settings and the BM25 settings that apply without a rebuild (hybrid.ts). */
type OpenSettings = RetrieverSettings & Pick<OpenRetrieverOptions, "bm25" | "pieces">;

async function openWith(corpusDir: string, embeddings: HashEmbeddings, settings: OpenSettings = {}) {
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
    if (withBaseline) result.split = popularSplit(ranks, queries);
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
    variants.plainBm25 = {
      scores: bootstrapScores(ranks),
      split: popularSplit(ranks, queries),
      queryMsP50: median(times),
    };
  }
  return { documents: manifest.documents, buildMs: manifest.build.ms, variants };
}

/** One setting of the sweep: what it changes, and the index settings it needs a rebuild for. */
interface SweepPoint {
  label: string;
  settings: OpenSettings;
  rebuild?: Pick<BuildIndexOptions, "bm25" | "pieces">;
}

function sweepPoints(): SweepPoint[] {
  const points: SweepPoint[] = [{ label: "defaults", settings: {} }];
  for (const pieceWeight of [0, 0.3, 0.75, 1])
    points.push({ label: `piece weight ${pieceWeight}`, settings: { pieceWeight } });
  points.push({
    label: "pieces and dense weight 0.25 (before)",
    settings: { pieceWeight: 0, denseWeight: 0.25 },
  });
  for (const maxTerms of [32, 128])
    points.push({ label: `at most ${maxTerms} query pieces`, settings: { queryPieces: { maxTerms } } });
  for (const b of [0.3, 0.75]) points.push({ label: `pieces' b ${b}`, settings: { pieces: { b } } });
  points.push({
    label: "pieces' title weight 3 (rebuilt)",
    settings: {},
    rebuild: { pieces: { titleWeight: 3 } },
  });
  for (const denseWeight of [0, 0.1, 0.2, 0.25, 0.3, 0.5])
    points.push({ label: `absolute fusion, dense weight ${denseWeight}`, settings: { denseWeight } });
  points.push({ label: "relative (min-max) fusion", settings: { fusion: "relative" } });
  points.push({
    label: "RRF, dense weight 0.5 (equal weights)",
    settings: { fusion: "rrf", denseWeight: 0.5 },
  });
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
  for (const maxTerms of [16, 64])
    points.push({ label: `at most ${maxTerms} query terms`, settings: { queryTerms: { maxTerms } } });
  for (const titleWeight of [1, 2])
    points.push({
      label: `title weight ${titleWeight} (rebuilt)`,
      settings: {},
      rebuild: { bm25: { titleWeight } },
    });
  return points;
}

/** The default search (hybrid, documents) under each sweep setting, on every set. */
async function sweep(
  sets: { name: string; dir: string; queries: readonly LabelledQuery[] }[],
  embeddings: HashEmbeddings,
) {
  type SweepScores = RetrievalScores & Partial<PopularSplit>;
  const rows: { label: string; results: Record<string, SweepScores> }[] = [];
  for (const point of sweepPoints()) {
    const results: Record<string, SweepScores> = {};
    for (const set of sets) {
      if (point.rebuild)
        await buildIndex({
          corpusDir: set.dir,
          embeddings,
          embedderId: EMBEDDER,
          resume: false,
          ...point.rebuild,
        });
      const retriever = await openWith(set.dir, embeddings, point.settings);
      const { ranks } = await rankQueries(retriever, set.queries, { mode: "hybrid" });
      const split = set.name === "news" ? popularSplit(ranks, set.queries) : {};
      results[set.name] = { ...scoreRanks(ranks), ...split };
      if (point.rebuild)
        await buildIndex({ corpusDir: set.dir, embeddings, embedderId: EMBEDDER, resume: false });
    }
    rows.push({ label: point.label, results });
    const line = Object.entries(results)
      .map(
        ([name, s]) =>
          `${name} R@1 ${s.recallAt1.toFixed(3)} R@5 ${s.recallAt5.toFixed(3)} R@10 ${s.recallAt10.toFixed(3)} MRR ${s.mrr.toFixed(3)}${s.others === undefined ? "" : ` R@5 popular ${s.popular?.toFixed(3)} others ${s.others.toFixed(3)}`}`,
      )
      .join(" | ");
    process.stdout.write(`  ${point.label.padEnd(44)} ${line}\n`);
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
      `  ${variant.padEnd(14)} R@1 ${formatEstimate(s.recallAt1)}  R@5 ${formatEstimate(s.recallAt5)}  R@10 ${formatEstimate(s.recallAt10)}  MRR ${formatEstimate(s.mrr)}  nDCG@10 ${formatEstimate(s.ndcgAt10)}${result.split ? `  R@5 popular ${result.split.popular.toFixed(3)} others ${result.split.others.toFixed(3)}` : ""}\n`,
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
