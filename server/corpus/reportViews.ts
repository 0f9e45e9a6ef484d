// What the pipeline's results become on the corpus page (pure): the import summary, the clean report of one
// collection in the page's reasons (empty, too short, duplicate, near-duplicate, not Romanian, noise, invalid) with
// its examples and clusters, and what the index build did.
import {
  CLEAN_REASONS,
  type CleanReason,
  type CleanView,
  type CorpusFormat,
  type ImportView,
  type IndexView,
} from "../../contract/corpusPage";
import { importWarningRo } from "../../contract/importWarnings";
import { ROW_OF_REASON, type DropReason } from "../../contract/dropReasons";
import type { CleanReport } from "../../corpus/pipeline/clean";
import type { IndexManifest } from "../../corpus/pipeline/indexFormat";
import type { ImportResult } from "../../corpus/pipeline/import/types";

export function importView(result: ImportResult): ImportView {
  return {
    records: result.records,
    skipped: Object.entries(result.skipped).map(([reason, s]) => ({
      reason,
      count: s.count,
      where: s.where,
    })),
    skippedTotal: result.skippedTotal,
    format: result.format as CorpusFormat,
    formatDetail: result.formatDetail,
    encoding: result.encoding,
    encodingMethod: result.encodingMethod,
    ...(result.mapping
      ? {
          mapping: Object.fromEntries(
            Object.entries(result.mapping).filter((e): e is [string, string] => e[1] !== undefined),
          ),
        }
      : {}),
    // As stored before the codes: in Romanian (the page does not show them; the codes say them in either language).
    warnings: result.warnings.map(importWarningRo),
    codedWarnings: result.warnings,
    dateImputed: result.dateImputed,
    invalidChars: result.invalidChars,
    bytes: result.bytes,
  };
}

/** The clean report of one collection (or zeros when clean did not see it). */
export function cleanView(report: CleanReport, collection: string): CleanView {
  const file = report.files.find((f) => f.name === collection);
  const reasons = Object.fromEntries(CLEAN_REASONS.map((r) => [r, 0])) as Record<CleanReason, number>;
  for (const [reason, count] of Object.entries(file?.droppedBy ?? {})) {
    reasons[ROW_OF_REASON[reason as DropReason]] += count;
  }
  const detail = report.details?.[collection];
  const examples: CleanView["examples"] = {};
  for (const [reason, list] of Object.entries(detail?.examples ?? {})) {
    const group = ROW_OF_REASON[reason as DropReason];
    const shown = (examples[group] ??= []);
    for (const example of list ?? []) if (shown.length < 5) shown.push(example);
  }
  const diacriticRules = ["cedilla", "nfc"] as const;
  return {
    read: file?.read ?? 0,
    kept: file?.kept ?? 0,
    dropped: file?.dropped ?? 0,
    reasons,
    byLanguage: file?.droppedByLanguage ?? {},
    examples,
    clusters: (detail?.clusters ?? []).map((c) => ({
      kept: { id: c.keptId, collection: c.kept?.file ?? null, text: c.kept?.text ?? null },
      dropped: c.dropped,
    })),
    diacritics: {
      // Records whose ş ţ (cedilla, the legacy code pages' only kind) became ș ț; recomposed letters are in changes.
      fixed: file?.changes.cedilla ?? 0,
      examples: diacriticRules.flatMap((r) => detail?.changeExamples[r] ?? []).slice(0, 3),
    },
    changes: Object.fromEntries(Object.entries(file?.changes ?? {}).filter(([, n]) => n > 0)),
    corpus: { read: report.totals.read, kept: report.totals.kept, dropped: report.totals.dropped },
    undated: file?.undated ?? 0,
    ledgerUnreadable: report.ledgerUnreadable ?? 0,
  };
}

export function indexView(manifest: IndexManifest, rebuilt: boolean): IndexView {
  const b = manifest.build;
  return {
    documents: manifest.documents,
    chunks: manifest.chunks,
    added: rebuilt ? b.addedDocuments : 0,
    changed: rebuilt ? b.changedDocuments : 0,
    removed: rebuilt ? b.removedDocuments : 0,
    embedded: rebuilt ? b.embedded : 0,
    reused: rebuilt ? b.reused : manifest.chunks,
    resumed: rebuilt ? b.resumed : 0,
    ms: rebuilt ? b.ms : 0,
    rebuilt,
  };
}
