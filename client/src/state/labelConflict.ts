// A person's label protected against their own other tabs, as Label Studio and Argilla do: the save says which version
// of this person's label on the row the page read (`expectedUpdatedAt`), a save refused because another tab or device
// saved first (409 label:conflict) shows the stored label beside the one typed until the person chooses, and an
// unsaved choice, note and evidence spans are kept in the browser per data set, row and person, so that a reload or a
// closed tab does not lose them. No React, no fetch.
import { z } from "zod";
import {
  EvidenceListSchema,
  REVIEW_FIELDS,
  quotedEvidence,
  sortedEvidence,
  type EvidenceSpan,
  type HumanReviewLabel,
  type ReviewField,
} from "../../../contract/workbench";
import { sameEvidence } from "./reviewEvidence";

export type Draft = Partial<Record<ReviewField, string>>;

/**
 * What is kept of a row being labelled: the choice, the note, the words marked as evidence, and the version of the
 * label it started from.
 */
export interface LabelDraft {
  draft: Draft;
  note: string;
  /** The spans marked (none: absent, as drafts kept before spans were, which read as none). */
  evidence?: EvidenceSpan[];
  /** `updatedAt` of this person's stored label when the draft was made (null: there was none). */
  base: string | null;
}

const LabelDraftSchema = z.object({
  draft: z.record(z.string(), z.string()),
  note: z.string().max(10_000),
  evidence: EvidenceListSchema.optional(),
  base: z.string().nullable(),
});

/**
 * The version a save expects: that of the person's label the draft started from (null: none). Choosing to overwrite a
 * label saved elsewhere makes that label the start (review:overwrite in ./review.ts).
 */
export function expectedVersion(mine: Pick<HumanReviewLabel, "updatedAt"> | null | undefined): string | null {
  return mine?.updatedAt ?? null;
}

/** The stored label of a 409 `label:conflict` answer (an ApiError's body), or null for any other failure. */
export function conflictOf(err: unknown): HumanReviewLabel | null {
  const e = err as { status?: unknown; error?: { code?: unknown }; body?: { stored?: unknown } } | null;
  if (!e || e.status !== 409 || e.error?.code !== "label:conflict") return null;
  const stored = e.body?.stored as HumanReviewLabel | undefined;
  return stored && typeof stored.updatedAt === "string" && stored.labels ? stored : null;
}

export interface ConflictLine {
  field: ReviewField | "note" | "evidence";
  /** What this tab has (typed or chosen), and what is stored; "" for nothing (the spans: quoted, ./evidence.ts). */
  typed: string;
  stored: string;
  differs: boolean;
  /** The evidence line's spans on each side, in text order. */
  spans?: { typed: EvidenceSpan[]; stored: EvidenceSpan[] };
}

/**
 * The two labels side by side, a line per field either of them sets, the notes, and the words each marked as evidence
 * (`text` the row's, `evidence` the spans marked here).
 */
export function conflictLines(
  draft: Draft,
  note: string,
  stored: HumanReviewLabel,
  evidence: readonly EvidenceSpan[] = [],
  text = "",
): ConflictLine[] {
  const lines: ConflictLine[] = REVIEW_FIELDS.filter(
    (f) => draft[f] !== undefined || stored.labels[f] !== undefined,
  ).map((field) => {
    const typed = draft[field] ?? "";
    const kept = stored.labels[field] ?? "";
    return { field, typed, stored: kept, differs: typed !== kept };
  });
  const typedNote = note.trim();
  const storedNote = stored.note ?? "";
  if (typedNote || storedNote)
    lines.push({ field: "note", typed: typedNote, stored: storedNote, differs: typedNote !== storedNote });
  const typedSpans = sortedEvidence(evidence);
  const storedSpans = sortedEvidence(stored.evidence ?? []);
  if (typedSpans.length || storedSpans.length)
    lines.push({
      field: "evidence",
      typed: quotedEvidence(text, typedSpans),
      stored: quotedEvidence(text, storedSpans),
      differs: !sameEvidence(typedSpans, storedSpans),
      spans: { typed: typedSpans, stored: storedSpans },
    });
  return lines;
}

// ---- Drafts kept in the browser ----

const PREFIX = "echochamber.wb.labelDraft";

/** One key per data set, row and person (the name typed, or the account's). */
export function labelDraftKey(datasetId: string, idx: number, annotator: string): string {
  return `${PREFIX}:${encodeURIComponent(datasetId)}:${idx}:${encodeURIComponent(annotator.trim())}`;
}

/** What keeps the drafts: localStorage on the page (a closed tab keeps its draft), a Map in tests. */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length?: number;
  key?(index: number): string | null;
}

/** The kept draft of a row, or undefined (none, or unreadable: a full or foreign value is dropped, never thrown). */
export function readLabelDraft(storage: DraftStorage | undefined, key: string): LabelDraft | undefined {
  try {
    const raw = storage?.getItem(key);
    if (!raw) return undefined;
    const parsed = LabelDraftSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return undefined;
    const draft = Object.fromEntries(
      Object.entries(parsed.data.draft).filter(([f]) => (REVIEW_FIELDS as readonly string[]).includes(f)),
    ) as Draft;
    // Absent (a draft kept before spans were) is not empty (every span removed): the first keeps the saved spans.
    const evidence = parsed.data.evidence ? { evidence: sortedEvidence(parsed.data.evidence) } : {};
    return { draft, note: parsed.data.note, ...evidence, base: parsed.data.base };
  } catch {
    return undefined;
  }
}

/** Keeps a row's draft, or forgets it (undefined). A storage that refuses (full, private mode) is left be. */
export function keepLabelDraft(
  storage: DraftStorage | undefined,
  key: string,
  value: LabelDraft | undefined,
): void {
  try {
    if (value) storage?.setItem(key, JSON.stringify(value));
    else storage?.removeItem(key);
  } catch {
    // A draft is a convenience: the label itself is saved by the server.
  }
}

/** Forgets every kept label draft (a sign-out on a shared computer). */
export function forgetLabelDrafts(storage: DraftStorage | undefined): void {
  try {
    if (!storage || storage.length === undefined || !storage.key) return;
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(`${PREFIX}:`)) keys.push(key);
    }
    for (const key of keys) storage.removeItem(key);
  } catch {
    // As above.
  }
}

/** The browser's localStorage, when there is one (not in Node, nor when the browser forbids it). */
export function browserDraftStorage(): DraftStorage | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/**
 * What a row arriving on screen starts with: a kept draft that differs from the stored label is restored (said by a
 * hint), and if the stored label moved on since the draft began, the two are shown side by side (the conflict) before
 * any save; otherwise the stored label.
 */
export function startOfRow(
  mine: HumanReviewLabel | null,
  kept: LabelDraft | undefined,
): {
  draft: Draft;
  note: string;
  evidence: EvidenceSpan[];
  restored: boolean;
  conflict: HumanReviewLabel | null;
} {
  const stored = {
    draft: { ...(mine?.labels ?? {}) },
    note: mine?.note ?? "",
    evidence: mine?.evidence ?? [],
    restored: false,
    conflict: null,
  };
  if (!kept) return stored;
  const sameLabels = REVIEW_FIELDS.every((f) => (kept.draft[f] ?? "") === (mine?.labels[f] ?? ""));
  const keptSpans = kept.evidence ?? mine?.evidence ?? [];
  const sameSpans = sameEvidence(keptSpans, mine?.evidence ?? []);
  if (sameLabels && sameSpans && kept.note.trim() === (mine?.note ?? "")) return stored;
  const moved = mine !== null && kept.base !== mine.updatedAt;
  return {
    draft: { ...kept.draft },
    note: kept.note,
    evidence: [...keptSpans],
    restored: true,
    conflict: moved ? mine : null,
  };
}
