// The gold labels of an evaluation: a CSV/JSONL file (its columns and values mapped onto the fields), the human
// corrections stored in SQLite, or both, keyed by id or by a hash of the text.
import { EVAL_FIELDS, type EvalField } from "../../contract/annotation";
import { AppError } from "../../contract/errors";
import type { HumanLabel } from "../../contract/threads";
import { cellText, readTable, textKey } from "./files";
import { normalizeLabel } from "./labels";

export interface GoldSource {
  /** A CSV/JSONL file with the true labels. */
  file?: string;
  /** Gold column for a field when it is not named like the field (`ton` → `Label`). */
  columns?: Partial<Record<EvalField, string>>;
  /** Gold values to labels, per field (`0` → `negativ`). */
  values?: Partial<Record<EvalField, Record<string, string>>>;
  /** Human corrections from the chat, matched by text. */
  labels?: HumanLabel[];
  /** Where the corrections were read ("SQLite" unless said). */
  labelsFrom?: "SQLite" | "PostgreSQL";
}

/** One gold item: `id:<id>` or `text:<hash>`, and the labels it has. */
export interface GoldItem {
  key: string;
  labels: Partial<Record<EvalField, string>>;
}

/** Gold values that are not labels of their field (check --map-gold / --gold-values). */
export type GoldUnmapped = Partial<Record<EvalField, { count: number; examples: string[] }>>;

export interface Gold {
  items: Map<string, GoldItem>;
  /** What the items came from, for the report. */
  sources: string[];
  unmapped: GoldUnmapped;
}

/** Gold items from a file: labels mapped through --map-gold and --gold-values. */
function goldFromFile(
  source: GoldSource & { file: string },
  fields: readonly EvalField[],
  idColumn: string,
  textColumn: string,
  unmapped: GoldUnmapped,
): GoldItem[] {
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
export function fieldsInGold(source: GoldSource): EvalField[] {
  if (!source.file) return [...EVAL_FIELDS];
  const columns = new Set(readTable(source.file).columns);
  return EVAL_FIELDS.filter((field) => columns.has(source.columns?.[field] ?? field));
}

/** Gold: the file first, then the human corrections, which win for a text both have. */
export function readGold(
  source: GoldSource,
  fields: readonly EvalField[],
  idColumn: string,
  textColumn: string,
): Gold {
  const gold: Gold = { items: new Map(), sources: [], unmapped: {} };
  if (source.file) {
    gold.sources.push(source.file);
    for (const item of goldFromFile(
      { ...source, file: source.file },
      fields,
      idColumn,
      textColumn,
      gold.unmapped,
    )) {
      if (!gold.items.has(item.key)) gold.items.set(item.key, item);
    }
  }
  if (source.labels) {
    gold.sources.push(`etichete umane (${source.labelsFrom ?? "SQLite"}, ${source.labels.length})`);
    for (const item of goldFromLabels(source.labels, fields)) {
      const previous = gold.items.get(item.key);
      gold.items.set(
        item.key,
        previous ? { key: item.key, labels: { ...previous.labels, ...item.labels } } : item,
      );
    }
  }
  return gold;
}
