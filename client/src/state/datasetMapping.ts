// The column mapping of an uploaded file, as a form the person fills in: which column holds the text, the id,
// metadata, gold labels with their value maps ("0,1,2 → negativ,neutru,pozitiv"), the name, the encoding and the
// review sample; checked here before it goes to the server as a CreateDatasetRequest. No React, no fetch.
import {
  CreateDatasetSchema,
  REVIEW_FIELDS,
  WORKBENCH_LIMITS,
  type ColumnMapping,
  type CreateDatasetRequest,
  type GoldColumn,
  type ReviewField,
  type UploadPreview,
} from "../../../contract/workbench";
import { labelOf } from "../../../contract/labels";

export interface GoldDraft {
  field: ReviewField;
  column: string;
  /** What the person typed, e.g. "0,1,2 → negativ,neutru,pozitiv"; empty = the values are labels already. */
  valueMap: string;
}

export interface MappingDraft {
  text: string;
  /** "" = no id column (the server hashes the text). */
  id: string;
  meta: string[];
  gold: GoldDraft[];
  name: string;
  /** "" = the detected encoding. */
  encoding: string;
  /** Rows of the random review sample kept apart (0 = none), and its seed. */
  sampleSize: number;
  sampleSeed: number;
}

export const DEFAULT_SAMPLE_SIZE = 100;
export const DEFAULT_SAMPLE_SEED = 42;

/** The file's name without its extension: the data set's default name. */
export function baseName(fileName: string): string {
  const name = fileName.replace(/^.*[\\/]/, "");
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The form as the server's guess fills it; the person confirms or changes it. */
export function draftFromPreview(preview: UploadPreview): MappingDraft {
  const columns = new Set(preview.columns);
  const has = (c: string | undefined): c is string => c !== undefined && columns.has(c);
  const s = preview.suggested;
  const text = has(s.text) ? s.text : (preview.columns[0] ?? "");
  return {
    text,
    id: has(s.id) ? s.id : "",
    meta: (s.meta ?? []).filter((c) => columns.has(c) && c !== text),
    gold: (s.gold ?? [])
      .filter((g) => columns.has(g.column))
      .map((g) => ({ field: g.field, column: g.column, valueMap: valueMapText(g.values) })),
    name: baseName(preview.fileName),
    encoding: "",
    sampleSize: DEFAULT_SAMPLE_SIZE,
    sampleSeed: DEFAULT_SAMPLE_SEED,
  };
}

/** A value map back as text: {"0": "negativ", "1": "neutru"} → "0,1 → negativ,neutru". */
export function valueMapText(values: Record<string, string> | undefined): string {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return "";
  return `${entries.map(([raw]) => raw).join(",")} → ${entries.map(([, label]) => label).join(",")}`;
}

/**
 * A label as the field stores it, or undefined when it is not one of the field's values. The rule is the server's
 * (contract/labels.ts): what the preview shows as mapped is what the import maps.
 */
export function normaliseLabel(field: ReviewField, value: string): string | undefined {
  return labelOf(field, value) ?? undefined;
}

export function isBooleanField(field: ReviewField): boolean {
  return field === "populism" || field === "anti_elitism" || field === "popor_central";
}

export type ValueMapResult =
  | { ok: true; values: Record<string, string> | undefined }
  | { ok: false; error: "valueMap.syntax" | "valueMap.count" | "valueMap.label"; detail: string };

const split = (list: string) =>
  list
    .split(/[,;|]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");

/**
 * Reads a value map in either of the forms people write: "0,1,2 → negativ,neutru,pozitiv" (also "->", "=>")
 * or pairs "0=negativ, 1=neutru" ("0:negativ" too). Every target must be a label of the field. Empty text: no map.
 */
export function parseValueMap(field: ReviewField, text: string): ValueMapResult {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, values: undefined };
  let pairs: [string, string][];
  const arrow = trimmed.split(/\s*(?:→|->|=>)\s*/);
  if (arrow.length === 2) {
    const raws = split(arrow[0]!);
    const labels = split(arrow[1]!);
    if (raws.length === 0 || raws.length !== labels.length) {
      return { ok: false, error: "valueMap.count", detail: `${raws.length} ≠ ${labels.length}` };
    }
    pairs = raws.map((raw, i) => [raw, labels[i]!]);
  } else if (arrow.length === 1) {
    pairs = [];
    for (const part of split(trimmed)) {
      const m = /^(.+?)\s*[=:]\s*(.+)$/.exec(part);
      if (!m) return { ok: false, error: "valueMap.syntax", detail: part };
      pairs.push([m[1]!.trim(), m[2]!.trim()]);
    }
  } else {
    return { ok: false, error: "valueMap.syntax", detail: trimmed };
  }
  const values: Record<string, string> = {};
  for (const [raw, target] of pairs) {
    const label = normaliseLabel(field, target);
    if (!label) return { ok: false, error: "valueMap.label", detail: target };
    values[raw] = label;
  }
  return { ok: true, values };
}

/** Raw gold values of the preview, each with the label it maps to (undefined: it maps to none). */
export function goldValuePreview(
  rows: readonly Record<string, string>[],
  gold: GoldDraft,
): { raw: string; label: string | undefined; count: number }[] {
  const parsed = parseValueMap(gold.field, gold.valueMap);
  const map = parsed.ok ? (parsed.values ?? {}) : {};
  const counts = new Map<string, number>();
  for (const row of rows) {
    const raw = (row[gold.column] ?? "").trim();
    if (raw !== "") counts.set(raw, (counts.get(raw) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([raw, count]) => ({ raw, count, label: map[raw] ?? normaliseLabel(gold.field, raw) }));
}

/** A field not yet used by a gold column: the next one to offer when the person adds a gold column. */
export function nextGoldField(gold: readonly GoldDraft[]): ReviewField | undefined {
  return REVIEW_FIELDS.find((f) => !gold.some((g) => g.field === f));
}

/** At most this many distinct values in the preview for a column to look like labels. */
export const GOLD_MAX_DISTINCT = 20;
/** Names people give a column of their own labels ("eticheta_mea", "label", "cod", "categorie"…). */
const LABEL_NAME = /etichet|label|gold|tag|\bcod|clas|categ|sentiment|\bton|adnot|annot|verdict/i;
const DATE_VALUE = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})([ T].*)?$/;

/**
 * The column a new gold row for `field` starts on: one that is not the text, the id, a date or already gold, whose
 * preview has few distinct values (at most GOLD_MAX_DISTINCT, and fewer than its rows: a column of unique values is
 * an id). Among those: values that are the field's labels already, then a label-like name, then a column not kept as
 * metadata, then fewer distinct values. "" when none fits (the form then asks the person to choose).
 */
export function goldColumnCandidate(
  columns: readonly string[],
  rows: readonly Record<string, string>[],
  draft: Pick<MappingDraft, "text" | "id" | "meta" | "gold">,
  field: ReviewField,
): string {
  let best: { column: string; score: number[] } | undefined;
  for (const column of columns) {
    if (column === draft.text || column === draft.id || draft.gold.some((g) => g.column === column)) continue;
    const values = rows.map((r) => (r[column] ?? "").trim()).filter((v) => v !== "");
    if (values.length === 0 || values.every((v) => DATE_VALUE.test(v))) continue;
    const distinct = new Set(values);
    if (distinct.size > GOLD_MAX_DISTINCT || (values.length > 3 && distinct.size === values.length)) continue;
    const score = [
      [...distinct].every((v) => normaliseLabel(field, v) !== undefined) ? 1 : 0,
      LABEL_NAME.test(column) ? 1 : 0,
      draft.meta.includes(column) ? 0 : 1,
      -distinct.size,
    ];
    if (!best || compareScores(score, best.score) > 0) best = { column, score };
  }
  return best?.column ?? "";
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export type MappingProblem =
  | { key: "mapping.textMissing" }
  | { key: "mapping.goldColumnMissing"; field: ReviewField }
  | { key: "mapping.columnUnknown"; column: string }
  | { key: "mapping.textReused"; column: string }
  | { key: "mapping.goldFieldTwice"; field: ReviewField }
  | { key: "mapping.tooManyMeta"; limit: number }
  | { key: "mapping.nameMissing" }
  | { key: "mapping.goldUnmapped"; field: ReviewField; column: string; values: string[] }
  | { key: ValueMapProblemKey; field: ReviewField; detail: string };
type ValueMapProblemKey = "valueMap.syntax" | "valueMap.count" | "valueMap.label";

/** Raw values of the preview a gold column turns into no label: their gold would be lost, so the form asks first. */
export function unmappedGoldValues(rows: readonly Record<string, string>[], gold: GoldDraft): string[] {
  return goldValuePreview(rows, gold)
    .filter((v) => v.label === undefined)
    .map((v) => v.raw);
}

/**
 * Everything wrong with the form, in the order the form shows its fields; empty when it can be sent. `rows` are the
 * preview's: a gold column with a value there that maps to no label blocks creation until it is mapped.
 */
export function mappingProblems(
  draft: MappingDraft,
  columns: readonly string[],
  rows: readonly Record<string, string>[] = [],
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const known = new Set(columns);
  if (!draft.text) problems.push({ key: "mapping.textMissing" });
  else if (!known.has(draft.text)) problems.push({ key: "mapping.columnUnknown", column: draft.text });
  if (draft.id && !known.has(draft.id)) problems.push({ key: "mapping.columnUnknown", column: draft.id });
  if (draft.id && draft.id === draft.text) problems.push({ key: "mapping.textReused", column: draft.id });
  for (const c of draft.meta) if (!known.has(c)) problems.push({ key: "mapping.columnUnknown", column: c });
  if (draft.meta.length > WORKBENCH_LIMITS.maxMetaColumns) {
    problems.push({ key: "mapping.tooManyMeta", limit: WORKBENCH_LIMITS.maxMetaColumns });
  }
  const seen = new Set<ReviewField>();
  for (const g of draft.gold) {
    if (seen.has(g.field)) problems.push({ key: "mapping.goldFieldTwice", field: g.field });
    seen.add(g.field);
    if (g.column === "") problems.push({ key: "mapping.goldColumnMissing", field: g.field });
    else if (!known.has(g.column)) problems.push({ key: "mapping.columnUnknown", column: g.column });
    if (g.column === draft.text) problems.push({ key: "mapping.textReused", column: g.column });
    const parsed = parseValueMap(g.field, g.valueMap);
    if (!parsed.ok) problems.push({ key: parsed.error, field: g.field, detail: parsed.detail });
    else {
      const unmapped = unmappedGoldValues(rows, g);
      if (unmapped.length > 0)
        problems.push({ key: "mapping.goldUnmapped", field: g.field, column: g.column, values: unmapped });
    }
  }
  if (!draft.name.trim()) problems.push({ key: "mapping.nameMissing" });
  return problems;
}

/** The request for POST /datasets, or undefined while the form has problems. */
export function createDatasetRequest(
  uploadId: string,
  draft: MappingDraft,
  columns: readonly string[],
  rows: readonly Record<string, string>[] = [],
): CreateDatasetRequest | undefined {
  if (mappingProblems(draft, columns, rows).length > 0) return undefined;
  const gold: GoldColumn[] = draft.gold.map((g) => {
    const parsed = parseValueMap(g.field, g.valueMap);
    const values = parsed.ok ? parsed.values : undefined;
    return { field: g.field, column: g.column, ...(values ? { values } : {}) };
  });
  const mapping: ColumnMapping = {
    text: draft.text,
    ...(draft.id ? { id: draft.id } : {}),
    ...(draft.meta.length ? { meta: draft.meta } : {}),
    ...(gold.length ? { gold } : {}),
  };
  const request: CreateDatasetRequest = {
    uploadId,
    name: draft.name.trim(),
    mapping,
    ...(draft.encoding ? { encoding: draft.encoding } : {}),
    reviewSample: { size: Math.max(0, Math.round(draft.sampleSize)), seed: Math.round(draft.sampleSeed) },
  };
  const checked = CreateDatasetSchema.safeParse(request);
  return checked.success ? checked.data : undefined;
}

/**
 * UTF-8 read as Windows-1252 or Latin-1: the lead byte of ă, â, î, ș, ț (C3, C4, C5, C8) shows as Ã, Ä, Å, È and
 * its second byte as a Latin-1 letter or one of cp1252's extra signs ("Äƒ", "È›", "Ã¢").
 */
const MOJIBAKE = /[ÃÄÅÈ][\u0080-\u00bf\u0152-\u0192\u02c6-\u02dc\u2013-\u2122]/;

/** U+FFFD in the preview, or UTF-8 decoded as a one-byte code page: the encoding is probably wrong. */
export function looksMisdecoded(rows: readonly Record<string, string>[]): boolean {
  return rows.some((row) =>
    Object.values(row).some((cell) => cell.includes("\uFFFD") || MOJIBAKE.test(cell)),
  );
}

/**
 * Whether a file has a text encoding to show and to choose. An XLSX file has none (its XML declares UTF-8 inside the
 * zip, which the reader follows), so its "codificare utf-8" and the encoding selector meant nothing.
 */
export function hasTextEncoding(format: string): boolean {
  return format !== "xlsx" && format !== "corpus";
}

/** A random seed for redrawing a sample, in the schema's range. */
export function randomSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2 ** 31 - 1);
}
