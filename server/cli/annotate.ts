// `annotate <file.csv|file.jsonl> --model ID --out FILE`: a resumable batch annotation run with a progress bar.
import cliProgress from "cli-progress";
import { annotateFile, type AnnotateFileSummary, type AnnotateProgress } from "../annotation/annotateFile";
import { loadConfig } from "../config";
import { AppError, toUserError } from "../../contract/errors";
import { TEMPERATURE_RANGE } from "../../contract/settings";
import { defineCommand, intFlag, numberFlag, UsageError } from "./args";
import { onInterrupt } from "./interrupt";
import { countWith } from "../../contract/plural";

/** A figure as the CLI's other commands write it, in Romanian: "0,02", "200,0". */
const decimal = (x: number, digits?: number) =>
  x.toLocaleString(
    "ro-RO",
    digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits },
  );

const USAGE = `npm run cli -- annotate <fișier.csv|fișier.jsonl> --model ID --out <fișier.jsonl|fișier.csv>
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

/** A progress display: a bar on a terminal, a plain line every 10% or 5 seconds otherwise (logs, CI). */
function progressDisplay(stream: NodeJS.WriteStream) {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format:
          "Adnotare |{bar}| {percentage}% | {value}/{total} | erori {errors} | din cache {cached} | concurență {concurrency} | ETA {eta_formatted}",
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
        `adnotare ${p.done}/${p.total} (${Math.round(share * 100)}%) · erori ${p.errors} · din cache ${p.cached} · ` +
          `concurență ${p.concurrency} · ${decimal(rate, 1)} rânduri/s\n`,
      );
    },
    stop() {},
  };
}

function summaryLines(s: AnnotateFileSummary): string[] {
  const lines = [
    `${s.interrupted ? "Întrerupt" : s.fatal ? "Oprit" : "Gata"}: ${countWith(s.written, ["rând scris", "rânduri scrise"])} în ${decimal(s.seconds)} s ` +
      `(${s.skipped} erau deja în fișier, ${s.cached} din cache, ${s.errors} cu erori) → ${s.output}`,
    `Model ${s.model} · codebook ${s.codebookVersion} · temperatura ${s.temperature === undefined || s.temperature === null ? "-" : decimal(s.temperature)} · ${countWith(s.rows, ["rând", "rânduri"])} × ${countWith(s.runs, ["rulare", "rulări"])}`,
  ];
  if (s.rateLimited > 0) {
    lines.push(
      `Limitări de rată (429): ${s.rateLimited}; concurența a coborât până la ${s.lowestConcurrency} și a ajuns la ${s.finalConcurrency}.`,
    );
  }
  const codes = Object.entries(s.errorsByCode);
  if (codes.length > 0) {
    lines.push(`Erori: ${codes.map(([code, n]) => `${code} × ${n}`).join(", ")} (reluați cu --retry-errors)`);
  }
  if (s.fatal) lines.push(`Rularea s-a oprit: ${s.fatal.message}`);
  if (s.remaining > 0)
    lines.push(
      `Mai ${s.remaining === 1 ? "este" : "sunt"} ${countWith(s.remaining, ["rând", "rânduri"])}: ` +
        `rulați din nou aceeași comandă pentru ${s.remaining === 1 ? "el" : "ele"}.`,
    );
  return lines;
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
  const interrupt = onInterrupt("Se oprește: rândurile terminate sunt deja salvate");
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
      process.stderr.write(`${toUserError(err).message}\n`);
      return err.code.startsWith("input:") || err.code.startsWith("dataset:") ? 2 : 1;
    }
    throw err;
  } finally {
    interrupt.release();
  }
  display.stop();
  const p = summary.progress;
  const state = summary.status === "done" ? "Gata" : summary.status === "stopped" ? "Întrerupt" : "Oprit";
  process.stdout.write(
    `${state}: ${p.done}/${p.total} (${p.failed} cu erori) în ${summary.seconds} s · set de date ${summary.datasetId} · ` +
      `rulare ${summary.runId}${summary.resumed ? " (reluată)" : ""}\n`,
  );
  if (summary.error) process.stdout.write(`Rularea s-a oprit: ${summary.error.message}\n`);
  if (run.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (summary.status === "stopped") return 130;
  return summary.status === "done" ? 0 : 1;
}

export const command = defineCommand({
  name: "annotate",
  summary: "Adnotează un fișier CSV/JSONL cu un model (reluabil, cu cache și concurență adaptivă).",
  usage: USAGE,
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
    if (values.store || values.dataset) {
      if (values.dataset && input) throw new UsageError("--dataset nu primește și un fișier");
      if (!values.dataset && !input) throw new UsageError("lipsește fișierul de adnotat");
      if (extra.length > 0) throw new UsageError(`un singur fișier de intrare (în plus: „${extra[0]}”)`);
      if (!values.model) throw new UsageError("lipsește --model");
      if (values.out) throw new UsageError("--out nu se folosește împreună cu --store sau --dataset");
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
    if (!input) throw new UsageError("lipsește fișierul de adnotat");
    if (extra.length > 0) throw new UsageError(`un singur fișier de intrare (în plus: „${extra[0]}”)`);
    if (!values.model) throw new UsageError("lipsește --model");
    if (!values.out) throw new UsageError("lipsește --out");
    const runs = intFlag("--runs", values.runs, { min: 1 }, 1);
    const concurrency = intFlag("--concurrency", values.concurrency, { min: 1 }, 4);
    const temperature = numberFlag("--temperature", values.temperature, TEMPERATURE_RANGE) ?? 0;
    const config = loadConfig();
    const interrupt = onInterrupt("Se oprește: rândurile terminate sunt deja salvate");
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
      });
    } catch (err) {
      display.stop();
      if (err instanceof AppError) {
        process.stderr.write(`${toUserError(err).message}\n`);
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
