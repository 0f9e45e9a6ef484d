// bench:incremental — a small import into a large corpus: the index step after adding a few documents to a corpus
// of n generated comments (default 50,000), as a full build (every vector reused, the graph, BM25 and pieces built
// from all of them: what every import did before) and as an update (the previous graph loaded, the new points
// added, BM25 and pieces updated), side by side from copies of the same previous index. For each: wall time, CPU
// time (all threads) and peak resident memory of a child process that runs only that build, and when each of the
// build's phases began; then
// whether the two indexes search alike: BM25 top 10 (ids and scores) identical, hybrid top 10 overlap, and each
// graph's recall@10 against an exact scan. Prints a summary, then one JSON line.
// Options: --n 50000, --added 2,200, --runs 1 (median of N builds of each kind, alternating), --queries 200.
import { fork } from "node:child_process";
import { once } from "node:events";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { CorpusRecord } from "../contract/corpus";
import { buildIndex, type IndexManifest, type IndexPhase } from "../corpus/pipeline/buildIndex";
import { openRetriever } from "../corpus/retrieval/hybrid";
import { HashEmbeddings } from "../server/models/offline/hashEmbeddings";
import { seededRandom, generateComments } from "./synthetic";

const EMBEDDER = "offline:hash";
const embeddings = new HashEmbeddings();

function toRecords(comments: ReturnType<typeof generateComments>): CorpusRecord[] {
  return comments.map((c) => ({
    id: c.id,
    text: c.text,
    source: c.source,
    platform: c.platform,
    date: c.date,
    url: c.url,
    lang: "ro",
  }));
}

async function writeCleaned(corpusDir: string, name: string, records: CorpusRecord[]): Promise<void> {
  await mkdir(path.join(corpusDir, "cleaned"), { recursive: true });
  await writeFile(
    path.join(corpusDir, "cleaned", name),
    records.map((r) => JSON.stringify(r)).join("\n") + "\n",
  );
}

interface Run {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  /** When each phase first reported, ms from the start. */
  phases: Partial<Record<IndexPhase, number>>;
  manifest: IndexManifest;
}

/**
 * One build in a child process of its own (this script with --child): its wall time and CPU time (all threads)
 * around buildIndex, and its peak resident memory (the kernel's maxRSS), not blurred by the parent's heap.
 */
async function timedBuild(corpusDir: string, incremental: boolean): Promise<Run> {
  const child = fork(
    fileURLToPath(import.meta.url),
    ["--child", corpusDir, ...(incremental ? [] : ["--full"])],
    {
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    },
  );
  let out = "";
  child.stdout?.on("data", (data: Buffer) => (out += data.toString()));
  const [code] = (await once(child, "exit")) as [number];
  if (code !== 0) throw new Error(`the build in ${corpusDir} exited with ${code}`);
  return JSON.parse(out) as Run;
}

/** The child: one build, its figures as JSON on stdout. */
async function childBuild(corpusDir: string, incremental: boolean): Promise<void> {
  const phases: Partial<Record<IndexPhase, number>> = {};
  const cpu = process.cpuUsage();
  const started = performance.now();
  const manifest = await buildIndex({
    corpusDir,
    embeddings,
    embedderId: EMBEDDER,
    ...(incremental ? {} : { incremental: false as const }),
    onProgress: (_done, _total, phase) => {
      phases[phase] ??= Math.round(performance.now() - started);
    },
  });
  const ms = Math.round(performance.now() - started);
  const used = process.cpuUsage(cpu);
  const run: Run = {
    ms,
    cpuMs: Math.round((used.user + used.system) / 1000),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    phases,
    manifest,
  };
  process.stdout.write(JSON.stringify(run));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** How the two indexes of the same corpus search: BM25 identical, hybrid overlap, each graph against exact. */
async function agreement(fullDir: string, updatedDir: string, queries: string[]) {
  const open = (corpusDir: string, exactScanBudget: number) =>
    openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER, exactScanBudget });
  const [full, updated, exact] = await Promise.all([
    open(fullDir, 0),
    open(updatedDir, 0),
    open(fullDir, Number.MAX_SAFE_INTEGER),
  ]);
  let bm25Identical = 0;
  let hybridShared = 0;
  let hybridTotal = 0;
  const recall = { full: 0, updated: 0, total: 0 };
  for (const query of queries) {
    const key = (hits: { docId: string; score: number }[]) =>
      JSON.stringify(hits.map((h) => [h.docId, h.score]));
    const [lexicalA, lexicalB] = await Promise.all([
      full.search(query, { k: 10, mode: "bm25" }),
      updated.search(query, { k: 10, mode: "bm25" }),
    ]);
    if (key(lexicalA) === key(lexicalB)) bm25Identical++;
    const hybridA = await full.search(query, { k: 10 });
    const hybridB = await updated.search(query, { k: 10 });
    const idsA = new Set(hybridA.map((h) => h.docId));
    hybridShared += hybridB.filter((h) => idsA.has(h.docId)).length;
    hybridTotal += hybridA.length;
    const truth = new Set((await exact.search(query, { k: 10, mode: "dense" })).map((h) => h.docId));
    for (const [name, retriever] of [
      ["full", full],
      ["updated", updated],
    ] as const) {
      const hits = await retriever.search(query, { k: 10, mode: "dense" });
      recall[name] += hits.filter((h) => truth.has(h.docId)).length;
    }
    recall.total += truth.size;
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    queries: queries.length,
    bm25Top10Identical: round(bm25Identical / queries.length),
    hybridTop10Overlap: round(hybridShared / Math.max(1, hybridTotal)),
    denseRecallAt10: {
      full: round(recall.full / recall.total),
      updated: round(recall.updated / recall.total),
    },
  };
}

function summary(run: Run) {
  const { manifest, ...rest } = run;
  const b = manifest.build;
  return {
    ...rest,
    mode: b.mode,
    reason: b.reason,
    pointsAdded: b.pointsAdded,
    pointsDeleted: b.pointsDeleted,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "50000" },
      added: { type: "string", default: "2,200" },
      runs: { type: "string", default: "1" },
      queries: { type: "string", default: "200" },
      child: { type: "string" },
      full: { type: "boolean", default: false },
    },
  });
  if (values.child) {
    await childBuild(values.child, !values.full);
    return;
  }
  const n = Number(values.n);
  const addedCounts = values.added.split(",").map(Number);
  const runs = Math.max(1, Number(values.runs));
  const root = await mkdtemp(path.join(tmpdir(), "echochamber-incremental-"));
  const loadBefore = loadavg()[0];
  try {
    const all = toRecords(generateComments(n + Math.max(...addedCounts)));
    const base = path.join(root, "base");
    await writeCleaned(base, "a.jsonl", all.slice(0, n));
    const first = await timedBuild(base, false);
    const results = [];
    for (const added of addedCounts) {
      const delta = all.slice(n, n + added);
      const dirs = {
        full: path.join(root, `full-${added}`),
        incremental: path.join(root, `incremental-${added}`),
      };
      const timings: { full: Run[]; incremental: Run[] } = { full: [], incremental: [] };
      for (let run = 0; run < runs; run++) {
        // Alternating, so that a change in the machine's load falls on both.
        for (const kind of run % 2 === 0
          ? (["full", "incremental"] as const)
          : (["incremental", "full"] as const)) {
          await rm(dirs[kind], { recursive: true, force: true });
          await cp(base, dirs[kind], { recursive: true });
          await writeCleaned(dirs[kind], "b.jsonl", delta);
          timings[kind].push(await timedBuild(dirs[kind], kind === "incremental"));
        }
      }
      const pick = (list: Run[]) => {
        const ms = median(list.map((r) => r.ms));
        return { ...summary(list.find((r) => r.ms === ms)!), runsMs: list.map((r) => r.ms) };
      };
      const full = pick(timings.full);
      const incremental = pick(timings.incremental);
      const random = seededRandom(added);
      const queries = [
        ...Array.from({ length: Number(values.queries) }, () => {
          const record = all[Math.floor(random() * (n + added))];
          return record.text.split(" ").slice(0, 8).join(" ");
        }),
        ...delta.slice(0, 20).map((r) => r.text),
      ];
      results.push({
        added,
        full,
        incremental,
        speedup: Math.round((full.ms / incremental.ms) * 10) / 10,
        agreement: await agreement(dirs.full, dirs.incremental, queries),
      });
      await rm(dirs.full, { recursive: true, force: true });
      await rm(dirs.incremental, { recursive: true, force: true });
    }
    const result = {
      bench: "incremental",
      n,
      chunks: first.manifest.chunks,
      embedder: EMBEDDER,
      runs,
      loadAverage1m: {
        before: Math.round(loadBefore * 100) / 100,
        after: Math.round(loadavg()[0] * 100) / 100,
      },
      firstBuildMs: first.ms,
      results,
    };
    for (const r of results) {
      console.error(
        `+${r.added} documents to ${n}: full ${r.full.ms} ms (peak ${r.full.peakRssMb} MB), update ` +
          `${r.incremental.ms} ms (peak ${r.incremental.peakRssMb} MB), ×${r.speedup}; BM25 identical ` +
          `${r.agreement.bm25Top10Identical}, hybrid overlap ${r.agreement.hybridTop10Overlap}, dense recall@10 ` +
          `${r.agreement.denseRecallAt10.full} / ${r.agreement.denseRecallAt10.updated}`,
      );
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
