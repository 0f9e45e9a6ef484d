// bench:recall — known-item retrieval on real Romanian text nobody here wrote (SART tweets, FB-RO-Offense
// comments, from ../shared/data when present) and on the shipped corpus: each query is a perturbed copy of one
// document (diacritics dropped, words removed, a little shuffling, typos, or a short fragment), and the document
// must come back. Compares hybrid retrieval (relative-score fusion, and reciprocal rank fusion) with dense only and
// BM25 only, for offline:hash at 256 and 1024 dimensions. The data is read in place and indexed in a temp folder;
// nothing of it is copied into the repository. Prints a summary, then one JSON line.
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildIndex, type HnswParams, readCleanedCorpus } from "../corpus/pipeline/buildIndex";
import { cleanCorpus } from "../corpus/pipeline/clean";
import { importFiles } from "../corpus/pipeline/import";
import type { CorpusRecord } from "../contract/corpus";
import { openRetriever } from "../corpus/retrieval/hybrid";
import type { SearchMode } from "../corpus/retrieval/types";
import { DEFAULT_HASH_DIMENSIONS, HashEmbeddings } from "../server/models/offline/hashEmbeddings";
import { foldDiacritics } from "../contract/text";
import { seededRandom } from "./synthetic";

/** What is compared: the default hybrid search, the same with reciprocal rank fusion, each ranking alone. */
const VARIANTS = ["hybrid", "hybridRrf", "dense", "bm25"] as const;
type Variant = (typeof VARIANTS)[number];
const VARIANT_MODE: Record<Variant, SearchMode> = {
  hybrid: "hybrid",
  hybridRrf: "hybrid",
  dense: "dense",
  bm25: "bm25",
};
const KINDS = ["fragment", "drop", "shuffle", "typos", "short"] as const;
type QueryKind = (typeof KINDS)[number];

interface KnownItem {
  docId: string;
  query: string;
  kind: QueryKind;
}

interface Scores {
  recallAt1: number;
  recallAt5: number;
  recallAt10: number;
  mrr: number;
}

/** Where the real data lives: SHARED_DATA, else ../shared/data from the working directory. */
function sharedDataDir(): string | null {
  const dir = path.resolve(process.env.SHARED_DATA ?? path.join("..", "shared", "data"));
  return existsSync(path.join(dir, "sart", "train.csv")) &&
    existsSync(path.join(dir, "fb-ro-offense", "train.csv"))
    ? dir
    : null;
}

/** Drops diacritics without lower-casing, the way many comments are typed. */
function stripDiacritics(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

function misspell(random: () => number, word: string): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  const roll = random();
  if (roll < 0.34) return word.slice(0, i) + word.slice(i + 1);
  if (roll < 0.67) return word.slice(0, i) + word[i] + word.slice(i);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

/** A query that a user who half remembers the document might type. */
function perturb(random: () => number, text: string, kind: QueryKind): string {
  let words = text.split(/\s+/).filter(Boolean);
  if (kind === "typos") {
    // Misspell about 40% of the longer words (a letter dropped, doubled or swapped with its neighbour) and leave
    // out a fifth of the words: how people type on a phone.
    words = words
      .filter(() => random() >= 0.2)
      .map((word) => (word.length >= 4 && random() < 0.4 ? misspell(random, word) : word));
    if (words.length < 3) words = text.split(/\s+/).slice(0, 3);
  } else if (kind === "fragment" || kind === "short") {
    // "short": 4-5 words, one of them misspelled, no diacritics: the hardest case.
    const length = Math.min(
      words.length,
      kind === "short" ? 4 + Math.floor(random() * 2) : 6 + Math.floor(random() * 5),
    );
    const start = Math.floor(random() * (words.length - length + 1));
    words = words.slice(start, start + length);
    if (kind === "short") {
      const i = Math.floor(random() * words.length);
      if (words[i].length >= 4) words[i] = misspell(random, words[i]);
      return stripDiacritics(words.join(" "));
    }
  } else {
    // Remove 30-50% of the words ("drop"), or ~30% and swap a few neighbours ("shuffle").
    const share = kind === "drop" ? 0.3 + random() * 0.2 : 0.3;
    const kept = words.filter(() => random() >= share);
    words = kept.length >= 3 ? kept : words.slice(0, 3);
    if (kind === "shuffle") {
      const swaps = Math.max(1, Math.floor(words.length / 5));
      for (let s = 0; s < swaps && words.length > 1; s++) {
        const i = Math.floor(random() * (words.length - 1));
        [words[i], words[i + 1]] = [words[i + 1], words[i]];
      }
    }
  }
  const query = words.join(" ");
  return random() < 0.5 ? stripDiacritics(query) : query;
}

function knownItems(records: CorpusRecord[], count: number, seed: number): KnownItem[] {
  const random = seededRandom(seed);
  // Documents of at least 8 words; the fold makes texts equal up to case and diacritics count once.
  const seen = new Set<string>();
  const eligible = records.filter((r) => {
    const key = foldDiacritics(r.text);
    if (seen.has(key)) return false;
    seen.add(key);
    return r.text.split(/\s+/).filter(Boolean).length >= 8;
  });
  for (let i = eligible.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [eligible[i], eligible[j]] = [eligible[j], eligible[i]];
  }
  return eligible.slice(0, count).map((record, i) => {
    const kind = KINDS[i % KINDS.length];
    return { docId: record.id, query: perturb(random, record.text, kind), kind };
  });
}

function summarizeRanks(ranks: number[]): Scores {
  const share = (k: number) => ranks.filter((r) => r > 0 && r <= k).length / Math.max(1, ranks.length);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    recallAt1: round(share(1)),
    recallAt5: round(share(5)),
    recallAt10: round(share(10)),
    mrr: round(ranks.reduce((sum, r) => sum + (r > 0 && r <= 10 ? 1 / r : 0), 0) / Math.max(1, ranks.length)),
  };
}

interface SetResult {
  dimensions: number;
  buildMs: number;
  modes: Record<Variant, Scores & { byKind: Record<QueryKind, Scores>; queryMsP50: number }>;
}

interface EvaluateOptions {
  rrfK?: number;
  fusion?: "rrf" | "relative";
  hnsw?: Partial<HnswParams>;
  /** Dense search by exact scan only (the ceiling the HNSW graph approaches). */
  exact?: boolean;
}

async function evaluate(
  corpusDir: string,
  items: KnownItem[],
  dimensions: number,
  options: EvaluateOptions,
): Promise<SetResult> {
  const embeddings = new HashEmbeddings({ dimensions });
  const manifest = await buildIndex({
    corpusDir,
    embeddings,
    embedderId: "offline:hash",
    rebuild: true,
    hnsw: options.hnsw,
  });
  const open = (fusion: EvaluateOptions["fusion"]) =>
    openRetriever({
      corpusDir,
      embeddings,
      embedderId: "offline:hash",
      rrfK: options.rrfK,
      fusion,
      exactScanBudget: options.exact ? Number.POSITIVE_INFINITY : undefined,
    });
  const retriever = await open(options.fusion);
  const rrfRetriever = await open("rrf");
  const modes = {} as SetResult["modes"];
  for (const variant of VARIANTS) {
    const mode = VARIANT_MODE[variant];
    const searcher = variant === "hybridRrf" ? rrfRetriever : retriever;
    const ranks: number[] = [];
    const times: number[] = [];
    for (const item of items) {
      const started = performance.now();
      // More chunks than 10, so that ten distinct documents can be ranked when a document has several chunks.
      const passages = await searcher.search(item.query, { k: 30, mode });
      times.push(performance.now() - started);
      const docs = [...new Set(passages.map((p) => p.docId))];
      ranks.push(docs.indexOf(item.docId) + 1);
    }
    const byKind = Object.fromEntries(
      KINDS.map((kind) => [kind, summarizeRanks(ranks.filter((_, i) => items[i].kind === kind))]),
    ) as Record<QueryKind, Scores>;
    times.sort((a, b) => a - b);
    modes[variant] = {
      ...summarizeRanks(ranks),
      byKind,
      queryMsP50: Math.round(times[Math.floor(times.length / 2)] * 100) / 100,
    };
  }
  return { dimensions, buildMs: manifest.build.ms, modes };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "300" },
      dims: { type: "string", default: `${DEFAULT_HASH_DIMENSIONS},1024` },
      seed: { type: "string", default: "2025" },
      "rrf-k": { type: "string" },
      m: { type: "string" },
      "ef-construction": { type: "string" },
      "ef-search": { type: "string" },
      exact: { type: "boolean", default: false },
      fusion: { type: "string" },
    },
  });
  const optionalNumber = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const hnsw: Partial<HnswParams> = {};
  if (values.m) hnsw.m = Number(values.m);
  if (values["ef-construction"]) hnsw.efConstruction = Number(values["ef-construction"]);
  if (values["ef-search"]) hnsw.efSearch = Number(values["ef-search"]);
  const fusion = values.fusion === "relative" || values.fusion === "rrf" ? values.fusion : undefined;
  const evaluateOptions: EvaluateOptions = {
    rrfK: optionalNumber(values["rrf-k"]),
    fusion,
    hnsw,
    exact: values.exact,
  };
  const count = Number(values.n);
  const sizes = values.dims.split(",").map(Number);
  const seed = Number(values.seed);
  const root = await mkdtemp(path.join(tmpdir(), "echochamber-recall-"));
  const sets: Record<string, { documents: number; queries: number; results: SetResult[]; note: string }> = {};
  try {
    const shipped = path.join(root, "shipped");
    await mkdir(path.join(shipped, "cleaned"), { recursive: true });
    for (const name of await readdir(path.join("corpus", "cleaned"))) {
      if (name.endsWith(".jsonl"))
        await copyFile(path.join("corpus", "cleaned", name), path.join(shipped, "cleaned", name));
    }
    const corpora: [string, string, string][] = [
      ["shipped", shipped, "corpus/cleaned (fictional, written for the project)"],
    ];

    const shared = sharedDataDir();
    if (shared) {
      const real = path.join(root, "real");
      // Each data set is imported into its own folder first: both have a train.csv, and an import names its
      // output after the input file.
      const imports: [string, string[], string, string][] = [
        [
          "sart",
          [path.join(shared, "sart", "train.csv"), path.join(shared, "sart", "val.csv")],
          "twitter",
          "SART",
        ],
        ["fb-ro-offense", [path.join(shared, "fb-ro-offense", "train.csv")], "facebook", "FB-RO-Offense"],
      ];
      await mkdir(path.join(real, "raw"), { recursive: true });
      for (const [name, files, platform, source] of imports) {
        const staging = path.join(root, `import-${name}`);
        const result = await importFiles(files, { corpusDir: staging, textCol: "text", platform, source });
        if (result.failures.length) throw result.failures[0].error;
        for (const imported of result.results) {
          await rename(imported.output, path.join(real, "raw", `${name}-${imported.name}.jsonl`));
        }
      }
      const report = await cleanCorpus({ corpusDir: real });
      corpora.push([
        "real",
        real,
        `SART train+val and FB-RO-Offense train from ${shared}, imported and cleaned (${report.totals.read} read, ${report.totals.kept} kept)`,
      ]);
    } else {
      process.stdout.write("Datele reale (../shared/data sau SHARED_DATA) lipsesc: doar corpusul livrat.\n");
    }

    for (const [name, dir, note] of corpora) {
      const { records } = await readCleanedCorpus(dir);
      const items = knownItems(records, count, seed);
      const results: SetResult[] = [];
      for (const dimensions of sizes) results.push(await evaluate(dir, items, dimensions, evaluateOptions));
      sets[name] = { documents: records.length, queries: items.length, results, note };
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }

  for (const [name, set] of Object.entries(sets)) {
    process.stdout.write(`\n${name}: ${set.documents} documente, ${set.queries} interogări (${set.note})\n`);
    for (const result of set.results) {
      for (const variant of VARIANTS) {
        const s = result.modes[variant];
        process.stdout.write(
          `  ${String(result.dimensions).padStart(4)} dim. ${variant.padEnd(9)} R@1 ${s.recallAt1.toFixed(3)}  R@5 ${s.recallAt5.toFixed(3)}  R@10 ${s.recallAt10.toFixed(3)}  MRR ${s.mrr.toFixed(3)}\n`,
        );
      }
    }
  }
  process.stdout.write(`${JSON.stringify({ bench: "recall", n: count, seed, sets })}\n`);
}

await main();
