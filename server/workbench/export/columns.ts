// The columns of a run's export and one line's values: the row, a model's annotation with its provenance (model,
// codebook version, temperature, repeat, prompt hash, time), every person's label with when, its status (and their
// note, and the words they marked as evidence, quoted), and the adjudication.
import { CODEBOOK_VERSION } from "../../../contract/annotation";
import {
  REVIEW_FIELDS,
  quotedEvidence,
  type DatasetSummary,
  type HumanReviewLabel,
  type RunSummary,
} from "../../../contract/workbench";
import type { ExportLine } from "../store";

export interface ExportLayout {
  columns: string[];
  annotators: string[];
  /** People who wrote a note on some row: only they get a `human_<name>_note` column. */
  noted: Set<string>;
  /** People who marked evidence on some row: only they get a `human_<name>_evidence` column. */
  evidenced: Set<string>;
  /** Some adjudication has a note: the `adjudicated_note` column. */
  adjudicationNotes: boolean;
}

/** Who wrote notes, for the layout: a note column, like a person's columns, is there only when it has something. */
export interface ExportNotes {
  noted?: Iterable<string>;
  evidenced?: Iterable<string>;
  adjudicationNotes?: boolean;
}

/** The notes in a data set's labels, as the layout wants them. */
export function exportNotes(all: {
  labels: HumanReviewLabel[];
  adjudications: HumanReviewLabel[];
}): ExportNotes {
  return {
    noted: all.labels.filter((l) => l.note).map((l) => l.annotator),
    evidenced: all.labels.filter((l) => l.evidence?.length).map((l) => l.annotator),
    adjudicationNotes: all.adjudications.some((a) => a.note),
  };
}

const ANNOTATION_COLUMNS = ["tinta", "incredere", "justificare", "dovezi"] as const;

export function exportLayout(
  dataset: DatasetSummary,
  annotators: string[],
  notes: ExportNotes = {},
): ExportLayout {
  const noted = new Set(notes.noted ?? []);
  const evidenced = new Set(notes.evidenced ?? []);
  const adjudicationNotes = notes.adjudicationNotes ?? false;
  const columns = [
    "item_id",
    "row",
    "text",
    ...dataset.metaColumns.map((c) => `meta_${c}`),
    ...dataset.goldFields.map((f) => `gold_${f}`),
    "model",
    "codebook_version",
    "older_codebook",
    "temperature",
    "repeat",
    "run_id",
    "prompt_hash",
    "annotated_at",
    ...REVIEW_FIELDS,
    ...ANNOTATION_COLUMNS,
    "error",
    ...annotators.flatMap((a) => [
      ...REVIEW_FIELDS.map((f) => `human_${a}_${f}`),
      ...(noted.has(a) ? [`human_${a}_note`] : []),
      // The spans quoted in text order: „words” [field]; „words” (no field: the whole label).
      ...(evidenced.has(a) ? [`human_${a}_evidence`] : []),
      `human_${a}_at`,
      // labelled, unsure, or skipped (then the person's label columns stay empty); empty: no save on the row.
      `human_${a}_status`,
    ]),
    ...REVIEW_FIELDS.map((f) => `adjudicated_${f}`),
    ...(adjudicationNotes ? ["adjudicated_note"] : []),
    "adjudicator",
    "adjudicated_at",
  ];
  return { columns, annotators, noted, evidenced, adjudicationNotes };
}

function labelValue(label: HumanReviewLabel | null | undefined, field: string): string {
  return label?.labels[field as keyof HumanReviewLabel["labels"]] ?? "";
}

/** One export line as values in the layout's column order. */
export function exportValues(
  line: ExportLine,
  run: RunSummary,
  dataset: DatasetSummary,
  layout: ExportLayout,
): unknown[] {
  const { item, outcome, labels, adjudication } = line;
  const annotation = outcome?.annotation
    ? (JSON.parse(outcome.annotation) as {
        tinta?: string | null;
        incredere?: number;
        justificare?: string;
        dovezi?: string[];
      })
    : null;
  const byAnnotator = new Map(labels.map((l) => [l.annotator, l]));
  return [
    item.itemId,
    item.idx + 1,
    item.text,
    ...dataset.metaColumns.map((c) => item.meta[c] ?? ""),
    ...dataset.goldFields.map((f) => item.gold[f] ?? ""),
    outcome?.model ?? "",
    outcome?.codebookVersion ?? "",
    outcome ? outcome.codebookVersion !== CODEBOOK_VERSION : "",
    outcome?.temperature ?? "",
    outcome?.repeat ?? "",
    run.id,
    outcome?.promptHash ?? "",
    outcome?.createdAt ?? "",
    ...REVIEW_FIELDS.map((f) => outcome?.labels[f] ?? ""),
    annotation?.tinta ?? "",
    annotation?.incredere ?? "",
    annotation?.justificare ?? "",
    annotation?.dovezi ? annotation.dovezi.join(" | ") : "",
    outcome?.error?.code ?? "",
    ...layout.annotators.flatMap((a) => {
      const label = byAnnotator.get(a);
      return [
        ...REVIEW_FIELDS.map((f) => labelValue(label, f)),
        ...(layout.noted.has(a) ? [label?.note ?? ""] : []),
        ...(layout.evidenced.has(a)
          ? [label?.evidence ? quotedEvidence(item.text, label.evidence) : ""]
          : []),
        label?.updatedAt ?? "",
        label?.status ?? "",
      ];
    }),
    ...REVIEW_FIELDS.map((f) => labelValue(adjudication, f)),
    ...(layout.adjudicationNotes ? [adjudication?.note ?? ""] : []),
    adjudication?.annotator ?? "",
    adjudication?.updatedAt ?? "",
  ];
}

/** One export line as a JSON object (JSONL), nested rather than flattened. */
export function exportObject(line: ExportLine, run: RunSummary): Record<string, unknown> {
  const { item, outcome, labels, adjudication } = line;
  return {
    item_id: item.itemId,
    row: item.idx + 1,
    text: item.text,
    meta: item.meta,
    gold: item.gold,
    run_id: run.id,
    model: outcome?.model ?? null,
    codebook_version: outcome?.codebookVersion ?? null,
    older_codebook: outcome ? outcome.codebookVersion !== CODEBOOK_VERSION : null,
    temperature: outcome?.temperature ?? null,
    repeat: outcome?.repeat ?? null,
    prompt_hash: outcome?.promptHash ?? null,
    annotated_at: outcome?.createdAt ?? null,
    annotation: outcome?.annotation ? (JSON.parse(outcome.annotation) as unknown) : null,
    error: outcome?.error ?? null,
    human: Object.fromEntries(
      labels.map((l) => [
        l.annotator,
        {
          labels: l.labels,
          status: l.status,
          note: l.note,
          // The spans with their words: offsets for tools, the text for the reader.
          ...(l.evidence?.length
            ? { evidence: l.evidence.map((s) => ({ ...s, text: item.text.slice(s.start, s.end) })) }
            : {}),
          at: l.updatedAt,
          blind: l.blind,
        },
      ]),
    ),
    adjudicated: adjudication
      ? {
          labels: adjudication.labels,
          note: adjudication.note,
          by: adjudication.annotator,
          at: adjudication.updatedAt,
        }
      : null,
  };
}
