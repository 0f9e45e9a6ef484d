// The annotations an evaluation scores: every row of an `annotate` output (CSV or JSONL) as labels by id and by text
// for each run, with the counts of invalid outputs by kind (unreadable, outside the labels, refused, failed).
import { EVAL_FIELDS, populismConsistent, type EvalField } from "../../contract/annotation";
import { cellText, readTable, textKey, type TableRow } from "./files";
import { normalizeLabel, parseBoolean } from "./labels";
import type { Label } from "./metrics";

export interface InvalidStats {
  rows: number;
  invalid: number;
  share: number;
  /** Unreadable lines and outputs that never validated (provider:invalid_output). */
  unparseable: number;
  /** A label outside the allowed values. */
  invalidEnum: number;
  /** The model returned nothing (provider:empty), which is how refusals usually arrive. */
  refusal: number;
  /** Any other failed call (rate limit, network, timeout...). */
  error: number;
  /** populism = true without both anti_elitism and popor_central (valid JSON, but against the codebook). */
  inconsistentPopulism: number;
  /** Outputs that were invalid at first and valid after the one repair. */
  repaired: number;
  byCode: Record<string, number>;
}

/** One annotation's labels; null where the output was invalid. */
export type Prediction = Record<EvalField, Label>;
/** A text's predictions by run (1-based). */
export type Runs = Map<number, Prediction>;

export interface Predictions {
  byId: Map<string, Runs>;
  /** Keyed by textKey(text). */
  byText: Map<string, Runs>;
  models: Set<string>;
  codebookVersions: Set<string>;
  temperatures: Set<number | null>;
  /** The highest run number (1 for a single run). */
  runs: number;
  invalid: InvalidStats;
}

const REFUSAL_CODES = new Set(["provider:empty"]);
const UNPARSEABLE_CODES = new Set(["provider:invalid_output"]);

function emptyStats(rows: number, unreadable: number): InvalidStats {
  return {
    rows,
    invalid: 0,
    share: 0,
    unparseable: unreadable,
    invalidEnum: 0,
    refusal: 0,
    error: 0,
    inconsistentPopulism: 0,
    repaired: 0,
    byCode: {},
  };
}

/** A row's labels, counting what was wrong with it; a label outside `fields` being invalid does not count. */
function predictionOf(row: TableRow, fields: readonly EvalField[], invalid: InvalidStats): Prediction {
  const labels = {} as Prediction;
  const code = cellText(row.error).trim();
  if (code) {
    invalid.byCode[code] = (invalid.byCode[code] ?? 0) + 1;
    if (UNPARSEABLE_CODES.has(code)) invalid.unparseable++;
    else if (REFUSAL_CODES.has(code)) invalid.refusal++;
    else invalid.error++;
    for (const field of EVAL_FIELDS) labels[field] = null;
    return labels;
  }
  let badEnum = false;
  for (const field of EVAL_FIELDS) {
    labels[field] = normalizeLabel(field, row[field]);
    if (labels[field] === null && fields.includes(field)) badEnum = true;
  }
  if (badEnum) invalid.invalidEnum++;
  if (labels.populism === "true") {
    const consistent = populismConsistent({
      populism: true,
      anti_elitism: labels.anti_elitism === "true",
      popor_central: labels.popor_central === "true",
    });
    if (!consistent) invalid.inconsistentPopulism++;
  }
  if (parseBoolean(row.repaired) === true) invalid.repaired++;
  return labels;
}

/** Files the first prediction of a run under its key; a repeated (key, run) keeps the first. */
function file(index: Map<string, Runs>, key: string, run: number, prediction: Prediction): void {
  const runs = index.get(key) ?? new Map<number, Prediction>();
  if (!runs.has(run)) runs.set(run, prediction);
  index.set(key, runs);
}

/** Reads an annotation file; the invalid-output counts are over every row of it. */
export function readPredictions(
  annotationsFile: string,
  fields: readonly EvalField[],
  idColumn: string,
): Predictions {
  const table = readTable(annotationsFile);
  const invalid = emptyStats(table.rows.length + table.problems.length, table.problems.length);
  const predictions: Predictions = {
    byId: new Map(),
    byText: new Map(),
    models: new Set(),
    codebookVersions: new Set(),
    temperatures: new Set(),
    runs: 1,
    invalid,
  };
  for (const row of table.rows) {
    const run = Number(cellText(row.run)) || 1;
    predictions.runs = Math.max(predictions.runs, run);
    if (cellText(row.model)) predictions.models.add(cellText(row.model));
    if (cellText(row.codebook_version)) predictions.codebookVersions.add(cellText(row.codebook_version));
    const temperature = cellText(row.temperature).trim();
    predictions.temperatures.add(temperature === "" ? null : Number(temperature));
    const prediction = predictionOf(row, fields, invalid);
    const id = cellText(row[idColumn]).trim();
    if (id) file(predictions.byId, id, run, prediction);
    file(predictions.byText, textKey(cellText(row.text)), run, prediction);
  }
  invalid.invalid = invalid.unparseable + invalid.invalidEnum + invalid.refusal + invalid.error;
  invalid.share = invalid.rows === 0 ? 0 : invalid.invalid / invalid.rows;
  return predictions;
}
