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
import type { Lang } from "../../contract/errors";
import { cliLang, say } from "./lang";

const USAGE = {
  ro: [
    "npm run cli -- eval-retrieval --queries FIȘIER.jsonl [--modes hybrid,dense,bm25] [--resamples 1000]",
    '  --queries FIȘIER   o interogare etichetată pe linie: {"query": "...", "docId": "..."}',
    "  --modes M,...      modurile comparate (implicit toate trei: hybrid, dense, bm25)",
    "  --resamples N      eșantioane bootstrap pentru intervalele de 95% (implicit 1000, între 100 și 100000)",
  ].join("\n"),
  en: [
    "npm run cli -- eval-retrieval --queries FILE.jsonl [--modes hybrid,dense,bm25] [--resamples 1000]",
    '  --queries FILE     one labelled query a line: {"query": "...", "docId": "..."}',
    "  --modes M,...      the modes compared (default all three: hybrid, dense, bm25)",
    "  --resamples N      bootstrap resamples for the 95% intervals (default 1000, between 100 and 100000)",
  ].join("\n"),
};

/** What the command prints, in both languages. */
const TEXT = {
  ro: {
    noQueries: "lipsește --queries FIȘIER.jsonl",
    badModes: (modes: string, got: string) => `--modes primește o listă din ${modes} (primit „${got}”)`,
    mode: "mod",
    bar: "interogări |{bar}| {percentage}% | {value}/{total}",
    unreadable: (file: string, why: string) => `Nu pot citi fișierul de interogări „${file}”: ${why}`,
    problem: (line: number, json: boolean, detail: string) =>
      `  linia ${line}: ${json ? "JSON invalid" : "câmpuri greșite"} (${detail})`,
    more: (n: number) => `  … și încă ${n}`,
    empty: (file: string) => `Fișierul „${file}” nu are nicio interogare.`,
    problems: (file: string, n: number, lines: string) =>
      `Fișierul „${file}” are ${countWith(n, ["linie care nu este", "linii care nu sunt"])} {"query", "docId"}:\n${lines}`,
    unknown: (n: number, ids: string) =>
      `Atenție: ${countWith(n, ["interogare cere", "interogări cer"])} documente care nu sunt în ` +
      `index (${ids}); ${n === 1 ? "ea nu poate fi găsită și scade" : "ele nu pot fi găsite și scad"} cifrele.`,
    heading: (queries: number, k: number, resamples: number) =>
      `${countWith(queries, ["interogare", "interogări"])}, ${countWith(k, ["document", "documente"])} pe ` +
      `interogare, intervale de 95% (bootstrap, ${countWith(resamples, ["eșantion", "eșantioane"])})\n`,
    summary:
      "Măsoară căutarea pe interogări etichetate (recall@1/5/10, MRR, nDCG@10 pe mod, cu intervale bootstrap).",
  },
  en: {
    noQueries: "--queries FILE.jsonl is missing",
    badModes: (modes: string, got: string) => `--modes takes a list of ${modes} (got "${got}")`,
    mode: "mode",
    bar: "queries |{bar}| {percentage}% | {value}/{total}",
    unreadable: (file: string, why: string) => `Cannot read the queries file "${file}": ${why}`,
    problem: (line: number, json: boolean, detail: string) =>
      `  line ${line}: ${json ? "invalid JSON" : "wrong fields"} (${detail})`,
    more: (n: number) => `  … and ${n} more`,
    empty: (file: string) => `The file "${file}" has no query.`,
    problems: (file: string, n: number, lines: string) =>
      `The file "${file}" has ${countWith(n, ["line that is not", "lines that are not"], "en")} {"query", "docId"}:\n${lines}`,
    unknown: (n: number, ids: string) =>
      `Warning: ${countWith(n, ["query asks", "queries ask"], "en")} for documents that are not in the ` +
      `index (${ids}); ${n === 1 ? "it cannot be found and lowers" : "they cannot be found and lower"} the figures.`,
    heading: (queries: number, k: number, resamples: number) =>
      `${countWith(queries, ["query", "queries"], "en")}, ${countWith(k, ["document", "documents"], "en")} a ` +
      `query, 95% intervals (bootstrap, ${countWith(resamples, ["resample", "resamples"], "en")})\n`,
    summary:
      "Measures search on labelled queries (recall@1/5/10, MRR, nDCG@10 per mode, with bootstrap intervals).",
  },
};

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
  const t = say(TEXT);
  if (!values.queries) throw new UsageError(t.noQueries);
  const modes = listFlag(values.modes) as SearchMode[];
  if (modes.length === 0 || modes.some((m) => !MODES.includes(m))) {
    throw new UsageError(t.badModes(MODES.join(", "), values.modes));
  }
  const resamples = intFlag("--resamples", values.resamples, { min: 100, max: 100_000 }, 1000);
  return { file: values.queries, modes: [...new Set(modes)], resamples };
}

function formatEstimate({ value, low, high }: Estimate): string {
  return `${value.toFixed(3)} [${low.toFixed(3)}–${high.toFixed(3)}]`;
}

/** The Markdown table of the figures, one row a mode. */
export function markdownTable(
  results: Partial<Record<SearchMode, ScoresWithIntervals>>,
  lang: Lang = cliLang(),
): string {
  const rows = [
    `| ${TEXT[lang].mode} | ${METRICS.map((m) => HEADERS[m]).join(" | ")} |`,
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
      format: say(TEXT).bar,
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
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
  usage: USAGE,
  options: OPTIONS,
  async run(args) {
    const parsed = evaluationRequest(args);
    const t = say(TEXT);
    let text: string;
    try {
      text = await readFile(parsed.file, "utf8");
    } catch (err) {
      console.error(t.unreadable(parsed.file, (err as Error).message));
      return 1;
    }
    const { queries, problems } = parseLabelledQueries(text);
    if (problems.length > 0 || queries.length === 0) {
      const lines = problems
        .slice(0, SHOWN_PROBLEMS)
        .map((p) => t.problem(p.line, p.problem === "json", p.detail));
      if (problems.length > SHOWN_PROBLEMS) lines.push(t.more(problems.length - SHOWN_PROBLEMS));
      console.error(
        queries.length === 0 && problems.length === 0
          ? t.empty(parsed.file)
          : t.problems(parsed.file, problems.length, lines.join("\n")),
      );
      return 1;
    }
    try {
      // The index is never built here: an evaluation of a corpus without one says how to build it instead.
      const { retriever } = await openRuntime({ buildIfMissing: false });
      const unknown = retriever.hasDocument ? queries.filter((q) => !retriever.hasDocument?.(q.docId)) : [];
      if (unknown.length > 0) {
        const ids = [...new Set(unknown.map((q) => q.docId))].slice(0, SHOWN_PROBLEMS).join(", ");
        console.error(t.unknown(unknown.length, ids));
      }
      const ranks = await rankAll(retriever, queries, parsed.modes);
      const results: Partial<Record<SearchMode, ScoresWithIntervals>> = {};
      for (const mode of parsed.modes) results[mode] = bootstrapScores(ranks[mode] ?? [], parsed.resamples);
      console.log(t.heading(queries.length, K, parsed.resamples));
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
        console.error(toUserError(err, cliLang()).message);
        return 1;
      }
      throw err;
    }
  },
});
