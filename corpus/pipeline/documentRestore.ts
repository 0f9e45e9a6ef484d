// A deleted document put back (the corpus page's "Deleted documents", POST /api/corpus/removed/:id/restore): the
// removal's lines kept in removed/ (documentRemoval.ts) go back, in a staging corpus, the cleaned line into its
// collection's cleaned file (with its id, unless the corpus has another document of that id since) and the raw record
// into the raw file (at the line the removal left blank, so that the next clean sees the raw file as before), and the
// removal's entry leaves the staged ledger (removalLedger.ts). Nothing is cleaned again (the other documents keep their
// ids); the index build that follows adds the document's chunks to the previous index. removed/ keeps the removal's
// lines (the history of what was done) and gets a note of the restore, marked with the job: the same job run again
// after its commit finds the note and is done.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RemovedDocumentsResponse } from "../../contract/corpusPage";
import { writeFileAtomic } from "./atomicFile";
import { REMOVED_DIR, type CorpusTransaction } from "./corpusTransaction";
import { DEFAULT_NEAR_DUP_THRESHOLD } from "./cleanTypes";
import { parsed, type JsonObject } from "./jsonLines";
import {
  readLedger,
  readLedgerFile,
  stageLedgerAllowing,
  stageLedgerWithout,
  type LedgerEntry,
} from "./removalLedger";

const DOCUMENT_SUFFIX = "-document.jsonl";
const RESTORED_SUFFIX = "-restored.jsonl";
/** The stamp that begins a removed/ file's name: an ISO time with `:` and `.` as `-` (24 characters). */
const STAMP_LENGTH = "2026-01-01T00-00-00-000Z".length;

/** What a removal kept in removed/ of one document: the file, its cleaned lines, its raw lines. */
export interface RemovedLines {
  aside: string;
  cleaned: JsonObject[];
  /** Each raw record with the line of the raw file it was on (absent in a removal made before lines were kept). */
  raw: { line?: number; record: JsonObject }[];
}

interface RemovedFile {
  name: string;
  collection: string;
  lines: { kind: string; job?: string; line?: number; record: JsonObject }[];
}

/** The files of a corpus folder's removed/ that keep a removed document, newest first. */
async function removedFiles(corpusDir: string): Promise<RemovedFile[]> {
  const dir = path.join(corpusDir, REMOVED_DIR);
  const names = existsSync(dir) ? await readdir(dir) : [];
  const files: RemovedFile[] = [];
  for (const name of names
    .filter((n) => n.endsWith(DOCUMENT_SUFFIX))
    .sort()
    .reverse()) {
    // The collection is the name between the stamp and the suffix (a collection's name may hold `-`).
    const collection = name.slice(STAMP_LENGTH + 1, -DOCUMENT_SUFFIX.length);
    const lines: RemovedFile["lines"] = [];
    for (const text of (await readFile(path.join(dir, name), "utf8")).split("\n")) {
      const entry = parsed(text);
      const record = entry?.record;
      if (!entry || typeof entry.kind !== "string" || typeof record !== "object" || record === null) continue;
      lines.push({
        kind: entry.kind,
        ...(typeof entry.job === "string" ? { job: entry.job } : {}),
        ...(typeof entry.line === "number" ? { line: entry.line } : {}),
        record: record as JsonObject,
      });
    }
    files.push({ name, collection, lines });
  }
  return files;
}

/** The removed/ lines of a ledger entry: the newest file of its collection with its cleaned line (by its job, if any). */
function linesOf(files: readonly RemovedFile[], entry: LedgerEntry): RemovedLines | null {
  for (const file of files) {
    if (file.collection !== entry.collection) continue;
    const found = file.lines.some(
      (l) =>
        l.kind === "cleaned" &&
        String(l.record.id) === entry.id &&
        (entry.job === undefined || l.job === entry.job),
    );
    if (!found) continue;
    return {
      aside: file.name,
      cleaned: file.lines.filter((l) => l.kind === "cleaned").map((l) => l.record),
      raw: file.lines
        .filter((l) => l.kind === "raw")
        .map((l) => ({ ...(l.line !== undefined ? { line: l.line } : {}), record: l.record })),
    };
  }
  return null;
}

/** The removed/ lines of a ledger entry, or null when they are gone (removed/ cleared by hand). */
export async function findRemovedLines(corpusDir: string, entry: LedgerEntry): Promise<RemovedLines | null> {
  return linesOf(await removedFiles(corpusDir), entry);
}

/** The ledger's entries of a document `id` (of `collection` only, when given), newest first. */
export async function ledgerEntriesOf(
  corpusDir: string,
  id: string,
  collection?: string,
  removedAt?: string,
): Promise<LedgerEntry[]> {
  return newestFirst(await readLedger(corpusDir)).filter(
    (e) =>
      e.id === id &&
      (collection === undefined || e.collection === collection) &&
      (removedAt === undefined || e.removedAt === removedAt),
  );
}

function newestFirst(entries: readonly LedgerEntry[]): LedgerEntry[] {
  // Ledger order is the order of removals; the time decides between lines merged by hand.
  return entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => b.entry.removedAt.localeCompare(a.entry.removedAt) || b.i - a.i)
    .map(({ entry }) => entry);
}

/**
 * The deleted documents of a corpus folder as the page lists them, newest first, at most `limit`, and the count of the
 * ledger's unreadable lines.
 */
export async function listRemoved(corpusDir: string, limit: number): Promise<RemovedDocumentsResponse> {
  const ledger = await readLedgerFile(corpusDir);
  const entries = newestFirst(ledger.entries);
  const files = await removedFiles(corpusDir);
  const documents = entries.slice(0, limit).map((e) => ({
    collection: e.collection,
    id: e.id,
    ...(e.title ? { title: e.title } : {}),
    removedAt: e.removedAt,
    restorable: linesOf(files, e) !== null,
  }));
  return { total: entries.length, documents, unreadable: ledger.unreadable };
}

/** The text of a JSON Lines file as lines, without the empty string after the last newline. */
function linesIn(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * Whether a staged cleaned file holds a document of this id (ids are unique in the whole corpus). The text is searched
 * first, and only the lines it points at are read as records: a nested `"id"` (an author's) is not a document's.
 */
async function idTaken(cleanedDir: string, id: string): Promise<boolean> {
  const needle = `"id":${JSON.stringify(id)}`;
  for (const name of await readdir(cleanedDir)) {
    if (!name.endsWith(".jsonl") || name.startsWith(".")) continue;
    const text = await readFile(path.join(cleanedDir, name), "utf8");
    if (!text.includes(needle)) continue;
    for (const line of linesIn(text)) {
      if (line.includes(needle) && String(parsed(line)?.id) === id) return true;
    }
  }
  return false;
}

/** What a restore staged: the id the document has again, whether the raw file changed, the note for removed/. */
export interface DocumentRestore {
  id: string;
  raw: boolean;
  note: string;
}

/** Writes the note of a restore in the staging folder's removed/ (the plan's `aside` moves it to the real one). */
async function stageNote(tx: CorpusTransaction, entry: LedgerEntry, note: JsonObject): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const name = `${stamp}-${entry.collection}${RESTORED_SUFFIX}`;
  await mkdir(path.join(tx.dir, REMOVED_DIR), { recursive: true });
  const line = {
    kind: "restored",
    collection: entry.collection,
    id: entry.id,
    removedAt: entry.removedAt,
    ...note,
  };
  await writeFile(path.join(tx.dir, REMOVED_DIR, name), `${JSON.stringify(line)}\n`);
  return name;
}

/**
 * Puts the document of a ledger entry back in the staging corpus of `tx` from its removed/ lines: the cleaned lines
 * at the end of the collection's cleaned file, the raw records at their lines of the raw file when those are still
 * blank (else at its end), the entry out of the staged ledger, a note in removed/. Every staged file is written anew
 * and renamed over the staged one (a hard link to the real file, which must not change before the commit).
 */
export async function stageDocumentRestore(
  tx: CorpusTransaction,
  entry: LedgerEntry,
  lines: RemovedLines,
  job: string,
): Promise<DocumentRestore> {
  await tx.linkCleaned();
  const cleanedDir = path.join(tx.dir, "cleaned");
  // Another document took the id since (the same id imported again): the restored one is renamed as clean does.
  let id = entry.id;
  for (let n = 2; await idTaken(cleanedDir, id); n += 1) id = `${entry.id}~${n}`;
  const cleanedFile = path.join(cleanedDir, `${entry.collection}.jsonl`);
  const cleaned = existsSync(cleanedFile) ? linesIn(await readFile(cleanedFile, "utf8")) : [];
  for (const record of lines.cleaned) {
    cleaned.push(JSON.stringify(String(record.id) === entry.id ? { ...record, id } : record));
  }
  await writeFileAtomic(cleanedFile, `${cleaned.join("\n")}\n`);
  const rawFile = path.join(tx.dir, "raw", `${entry.collection}.jsonl`);
  if (lines.raw.length > 0) {
    const raw = existsSync(rawFile) ? linesIn(await readFile(rawFile, "utf8")) : [];
    for (const { line, record } of lines.raw) {
      const ownLine = line !== undefined && line <= raw.length && raw[line - 1]!.trim() === "";
      // The next clean must give the record the id it has again: clean numbers repeated ids in file order (a renamed
      // `id~2` would take the other document's id) and names a record without one by its line.
      const text = JSON.stringify(ownLine && id === entry.id ? record : { ...record, id });
      if (ownLine) raw[line - 1] = text;
      else raw.push(text);
    }
    await writeFileAtomic(rawFile, `${raw.join("\n")}\n`);
  }
  await stageLedgerWithout(tx.dir, entry);
  // Other entries with the same text would drop it again at the next clean: see stageLedgerAllowing.
  const restoredText = lines.cleaned.find((record) => String(record.id) === entry.id)?.text;
  if (typeof restoredText === "string")
    await stageLedgerAllowing(tx.dir, entry.collection, restoredText, DEFAULT_NEAR_DUP_THRESHOLD);
  const note = await stageNote(tx, entry, { job, restoredId: id, from: lines.aside });
  return { id, raw: lines.raw.length > 0, note };
}

/**
 * Only takes a ledger entry out (its removed/ lines are gone): the next clean keeps the text again, so the same file
 * imported again brings the document back. Returns the note's name.
 */
export async function stageLedgerRelease(
  tx: CorpusTransaction,
  entry: LedgerEntry,
  job: string,
): Promise<string> {
  await stageLedgerWithout(tx.dir, entry);
  return stageNote(tx, entry, { job, ledgerOnly: true });
}

/** What a committed restore's note in removed/ says. */
export interface RestoreNote {
  /** The deleted document's id (its ledger entry's). */
  id: string;
  /** The id it came back with: its own, or `id~N` when another document had taken it (absent for `ledgerOnly`). */
  restoredId?: string;
  /** Only its ledger entry was taken out (stageLedgerRelease). */
  ledgerOnly: boolean;
}

/**
 * The note of the restore the job `job` already made and committed (the real removed/ holds it), or null: a restore
 * killed after its commit runs again from its start after a restart, finds the ledger entry gone, and reads from the
 * note what it did (the id the document came back with, which the request does not know when it was renamed).
 */
export async function restoredByJob(corpusDir: string, job: string): Promise<RestoreNote | null> {
  const dir = path.join(corpusDir, REMOVED_DIR);
  const names = existsSync(dir) ? await readdir(dir) : [];
  for (const name of names.filter((n) => n.endsWith(RESTORED_SUFFIX))) {
    for (const line of (await readFile(path.join(dir, name), "utf8")).split("\n")) {
      const note = parsed(line);
      if (note?.kind !== "restored" || note.job !== job || typeof note.id !== "string") continue;
      if (note.ledgerOnly === true) return { id: note.id, ledgerOnly: true };
      const restoredId = typeof note.restoredId === "string" ? note.restoredId : note.id;
      return { id: note.id, restoredId, ledgerOnly: false };
    }
  }
  return null;
}
