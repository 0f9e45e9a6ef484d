// `compare --models a,b,c [--suite FILE] [--runs N] [--temperatures 0,0.7] [--concurrency C] --out DIR
// [--write-config]`: runs a suite on several models, writes report.md, results.csv and results.json, recommends a
// primary model, a fallback and a temperature, and can write them into .env.
import path from "node:path";
import cliProgress from "cli-progress";
import Table from "cli-table3";
import { abilitiesOf } from "../compare/calls";
import { unknownModels } from "../models/clientModels";
import { RECOMMEND_TEXT } from "../compare/recommendText";
import { writeReport } from "../compare/report";
import { planRun, runComparison } from "../compare/runner";
import { defaultSuitePath, loadSuite } from "../compare/suite";
import { summarize } from "../compare/summary";
import { describeChanges, writeEnvFile } from "../compare/writeConfig";
import { loadConfig } from "../config";
import { AppError, toUserError } from "../../contract/errors";
import { createLogger } from "../log";
import { missingConfiguration } from "../models/providers";
import { ModelGateway } from "../models/gateway";
import { TEMPERATURE_RANGE } from "../../contract/settings";
import { defineCommand, intFlag, listFlag, numberFlag, UsageError } from "./args";
import { refineRule } from "../models/refineSettings";
import { isOffline } from "../models/catalog";
import { parseModelId } from "../models/providers";
import type { Config } from "../config";
import { onInterrupt } from "./interrupt";
import { cliLang, say } from "./lang";
import { countWith } from "../../contract/plural";

const USAGE_RO = `npm run cli -- compare --models A,B,C --out DOSAR [--suite FIȘIER] [--runs N]
    [--temperatures 0,0.7] [--concurrency C] [--timeout-ms MS] [--no-warmup] [--write-config] [--env .env] [--json]
    [--judge J1,J2] [--rubric] [--self-judge] [--grounding-judge J]
    [--refine-words N] [--refine-grounding X] [--refine-topics T1,T2]

  --models        modelele comparate, provider:model, separate prin virgulă (ex. google-genai:gemini-2.5-flash,offline:extractive);
                  „mic>mare” (între ghilimele în shell) este o intrare ciornă → rafinare: modelul mic scrie ciorna, cel mare o rafinează când regula o cere
  --out           dosarul în care se scriu report.md, results.csv și results.json
  --suite         suita (YAML sau JSON); implicit suites/default.ro.yaml
  --runs          de câte ori rulează fiecare caz (implicit al suitei, altfel 1); cazurile de stabilitate pot cere mai multe
  --temperatures  temperaturile încercate, separate prin virgulă (implicit ale suitei)
  --concurrency   câte apeluri simultane pe model (implicit 1, ca latențele să nu includă așteptarea la coadă)
  --timeout-ms    limita unui apel (implicit MODEL_TIMEOUT_MS)
  --no-warmup     fără apelul de încălzire (nenumărat) al fiecărui model
  --write-config  scrie MODEL_PRIMARY, MODEL_FALLBACK și TEMPERATURE recomandate în .env (restul fișierului rămâne)
  --env           fișierul .env citit și, cu --write-config, scris (implicit .env)
  --json          ultima linie este un obiect JSON cu fișierele scrise și recomandarea
  --judge         judecătorii rubricii, în ordine (implicit RUBRIC_JUDGE); primul care nu este modelul notat îl notează
  --rubric        notează cu rubrica (coerență, factualitate, concizie, rol) toate cazurile cu prompt, nu doar cele care o cer
  --self-judge    un model își poate nota propriile răspunsuri (implicit nu)
  --grounding-judge  judecătorul fundamentării (implicit GROUNDING_JUDGE; fără el, verificarea offline)
  --refine-words, --refine-grounding, --refine-topics  regula ciornă → rafinare (implicit REFINE_MAX_DRAFT_WORDS,
                  REFINE_MIN_GROUNDING, REFINE_TOPICS)`;

const USAGE_EN = `npm run cli -- compare --models A,B,C --out FOLDER [--suite FILE] [--runs N]
    [--temperatures 0,0.7] [--concurrency C] [--timeout-ms MS] [--no-warmup] [--write-config] [--env .env] [--json]
    [--judge J1,J2] [--rubric] [--self-judge] [--grounding-judge J]
    [--refine-words N] [--refine-grounding X] [--refine-topics T1,T2]

  --models        the models compared, provider:model, separated by commas (e.g. google-genai:gemini-2.5-flash,offline:extractive);
                  "small>large" (quoted in a shell) is a draft → refine entry: the small model writes the draft, the large one refines it when the rule asks
  --out           the folder report.md, results.csv and results.json are written to
  --suite         the suite (YAML or JSON); default suites/default.ro.yaml
  --runs          how many times each case runs (default the suite's, else 1); stability cases may ask for more
  --temperatures  the temperatures tried, separated by commas (default the suite's)
  --concurrency   simultaneous calls per model (default 1, so that latencies do not include waiting in a queue)
  --timeout-ms    the limit of one call (default MODEL_TIMEOUT_MS)
  --no-warmup     without each model's (uncounted) warm-up call
  --write-config  writes the recommended MODEL_PRIMARY, MODEL_FALLBACK and TEMPERATURE into .env (the rest of the file stays)
  --env           the .env file read and, with --write-config, written (default .env)
  --json          the last line is a JSON object with the files written and the recommendation
  --judge         the rubric's judges, in order (default RUBRIC_JUDGE); the first that is not the model scored scores it
  --rubric        scores with the rubric (coherence, factuality, concision, role) every case with a prompt, not only those that ask
  --self-judge    a model may score its own answers (default no)
  --grounding-judge  the grounding judge (default GROUNDING_JUDGE; without one, the offline check)
  --refine-words, --refine-grounding, --refine-topics  the draft → refine rule (default REFINE_MAX_DRAFT_WORDS,
                  REFINE_MIN_GROUNDING, REFINE_TOPICS)`;

/** The command's messages and table, in both languages. */
const TEXT = {
  ro: {
    temperatures: (min: number, max: number) =>
      `--temperatures: numere între ${min} și ${max}, separate prin virgulă (ex. 0,0.7)`,
    noModel: "--models: cel puțin un model",
    twice: "--models: un model apare de două ori",
    notModel: (judge: string) => `--judge: „${judge}” nu este un model (provider:model)`,
    offlineJudge: (judge: string) => `--judge: ${judge} este offline și nu poate judeca`,
    bar: "Comparare |{bar}| {percentage}% | {value}/{total} răspunsuri | ETA {eta_formatted}",
    line: (done: number, total: number, percent: number) => `comparare ${done}/${total} (${percent}%)\n`,
    missing: (flag: string) => `lipsește ${flag}`,
    unconfigured: (model: string, missing: string) =>
      `Atenție: ${model} nu este configurat (lipsește ${missing}); apelurile lui vor apărea ca erori.\n`,
    plan: (suite: string, cases: number, models: number, temperatures: number, total: number) =>
      `Suita „${suite}”: ${countWith(cases, ["caz", "cazuri"])} × ` +
      `${countWith(models, ["model", "modele"])} × ` +
      `${countWith(temperatures, ["temperatură", "temperaturi"])} → ` +
      `${countWith(total, ["răspuns", "răspunsuri"])}.\n`,
    stopping: "Se oprește: raportul se scrie cu răspunsurile primite",
    head: [
      "model",
      "trecute",
      "JSON valid",
      "macro-F1",
      "latență p50",
      "p95",
      "TTFT p50",
      "tokeni/s",
      "fundamentare",
      "rubrică",
      "erori",
    ],
    recommendation: (primary: string, fallback: string, temperature: string) =>
      `\nRecomandare: principal ${primary} · rezervă ${fallback} · temperatură ${temperature}\n`,
    noRecommendation:
      "\nFără recomandare: rularea s-a oprit înainte de final. Rulați comparația întreagă pentru o recomandare.\n",
    files: (md: string, csv: string, json: string) => `\nRaport: ${md}\nRânduri: ${csv}\nCifre: ${json}\n`,
    noConfigInterrupted:
      "Nu scriu configurația: rularea s-a oprit înainte de final, deci nu are recomandare.\n",
    noConfig: "Nu scriu configurația: nu există o recomandare (niciun model nu a generat text).\n",
    envNote: (date: string, suite: string) => `Scris de „npm run cli -- compare” (${date}), suita ${suite}`,
    wrote: (created: boolean, file: string) =>
      `\n${created ? "Am creat" : "Am actualizat"} ${file} (înainte → după):\n`,
    summary:
      "Compară modele pe o suită (română, instrucțiuni, adnotare, JSON, stabilitate, refuzuri) și recomandă modelul principal, rezerva și temperatura.",
  },
  en: {
    temperatures: (min: number, max: number) =>
      `--temperatures: numbers between ${min} and ${max}, separated by commas (e.g. 0,0.7)`,
    noModel: "--models: at least one model",
    twice: "--models: a model appears twice",
    notModel: (judge: string) => `--judge: "${judge}" is not a model (provider:model)`,
    offlineJudge: (judge: string) => `--judge: ${judge} is offline and cannot judge`,
    bar: "Comparing |{bar}| {percentage}% | {value}/{total} answers | ETA {eta_formatted}",
    line: (done: number, total: number, percent: number) => `comparing ${done}/${total} (${percent}%)\n`,
    missing: (flag: string) => `${flag} is missing`,
    unconfigured: (model: string, missing: string) =>
      `Warning: ${model} is not configured (${missing} is missing); its calls will show as errors.\n`,
    plan: (suite: string, cases: number, models: number, temperatures: number, total: number) =>
      `Suite "${suite}": ${countWith(cases, ["case", "cases"], "en")} × ` +
      `${countWith(models, ["model", "models"], "en")} × ` +
      `${countWith(temperatures, ["temperature", "temperatures"], "en")} → ` +
      `${countWith(total, ["answer", "answers"], "en")}.\n`,
    stopping: "Stopping: the report is written with the answers received",
    head: [
      "model",
      "passed",
      "valid JSON",
      "macro-F1",
      "p50 latency",
      "p95",
      "TTFT p50",
      "tokens/s",
      "grounding",
      "rubric",
      "errors",
    ],
    recommendation: (primary: string, fallback: string, temperature: string) =>
      `\nRecommendation: primary ${primary} · fallback ${fallback} · temperature ${temperature}\n`,
    noRecommendation:
      "\nNo recommendation: the run stopped before its end. Run the whole comparison for a recommendation.\n",
    files: (md: string, csv: string, json: string) => `\nReport: ${md}\nRows: ${csv}\nFigures: ${json}\n`,
    noConfigInterrupted:
      "Not writing the configuration: the run stopped before its end, so it has no recommendation.\n",
    noConfig: "Not writing the configuration: there is no recommendation (no model generated text).\n",
    envNote: (date: string, suite: string) => `Written by "npm run cli -- compare" (${date}), suite ${suite}`,
    wrote: (created: boolean, file: string) =>
      `\n${created ? "Created" : "Updated"} ${file} (before → after):\n`,
    summary:
      "Compares models on a suite (Romanian, instructions, annotation, JSON, stability, refusals) and recommends the primary model, the fallback and the temperature.",
  },
};

export function parseTemperatures(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const { min, max } = TEMPERATURE_RANGE;
  const list = listFlag(value).map(Number);
  if (list.length === 0 || list.some((t) => !Number.isFinite(t) || t < min || t > max)) {
    throw new UsageError(say(TEXT).temperatures(min, max));
  }
  return [...new Set(list)];
}

export function parseModels(value: string | undefined): string[] {
  const models = listFlag(value);
  if (models.length === 0) throw new UsageError(say(TEXT).noModel);
  if (new Set(models).size !== models.length) throw new UsageError(say(TEXT).twice);
  // An id that names no provider is a typo: say so now (every one of them) rather than fill a report with it.
  const unknown = models.filter((model) => {
    try {
      abilitiesOf(model);
      return false;
    } catch (err) {
      if (err instanceof AppError && err.code === "input:unknown_model") return true;
      throw err;
    }
  });
  if (unknown.length > 0) throw unknownModels(unknown);
  return models;
}

/** The judges and the draft → refine rule of a run, from the flags over the configuration. */
function qualityOptions(
  values: {
    judge?: string;
    rubric?: boolean;
    "self-judge"?: boolean;
    "grounding-judge"?: string;
    "refine-words"?: string;
    "refine-grounding"?: string;
    "refine-topics"?: string;
  },
  config: Config,
) {
  const judges = values.judge === undefined ? undefined : listFlag(values.judge);
  for (const judge of [...(judges ?? []), values["grounding-judge"]].filter((j): j is string => !!j)) {
    try {
      parseModelId(judge);
    } catch {
      // Not a provider:model id: a usage mistake, said as one.
      throw new UsageError(say(TEXT).notModel(judge));
    }
    if (isOffline(judge)) throw new UsageError(say(TEXT).offlineJudge(judge));
  }
  const base = refineRule(config);
  const topics = values["refine-topics"] === undefined ? base.topics : listFlag(values["refine-topics"]);
  return {
    judges,
    rubric: values.rubric,
    allowSelfJudge: values["self-judge"],
    groundingJudge: values["grounding-judge"],
    refineRule: {
      maxDraftWords: intFlag("--refine-words", values["refine-words"], { min: 1 }) ?? base.maxDraftWords,
      minGrounding:
        numberFlag("--refine-grounding", values["refine-grounding"], { min: 0, max: 1 }) ?? base.minGrounding,
      ...(topics?.length ? { topics } : {}),
    },
  };
}

/** A bar on a terminal; a plain line every 10% otherwise (logs, CI). */
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
      update(done: number, total: number) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastTenth = -1;
  return {
    update(done: number, total: number) {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(say(TEXT).line(done, total, total === 0 ? 100 : Math.round((done / total) * 100)));
    },
    stop() {},
  };
}

export const command = defineCommand({
  name: "compare",
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
  usage: { ro: USAGE_RO, en: USAGE_EN },
  options: {
    models: { type: "string" },
    suite: { type: "string" },
    runs: { type: "string" },
    temperatures: { type: "string" },
    concurrency: { type: "string" },
    "timeout-ms": { type: "string" },
    out: { type: "string" },
    "no-warmup": { type: "boolean", default: false },
    "write-config": { type: "boolean", default: false },
    env: { type: "string", default: ".env" },
    json: { type: "boolean", default: false },
    judge: { type: "string" },
    rubric: { type: "boolean", default: false },
    "self-judge": { type: "boolean", default: false },
    "grounding-judge": { type: "string" },
    "refine-words": { type: "string" },
    "refine-grounding": { type: "string" },
    "refine-topics": { type: "string" },
  },
  async run({ values }) {
    const lang = cliLang();
    const t = TEXT[lang];
    const figures = RECOMMEND_TEXT[lang];
    if (!values.models) throw new UsageError(t.missing("--models"));
    if (!values.out) throw new UsageError(t.missing("--out"));
    const options = {
      runs: intFlag("--runs", values.runs, { min: 1 }),
      temperatures: parseTemperatures(values.temperatures),
      concurrency: intFlag("--concurrency", values.concurrency, { min: 1 }),
      timeoutMs: intFlag("--timeout-ms", values["timeout-ms"], { min: 1 }),
    };
    let models: string[];
    let suite;
    try {
      models = parseModels(values.models);
      suite = loadSuite(values.suite ?? defaultSuitePath());
    } catch (err) {
      if (err instanceof AppError) {
        process.stderr.write(`${toUserError(err, lang).message}\n`);
        return 2;
      }
      throw err;
    }

    const envFile = values.env;
    const config = loadConfig(envFile);
    const quality = qualityOptions(values, config);
    // Model failures are the report's business: the log only says what cannot be fixed there.
    const gateway = new ModelGateway(config, { logger: createLogger({ ...config, LOG_LEVEL: "error" }) });
    for (const model of models) {
      const missing = missingConfiguration(model, config);
      if (missing) process.stderr.write(t.unconfigured(model, missing));
    }

    const plan = planRun({ models, suite, config, ...options });
    process.stderr.write(
      t.plan(suite.name, suite.cases.length, models.length, plan.temperatures.length, plan.total),
    );
    const interrupt = onInterrupt(t.stopping);
    const display = progressDisplay(process.stderr);
    let run;
    try {
      run = await runComparison({
        models,
        suite,
        config,
        gateway,
        ...options,
        ...quality,
        warmup: !values["no-warmup"],
        signal: interrupt.signal,
        onProgress: ({ done, total }) => display.update(done, total),
      });
    } finally {
      display.stop();
      interrupt.release();
    }

    const results = summarize(run, { lang });
    const outDir = path.resolve(values.out);
    const files = writeReport(outDir, results, run, lang);

    const table = new Table({
      head: t.head,
      // No colours: the table often goes to a file or a CI log.
      style: { head: [], border: [] },
    });
    for (const m of results.models) {
      table.push([
        m.model,
        figures.percent(m.passRate),
        figures.percent(m.jsonValidRate),
        figures.number(m.annotation?.macroF1 ?? null),
        figures.ms(m.latency?.p50 ?? null),
        figures.ms(m.latency?.p95 ?? null),
        figures.ms(m.ttftMs?.p50 ?? null),
        figures.number(m.tokensPerSecond, 1),
        figures.number(m.grounding?.meanScore ?? null),
        figures.number(m.rubric?.mean ?? null),
        String(m.calls.error),
      ]);
    }
    process.stdout.write(`${table.toString()}\n`);
    const rec = results.recommendation;
    if (rec) {
      process.stdout.write(
        t.recommendation(
          rec.primary ?? "—",
          rec.fallback ?? "—",
          rec.temperature === null ? "—" : figures.temperature(rec.temperature),
        ),
      );
      for (const reason of rec.reasons) process.stdout.write(`  - ${reason}\n`);
    } else if (run.interrupted) {
      process.stdout.write(t.noRecommendation);
    }
    process.stdout.write(t.files(files.markdown, files.csv, files.json));

    let configWritten = false;
    if (values["write-config"]) {
      if (!rec?.primary || rec.temperature === null) {
        process.stderr.write(run.interrupted ? t.noConfigInterrupted : t.noConfig);
      } else {
        const update = writeEnvFile(
          envFile,
          {
            MODEL_PRIMARY: rec.primary,
            MODEL_FALLBACK: rec.fallback ?? "",
            TEMPERATURE: String(rec.temperature),
          },
          t.envNote(new Date().toISOString().slice(0, 10), suite.id),
        );
        configWritten = true;
        process.stdout.write(t.wrote(update.created, path.resolve(envFile)));
        for (const line of describeChanges(update.changes, lang)) process.stdout.write(`${line}\n`);
      }
    }
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ files, recommendation: rec, interrupted: run.interrupted, configWritten })}\n`,
      );
    }
    if (run.interrupted) return 130;
    if (values["write-config"] && !configWritten) return 1;
    return results.models.some((m) => m.available) ? 0 : 1;
  },
});
