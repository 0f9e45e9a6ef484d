// `npm run cli -- search "<query>"`: the documents (with their best passages) the chat graph would retrieve for a
// query (the same runtime and retriever), readable or as JSON lines; `--queries FILE` runs one query per line;
// `--passages` ranks passages instead of documents.
import { readFile } from "node:fs/promises";
import { citedDate, type Passage } from "../../contract/corpus";
import type { SearchMode, SearchOptions } from "../../corpus/retrieval/types";
import { openRuntime } from "../bootstrap";
import { AppError, toUserError } from "../../contract/errors";
import { isReversedRange, type Filters } from "../../contract/settings";
import { defineCommand, intFlag, UsageError, type ParsedArgs } from "./args";
import { cliLang, say } from "./lang";

const USAGE = {
  ro: [
    `npm run cli -- search "<întrebare>" [--k 5] [--json] [--platform P] [--source S] [--from AAAA-LL-ZZ] [--to AAAA-LL-ZZ] [--mmr] [--mode hybrid|dense|bm25] [--passages]`,
    `npm run cli -- search --queries FIȘIER [--k 5] --json`,
    "  --k N              câte documente (implicit 5, maximum 100), fiecare cu cel mai bun fragment al său",
    "  --platform P       doar platforma P (se poate repeta)",
    "  --source S         doar sursa S (se poate repeta)",
    "  --from, --to       interval de date, inclusiv (documentele fără dată proprie nu intră)",
    "  --mmr              rezultate diverse (maximal marginal relevance)",
    "  --mode M           hybrid (implicit: vectori + BM25), dense (doar vectori) sau bm25 (doar cuvinte)",
    "  --passages         fragmente în loc de documente (mai multe fragmente ale aceluiași document pot apărea)",
    "  --queries FIȘIER   o interogare pe linie; cu --json, o linie JSON pe interogare",
  ].join("\n"),
  en: [
    `npm run cli -- search "<question>" [--k 5] [--json] [--platform P] [--source S] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--mmr] [--mode hybrid|dense|bm25] [--passages]`,
    `npm run cli -- search --queries FILE [--k 5] --json`,
    "  --k N              how many documents (default 5, at most 100), each with its best passage",
    "  --platform P       only platform P (may be repeated)",
    "  --source S         only source S (may be repeated)",
    "  --from, --to       a date range, inclusive (documents without a date of their own are left out)",
    "  --mmr              diverse results (maximal marginal relevance)",
    "  --mode M           hybrid (default: vectors + BM25), dense (vectors only) or bm25 (words only)",
    "  --passages         passages instead of documents (several passages of one document may appear)",
    "  --queries FILE     one query a line; with --json, one JSON line a query",
  ].join("\n"),
};

/** The command's messages, in both languages. */
const TEXT = {
  ro: {
    nothing: (query: string) => `„${query}”: niciun fragment găsit.`,
    query: (query: string) => `„${query}”:`,
    badDate: (flag: string, value: string) => `${flag} trebuie să fie o dată AAAA-LL-ZZ (primit „${value}”)`,
    reversed: (from?: string, to?: string) =>
      `--to (${to}) este înaintea lui --from (${from}): interval de date inversat`,
    badMode: (modes: string) => `--mode trebuie să fie unul dintre ${modes}`,
    both: "dați fie o interogare, fie --queries FIȘIER, nu amândouă",
    noQuery: "lipsește interogarea",
    unreadable: (file: string, why: string) => `Nu pot citi fișierul de interogări „${file}”: ${why}`,
    summary: "Caută în corpus fragmentele pe care le-ar folosi chatul (vectori + BM25), cu filtre.",
  },
  en: {
    nothing: (query: string) => `"${query}": no passage found.`,
    query: (query: string) => `"${query}":`,
    badDate: (flag: string, value: string) => `${flag} must be a date YYYY-MM-DD (got "${value}")`,
    reversed: (from?: string, to?: string) =>
      `--to (${to}) is before --from (${from}): a reversed date range`,
    badMode: (modes: string) => `--mode must be one of ${modes}`,
    both: "give either a query or --queries FILE, not both",
    noQuery: "the query is missing",
    unreadable: (file: string, why: string) => `Cannot read the queries file "${file}": ${why}`,
    summary: "Searches the corpus for the passages the chat would use (vectors + BM25), with filters.",
  },
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MODES: readonly SearchMode[] = ["hybrid", "dense", "bm25"];

/** One result line of `--json`: the passage without anything the UI adds. */
function toJson(query: string, passages: Passage[]): string {
  const results = passages.map(({ id, docId, score, text, meta, otherPassages }) =>
    otherPassages ? { id, docId, score, text, meta, otherPassages } : { id, docId, score, text, meta },
  );
  return JSON.stringify({ query, results });
}

function oneLine(text: string): string {
  return (text.length > 300 ? `${text.slice(0, 300)}…` : text).replace(/\s+/g, " ");
}

function formatPassages(query: string, passages: Passage[]): string {
  const t = say(TEXT);
  if (passages.length === 0) return t.nothing(query);
  const lines = [t.query(query)];
  passages.forEach((p, i) => {
    const where = [p.meta.source, p.meta.platform, citedDate(p.meta), p.meta.url].filter(Boolean).join(" · ");
    lines.push(`[${i + 1}] ${p.score.toFixed(3)} ${p.id} · ${where}`);
    if (p.meta.title) lines.push(`    ${p.meta.title}`);
    lines.push(`    ${oneLine(p.text)}`);
    for (const other of p.otherPassages ?? []) lines.push(`    + ${other.id}: ${oneLine(other.text)}`);
  });
  return lines.join("\n");
}

const OPTIONS = {
  k: { type: "string", default: "5" },
  json: { type: "boolean", default: false },
  platform: { type: "string", multiple: true },
  source: { type: "string", multiple: true },
  from: { type: "string" },
  to: { type: "string" },
  mmr: { type: "boolean", default: false },
  mode: { type: "string", default: "hybrid" },
  passages: { type: "boolean", default: false },
  queries: { type: "string" },
} as const;

interface SearchRequest {
  queries: string[] | { file: string };
  options: SearchOptions;
  json: boolean;
}

/** The arguments as search options; a mistake is thrown as a UsageError. */
function searchRequest({ values, positionals }: ParsedArgs<typeof OPTIONS>): SearchRequest {
  const t = say(TEXT);
  const k = intFlag("--k", values.k, { min: 1, max: 100 }, 5);
  for (const [flag, value] of [
    ["--from", values.from],
    ["--to", values.to],
  ] as const) {
    if (value !== undefined && (!DAY.test(value) || Number.isNaN(Date.parse(value)))) {
      throw new UsageError(t.badDate(flag, value));
    }
  }
  if (isReversedRange({ dateFrom: values.from, dateTo: values.to })) {
    throw new UsageError(t.reversed(values.from, values.to));
  }
  const mode = values.mode as SearchMode;
  if (!MODES.includes(mode)) throw new UsageError(t.badMode(MODES.join(", ")));
  const filters: Filters = {};
  if (values.platform?.length) filters.platform = values.platform;
  if (values.source?.length) filters.source = values.source;
  if (values.from) filters.dateFrom = values.from;
  if (values.to) filters.dateTo = values.to;
  const options: SearchOptions = { k, mode, mmr: values.mmr };
  if (values.passages) options.granularity = "passage";
  if (Object.keys(filters).length > 0) options.filters = filters;

  const query = positionals.join(" ").trim();
  if (values.queries !== undefined) {
    if (query) throw new UsageError(t.both);
    return { queries: { file: values.queries }, options, json: values.json };
  }
  if (!query) throw new UsageError(t.noQuery);
  return { queries: [query], options, json: values.json };
}

export const command = defineCommand({
  name: "search",
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
  usage: USAGE,
  positionals: true,
  options: OPTIONS,
  async run(args) {
    const parsed = searchRequest(args);
    let queries: string[];
    if (Array.isArray(parsed.queries)) queries = parsed.queries;
    else {
      try {
        const content = await readFile(parsed.queries.file, "utf8");
        queries = content
          .replace(/^\uFEFF/, "")
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean);
      } catch (err) {
        console.error(say(TEXT).unreadable(parsed.queries.file, (err as Error).message));
        return 1;
      }
    }

    try {
      // The index is never built here: a search on a corpus without one says how to build it instead.
      const { retriever } = await openRuntime({ buildIfMissing: false });
      for (const [i, query] of queries.entries()) {
        const passages = await retriever.search(query, parsed.options);
        if (parsed.json) console.log(toJson(query, passages));
        else console.log(`${i > 0 ? "\n" : ""}${formatPassages(query, passages)}`);
      }
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
