// One document taken out of a staged corpus (the corpus page's DELETE /documents/:id): its line leaves the
// collection's cleaned file and, for an imported collection, the raw record it was cleaned from leaves the raw file, so
// that the next clean (an import, a removal, `npm run cli -- clean`) does not bring it back, and its text's fingerprint
// goes into the removal ledger (removalLedger.ts), so that no clean brings back another copy of it either (one an
// earlier clean had dropped as its duplicate, a raw record not found). Nothing is cleaned again: the other documents
// keep their ids, and the index build that follows updates the previous index.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../contract/errors";
import { REMOVED_DIR, type CorpusTransaction } from "./corpusTransaction";
import { DEFAULT_NEAR_DUP_THRESHOLD } from "./cleanTypes";
import { eachJsonLine, parsed, type JsonObject } from "./jsonLines";
import { ledgerEntries, stageLedgerEntries, visibleElsewhere, type LedgerEntry } from "./removalLedger";

/** What a removal took out, and the file of removed/ that keeps it. */
export interface DocumentRemoval {
  /** The cleaned records of the id (one, unless a hand-made file repeats it). */
  cleaned: JsonObject[];
  /** The raw records they were cleaned from (none for a collection without a raw file). */
  raw: JsonObject[];
  /** Whether the collection has a raw file in the staged corpus (it is to be committed too). */
  hasRaw: boolean;
  /**
   * The collection has a raw file but no raw record matched the document (its origin, id and line all changed since
   * the clean, e.g. a raw file edited by hand): the ledger keeps its text out of the next clean, but a changed version
   * of the text may come back.
   */
  rawNotFound: boolean;
  /** The lines added to the staged removal ledger (the plan commits it: `ledger: true`). */
  ledger: LedgerEntry[];
  /** The name of the file in the staging folder's removed/ that keeps both. */
  aside: string;
}

/**
 * Rewrites a staged JSON Lines file without the lines `removes` picks (`blank`: as empty lines, so that the lines after
 * keep their numbers). The rewrite is a new file renamed over the staged one: the staged file is often a hard link to
 * the real one, which must not change before the commit.
 */
async function rewriteWithout(
  file: string,
  removes: (record: JsonObject, lineNo: number) => boolean,
  blank: boolean,
): Promise<{ record: JsonObject; lineNo: number }[]> {
  const removed: { record: JsonObject; lineNo: number }[] = [];
  const kept: string[] = [];
  await eachJsonLine(file, ({ line, lineNo, record }) => {
    if (record && removes(record, lineNo)) {
      removed.push({ record, lineNo });
      if (blank) kept.push("");
    } else kept.push(line);
  });
  if (removed.length === 0) return removed;
  const temp = `${file}.${process.pid}.rewrite`;
  await writeFile(temp, kept.length > 0 ? `${kept.join("\n")}\n` : "");
  await rename(temp, file);
  return removed;
}

function originKey(record: JsonObject): string | null {
  const origin = record.origin as { file?: unknown; line?: unknown; index?: unknown } | undefined;
  if (!origin || typeof origin !== "object") return null;
  return JSON.stringify([origin.file ?? null, origin.line ?? null, origin.index ?? null]);
}

/**
 * Whether a raw record is the one a cleaned record came from: the same origin in the imported file (which `clean`
 * copies), else the same id, else (a hand-made record without id) the `<collection>-<line>` id `clean` gave it. An id
 * renamed by `clean` (`x~2`) is matched by its origin, which every import writes.
 */
function rawMatcher(collection: string, cleaned: JsonObject[]) {
  const origins = new Set(cleaned.map(originKey).filter((key): key is string => key !== null));
  const ids = new Set(cleaned.filter((r) => originKey(r) === null).map((r) => String(r.id)));
  return (raw: JsonObject, lineNo: number): boolean => {
    const origin = originKey(raw);
    if (origin !== null && origins.size > 0) return origins.has(origin);
    const id = typeof raw.id === "string" || typeof raw.id === "number" ? String(raw.id) : "";
    return id !== "" ? ids.has(id) : ids.has(`${collection}-${lineNo}`);
  };
}

/** The end of the name of the file of removed/ that keeps a collection's removed document. */
export const asideSuffix = (collection: string) => `-${collection}-document.jsonl`;

/**
 * Takes the document `documentId` out of `collection` in the staging corpus of `tx`, writes what it took into the
 * staging folder's removed/ (`aside`; a raw line with its line number in the raw file), each line marked with the `job` that took it (see removedByJob), and adds its
 * text's fingerprint to the staged removal ledger. Throws
 * `corpus:document_not_found` when the collection has no such line.
 */
export async function stageDocumentRemoval(
  tx: CorpusTransaction,
  collection: string,
  documentId: string,
  job?: string,
): Promise<DocumentRemoval> {
  await tx.linkCleaned();
  const cleanedFile = path.join(tx.dir, "cleaned", `${collection}.jsonl`);
  const cleaned = existsSync(cleanedFile)
    ? (await rewriteWithout(cleanedFile, (record) => String(record.id) === documentId, false)).map(
        (r) => r.record,
      )
    : [];
  if (cleaned.length === 0) throw new AppError("corpus:document_not_found", { id: documentId });
  const rawFile = path.join(tx.dir, "raw", `${collection}.jsonl`);
  const hasRaw = existsSync(rawFile);
  // Each raw record with its line in the raw file (left blank there), where a restore puts it back.
  const rawLines = hasRaw ? await rewriteWithout(rawFile, rawMatcher(collection, cleaned), true) : [];
  const raw = rawLines.map((r) => r.record);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const aside = `${stamp}${asideSuffix(collection)}`;
  await mkdir(path.join(tx.dir, REMOVED_DIR), { recursive: true });
  const mark = job ? { job } : {};
  const rawNotFound = hasRaw && raw.length === 0;
  // The cleaned lines say when no raw record was found: a run of the same job after the commit reads it back.
  const note = rawNotFound ? { ...mark, rawNotFound: true } : mark;
  const lines = [
    ...cleaned.map((record) => JSON.stringify({ kind: "cleaned", ...note, record })),
    ...rawLines.map(({ record, lineNo }) => JSON.stringify({ kind: "raw", ...mark, line: lineNo, record })),
  ];
  await writeFile(path.join(tx.dir, REMOVED_DIR, aside), `${lines.join("\n")}\n`);
  // Out of the whole corpus, unless another collection shows a copy of the text (then out of this one only).
  const everywhere = ledgerEntries(collection, cleaned, job);
  const shownElsewhere = await visibleElsewhere(tx.dir, collection, everywhere, DEFAULT_NEAR_DUP_THRESHOLD);
  const ledger = shownElsewhere
    ? everywhere.map((entry) => ({ ...entry, scope: "collection" as const }))
    : everywhere;
  await stageLedgerEntries(tx.dir, ledger);
  return { cleaned, raw, hasRaw, rawNotFound, aside, ledger };
}

/** What a committed removal's lines in removed/ say of it (see removedByJob). */
export interface RemovalNote {
  /** The removal found no raw record the document was cleaned from (DocumentRemoval's `rawNotFound`). */
  rawNotFound: boolean;
}

/**
 * What the job `job` did when it already took `documentId` out of `collection` and committed it, or null: the real
 * corpus's removed/ holds its cleaned line marked with that job (the commit moves the file there). A removal killed
 * after its commit but before the job was marked done runs again from its start after a restart, finds the document
 * gone, and reads from the line what its result said (that no raw record was found, which the staged raw file, already
 * committed, no longer tells).
 */
export async function removedByJob(
  corpusDir: string,
  collection: string,
  documentId: string,
  job: string,
): Promise<RemovalNote | null> {
  const dir = path.join(corpusDir, REMOVED_DIR);
  const names = existsSync(dir) ? await readdir(dir) : [];
  for (const name of names.filter((n) => n.endsWith(asideSuffix(collection)))) {
    for (const line of (await readFile(path.join(dir, name), "utf8")).split("\n")) {
      const entry = parsed(line);
      const record = entry?.record as JsonObject | undefined;
      if (entry?.kind === "cleaned" && entry.job === job && record && String(record.id) === documentId)
        return { rawNotFound: entry.rawNotFound === true };
    }
  }
  return null;
}
