// `annotate <file.csv|file.jsonl> --model ID --out FILE`: a resumable batch annotation run with a progress bar.
import cliProgress from "cli-progress";
import { annotateFile, type AnnotateFileSummary, type AnnotateProgress } from "../annotation/annotateFile";
import { loadConfig } from "../config";
import { AppError, formatMessage, isErrorCode, toUserError } from "../../contract/errors";
import { TEMPERATURE_RANGE } from "../../contract/settings";
import { defineCommand, intFlag, numberFlag, UsageError } from "./args";
import { onInterrupt } from "./interrupt";
import { cliLang, decimal, say } from "./lang";
import { countWith } from "../../contract/plural";

const USAGE_RO = `npm run cli -- annotate <fișier.csv|fișier.jsonl> --model ID --out <fișier.jsonl|fișier.csv>
    [--text-col text] [--id-col id] [--runs 1] [--concurrency 4] [--temperature 0]
    [--no-cache] [--retry-errors] [--json]
npm run cli -- annotate <fișier.csv|.tsv|.xlsx|.jsonl> --model ID --store [opțiuni]
npm run cli -- annotate --dataset ID --model ID [opțiuni]

  --model          offline:lexicon sau un model al unui furnizor (ex. google-genai:gemini-2.5-flash)
  --out            fișierul de ieșire; o rulare întreruptă se reia cu aceeași comandă
  --store          scrie în baza de date a aplicației (DATA_DIR): fișierul devine un set de date și rularea
                   apare, în timp real, în pagina Adnotare; aceeași comandă reia o rulare întreruptă
  --dataset        adnotează un set de date deja stocat (id-ul din pagina Adnotare)
  --text-col       coloana cu textul (implicit „text”)
  --id-col         coloana cu id-ul rândului (implicit „id”; fără ea, un hash al textului)
  --runs           de câte ori se adnotează fiecare rând (pentru acordul între rulări)
  --concurrency    câte cereri simultane, cel mult (se înjumătățește la 429 și revine treptat)
  --temperature    temperatura modelului (implicit 0)
  --no-cache       nu folosește și nu completează cache-ul din DATA_DIR/annotation-cache
  --retry-errors   adnotează din nou rândurile înregistrate cu eroare de o rulare anterioară
  --json           ultima linie este un obiect JSON cu rezumatul`;

const USAGE_EN = `npm run cli -- annotate <file.csv|file.jsonl> --model ID --out <file.jsonl|file.csv>
    [--text-col text] [--id-col id] [--runs 1] [--concurrency 4] [--temperature 0]
    [--no-cache] [--retry-errors] [--json]
npm run cli -- annotate <file.csv|.tsv|.xlsx|.jsonl> --model ID --store [options]
npm run cli -- annotate --dataset ID --model ID [options]

  --model          offline:lexicon or a provider's model (e.g. google-genai:gemini-2.5-flash)
  --out            the output file; an interrupted run resumes with the same command
  --store          writes to the app's database (DATA_DIR): the file becomes a data set and the run shows,
                   live, on the Annotation page; the same command resumes an interrupted run
  --dataset        annotates a data set already stored (the id from the Annotation page)
  --text-col       the text column (default "text")
  --id-col         the row id column (default "id"; without it, a hash of the text)
  --runs           how many times each row is annotated (for the agreement between runs)
  --concurrency    simultaneous requests at most (halved on a 429, then back step by step)
  --temperature    the model's temperature (default 0)
  --no-cache       neither uses nor fills the cache in DATA_DIR/annotation-cache
  --retry-errors   annotates again the rows a previous run recorded with an error
  --json           the last line is a JSON object with the summary`;

/** What `annotate` prints, in both languages. */
const TEXT = {
  ro: {
    bar: "Adnotare |{bar}| {percentage}% | {value}/{total} | erori {errors} | din cache {cached} | concurență {concurrency} | ETA {eta_formatted}",
    line: (
      done: number,
      total: number,
      percent: number,
      errors: number,
      cached: number,
      concurrency: number,
      rate: string,
    ) =>
      `adnotare ${done}/${total} (${percent}%) · erori ${errors} · din cache ${cached} · ` +
      `concurență ${concurrency} · ${rate} rânduri/s\n`,
    state: { interrupted: "Întrerupt", stopped: "Oprit", done: "Gata" },
    written: (s: AnnotateFileSummary, seconds: string) =>
      `${countWith(s.written, ["rând scris", "rânduri scrise"])} în ${seconds} s ` +
      `(${s.skipped} erau deja în fișier, ${s.cached} din cache, ${s.errors} cu erori) → ${s.output}`,
    settings: (s: AnnotateFileSummary, temperature: string) =>
      `Model ${s.model} · codebook ${s.codebookVersion} · temperatura ${temperature} · ${countWith(s.rows, ["rând", "rânduri"])} × ${countWith(s.runs, ["rulare", "rulări"])}`,
    rateLimited: (n: number, lowest: number, final: number) =>
      `Limitări de rată (429): ${n}; concurența a coborât până la ${lowest} și a ajuns la ${final}.`,
    errors: (list: string) => `Erori: ${list} (reluați cu --retry-errors)`,
    fatal: (message: string) => `Rularea s-a oprit: ${message}`,
    remaining: (n: number) =>
      `Mai ${n === 1 ? "este" : "sunt"} ${countWith(n, ["rând", "rânduri"])}: ` +
      `rulați din nou aceeași comandă pentru ${n === 1 ? "el" : "ele"}.`,
    stopping: "Se oprește: rândurile terminate sunt deja salvate",
    store: (
      done: number,
      total: number,
      failed: number,
      seconds: number,
      dataset: string,
      run: string,
      resumed: boolean,
    ) =>
      `${done}/${total} (${failed} cu erori) în ${seconds} s · set de date ${dataset} · ` +
      `rulare ${run}${resumed ? " (reluată)" : ""}\n`,
    datasetWithFile: "--dataset nu primește și un fișier",
    noFile: "lipsește fișierul de adnotat",
    extra: (file: string) => `un singur fișier de intrare (în plus: „${file}”)`,
    missing: (flag: string) => `lipsește ${flag}`,
    outWithStore: "--out nu se folosește împreună cu --store sau --dataset",
    summary: "Adnotează un fișier CSV/JSONL cu un model (reluabil, cu cache și concurență adaptivă).",
  },
  en: {
    bar: "Annotating |{bar}| {percentage}% | {value}/{total} | errors {errors} | from cache {cached} | concurrency {concurrency} | ETA {eta_formatted}",
    line: (
      done: number,
      total: number,
      percent: number,
      errors: number,
      cached: number,
      concurrency: number,
      rate: string,
    ) =>
      `annotating ${done}/${total} (${percent}%) · errors ${errors} · from cache ${cached} · ` +
      `concurrency ${concurrency} · ${rate} rows/s\n`,
    state: { interrupted: "Interrupted", stopped: "Stopped", done: "Done" },
    written: (s: AnnotateFileSummary, seconds: string) =>
      `${countWith(s.written, ["row written", "rows written"], "en")} in ${seconds} s ` +
      `(${s.skipped} were already in the file, ${s.cached} from the cache, ${s.errors} with errors) → ${s.output}`,
    settings: (s: AnnotateFileSummary, temperature: string) =>
      `Model ${s.model} · codebook ${s.codebookVersion} · temperature ${temperature} · ${countWith(s.rows, ["row", "rows"], "en")} × ${countWith(s.runs, ["run", "runs"], "en")}`,
    rateLimited: (n: number, lowest: number, final: number) =>
      `Rate limits (429): ${n}; the concurrency went down to ${lowest} and ended at ${final}.`,
    errors: (list: string) => `Errors: ${list} (run again with --retry-errors)`,
    fatal: (message: string) => `The run stopped: ${message}`,
    remaining: (n: number) =>
      `${countWith(n, ["row remains", "rows remain"], "en")}: run the same command again for ${n === 1 ? "it" : "them"}.`,
    stopping: "Stopping: the finished rows are already saved",
    store: (
      done: number,
      total: number,
      failed: number,
      seconds: number,
      dataset: string,
      run: string,
      resumed: boolean,
    ) =>
      `${done}/${total} (${failed} with errors) in ${seconds} s · data set ${dataset} · ` +
      `run ${run}${resumed ? " (resumed)" : ""}\n`,
    datasetWithFile: "--dataset takes no file",
    noFile: "the file to annotate is missing",
    extra: (file: string) => `one input file only (extra: "${file}")`,
    missing: (flag: string) => `${flag} is missing`,
    outWithStore: "--out is not used with --store or --dataset",
    summary: "Annotates a CSV/JSONL file with a model (resumable, with a cache and adaptive concurrency).",
  },
};

/** A progress display: a bar on a terminal, a plain line every 10% or 5 seconds otherwise (logs, CI). */
function progressDisplay(stream: NodeJS.WriteStream) {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: say(TEXT).bar,
        hideCursor: true,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p: AnnotateProgress) {
        const payload = { errors: p.errors, cached: p.cached, concurrency: p.concurrency };
        if (!started) {
          bar.start(p.total, p.done, payload);
          started = true;
        } else bar.update(p.done, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastLine = 0;
  let lastShare = -1;
  const startedAt = Date.now();
  let first: number | null = null;
  return {
    update(p: AnnotateProgress) {
      first ??= p.done;
      const share = p.total === 0 ? 1 : p.done / p.total;
      const tenth = Math.floor(share * 10);
      const now = Date.now();
      if (tenth === lastShare && now - lastLine < 5000 && p.done !== p.total) return;
      lastShare = tenth;
      lastLine = now;
      const rate = (p.done - first) / Math.max(0.001, (now - startedAt) / 1000);
      stream.write(
        say(TEXT).line(
          p.done,
          p.total,
          Math.round(share * 100),
          p.errors,
          p.cached,
          p.concurrency,
          decimal(rate, 1),
        ),
      );
    },
    stop() {},
  };
}

function summaryLines(s: AnnotateFileSummary): string[] {
  const t = say(TEXT);
  const state = s.interrupted ? t.state.interrupted : s.fatal ? t.state.stopped : t.state.done;
  const temperature = s.temperature === undefined || s.temperature === null ? "-" : decimal(s.temperature);
  const lines = [`${state}: ${t.written(s, decimal(s.seconds))}`, t.settings(s, temperature)];
  if (s.rateLimited > 0) lines.push(t.rateLimited(s.rateLimited, s.lowestConcurrency, s.finalConcurrency));
  const codes = Object.entries(s.errorsByCode);
  if (codes.length > 0) lines.push(t.errors(codes.map(([code, n]) => `${code} × ${n}`).join(", ")));
  if (s.fatal) lines.push(t.fatal(fatalMessage(s.fatal)));
  if (s.remaining > 0) lines.push(t.remaining(s.remaining));
  return lines;
}

/**
 * A run's fatal error in the CLI's language: the rows keep the Romanian message only, so the English one is used when
 * the code is one of ours and its message needs no values (else the Romanian message, which has them, is kept).
 */
function fatalMessage(fatal: { code?: string; message: string }): string {
  const lang = cliLang();
  if (lang === "ro" || !fatal.code || !isErrorCode(fatal.code)) return fatal.message;
  return formatMessage(fatal.code, "ro") === fatal.message ? formatMessage(fatal.code, lang) : fatal.message;
}

interface StoreRun {
  input: string | undefined;
  datasetId: string | undefined;
  model: string;
  textColumn: string | undefined;
  idColumn: string | undefined;
  repeats: number;
  concurrency: number;
  temperature: number;
  json: boolean;
}

/** `--store` / `--dataset`: the run goes to the workbench's store and shows on the page. */
async function runIntoStore(run: StoreRun): Promise<number> {
  const { annotateIntoStore } = await import("./annotateIntoStore");
  const config = loadConfig();
  const t = say(TEXT);
  const interrupt = onInterrupt(t.stopping);
  const display = progressDisplay(process.stderr);
  let summary;
  try {
    summary = await annotateIntoStore({
      config,
      input: run.input,
      datasetId: run.datasetId,
      model: run.model,
      textColumn: run.textColumn,
      idColumn: run.idColumn,
      repeats: run.repeats,
      concurrency: run.concurrency,
      temperature: run.temperature,
      signal: interrupt.signal,
      onProgress: (job) =>
        display.update({
          done: job.progress.done,
          total: job.progress.total,
          errors: job.progress.failed,
          cached: job.progress.models?.reduce((n, m) => n + m.cached, 0) ?? 0,
          concurrency: job.progress.models?.[0]?.concurrency ?? 0,
        }),
      onNotice: (message) => process.stderr.write(`${message}\n`),
    });
  } catch (err) {
    display.stop();
    if (err instanceof AppError) {
      process.stderr.write(`${toUserError(err, cliLang()).message}\n`);
      return err.code.startsWith("input:") || err.code.startsWith("dataset:") ? 2 : 1;
    }
    throw err;
  } finally {
    interrupt.release();
  }
  display.stop();
  const p = summary.progress;
  const state =
    summary.status === "done"
      ? t.state.done
      : summary.status === "stopped"
        ? t.state.interrupted
        : t.state.stopped;
  process.stdout.write(
    `${state}: ${t.store(p.done, p.total, p.failed, summary.seconds, summary.datasetId, summary.runId, summary.resumed)}`,
  );
  if (summary.error) process.stdout.write(`${t.fatal(fatalMessage(summary.error))}\n`);
  if (run.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (summary.status === "stopped") return 130;
  return summary.status === "done" ? 0 : 1;
}

export const command = defineCommand({
  name: "annotate",
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
  usage: { ro: USAGE_RO, en: USAGE_EN },
  positionals: true,
  options: {
    model: { type: "string" },
    out: { type: "string" },
    "text-col": { type: "string" },
    "id-col": { type: "string" },
    runs: { type: "string" },
    concurrency: { type: "string" },
    temperature: { type: "string" },
    "no-cache": { type: "boolean", default: false },
    "retry-errors": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    store: { type: "boolean", default: false },
    dataset: { type: "string" },
  },
  async run({ values, positionals }) {
    const [input, ...extra] = positionals;
    const t = say(TEXT);
    if (values.store || values.dataset) {
      if (values.dataset && input) throw new UsageError(t.datasetWithFile);
      if (!values.dataset && !input) throw new UsageError(t.noFile);
      if (extra.length > 0) throw new UsageError(t.extra(extra[0]!));
      if (!values.model) throw new UsageError(t.missing("--model"));
      if (values.out) throw new UsageError(t.outWithStore);
      return runIntoStore({
        input,
        datasetId: values.dataset,
        model: values.model,
        textColumn: values["text-col"],
        idColumn: values["id-col"],
        repeats: intFlag("--runs", values.runs, { min: 1 }, 1),
        concurrency: intFlag("--concurrency", values.concurrency, { min: 1 }, 4),
        temperature: numberFlag("--temperature", values.temperature, TEMPERATURE_RANGE) ?? 0,
        json: values.json,
      });
    }
    if (!input) throw new UsageError(t.noFile);
    if (extra.length > 0) throw new UsageError(t.extra(extra[0]!));
    if (!values.model) throw new UsageError(t.missing("--model"));
    if (!values.out) throw new UsageError(t.missing("--out"));
    const runs = intFlag("--runs", values.runs, { min: 1 }, 1);
    const concurrency = intFlag("--concurrency", values.concurrency, { min: 1 }, 4);
    const temperature = numberFlag("--temperature", values.temperature, TEMPERATURE_RANGE) ?? 0;
    const config = loadConfig();
    const interrupt = onInterrupt(t.stopping);
    const display = progressDisplay(process.stderr);
    let summary: AnnotateFileSummary;
    try {
      summary = await annotateFile({
        input,
        output: values.out,
        model: values.model,
        config,
        textColumn: values["text-col"],
        idColumn: values["id-col"],
        runs,
        concurrency,
        temperature,
        cache: !values["no-cache"],
        retryErrors: values["retry-errors"],
        signal: interrupt.signal,
        onProgress: (p) => display.update(p),
        onNotice: (message) => process.stderr.write(`${message}\n`),
        lang: cliLang(),
      });
    } catch (err) {
      display.stop();
      if (err instanceof AppError) {
        process.stderr.write(`${toUserError(err, cliLang()).message}\n`);
        return err.code === "input:invalid" || err.code === "input:unknown_model" ? 2 : 1;
      }
      throw err;
    } finally {
      interrupt.release();
    }
    display.stop();
    for (const line of summaryLines(summary)) process.stdout.write(`${line}\n`);
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (summary.interrupted) return 130;
    return summary.fatal ? 1 : 0;
  },
});
