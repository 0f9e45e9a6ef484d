// Agreement of a batch's annotations with gold labels (a file, the human corrections stored in SQLite, or both),
// the share of invalid outputs, and run-to-run agreement when the batch was run several times.
import { EVAL_FIELDS, type EvalField } from "../../contract/annotation";
import { AppError } from "../../contract/errors";
import { fieldsInGold, readGold, type GoldItem, type GoldSource, type GoldUnmapped } from "./gold";
import { FIELD_CLASSES } from "./labels";
import {
  agreement,
  bootstrap,
  fleissKappa,
  identicalShare,
  type Agreement,
  type BootstrapIntervals,
  type Label,
} from "./metrics";
import { readPredictions, type InvalidStats, type Predictions, type Runs } from "./predictions";

export interface EvaluateOptions {
  annotationsFile: string;
  gold: GoldSource;
  fields?: EvalField[];
  /** The id column of both files ("id"); gold rows without it are matched by their text. */
  idColumn?: string;
  /** The text column of the gold file ("text"). */
  textColumn?: string;
  resamples?: number;
  seed?: number;
}

export interface FieldEvaluation extends Agreement {
  /** Matched items whose prediction was invalid. */
  invalid: number;
  ci: BootstrapIntervals;
}

export interface RunsAgreement {
  runs: number;
  fields: Partial<Record<EvalField, { items: number; identical: number; fleissKappa: number | null }>>;
}

export interface Evaluation {
  annotationsFile: string;
  goldSources: string[];
  models: string[];
  codebookVersions: string[];
  temperatures: (number | null)[];
  /** Gold items matched to an annotation. */
  n: number;
  /** Gold items with no annotation at all. */
  missing: number;
  fields: Partial<Record<EvalField, FieldEvaluation>>;
  /** Gold values that are not labels of their field (check --map-gold / --gold-values). */
  goldUnmapped: GoldUnmapped;
  invalid: InvalidStats;
  runs: RunsAgreement | null;
}

type Pairs = Record<EvalField, { gold: string[]; predicted: Label[] }>;

/** The fields evaluated: those asked for, else those the gold has (every field for human corrections). */
function fieldsToEvaluate(options: EvaluateOptions): EvalField[] {
  if (!options.gold.file && !options.gold.labels) {
    throw new AppError("input:invalid", {
      detail: "lipsesc etichetele gold: --gold FIȘIER și/sau --gold-labels",
    });
  }
  const fields = options.fields ?? [
    ...new Set([...fieldsInGold(options.gold), ...(options.gold.labels ? EVAL_FIELDS : [])]),
  ];
  if (fields.length === 0) {
    throw new AppError("input:invalid", {
      detail: `fișierul gold nu are coloane ${EVAL_FIELDS.join(", ")}; folosiți --map-gold ton=COLOANA`,
    });
  }
  return fields;
}

/** Each gold label next to the first run's prediction for its item; items without any annotation are missing. */
function pairWithGold(
  gold: Iterable<GoldItem>,
  predictions: Predictions,
  fields: readonly EvalField[],
): { pairs: Pairs; matched: number; missing: number } {
  const lookup = (key: string) =>
    key.startsWith("id:") ? predictions.byId.get(key.slice(3)) : predictions.byText.get(key.slice(5));
  const firstRun = (runs: Runs) => runs.get(Math.min(...runs.keys()));
  let matched = 0;
  let missing = 0;
  const pairs = {} as Pairs;
  for (const field of EVAL_FIELDS) pairs[field] = { gold: [], predicted: [] };
  for (const item of gold) {
    if (Object.keys(item.labels).length === 0) continue;
    const runs = lookup(item.key);
    const prediction = runs ? firstRun(runs) : undefined;
    if (!prediction) {
      missing++;
      continue;
    }
    matched++;
    for (const field of fields) {
      const label = item.labels[field];
      if (label === undefined) continue;
      pairs[field].gold.push(label);
      pairs[field].predicted.push(prediction[field]);
    }
  }
  return { pairs, matched, missing };
}

function scoreFields(
  pairs: Pairs,
  fields: readonly EvalField[],
  options: Pick<EvaluateOptions, "resamples" | "seed">,
): Evaluation["fields"] {
  const results: Evaluation["fields"] = {};
  for (const field of fields) {
    const { gold, predicted } = pairs[field];
    if (gold.length === 0) continue;
    const order = FIELD_CLASSES[field];
    results[field] = {
      ...agreement(gold, predicted, order),
      invalid: predicted.filter((label) => label === null).length,
      ci: bootstrap(gold, predicted, { resamples: options.resamples, seed: options.seed, order }),
    };
  }
  return results;
}

/** Run-to-run agreement: over the items (by id) that have every run 1..R with a valid label. */
function runsAgreement(predictions: Predictions, fields: readonly EvalField[]): RunsAgreement | null {
  const maxRun = predictions.runs;
  if (maxRun <= 1) return null;
  const result: RunsAgreement = { runs: maxRun, fields: {} };
  const items = [...predictions.byId.values()];
  for (const field of fields) {
    const ratings: string[][] = [];
    for (const runs of items) {
      const labels: string[] = [];
      for (let run = 1; run <= maxRun; run++) {
        const label = runs.get(run)?.[field];
        if (label === null || label === undefined) break;
        labels.push(label);
      }
      if (labels.length === maxRun) ratings.push(labels);
    }
    result.fields[field] = {
      items: ratings.length,
      identical: identicalShare(ratings),
      fleissKappa: ratings.length > 0 ? fleissKappa(ratings) : null,
    };
  }
  return result;
}

export function evaluateAnnotations(options: EvaluateOptions): Evaluation {
  const idColumn = options.idColumn ?? "id";
  const textColumn = options.textColumn ?? "text";
  const fields = fieldsToEvaluate(options);
  const predictions = readPredictions(options.annotationsFile, fields, idColumn);
  const gold = readGold(options.gold, fields, idColumn, textColumn);
  const { pairs, matched, missing } = pairWithGold(gold.items.values(), predictions, fields);
  return {
    annotationsFile: options.annotationsFile,
    goldSources: gold.sources,
    models: [...predictions.models],
    codebookVersions: [...predictions.codebookVersions],
    temperatures: [...predictions.temperatures],
    n: matched,
    missing,
    fields: scoreFields(pairs, fields, options),
    goldUnmapped: gold.unmapped,
    invalid: predictions.invalid,
    runs: runsAgreement(predictions, fields),
  };
}
