// `cleaned/report.json`: written by `clean`, and edited when a collection leaves the corpus without a clean (the corpus
// page's removal of a collection that kept nothing, or of the last imported one), so that the report never lists a
// collection that is gone. Such a collection's records took no part in finding the others' duplicates (a dropped
// record is nobody's original), or there are no others: taking its counts out gives the report a clean would write.
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "./atomicFile";
import path from "node:path";
import { z } from "zod";

export const REPORT_FILE = "report.json";

/** Writes the report next to the cleaned files, atomically (a temporary file renamed over it). */
export async function writeCleanReport(cleanedDir: string, report: unknown): Promise<void> {
  await writeFileAtomic(path.join(cleanedDir, REPORT_FILE), JSON.stringify(report, null, 2) + "\n");
}

const Counts = z.record(z.string(), z.number());

/**
 * The parts of a stored report that `withoutCollection` edits; the rest is kept as it was. A report written before
 * files had `changed` and `languageMethods` reads with none (it still loses the collection's other counts).
 */
const StoredReportSchema = z
  .object({
    totals: z
      .object({
        read: z.number(),
        kept: z.number(),
        dropped: z.number(),
        changed: z.number(),
        undated: z.number().default(0),
      })
      .passthrough(),
    dropped: Counts,
    droppedByLanguage: Counts,
    changes: Counts,
    languageMethods: Counts,
    duplicateExamples: z.array(z.object({ file: z.string().optional() }).passthrough()),
    /** Absent from reports written before the removal ledger. */
    removedExamples: z.array(z.object({ file: z.string() }).passthrough()).optional(),
    files: z.array(
      z
        .object({
          name: z.string(),
          read: z.number(),
          kept: z.number(),
          dropped: z.number(),
          undated: z.number().default(0),
          changed: z.number().default(0),
          droppedBy: Counts,
          droppedByLanguage: Counts,
          changes: Counts,
          languageMethods: Counts.default({}),
        })
        .passthrough(),
    ),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type StoredCleanReport = z.infer<typeof StoredReportSchema>;

/** Each count less the other's (none below 0); keys that come to 0 are left out when `dropZeros` (by language). */
function minus(counts: Record<string, number>, less: Record<string, number>, dropZeros = false) {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(counts)) {
    const left = Math.max(0, n - (less[key] ?? 0));
    if (left > 0 || !dropZeros) out[key] = left;
  }
  return out;
}

const zeroed = (counts: Record<string, number>) =>
  Object.fromEntries(Object.keys(counts).map((key) => [key, 0]));

/** The report without one collection (its file's counts taken out of every total), or null when it does not list it. */
export function withoutCollection(report: StoredCleanReport, name: string): StoredCleanReport | null {
  const gone = report.files.find((f) => f.name === name);
  if (!gone) return null;
  const files = report.files.filter((f) => f !== gone);
  const { [name]: _removed, ...details } = report.details ?? {};
  const edited: StoredCleanReport = {
    ...report,
    totals: {
      ...report.totals,
      read: Math.max(0, report.totals.read - gone.read),
      kept: Math.max(0, report.totals.kept - gone.kept),
      dropped: Math.max(0, report.totals.dropped - gone.dropped),
      changed: Math.max(0, report.totals.changed - gone.changed),
      undated: Math.max(0, report.totals.undated - gone.undated),
    },
    dropped: minus(report.dropped, gone.droppedBy),
    droppedByLanguage: minus(report.droppedByLanguage, gone.droppedByLanguage, true),
    changes: minus(report.changes, gone.changes),
    languageMethods: minus(report.languageMethods, gone.languageMethods),
    duplicateExamples: report.duplicateExamples.filter((e) => e.file !== name),
    ...(report.removedExamples
      ? { removedExamples: report.removedExamples.filter((e) => e.file !== name) }
      : {}),
    files,
  };
  if (report.details !== undefined) {
    if (Object.keys(details).length > 0) edited.details = details;
    else delete edited.details;
  }
  if (files.length === 0) {
    // Nothing left to describe (a report written before files counted their language methods would keep some).
    for (const key of ["read", "kept", "dropped", "changed", "undated"] as const) edited.totals[key] = 0;
    edited.dropped = zeroed(report.dropped);
    edited.droppedByLanguage = {};
    edited.changes = zeroed(report.changes);
    edited.languageMethods = zeroed(report.languageMethods);
    edited.duplicateExamples = [];
    if (edited.removedExamples) edited.removedExamples = [];
  }
  return edited;
}

/** The report in a cleaned folder, or null when there is none or it is not one `clean` wrote. */
export async function readCleanReport(cleanedDir: string): Promise<StoredCleanReport | null> {
  let text: string;
  try {
    text = await readFile(path.join(cleanedDir, REPORT_FILE), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = StoredReportSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * Writes into `toCleanedDir` the report of `fromCleanedDir` without the collection `name`; says whether it did (not
 * when there is no report, or it does not list the collection: then the report stays as it is).
 */
export async function stageReportWithout(
  fromCleanedDir: string,
  toCleanedDir: string,
  name: string,
): Promise<boolean> {
  const report = await readCleanReport(fromCleanedDir);
  const edited = report && withoutCollection(report, name);
  if (!edited) return false;
  await writeCleanReport(toCleanedDir, edited);
  return true;
}
