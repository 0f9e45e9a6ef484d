// `compare --models a,b,c [--suite FILE] [--runs N] [--temperatures 0,0.7] [--concurrency C] --out DIR
// [--write-config]`: runs a suite on several models, writes report.md, results.csv and results.json, recommends a
// primary model, a fallback and a temperature, and can write them into .env.
import path from "node:path";
import cliProgress from "cli-progress";
import Table from "cli-table3";
import { abilitiesOf } from "../compare/calls";
import { formatMs, formatNumber, formatPercent, formatTemperature } from "../compare/recommend";
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
import { countWith } from "../../contract/plural";

const USAGE = `npm run cli -- compare --models A,B,C --out DOSAR [--suite FIȘIER] [--runs N]
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

export function parseTemperatures(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const { min, max } = TEMPERATURE_RANGE;
  const list = listFlag(value).map(Number);
  if (list.length === 0 || list.some((t) => !Number.isFinite(t) || t < min || t > max)) {
    throw new UsageError(`--temperatures: numere între ${min} și ${max}, separate prin virgulă (ex. 0,0.7)`);
  }
  return [...new Set(list)];
}

export function parseModels(value: string | undefined): string[] {
  const models = listFlag(value);
  if (models.length === 0) throw new UsageError("--models: cel puțin un model");
  if (new Set(models).size !== models.length) throw new UsageError("--models: un model apare de două ori");
  // An id that names no provider is a typo: say so now rather than fill a report with it.
  for (const model of models) abilitiesOf(model);
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
      throw new UsageError(`--judge: „${judge}” nu este un model (provider:model)`);
    }
    if (isOffline(judge)) throw new UsageError(`--judge: ${judge} este offline și nu poate judeca`);
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
        format: "Comparare |{bar}| {percentage}% | {value}/{total} răspunsuri | ETA {eta_formatted}",
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
      stream.write(`comparare ${done}/${total} (${total === 0 ? 100 : Math.round((done / total) * 100)}%)\n`);
    },
    stop() {},
  };
}

export const command = defineCommand({
  name: "compare",
  summary:
    "Compară modele pe o suită (română, instrucțiuni, adnotare, JSON, stabilitate, refuzuri) și recomandă modelul principal, rezerva și temperatura.",
  usage: USAGE,
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
    if (!values.models) throw new UsageError("lipsește --models");
    if (!values.out) throw new UsageError("lipsește --out");
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
        process.stderr.write(`${toUserError(err).message}\n`);
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
      if (missing)
        process.stderr.write(
          `Atenție: ${model} nu este configurat (lipsește ${missing}); apelurile lui vor apărea ca erori.\n`,
        );
    }

    const plan = planRun({ models, suite, config, ...options });
    process.stderr.write(
      `Suita „${suite.name}”: ${countWith(suite.cases.length, ["caz", "cazuri"])} × ` +
        `${countWith(models.length, ["model", "modele"])} × ` +
        `${countWith(plan.temperatures.length, ["temperatură", "temperaturi"])} → ` +
        `${countWith(plan.total, ["răspuns", "răspunsuri"])}.\n`,
    );
    const interrupt = onInterrupt("Se oprește: raportul se scrie cu răspunsurile primite");
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

    const results = summarize(run);
    const outDir = path.resolve(values.out);
    const files = writeReport(outDir, results, run);

    const table = new Table({
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
      // No colours: the table often goes to a file or a CI log.
      style: { head: [], border: [] },
    });
    for (const m of results.models) {
      table.push([
        m.model,
        formatPercent(m.passRate),
        formatPercent(m.jsonValidRate),
        formatNumber(m.annotation?.macroF1 ?? null),
        formatMs(m.latency?.p50 ?? null),
        formatMs(m.latency?.p95 ?? null),
        formatMs(m.ttftMs?.p50 ?? null),
        formatNumber(m.tokensPerSecond, 1),
        formatNumber(m.grounding?.meanScore ?? null),
        formatNumber(m.rubric?.mean ?? null),
        String(m.calls.error),
      ]);
    }
    process.stdout.write(`${table.toString()}\n`);
    const rec = results.recommendation;
    if (rec) {
      process.stdout.write(
        `\nRecomandare: principal ${rec.primary ?? "—"} · rezervă ${rec.fallback ?? "—"} · temperatură ${rec.temperature === null ? "—" : formatTemperature(rec.temperature)}\n`,
      );
      for (const reason of rec.reasons) process.stdout.write(`  - ${reason}\n`);
    } else if (run.interrupted) {
      process.stdout.write(
        "\nFără recomandare: rularea s-a oprit înainte de final. Rulați comparația întreagă pentru o recomandare.\n",
      );
    }
    process.stdout.write(`\nRaport: ${files.markdown}\nRânduri: ${files.csv}\nCifre: ${files.json}\n`);

    let configWritten = false;
    if (values["write-config"]) {
      if (!rec?.primary || rec.temperature === null) {
        process.stderr.write(
          run.interrupted
            ? "Nu scriu configurația: rularea s-a oprit înainte de final, deci nu are recomandare.\n"
            : "Nu scriu configurația: nu există o recomandare (niciun model nu a generat text).\n",
        );
      } else {
        const update = writeEnvFile(
          envFile,
          {
            MODEL_PRIMARY: rec.primary,
            MODEL_FALLBACK: rec.fallback ?? "",
            TEMPERATURE: String(rec.temperature),
          },
          `Scris de „npm run cli -- compare” (${new Date().toISOString().slice(0, 10)}), suita ${suite.id}`,
        );
        configWritten = true;
        process.stdout.write(
          `\n${update.created ? "Am creat" : "Am actualizat"} ${path.resolve(envFile)} (înainte → după):\n`,
        );
        for (const line of describeChanges(update.changes)) process.stdout.write(`${line}\n`);
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
