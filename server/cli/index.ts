// `npm run cli -- index [--rebuild]`: builds (or updates) the corpus index of CORPUS_DIR with the configured
// embedder, with a progress bar for the vectors and one for the HNSW graph, then prints what the build did.
// An interrupted build (Ctrl-C, kill) leaves the previous index in place and is resumed by the next run.
import path from "node:path";
import cliProgress from "cli-progress";
import {
  buildIndex,
  INDEX_FILES,
  type IndexManifest,
  type IndexPhase,
  resumeFile,
} from "../../corpus/pipeline/buildIndex";
import { EmbeddingCache } from "../../corpus/pipeline/embeddingCache";
import { corpusPaths, loadConfig } from "../config";
import { AppError, toUserError } from "../../contract/errors";
import { ModelGateway } from "../models/gateway";
import { defineCommand, intFlag } from "./args";
import { waitForCorpusWriter } from "./corpusWriter";
import { displayPath } from "./import";
import { countWith, type NounForms } from "../../contract/plural";
import type { Lang } from "../../contract/errors";
import { cliLang, decimal, say } from "./lang";

const USAGE = {
  ro: [
    "npm run cli -- index [--rebuild] [--batch-size N] [--shards N] [--json]",
    "  --rebuild        recalculează toți vectorii, fără să-i refolosească pe cei din indexul existent",
    "  --batch-size N   fragmente trimise modelului de vectori într-un apel (implicit 128)",
    "  --shards N       grafuri HNSW construite în paralel (implicit: 1 pe un calculator cu 2 nuclee; mai multe",
    "                   grăbesc construcția, fiecare adaugă o căutare la fiecare interogare)",
    "  --json           la final, o linie JSON cu manifestul construcției",
  ].join("\n"),
  en: [
    "npm run cli -- index [--rebuild] [--batch-size N] [--shards N] [--json]",
    "  --rebuild        computes every vector again, reusing none from the existing index",
    "  --batch-size N   chunks sent to the embedding model in one call (default 128)",
    "  --shards N       HNSW graphs built in parallel (default: 1 on a 2-core machine; more build",
    "                   faster, each adds a search to every query)",
    "  --json           at the end, one JSON line with the build's manifest",
  ].join("\n"),
};

const PHASE_LABELS: Record<Lang, Record<IndexPhase, string>> = {
  ro: { read: "citire     ", embed: "vectori    ", graph: "graf HNSW  " },
  en: { read: "reading    ", embed: "vectors    ", graph: "HNSW graph " },
};

/** How the build made the index (build.reason). */
const BUILD_MODES: Record<Lang, Record<IndexManifest["build"]["reason"], string>> = {
  ro: {
    updated: "actualizat incremental",
    no_previous: "construit de la zero (niciun index anterior de actualizat)",
    rebuild: "reconstruit la cerere",
    settings: "reconstruit (setări schimbate)",
    changes: "reconstruit (prea multe schimbări pentru o actualizare)",
    deleted: "reconstruit (prea multe puncte șterse în graf)",
  },
  en: {
    updated: "updated incrementally",
    no_previous: "built from scratch (no previous index to update)",
    rebuild: "rebuilt on request",
    settings: "rebuilt (settings changed)",
    changes: "rebuilt (too many changes for an update)",
    deleted: "rebuilt (too many points deleted in the graph)",
  },
};

/** The summary's lines and the command's messages, in both languages. */
const TEXT = {
  ro: {
    graphLabel: "graf și BM25",
    fromScratch: "construit de la zero",
    added: ["punct adăugat", "puncte adăugate"] as NounForms,
    deletedPoints: ["punct marcat șters", "puncte marcate șterse"] as NounForms,
    inGraph: (deleted: number, points: number) => `${deleted} șterse din ${points} în graf`,
    built: (s: string, file: string) => `Index construit în ${s} s: ${file}`,
    documents: (m: IndexManifest) =>
      `  documente: ${m.documents} (noi ${m.build.addedDocuments}, modificate ${m.build.changedDocuments}, ` +
      `eliminate ${m.build.removedDocuments})`,
    chunks: (n: number) => `  fragmente: ${n}`,
    vectors: (b: IndexManifest["build"]) =>
      `  vectori: ${b.embedded} calculați acum, ${b.reused} refolosiți din indexul anterior, ` +
      `${b.resumed} reluați de la o rulare întreruptă`,
    skipped: (b: IndexManifest["build"]) =>
      `  linii sărite: ${b.skippedLines} (JSON invalid sau câmpuri lipsă); ` +
      `${countWith(b.duplicateIds, ["id repetat", "id-uri repetate"])}`,
    model: (m: IndexManifest) =>
      `  model de vectori: ${m.embedder} (${m.dimensions} dim.); graf HNSW: ` +
      `${countWith(m.hnsw.shards, ["fragment", "fragmente"])} de graf, ` +
      `M ${m.hnsw.m}, efConstruction ${m.hnsw.efConstruction}`,
    resuming: (n: number) =>
      `Reiau construcția întreruptă: ${countWith(n, ["vector este", "vectori sunt"])} deja ${n === 1 ? "calculat" : "calculați"}.`,
    interrupted: (kept: number) =>
      `Construcția a fost întreruptă; indexul anterior a rămas neschimbat. ` +
      `${countWith(kept, ["vector calculat este păstrat", "vectori calculați sunt păstrați"])}: ` +
      "rulați din nou „npm run cli -- index” pentru a continua.",
    summary:
      "Construiește sau actualizează indexul corpusului (vectori, graf HNSW, BM25); se reia după întrerupere.",
  },
  en: {
    graphLabel: "graph and BM25",
    fromScratch: "built from scratch",
    added: ["point added", "points added"] as NounForms,
    deletedPoints: ["point marked deleted", "points marked deleted"] as NounForms,
    inGraph: (deleted: number, points: number) => `${deleted} deleted of ${points} in the graph`,
    built: (s: string, file: string) => `Index built in ${s} s: ${file}`,
    documents: (m: IndexManifest) =>
      `  documents: ${m.documents} (new ${m.build.addedDocuments}, changed ${m.build.changedDocuments}, ` +
      `removed ${m.build.removedDocuments})`,
    chunks: (n: number) => `  chunks: ${n}`,
    vectors: (b: IndexManifest["build"]) =>
      `  vectors: ${b.embedded} computed now, ${b.reused} reused from the previous index, ` +
      `${b.resumed} resumed from an interrupted run`,
    skipped: (b: IndexManifest["build"]) =>
      `  lines skipped: ${b.skippedLines} (invalid JSON or missing fields); ` +
      `${countWith(b.duplicateIds, ["repeated id", "repeated ids"], "en")}`,
    model: (m: IndexManifest) =>
      `  embedding model: ${m.embedder} (${m.dimensions} dim.); HNSW graph: ` +
      `${countWith(m.hnsw.shards, ["graph shard", "graph shards"], "en")}, ` +
      `M ${m.hnsw.m}, efConstruction ${m.hnsw.efConstruction}`,
    resuming: (n: number) =>
      `Resuming the interrupted build: ${countWith(n, ["vector is", "vectors are"], "en")} already computed.`,
    interrupted: (kept: number) =>
      `The build was interrupted; the previous index is unchanged. ` +
      `${countWith(kept, ["computed vector is kept", "computed vectors are kept"], "en")}: ` +
      'run "npm run cli -- index" again to continue.',
    summary: "Builds or updates the corpus index (vectors, HNSW graph, BM25); resumes after an interruption.",
  },
};

/** The summary printed after a build. */
export function formatSummary(manifest: IndexManifest, manifestPath: string, lang: Lang = cliLang()): string {
  const t = TEXT[lang];
  const b = manifest.build;
  const modes = BUILD_MODES[lang];
  const graph =
    b.mode === "incremental"
      ? `  ${t.graphLabel}: ${modes[b.reason]}: ${countWith(b.pointsAdded, t.added, lang)}, ` +
        `${countWith(b.pointsDeleted, t.deletedPoints, lang)} ` +
        `(${t.inGraph(manifest.graph.deleted, manifest.graph.points)})`
      : `  ${t.graphLabel}: ${modes[b.reason] ?? t.fromScratch}`;
  return [
    t.built(decimal(b.ms / 1000, 1, lang), manifestPath),
    t.documents(manifest),
    t.chunks(manifest.chunks),
    t.vectors(b),
    t.skipped(b),
    t.model(manifest),
    graph,
  ].join("\n");
}

/** Progress bars on a terminal (stderr, so that stdout stays the summary); nothing when piped or in tests. */
function progressBars(): {
  update: (done: number, total: number, phase: IndexPhase) => void;
  stop: () => void;
} {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const multi = new cliProgress.MultiBar(
    {
      format: "{phase} |{bar}| {percentage}% | {value}/{total}",
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<IndexPhase, cliProgress.SingleBar>();
  return {
    update(done, total, phase) {
      let bar = bars.get(phase);
      if (!bar) {
        bar = multi.create(Math.max(total, 1), 0, { phase: say(PHASE_LABELS)[phase] });
        bars.set(phase, bar);
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { phase: say(PHASE_LABELS)[phase] });
    },
    stop: () => multi.stop(),
  };
}

export const command = defineCommand({
  name: "index",
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
  usage: USAGE,
  options: {
    rebuild: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    "batch-size": { type: "string" },
    shards: { type: "string" },
  },
  async run({ values }) {
    const batchSize = intFlag("--batch-size", values["batch-size"], { min: 1, max: 10_000 });
    const shards = intFlag("--shards", values.shards, { min: 1, max: 16 });

    const config = loadConfig();
    const corpusDir = corpusPaths(config).root;
    const embedderId = config.EMBEDDINGS;
    const embeddings = await new ModelGateway(config).embeddings(embedderId);
    const waiting = await EmbeddingCache.count(resumeFile(corpusDir), embedderId);
    if (waiting > 0) console.error(say(TEXT).resuming(waiting));

    const bars = progressBars();
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    let release: (() => Promise<void>) | undefined;
    try {
      // One writer at a time: a change the corpus page is making (here or on another instance) finishes first.
      release = await waitForCorpusWriter(corpusDir, controller.signal);
      const manifest = await buildIndex({
        corpusDir,
        embeddings,
        embedderId,
        rebuild: values.rebuild,
        batchSize,
        hnsw: shards === undefined ? undefined : { shards },
        signal: controller.signal,
        onProgress: bars.update,
      });
      bars.stop();
      const manifestPath = displayPath(path.join(corpusDir, "index", INDEX_FILES.manifest));
      console.log(formatSummary(manifest, manifestPath));
      if (values.json) {
        const { docHashes: _hashes, ...summary } = manifest;
        console.log(JSON.stringify({ ...summary, manifestPath }));
      }
      return 0;
    } catch (err) {
      bars.stop();
      if (controller.signal.aborted) {
        const kept = await EmbeddingCache.count(resumeFile(corpusDir), embedderId);
        console.error(say(TEXT).interrupted(kept));
        return 130;
      }
      if (err instanceof AppError) {
        console.error(toUserError(err, cliLang()).message);
        return 1;
      }
      throw err;
    } finally {
      await release?.().catch(() => undefined);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
});
