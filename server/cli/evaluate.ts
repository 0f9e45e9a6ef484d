// `evaluate <annotations> --gold FILE [--gold-labels] [--json]`: agreement with gold labels, invalid outputs and
// run-to-run agreement, as a Markdown report (stdout, --report FILE) and, with --json, one JSON object last.
import { writeFileSync } from "node:fs";
import { EVAL_FIELDS, isEvalField, type EvalField } from "../../contract/annotation";
import { evaluateAnnotations } from "../annotation/evaluate";
import type { GoldSource } from "../annotation/gold";
import { evaluationJson, evaluationMarkdown } from "../annotation/report";
import { loadConfig } from "../config";
import { AppError, toUserError } from "../../contract/errors";
import { defineCommand, intFlag, listFlag, UsageError } from "./args";
import { storedLabels } from "./exportLabels";
import { cliLang, say } from "./lang";

const USAGE_RO = `npm run cli -- evaluate <adnotări.jsonl|adnotări.csv> --gold <gold.csv|gold.jsonl> [--gold-labels]
    [--fields ton,populism,...] [--id-col id] [--text-col text]
    [--map-gold ton=Label] [--gold-values ton:0=negativ,1=neutru,2=pozitiv]
    [--resamples 1000] [--seed 42] [--report raport.md] [--json]

  --gold          fișierul cu etichetele adevărate, în aceleași câmpuri (ton, populism, ...)
  --gold-labels   folosește și corecturile umane din SQLite (DATA_DIR), potrivite după text
  --fields        câmpurile evaluate (implicit: cele prezente în gold; ${EVAL_FIELDS.join(", ")})
  --id-col        coloana de id din ambele fișiere (implicit „id”; fără ea, potrivire după text)
  --map-gold      CÂMP=COLOANĂ: coloana gold a unui câmp (se poate repeta)
  --gold-values   CÂMP:VALOARE=ETICHETĂ,...: traduce valorile gold (se poate repeta)
  --report        scrie raportul Markdown și într-un fișier
  --json          ultima linie este un obiect JSON cu toate cifrele`;

const USAGE_EN = `npm run cli -- evaluate <annotations.jsonl|annotations.csv> --gold <gold.csv|gold.jsonl> [--gold-labels]
    [--fields ton,populism,...] [--id-col id] [--text-col text]
    [--map-gold ton=Label] [--gold-values ton:0=negativ,1=neutru,2=pozitiv]
    [--resamples 1000] [--seed 42] [--report report.md] [--json]

  --gold          the file with the true labels, in the same fields (ton, populism, ...)
  --gold-labels   also uses the human corrections stored in SQLite (DATA_DIR), matched by text
  --fields        the fields evaluated (default: those present in the gold; ${EVAL_FIELDS.join(", ")})
  --id-col        the id column of both files (default "id"; without it, matched by text)
  --map-gold      FIELD=COLUMN: a field's gold column (may be repeated)
  --gold-values   FIELD:VALUE=LABEL,...: translates gold values (may be repeated)
  --report        also writes the Markdown report to a file
  --json          the last line is a JSON object with every figure`;

/** The command's messages, in both languages. */
const TEXT = {
  ro: {
    unknownField: (field: string) => `câmp necunoscut „${field}” (câmpuri: ${EVAL_FIELDS.join(", ")})`,
    mapGold: (spec: string) => `--map-gold „${spec}”: se scrie CÂMP=COLOANĂ`,
    goldValues: (spec: string) => `--gold-values „${spec}”: se scrie CÂMP:VALOARE=ETICHETĂ,...`,
    noEquals: (pair: string) => `--gold-values „${pair}”: lipsește „=”`,
    noFile: "lipsește fișierul cu adnotări",
    extra: (file: string) => `un singur fișier cu adnotări (în plus: „${file}”)`,
    noGold: "lipsesc etichetele gold: --gold FIȘIER și/sau --gold-labels",
    summary:
      "Compară adnotările cu etichetele gold: acuratețe, macro-F1, κ, intervale bootstrap, ieșiri invalide, acord între rulări.",
  },
  en: {
    unknownField: (field: string) => `unknown field "${field}" (fields: ${EVAL_FIELDS.join(", ")})`,
    mapGold: (spec: string) => `--map-gold "${spec}": written FIELD=COLUMN`,
    goldValues: (spec: string) => `--gold-values "${spec}": written FIELD:VALUE=LABEL,...`,
    noEquals: (pair: string) => `--gold-values "${pair}": "=" is missing`,
    noFile: "the annotations file is missing",
    extra: (file: string) => `one annotations file only (extra: "${file}")`,
    noGold: "the gold labels are missing: --gold FILE and/or --gold-labels",
    summary:
      "Compares annotations with gold labels: accuracy, macro-F1, κ, bootstrap intervals, invalid outputs, agreement between runs.",
  },
};

function fieldName(name: string): EvalField {
  const field = name.trim();
  if (!isEvalField(field)) {
    throw new UsageError(say(TEXT).unknownField(field));
  }
  return field;
}

/** `ton=Label,populism=pop` (repeatable) → { ton: "Label", populism: "pop" }. */
export function parseGoldColumns(specs: string[]): Partial<Record<EvalField, string>> {
  const columns: Partial<Record<EvalField, string>> = {};
  for (const spec of specs.flatMap((s) => s.split(","))) {
    if (!spec.trim()) continue;
    const at = spec.indexOf("=");
    if (at <= 0) throw new UsageError(say(TEXT).mapGold(spec));
    columns[fieldName(spec.slice(0, at))] = spec.slice(at + 1).trim();
  }
  return columns;
}

/** `ton:0=negativ,1=neutru,2=pozitiv` (repeatable) → { ton: { "0": "negativ", ... } }. */
export function parseGoldValues(specs: string[]): Partial<Record<EvalField, Record<string, string>>> {
  const values: Partial<Record<EvalField, Record<string, string>>> = {};
  for (const spec of specs) {
    const colon = spec.indexOf(":");
    if (colon <= 0) {
      throw new UsageError(say(TEXT).goldValues(spec));
    }
    const field = fieldName(spec.slice(0, colon));
    const map = (values[field] ??= {});
    for (const pair of spec.slice(colon + 1).split(",")) {
      const at = pair.indexOf("=");
      if (at < 0) throw new UsageError(say(TEXT).noEquals(pair));
      map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
  }
  return values;
}

export const command = defineCommand({
  name: "evaluate",
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
  usage: { ro: USAGE_RO, en: USAGE_EN },
  positionals: true,
  options: {
    gold: { type: "string" },
    "gold-labels": { type: "boolean", default: false },
    fields: { type: "string" },
    "id-col": { type: "string" },
    "text-col": { type: "string" },
    "map-gold": { type: "string", multiple: true, default: [] },
    "gold-values": { type: "string", multiple: true, default: [] },
    resamples: { type: "string" },
    seed: { type: "string" },
    report: { type: "string" },
    json: { type: "boolean", default: false },
  },
  async run({ values, positionals }) {
    const [annotationsFile, ...extra] = positionals;
    const t = say(TEXT);
    if (!annotationsFile) throw new UsageError(t.noFile);
    if (extra.length > 0) throw new UsageError(t.extra(extra[0]!));
    if (!values.gold && !values["gold-labels"]) throw new UsageError(t.noGold);
    const gold: GoldSource = {
      file: values.gold,
      columns: parseGoldColumns(values["map-gold"]),
      values: parseGoldValues(values["gold-values"]),
    };
    const fields = values.fields ? listFlag(values.fields).map(fieldName) : undefined;
    const resamples = intFlag("--resamples", values.resamples, { min: 0 }, 1000);
    const seed = intFlag("--seed", values.seed, { min: 0 }, 42);
    try {
      if (values["gold-labels"]) {
        const config = loadConfig();
        gold.labels = await storedLabels(config);
        gold.labelsFrom = config.DATABASE_URL ? "PostgreSQL" : "SQLite";
      }
      const evaluation = evaluateAnnotations({
        annotationsFile,
        gold,
        fields,
        idColumn: values["id-col"],
        textColumn: values["text-col"],
        resamples,
        seed,
      });
      const markdown = evaluationMarkdown(evaluation, cliLang());
      process.stdout.write(`${markdown}\n`);
      if (values.report) writeFileSync(values.report, `${markdown}\n`);
      if (values.json) process.stdout.write(`${JSON.stringify(evaluationJson(evaluation))}\n`);
      return evaluation.n > 0 ? 0 : 1;
    } catch (err) {
      if (err instanceof AppError) {
        process.stderr.write(`${toUserError(err, cliLang()).message}\n`);
        return 2;
      }
      throw err;
    }
  },
});
