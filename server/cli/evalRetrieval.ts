// `npm run cli -- eval-retrieval --queries FILE.jsonl`: how well the corpus retriever finds the right document for
// a user's own labelled queries ({"query", "docId"} a line): recall@1/5/10, MRR and nDCG@10 per mode (hybrid,
// dense, BM25) with 95% bootstrap intervals, as a Markdown table and one JSON line.
import { readFile } from "node:fs/promises";
import cliProgress from "cli-progress";
import { AppError, toUserError } from "../../contract/errors";
import {
  bootstrapScores,
  documentRank,
  type Estimate,
  type LabelledQuery,
  METRICS,
  parseLabelledQueries,
  type ScoresWithIntervals,
} from "../../corpus/retrieval/evaluation";
import type { Retriever, SearchMode } from "../../corpus/retrieval/types";
import { openRuntime } from "../bootstrap";
import { defineCommand, intFlag, listFlag, type ParsedArgs, UsageError } from "./args";
import { countWith } from "../../contract/plural";

const USAGE = [
  "npm run cli -- eval-retrieval --queries FIȘIER.jsonl [--modes hybrid,dense,bm25] [--resamples 1000]",
  '  --queries FIȘIER   o interogare etichetată pe linie: {"query": "...", "docId": "..."}',
  "  --modes M,...      modurile comparate (implicit toate trei: hybrid, dense, bm25)",
  "  --resamples N      eșantioane bootstrap pentru intervalele de 95% (implicit 1000, între 100 și 100000)",
].join("\n");

const MODES: readonly SearchMode[] = ["hybrid", "dense", "bm25"];
/** Documents retrieved per query: enough for recall@10 and nDCG@10. */
const K = 10;
/** Lines with problems listed before "and N more". */
const SHOWN_PROBLEMS = 10;

const HEADERS: Record<(typeof METRICS)[number], string> = {
  recallAt1: "R@1",
  recallAt5: "R@5",
  recallAt10: "R@10",
  mrr: "MRR",
  ndcgAt10: "nDCG@10",
};

const OPTIONS = {
  queries: { type: "string" },
  modes: { type: "string", default: MODES.join(",") },
  resamples: { type: "string", default: "1000" },
} as const;

interface EvaluationRequest {
  file: string;
  modes: SearchMode[];
  resamples: number;
}

/** The arguments as an evaluation request; a mistake is thrown as a UsageError. */
function evaluationRequest({ values }: ParsedArgs<typeof OPTIONS>): EvaluationRequest {
  if (!values.queries) throw new UsageError("lipsește --queries FIȘIER.jsonl");
  const modes = listFlag(values.modes) as SearchMode[];
  if (modes.length === 0 || modes.some((m) => !MODES.includes(m))) {
    throw new UsageError(`--modes primește o listă din ${MODES.join(", ")} (primit „${values.modes}”)`);
  }
  const resamples = intFlag("--resamples", values.resamples, { min: 100, max: 100_000 }, 1000);
  return { file: values.queries, modes: [...new Set(modes)], resamples };
}

function formatEstimate({ value, low, high }: Estimate): string {
  return `${value.toFixed(3)} [${low.toFixed(3)}–${high.toFixed(3)}]`;
}

/** The Markdown table of the figures, one row a mode. */
export function markdownTable(results: Partial<Record<SearchMode, ScoresWithIntervals>>): string {
  const rows = [
    `| mod | ${METRICS.map((m) => HEADERS[m]).join(" | ")} |`,
    `| --- | ${METRICS.map(() => "---").join(" | ")} |`,
  ];
  for (const [mode, scores] of Object.entries(results)) {
    rows.push(`| ${mode} | ${METRICS.map((m) => formatEstimate(scores[m])).join(" | ")} |`);
  }
  return rows.join("\n");
}

/** A progress bar on a terminal (stderr, so that stdout stays the table and the JSON); nothing when piped. */
function progressBar(total: number): { tick: () => void; stop: () => void } {
  if (!process.stderr.isTTY) return { tick: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: "interogări |{bar}| {percentage}% | {value}/{total}",
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}

async function rankAll(retriever: Retriever, queries: LabelledQuery[], modes: SearchMode[]) {
  const ranks: Partial<Record<SearchMode, number[]>> = {};
  const progress = progressBar(queries.length * modes.length);
  try {
    for (const mode of modes) {
      const modeRanks: number[] = [];
      for (const { query, docId } of queries) {
        const results = await retriever.search(query, { k: K, mode });
        modeRanks.push(
          documentRank(
            results.map((r) => r.docId),
            docId,
          ),
        );
        progress.tick();
      }
      ranks[mode] = modeRanks;
    }
  } finally {
    progress.stop();
  }
  return ranks;
}

export const command = defineCommand({
  name: "eval-retrieval",
  summary:
    "Măsoară căutarea pe interogări etichetate (recall@1/5/10, MRR, nDCG@10 pe mod, cu intervale bootstrap).",
  usage: USAGE,
  options: OPTIONS,
  async run(args) {
    const parsed = evaluationRequest(args);
    let text: string;
    try {
      text = await readFile(parsed.file, "utf8");
    } catch (err) {
      console.error(`Nu pot citi fișierul de interogări „${parsed.file}”: ${(err as Error).message}`);
      return 1;
    }
    const { queries, problems } = parseLabelledQueries(text);
    if (problems.length > 0 || queries.length === 0) {
      const lines = problems
        .slice(0, SHOWN_PROBLEMS)
        .map(
          (p) =>
            `  linia ${p.line}: ${p.problem === "json" ? "JSON invalid" : "câmpuri greșite"} (${p.detail})`,
        );
      if (problems.length > SHOWN_PROBLEMS) lines.push(`  … și încă ${problems.length - SHOWN_PROBLEMS}`);
      console.error(
        queries.length === 0 && problems.length === 0
          ? `Fișierul „${parsed.file}” nu are nicio interogare.`
          : `Fișierul „${parsed.file}” are ${countWith(problems.length, ["linie care nu este", "linii care nu sunt"])} {"query", "docId"}:\n${lines.join("\n")}`,
      );
      return 1;
    }
    try {
      // The index is never built here: an evaluation of a corpus without one says how to build it instead.
      const { retriever } = await openRuntime({ buildIfMissing: false });
      const unknown = retriever.hasDocument ? queries.filter((q) => !retriever.hasDocument?.(q.docId)) : [];
      if (unknown.length > 0) {
        const ids = [...new Set(unknown.map((q) => q.docId))].slice(0, SHOWN_PROBLEMS).join(", ");
        console.error(
          `Atenție: ${countWith(unknown.length, ["interogare cere", "interogări cer"])} documente care nu sunt în ` +
            `index (${ids}); ${unknown.length === 1 ? "ea nu poate fi găsită și scade" : "ele nu pot fi găsite și scad"} cifrele.`,
        );
      }
      const ranks = await rankAll(retriever, queries, parsed.modes);
      const results: Partial<Record<SearchMode, ScoresWithIntervals>> = {};
      for (const mode of parsed.modes) results[mode] = bootstrapScores(ranks[mode] ?? [], parsed.resamples);
      console.log(
        `${countWith(queries.length, ["interogare", "interogări"])}, ${countWith(K, ["document", "documente"])} pe ` +
          `interogare, intervale de 95% (bootstrap, ${countWith(parsed.resamples, ["eșantion", "eșantioane"])})\n`,
      );
      console.log(markdownTable(results));
      console.log(
        JSON.stringify({
          queries: queries.length,
          k: K,
          unknownDocIds: unknown.length,
          resamples: parsed.resamples,
          modes: results,
        }),
      );
      return 0;
    } catch (err) {
      if (err instanceof AppError) {
        console.error(toUserError(err).message);
        return 1;
      }
      throw err;
    }
  },
});
