// A resumable batch run over a file: every (row, run) not yet in the output is annotated and appended as it arrives,
// so an interrupted run loses nothing and the next one does only the rest. Used by `npm run cli -- annotate`.
import type { Lang } from "../../contract/errors";
import { existsSync } from "node:fs";
import type { Config } from "../config";
import { ModelGateway } from "../models/gateway";
import { createLogger } from "../log";
import { AppError } from "../../contract/errors";
import { createTextAnnotator, type TextAnnotator } from "./annotators";
import { runBatch, type BatchItem, type RetryPolicy, type RowError } from "./batch";
import { AnnotationCache, annotationCachePath } from "./cache";
import {
  OUTPUT_COLUMNS,
  OutputWriter,
  cellText,
  csvHeader,
  outcomeToRow,
  readOutput,
  readTable,
  requireFormat,
  rewriteOutput,
  textKey,
  type TableRow,
} from "./files";
import { CODEBOOK_VERSION } from "../../contract/annotation";
import { countWith } from "../../contract/plural";

export interface AnnotateFileOptions {
  input: string;
  output: string;
  model: string;
  config: Config;
  textColumn?: string;
  /** Rows without this column (or with it empty) are keyed by a hash of their text. */
  idColumn?: string;
  runs?: number;
  concurrency?: number;
  temperature?: number;
  /** Use and fill the annotation cache (DATA_DIR/annotation-cache); on by default. */
  cache?: boolean;
  /** Annotate again the rows an earlier run recorded with an error (they are removed from the output first). */
  retryErrors?: boolean;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  /** An annotator to use instead of building one for `model` (the benchmark and tests). */
  annotator?: TextAnnotator;
  /** The gateway that calls the model; one of its own, logging errors only, by default. */
  gateway?: ModelGateway;
  onProgress?: (progress: AnnotateProgress) => void;
  /** Notes for the user (a repaired output file, unreadable input lines, duplicate ids). */
  onNotice?: (message: string) => void;
  /** The language of the notes (the CLI's --lang); Romanian by default. */
  lang?: Lang;
}

/** The notes of a run, in both languages. */
const NOTICES = {
  ro: {
    skipped: (input: string, problem: string) => `${input}: ${problem} (rând sărit)`,
    moreUnreadable: (input: string, n: number) =>
      `${input}: încă ${countWith(n, ["rând nelizibil", "rânduri nelizibile"])}`,
    truncated: (output: string, bytes: number) =>
      `${output}: ultimul rând era incomplet (${bytes} octeți) și a fost eliminat`,
    retried: (n: number) =>
      `${countWith(n, ["rând cu erori va fi adnotat", "rânduri cu erori vor fi adnotate"])} din nou`,
  },
  en: {
    skipped: (input: string, problem: string) => `${input}: ${problem} (row skipped)`,
    moreUnreadable: (input: string, n: number) =>
      `${input}: ${countWith(n, ["more unreadable row", "more unreadable rows"], "en")}`,
    truncated: (output: string, bytes: number) =>
      `${output}: the last row was incomplete (${bytes} bytes) and was removed`,
    retried: (n: number) =>
      `${countWith(n, ["row with errors will be annotated", "rows with errors will be annotated"], "en")} again`,
  },
};

export interface AnnotateProgress {
  done: number;
  total: number;
  errors: number;
  cached: number;
  concurrency: number;
}

export interface AnnotateFileSummary {
  input: string;
  output: string;
  model: string;
  codebookVersion: string;
  temperature: number | null;
  /** Rows in the input, runs per row, and rows × runs. */
  rows: number;
  runs: number;
  total: number;
  /** Already in the output before this run. */
  skipped: number;
  /** Written by this run (successes and errors). */
  written: number;
  cached: number;
  errors: number;
  errorsByCode: Record<string, number>;
  /** Calls made to the model (retries included). */
  calls: number;
  rateLimited: number;
  finalConcurrency: number;
  lowestConcurrency: number;
  /** Rows still missing from the output (an interrupted or stopped run). */
  remaining: number;
  interrupted: boolean;
  fatal: RowError | null;
  seconds: number;
}

/** Input rows with their ids: the id column where present, else a hash of the text; repeats get "#2", "#3". */
export function keyRows(
  rows: TableRow[],
  textColumn: string,
  idColumn: string,
): { id: string; text: string }[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const text = cellText(row[textColumn]);
    const given = cellText(row[idColumn]).trim();
    const base = given || textKey(text);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { id: count === 1 ? base : `${base}#${count}`, text };
  });
}

function itemKey(id: string, run: number): string {
  return `${id}\u0000${run}`;
}

/** The temperature as an earlier output stored it (JSON number or CSV text), for comparison. */
function storedTemperature(value: unknown): number | null {
  const text = cellText(value).trim();
  return text === "" ? null : Number(text);
}

export async function annotateFile(options: AnnotateFileOptions): Promise<AnnotateFileSummary> {
  const started = performance.now();
  const runs = Math.max(1, Math.floor(options.runs ?? 1));
  const textColumn = options.textColumn ?? "text";
  const idColumn = options.idColumn ?? "id";
  const outFormat = requireFormat(options.output);
  const notice = options.onNotice ?? (() => {});
  const says = NOTICES[options.lang ?? "ro"];

  const table = readTable(options.input);
  if (table.rows.length > 0 && !table.columns.includes(textColumn)) {
    throw new AppError("input:invalid", {
      detail: `coloana de text „${textColumn}” lipsește din ${options.input} (coloane: ${table.columns.join(", ")}); folosiți --text-col`,
      detailEn: `the text column "${textColumn}" is missing from ${options.input} (columns: ${table.columns.join(", ")}); use --text-col`,
    });
  }
  for (const problem of table.problems.slice(0, 5)) notice(says.skipped(options.input, problem));
  if (table.problems.length > 5) notice(says.moreUnreadable(options.input, table.problems.length - 5));
  const keyed = keyRows(table.rows, textColumn, idColumn);

  const annotator =
    options.annotator ??
    (await createTextAnnotator(
      options.model,
      options.gateway ??
        new ModelGateway(options.config, { logger: createLogger({ ...options.config, LOG_LEVEL: "error" }) }),
      { temperature: options.temperature ?? 0 },
    ));

  // What an earlier run already wrote. It must be the same model, codebook and temperature, or the file would mix them.
  if (outFormat === "csv" && existsSync(options.output)) {
    const header = csvHeader(options.output);
    if (header.length > 0 && header.join(",") !== OUTPUT_COLUMNS.join(",")) {
      throw new AppError("input:invalid", {
        detail: `${options.output} are alte coloane decât ieșirea comenzii annotate; alegeți alt --out`,
        detailEn: `${options.output} has other columns than the annotate command's output; choose another --out`,
      });
    }
  }
  const existing = readOutput(options.output, outFormat);
  if (existing.droppedBytes > 0) {
    notice(says.truncated(options.output, existing.droppedBytes));
  }
  for (const row of existing.rows) {
    const model = cellText(row.model);
    const version = cellText(row.codebook_version);
    const temperature = storedTemperature(row.temperature);
    if (model !== annotator.model || version !== CODEBOOK_VERSION || temperature !== annotator.temperature) {
      throw new AppError("input:invalid", {
        detail:
          `${options.output} conține deja adnotări cu modelul ${model}, codebook ${version}, temperatura ${temperature ?? "-"}; ` +
          `această rulare folosește ${annotator.model}, codebook ${CODEBOOK_VERSION}, temperatura ${annotator.temperature ?? "-"}. Alegeți alt --out.`,
        detailEn:
          `${options.output} already holds annotations with the model ${model}, codebook ${version}, temperature ${temperature ?? "-"}; ` +
          `this run uses ${annotator.model}, codebook ${CODEBOOK_VERSION}, temperature ${annotator.temperature ?? "-"}. Choose another --out.`,
      });
    }
  }
  let kept = existing.rows;
  let validBytes = existing.validBytes;
  if (options.retryErrors) {
    kept = existing.rows.filter((row) => cellText(row.error) === "");
    if (kept.length < existing.rows.length) {
      rewriteOutput(options.output, outFormat, kept);
      validBytes = readOutput(options.output, outFormat).validBytes;
      notice(says.retried(existing.rows.length - kept.length));
    }
  }
  const done = new Set(kept.map((row) => itemKey(cellText(row.id), Number(cellText(row.run)) || 1)));

  const items: BatchItem[] = [];
  for (const row of keyed) {
    for (let run = 1; run <= runs; run++) {
      if (!done.has(itemKey(row.id, run))) items.push({ id: row.id, text: row.text, run });
    }
  }
  const total = keyed.length * runs;
  const skipped = total - items.length;

  const cache =
    options.cache !== false && annotator.cacheable && items.length > 0
      ? new AnnotationCache(annotationCachePath(options.config))
      : null;
  const writer = OutputWriter.open(options.output, outFormat, validBytes);
  const errorsByCode: Record<string, number> = {};
  let written = 0;
  let errors = 0;
  let cached = 0;
  let concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const progress = () =>
    options.onProgress?.({ done: skipped + written, total, errors, cached, concurrency });
  progress();

  let stats;
  try {
    stats = await runBatch(items, annotator, {
      concurrency,
      cache,
      signal: options.signal,
      retry: options.retry,
      onLimit: (limit) => {
        concurrency = limit;
      },
      onOutcome: (outcome) => {
        writer.append(outcomeToRow(outcome));
        written++;
        if (outcome.cached) cached++;
        if (outcome.error) {
          errors++;
          errorsByCode[outcome.error.code] = (errorsByCode[outcome.error.code] ?? 0) + 1;
        }
        progress();
      },
    });
  } finally {
    writer.close();
    cache?.close();
  }

  return {
    input: options.input,
    output: options.output,
    model: annotator.model,
    codebookVersion: CODEBOOK_VERSION,
    temperature: annotator.temperature,
    rows: keyed.length,
    runs,
    total,
    skipped,
    written,
    cached,
    errors,
    errorsByCode,
    calls: stats.calls,
    rateLimited: stats.rateLimited,
    finalConcurrency: stats.finalConcurrency,
    lowestConcurrency: stats.lowestConcurrency,
    remaining: total - skipped - written,
    interrupted: stats.interrupted,
    fatal: stats.fatal,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
