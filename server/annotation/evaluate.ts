// Agreement of a batch's annotations with gold labels (a file, the human corrections stored in SQLite, or both),
// the share of invalid outputs, and run-to-run agreement when the batch was run several times.
import { AppError } from "../../contract/errors";
import type { HumanLabel } from "../../contract/threads";
import { cellText, readTable, textKey, type TableRow } from "./files";
import {
  agreement,
  bootstrap,
  fleissKappa,
  identicalShare,
  type Agreement,
  type BootstrapIntervals,
  type Label,
} from "./metrics";
import { EVAL_FIELDS, TONES, TOPICS, populismConsistent, type EvalField } from "../../contract/annotation";

const BOOLEAN_VALUES = ["true", "false"] as const;
/** The allowed labels of each field, in the order reports show them. */
export const FIELD_CLASSES: Record<EvalField, readonly string[]> = {
  ton: TONES,
  populism: BOOLEAN_VALUES,
  anti_elitism: BOOLEAN_VALUES,
  popor_central: BOOLEAN_VALUES,
  tema: TOPICS,
};

const TRUE_WORDS = new Set(["true", "1", "da", "yes", "adevarat", "adevărat"]);
const FALSE_WORDS = new Set(["false", "0", "nu", "no", "fals"]);

/** A boolean cell (JSON true/false, "true", "1", "da"...), or null when it is none. */
export function parseBoolean(raw: unknown): boolean | null {
  const text = cellText(raw).trim().toLowerCase();
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return null;
}

/** A raw cell as a label of the field, or null when it is not one of the allowed values. */
export function normalizeLabel(field: EvalField, raw: unknown): Label {
  if (raw === null || raw === undefined) return null;
  const text = cellText(raw).trim();
  if (text === "") return null;
  if (FIELD_CLASSES[field] === BOOLEAN_VALUES) {
    const value = parseBoolean(text);
    return value === null ? null : String(value);
  }
  const lower = text.toLowerCase();
  return FIELD_CLASSES[field].includes(lower) ? lower : null;
}

export interface GoldSource {
  /** A CSV/JSONL file with the true labels. */
  file?: string;
  /** Gold column for a field when it is not named like the field (`ton` → `Label`). */
  columns?: Partial<Record<EvalField, string>>;
  /** Gold values to labels, per field (`0` → `negativ`). */
  values?: Partial<Record<EvalField, Record<string, string>>>;
  /** Human corrections from the chat (SQLite), matched by text. */
  labels?: HumanLabel[];
}

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
  goldUnmapped: Partial<Record<EvalField, { count: number; examples: string[] }>>;
  invalid: InvalidStats;
  runs: RunsAgreement | null;
}

interface Prediction {
  labels: Record<EvalField, Label>;
}

interface GoldItem {
  key: string;
  labels: Partial<Record<EvalField, string>>;
}

const REFUSAL_CODES = new Set(["provider:empty"]);
const UNPARSEABLE_CODES = new Set(["provider:invalid_output"]);

function readAnnotationRows(file: string): { rows: TableRow[]; unreadable: number } {
  const table = readTable(file);
  return { rows: table.rows, unreadable: table.problems.length };
}

/** Gold items from a file: labels mapped through --map-gold and --gold-values. */
function goldFromFile(
  source: GoldSource,
  fields: readonly EvalField[],
  idColumn: string,
  textColumn: string,
  unmapped: Evaluation["goldUnmapped"],
): GoldItem[] {
  if (!source.file) return [];
  const table = readTable(source.file);
  const hasId = table.columns.includes(idColumn);
  if (!hasId && !table.columns.includes(textColumn)) {
    throw new AppError("input:invalid", {
      detail: `${source.file} nu are nici coloana de id „${idColumn}”, nici coloana de text „${textColumn}” (coloane: ${table.columns.join(", ")})`,
    });
  }
  const items: GoldItem[] = [];
  for (const row of table.rows) {
    const id = hasId ? cellText(row[idColumn]).trim() : "";
    const key = id ? `id:${id}` : `text:${textKey(cellText(row[textColumn]))}`;
    const labels: GoldItem["labels"] = {};
    for (const field of fields) {
      const column = source.columns?.[field] ?? field;
      if (!(column in row)) continue;
      const raw = cellText(row[column]).trim();
      if (raw === "") continue;
      const mapped = source.values?.[field]?.[raw] ?? raw;
      const label = normalizeLabel(field, mapped);
      if (label === null) {
        const bucket = (unmapped[field] ??= { count: 0, examples: [] });
        bucket.count++;
        if (bucket.examples.length < 3 && !bucket.examples.includes(raw)) bucket.examples.push(raw);
        continue;
      }
      labels[field] = label;
    }
    items.push({ key, labels });
  }
  return items;
}

/** Human corrections as gold, keyed by text; the latest correction of a text wins. */
function goldFromLabels(labels: HumanLabel[], fields: readonly EvalField[]): GoldItem[] {
  const latest = new Map<string, HumanLabel>();
  for (const label of [...labels].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    latest.set(textKey(label.text), label);
  }
  return [...latest.entries()].map(([key, label]) => {
    const labels: GoldItem["labels"] = {};
    for (const field of fields) {
      const value = normalizeLabel(field, label.annotation[field]);
      if (value !== null) labels[field] = value;
    }
    return { key: `text:${key}`, labels };
  });
}

/** The gold file's fields: those named like a field or mapped with --map-gold. */
function fieldsInGold(source: GoldSource): EvalField[] {
  if (!source.file) return [...EVAL_FIELDS];
  const columns = new Set(readTable(source.file).columns);
  return EVAL_FIELDS.filter((field) => columns.has(source.columns?.[field] ?? field));
}

export function evaluateAnnotations(options: EvaluateOptions): Evaluation {
  const idColumn = options.idColumn ?? "id";
  const textColumn = options.textColumn ?? "text";
  if (!options.gold.file && !options.gold.labels) {
    throw new AppError("input:invalid", { detail: "lipsește aurul: --gold FIȘIER și/sau --gold-labels" });
  }
  const fields = options.fields ?? [
    ...new Set([...fieldsInGold(options.gold), ...(options.gold.labels ? EVAL_FIELDS : [])]),
  ];
  if (fields.length === 0) {
    throw new AppError("input:invalid", {
      detail: `fișierul de aur nu are coloane ${EVAL_FIELDS.join(", ")}; folosiți --map-gold ton=COLOANA`,
    });
  }

  // Predictions by key and run; the invalid-output counts over every row of the file.
  const { rows, unreadable } = readAnnotationRows(options.annotationsFile);
  const invalid: InvalidStats = {
    rows: rows.length + unreadable,
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
  const byId = new Map<string, Map<number, Prediction>>();
  const byText = new Map<string, Map<number, Prediction>>();
  const models = new Set<string>();
  const versions = new Set<string>();
  const temperatures = new Set<number | null>();
  let maxRun = 1;
  for (const row of rows) {
    const run = Number(cellText(row.run)) || 1;
    maxRun = Math.max(maxRun, run);
    if (cellText(row.model)) models.add(cellText(row.model));
    if (cellText(row.codebook_version)) versions.add(cellText(row.codebook_version));
    const temperature = cellText(row.temperature).trim();
    temperatures.add(temperature === "" ? null : Number(temperature));
    const code = cellText(row.error).trim();
    const labels = {} as Record<EvalField, Label>;
    if (code) {
      invalid.byCode[code] = (invalid.byCode[code] ?? 0) + 1;
      if (UNPARSEABLE_CODES.has(code)) invalid.unparseable++;
      else if (REFUSAL_CODES.has(code)) invalid.refusal++;
      else invalid.error++;
      for (const field of EVAL_FIELDS) labels[field] = null;
    } else {
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
    }
    const prediction: Prediction = { labels };
    const id = cellText(row[idColumn]).trim();
    if (id) {
      const runs = byId.get(id) ?? new Map<number, Prediction>();
      if (!runs.has(run)) runs.set(run, prediction);
      byId.set(id, runs);
    }
    const key = textKey(cellText(row.text));
    const runs = byText.get(key) ?? new Map<number, Prediction>();
    if (!runs.has(run)) runs.set(run, prediction);
    byText.set(key, runs);
  }
  invalid.invalid = invalid.unparseable + invalid.invalidEnum + invalid.refusal + invalid.error;
  invalid.share = invalid.rows === 0 ? 0 : invalid.invalid / invalid.rows;

  // Gold: the file first, then the human corrections, which win for a text both have.
  const goldUnmapped: Evaluation["goldUnmapped"] = {};
  const goldSources: string[] = [];
  const gold = new Map<string, GoldItem>();
  if (options.gold.file) {
    goldSources.push(options.gold.file);
    for (const item of goldFromFile(options.gold, fields, idColumn, textColumn, goldUnmapped)) {
      if (!gold.has(item.key)) gold.set(item.key, item);
    }
  }
  if (options.gold.labels) {
    goldSources.push(`etichete umane (SQLite, ${options.gold.labels.length})`);
    for (const item of goldFromLabels(options.gold.labels, fields)) {
      const previous = gold.get(item.key);
      gold.set(item.key, previous ? { key: item.key, labels: { ...previous.labels, ...item.labels } } : item);
    }
  }

  const lookup = (key: string) => (key.startsWith("id:") ? byId.get(key.slice(3)) : byText.get(key.slice(5)));
  const firstRun = (runs: Map<number, Prediction>) => runs.get(Math.min(...runs.keys()));
  let matched = 0;
  let missing = 0;
  const pairs = {} as Record<EvalField, { gold: string[]; predicted: Label[] }>;
  for (const field of EVAL_FIELDS) pairs[field] = { gold: [], predicted: [] };
  for (const item of gold.values()) {
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
      pairs[field].predicted.push(prediction.labels[field]);
    }
  }

  const fieldResults: Evaluation["fields"] = {};
  for (const field of fields) {
    const { gold: g, predicted: p } = pairs[field];
    if (g.length === 0) continue;
    const order = FIELD_CLASSES[field];
    fieldResults[field] = {
      ...agreement(g, p, order),
      invalid: p.filter((label) => label === null).length,
      ci: bootstrap(g, p, { resamples: options.resamples, seed: options.seed, order }),
    };
  }

  // Run-to-run agreement: items that have every run 1..R with a valid label.
  let runsAgreement: RunsAgreement | null = null;
  if (maxRun > 1) {
    runsAgreement = { runs: maxRun, fields: {} };
    const items = [...byId.values()];
    for (const field of fields) {
      const ratings: string[][] = [];
      for (const runs of items) {
        const labels: string[] = [];
        for (let run = 1; run <= maxRun; run++) {
          const label = runs.get(run)?.labels[field];
          if (label === null || label === undefined) break;
          labels.push(label);
        }
        if (labels.length === maxRun) ratings.push(labels);
      }
      runsAgreement.fields[field] = {
        items: ratings.length,
        identical: identicalShare(ratings),
        fleissKappa: ratings.length > 0 ? fleissKappa(ratings) : null,
      };
    }
  }

  return {
    annotationsFile: options.annotationsFile,
    goldSources,
    models: [...models],
    codebookVersions: [...versions],
    temperatures: [...temperatures],
    n: matched,
    missing,
    fields: fieldResults,
    goldUnmapped,
    invalid,
    runs: runsAgreement,
  };
}
