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
import { countWith } from "../../contract/plural";

const USAGE = [
  "npm run cli -- index [--rebuild] [--batch-size N] [--shards N] [--json]",
  "  --rebuild        recalculează toți vectorii, fără să-i refolosească pe cei din indexul existent",
  "  --batch-size N   fragmente trimise modelului de vectori într-un apel (implicit 128)",
  "  --shards N       grafuri HNSW construite în paralel (implicit: 1 pe un calculator cu 2 nuclee; mai multe",
  "                   grăbesc construcția, fiecare adaugă o căutare la fiecare interogare)",
  "  --json           la final, o linie JSON cu manifestul construcției",
].join("\n");

const PHASE_LABELS: Record<IndexPhase, string> = {
  read: "citire     ",
  embed: "vectori    ",
  graph: "graf HNSW  ",
};

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1).replace(".", ",");
}

/** How the build made the index (build.reason), in Romanian. */
const BUILD_MODES: Record<IndexManifest["build"]["reason"], string> = {
  updated: "actualizat incremental",
  no_previous: "construit de la zero (niciun index anterior de actualizat)",
  rebuild: "reconstruit la cerere",
  settings: "reconstruit (setări schimbate)",
  changes: "reconstruit (prea multe schimbări pentru o actualizare)",
  deleted: "reconstruit (prea multe puncte șterse în graf)",
};

/** The summary printed after a build, in Romanian. */
export function formatSummary(manifest: IndexManifest, manifestPath: string): string {
  const b = manifest.build;
  const graph =
    b.mode === "incremental"
      ? `  graf și BM25: ${BUILD_MODES[b.reason]}: ${countWith(b.pointsAdded, ["punct adăugat", "puncte adăugate"])}, ` +
        `${countWith(b.pointsDeleted, ["punct marcat șters", "puncte marcate șterse"])} ` +
        `(${manifest.graph.deleted} șterse din ${manifest.graph.points} în graf)`
      : `  graf și BM25: ${BUILD_MODES[b.reason] ?? "construit de la zero"}`;
  return [
    `Index construit în ${seconds(b.ms)} s: ${manifestPath}`,
    `  documente: ${manifest.documents} (noi ${b.addedDocuments}, modificate ${b.changedDocuments}, ` +
      `eliminate ${b.removedDocuments})`,
    `  fragmente: ${manifest.chunks}`,
    `  vectori: ${b.embedded} calculați acum, ${b.reused} refolosiți din indexul anterior, ` +
      `${b.resumed} reluați de la o rulare întreruptă`,
    `  linii sărite: ${b.skippedLines} (JSON invalid sau câmpuri lipsă); ` +
      `${countWith(b.duplicateIds, ["id repetat", "id-uri repetate"])}`,
    `  model de vectori: ${manifest.embedder} (${manifest.dimensions} dim.); graf HNSW: ` +
      `${countWith(manifest.hnsw.shards, ["fragment", "fragmente"])} de graf, ` +
      `M ${manifest.hnsw.m}, efConstruction ${manifest.hnsw.efConstruction}`,
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
        bar = multi.create(Math.max(total, 1), 0, { phase: PHASE_LABELS[phase] });
        bars.set(phase, bar);
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { phase: PHASE_LABELS[phase] });
    },
    stop: () => multi.stop(),
  };
}

export const command = defineCommand({
  name: "index",
  summary:
    "Construiește sau actualizează indexul corpusului (vectori, graf HNSW, BM25); se reia după întrerupere.",
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
    if (waiting > 0)
      console.error(
        `Reiau construcția întreruptă: ${countWith(waiting, ["vector este", "vectori sunt"])} deja ${waiting === 1 ? "calculat" : "calculați"}.`,
      );

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
        console.error(
          `Construcția a fost întreruptă; indexul anterior a rămas neschimbat. ` +
            `${countWith(kept, ["vector calculat este păstrat", "vectori calculați sunt păstrați"])}: ` +
            "rulați din nou „npm run cli -- index” pentru a continua.",
        );
        return 130;
      }
      if (err instanceof AppError) {
        console.error(toUserError(err).message);
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
