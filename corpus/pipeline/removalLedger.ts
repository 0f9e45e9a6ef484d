// The removal ledger, `<corpusDir>/removed.jsonl`: one line for each document taken out of the corpus (the corpus
// page's DELETE /documents/:id), with a fingerprint of its cleaned text, so that `clean` keeps out every record with the
// same text (or, by the clean's own near-duplicate threshold, nearly the same), in any collection: the copy that an
// earlier clean had dropped as a duplicate of the deleted document (in its collection or another), the raw record the
// removal could not find, the same file imported again. Written inside the removal's transaction (staged, committed
// with it, synced); read by every clean. A line keeps the document's collection, id and title and the fingerprints,
// not its text (removed/ keeps the lines). The corpus page's "Deleted documents" (POST /removed/:id/restore,
// ./documentRestore.ts) puts a document back and takes its entry out; `npm run cli -- corpus restore <id>`
// (server/cli/corpus.ts) only takes the entry out.
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "./atomicFile";
import { ExactDuplicateIndex, hammingDistance, NearDuplicateIndex, simhash, type SimHash } from "./dedup";
import { eachJsonLine, parsed } from "./jsonLines";
import { profileText } from "./textProfile";

/** The ledger's file name, in the corpus folder (beside raw/, cleaned/, removed/). */
export const LEDGER_FILE = "removed.jsonl";

const LedgerEntrySchema = z.object({
  collection: z.string().min(1),
  id: z.string(),
  title: z.string().optional(),
  /** When the removal was made (ISO 8601). */
  removedAt: z.string(),
  /** The job that made it (absent for a removal made outside the server's jobs). */
  job: z.string().optional(),
  /** TextProfile.exactKey of the cleaned text: the key of the exact-duplicate check. */
  exactKey: z.number().int().nonnegative(),
  /** The SimHash of the cleaned text, 16 hex digits: the key of the near-duplicate check. */
  simhash: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
  /**
   * "collection": the entry keeps the text out of its own collection only, because another collection showed a copy
   * of it when it was removed (see `visibleElsewhere`). Absent: out of the whole corpus.
   */
  scope: z.literal("collection").optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, "0");
const toHex = (hash: SimHash) => `${hex8(hash.hi)}${hex8(hash.lo)}`;
const fromHex = (hex: string): SimHash => ({
  hi: Number.parseInt(hex.slice(0, 8), 16) | 0,
  lo: Number.parseInt(hex.slice(8), 16) | 0,
});

/** The ledger's lines for cleaned records taken out of `collection` (their text profiled as `clean` profiles it). */
export function ledgerEntries(
  collection: string,
  records: readonly Record<string, unknown>[],
  job?: string,
  removedAt = new Date().toISOString(),
): LedgerEntry[] {
  return records.map((record) => {
    const profile = profileText(typeof record.text === "string" ? record.text : "");
    const hash = simhash(profile.tokenHashes);
    return {
      collection,
      id: String(record.id),
      ...(typeof record.title === "string" && record.title !== "" ? { title: record.title } : {}),
      removedAt,
      ...(job ? { job } : {}),
      exactKey: profile.exactKey,
      ...(hash ? { simhash: toHex(hash) } : {}),
    };
  });
}

/**
 * Whether a collection other than `collection` of the staged corpus `stagingDir` shows a copy of one of the removed
 * texts: the same exact key, or a SimHash within `threshold` (the page's cleans use the default). The corpus holds one
 * copy of a text when every collection went through the same clean, but not always: a collection with no raw file
 * (the shipped corpus, a hand-made cleaned file) is never compared with the others, and a clean run with another
 * threshold keeps near copies apart. Such a copy is a document the page shows, and the removal must not take it.
 *
 * It reads and profiles every other collection's cleaned text: O(corpus) per deletion (bench/removalScope.ts: about
 * 0.2 s for the 37,500 other texts of a 50,000-document corpus, the reading alone 40% of it). Nothing cheaper can
 * answer: the catalog (server/corpus/catalog, a layer above) has the texts but no exact key or SimHash, and describes
 * the last committed index, not this staging corpus (a hand-made cleaned file is here before any index); the index's
 * document hashes cover metadata too, so equal texts do not have equal hashes.
 */
export async function visibleElsewhere(
  stagingDir: string,
  collection: string,
  entries: readonly LedgerEntry[],
  threshold: number,
): Promise<boolean> {
  const removed = new RemovedTexts(entries, threshold);
  if (removed.empty) return false;
  const dir = path.join(stagingDir, "cleaned");
  const names = existsSync(dir) ? await readdir(dir) : [];
  for (const name of names) {
    if (!name.endsWith(".jsonl") || name === `${collection}.jsonl`) continue;
    let found = false;
    await eachJsonLine(path.join(dir, name), ({ record }) => {
      // A blank or broken line is not a document the page shows.
      if (typeof record?.text !== "string") return;
      const profile = profileText(record.text);
      found = removed.find("", profile.exactKey, () => simhash(profile.tokenHashes)) !== undefined;
      return !found;
    });
    if (found) return true;
  }
  return false;
}

/**
 * Adds `entries` to the ledger of the staging corpus `stagingDir`: a new file renamed over the staged one, which is a
 * hard link to the real ledger (`CorpusTransaction.begin` links it) and must not change before the commit.
 */
export async function stageLedgerEntries(stagingDir: string, entries: readonly LedgerEntry[]): Promise<void> {
  const file = path.join(stagingDir, LEDGER_FILE);
  const before = existsSync(file) ? await readFile(file, "utf8") : "";
  const lines = entries.map((entry) => JSON.stringify(entry)).join("\n");
  const joined = before === "" || before.endsWith("\n") ? before : `${before}\n`;
  // A new file renamed over the link (writeFileAtomic), synced: the ledger holds every removal so far.
  await writeFileAtomic(file, `${joined}${lines}\n`);
}

/**
 * Lets the text of a document put back into `collection` stay there: other entries of the staged ledger whose text it
 * repeats (exactly, or within `threshold`) would drop it at the next clean. One of the same collection is taken out
 * (the text is wanted there again); one of another collection keeps its text out of its own collection only (scope
 * "collection"), as a removal whose text another collection shows does.
 */
export async function stageLedgerAllowing(
  stagingDir: string,
  collection: string,
  text: string,
  threshold: number,
): Promise<void> {
  const file = path.join(stagingDir, LEDGER_FILE);
  if (!existsSync(file)) return;
  const [restored] = ledgerEntries(collection, [{ id: "", text }]);
  await rewriteLedger(file, (entry) => {
    if (
      !sameText(entry, restored!, threshold) ||
      (entry.collection !== collection && entry.scope === "collection")
    )
      return undefined;
    return entry.collection === collection ? null : { ...entry, scope: "collection" };
  });
}

/**
 * Whether two ledger entries keep out the same text: the same exact key, or SimHashes within `threshold` (the clean's
 * near-duplicate test).
 */
export function sameText(a: LedgerEntry, b: LedgerEntry, threshold: number): boolean {
  if (a.exactKey === b.exactKey) return true;
  return (
    a.simhash !== undefined &&
    b.simhash !== undefined &&
    hammingDistance(fromHex(a.simhash), fromHex(b.simhash)) <= threshold
  );
}

/** A corpus folder's ledger as read: its entries, and how many lines are no entry (not JSON, or not an entry's shape). */
export interface LedgerRead {
  entries: LedgerEntry[];
  /** Lines broken by a hand edit (blank lines are not counted): skipped, but still in the file. */
  unreadable: number;
}

/** The ledger of a corpus folder with the count of its unreadable lines (none of either when there is no ledger). */
export async function readLedgerFile(corpusDir: string): Promise<LedgerRead> {
  let text: string;
  try {
    text = await readFile(path.join(corpusDir, LEDGER_FILE), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], unreadable: 0 };
    throw err;
  }
  const entries: LedgerEntry[] = [];
  let unreadable = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const entry = ledgerEntryOf(line);
    if (entry) entries.push(entry);
    else unreadable += 1;
  }
  return { entries, unreadable };
}

/**
 * The ledger of a corpus folder: its valid lines (a blank line, or one broken by a hand edit, is skipped: see
 * readLedgerFile for their count), none when there is no ledger.
 */
export async function readLedger(corpusDir: string): Promise<LedgerEntry[]> {
  return (await readLedgerFile(corpusDir)).entries;
}

/** A ledger line's entry; null for a blank line or one a hand edit broke (nobody's entry). */
function ledgerEntryOf(line: string): LedgerEntry | null {
  const parsedEntry = LedgerEntrySchema.safeParse(parsed(line));
  return parsedEntry.success ? parsedEntry.data : null;
}

/**
 * Rewrites the ledger file `file` (atomically, a new file renamed over it: a staged ledger is a hard link to the real
 * one), entry by entry: `change` gives undefined for an entry that stays as it is, null for one taken out, or the entry
 * that replaces it; a broken line stays as it was. Returns the entries taken out or replaced; the file is written only
 * when there are some.
 */
async function rewriteLedger(
  file: string,
  change: (entry: LedgerEntry) => LedgerEntry | null | undefined,
): Promise<LedgerEntry[]> {
  if (!existsSync(file)) return [];
  const changed: LedgerEntry[] = [];
  const kept: string[] = [];
  for (const line of (await readFile(file, "utf8")).split("\n")) {
    if (line.trim() === "") continue;
    // A line broken by a hand edit is nobody's entry: it stays.
    const entry = ledgerEntryOf(line);
    const next = entry ? change(entry) : undefined;
    if (!entry || next === undefined) kept.push(line);
    else {
      changed.push(entry);
      if (next !== null) kept.push(JSON.stringify(next));
    }
  }
  if (changed.length > 0) await writeFileAtomic(file, kept.length > 0 ? `${kept.join("\n")}\n` : "");
  return changed;
}

/** Takes the entries `match` picks out of the ledger file `file` (rewriteLedger), and returns them. */
function ledgerWithout(file: string, match: (entry: LedgerEntry) => boolean): Promise<LedgerEntry[]> {
  return rewriteLedger(file, (entry) => (match(entry) ? null : undefined));
}

/**
 * Takes the entries of the document `id` (of `collection` only, when given) out of the ledger of a real corpus folder
 * and returns them: the next clean keeps again the records that repeat it. The caller holds the corpus folder's writer
 * lock.
 */
export function restoreFromLedger(
  corpusDir: string,
  id: string,
  collection?: string,
): Promise<LedgerEntry[]> {
  return ledgerWithout(
    path.join(corpusDir, LEDGER_FILE),
    (entry) => entry.id === id && (collection === undefined || entry.collection === collection),
  );
}

/** Whether two ledger lines are the same removal (a document's id removed twice has two). */
export const sameEntry = (a: LedgerEntry, b: LedgerEntry): boolean =>
  a.collection === b.collection && a.id === b.id && a.removedAt === b.removedAt && a.job === b.job;

/** Takes one removal's entry out of the staged ledger of `stagingDir` (committed with the plan's `ledger: true`). */
export function stageLedgerWithout(stagingDir: string, entry: LedgerEntry): Promise<LedgerEntry[]> {
  return ledgerWithout(path.join(stagingDir, LEDGER_FILE), (e) => sameEntry(e, entry));
}

/** The removed document a text repeats: its id and title. */
export interface RemovedDocument {
  id: string;
  title?: string;
}

/** Removed texts, by exact key and by SimHash. */
class TextIndex {
  private readonly exact = new ExactDuplicateIndex();
  private readonly near: NearDuplicateIndex;
  /** The removed documents, in ledger order; the indexes hold each one's place here (as a string). */
  private readonly documents: RemovedDocument[] = [];

  constructor(threshold: number) {
    this.near = new NearDuplicateIndex(threshold);
  }

  add(entry: LedgerEntry): void {
    // Keyed by place, not id: one id may be removed twice (a collection imported again), with different texts.
    const key = String(this.documents.length);
    this.documents.push({ id: entry.id, ...(entry.title ? { title: entry.title } : {}) });
    if (this.exact.get(entry.exactKey) === undefined) this.exact.set(entry.exactKey, key);
    if (entry.simhash) this.near.add(fromHex(entry.simhash), key);
  }

  find(exactKey: number, hash: () => SimHash | undefined): RemovedDocument | undefined {
    const exact = this.exact.get(exactKey);
    if (exact !== undefined) return this.documents[Number(exact)];
    const near = hash();
    const nearKey = near ? this.near.find(near) : undefined;
    return nearKey === undefined ? undefined : this.documents[Number(nearKey)];
  }
}

/**
 * The ledger as `clean` asks it: is this text (of this collection) one that was removed? Corpus-wide for most entries:
 * clean keeps one copy of a text across the collections it cleans, so a copy of the removed text in another collection
 * is one clean had dropped as a duplicate of it, never a document the page showed; kept out of its own collection
 * only, it came back in the other one at the next clean. An entry whose text another collection showed when it was
 * removed (`scope: "collection"`, see visibleElsewhere) keeps it out of its own collection only.
 */
export class RemovedTexts {
  private readonly corpus: TextIndex;
  private readonly collections = new Map<string, TextIndex>();
  private readonly count: number;

  constructor(
    entries: readonly LedgerEntry[],
    private readonly threshold: number,
  ) {
    this.corpus = new TextIndex(threshold);
    for (const entry of entries) {
      if (entry.scope !== "collection") {
        this.corpus.add(entry);
        continue;
      }
      let own = this.collections.get(entry.collection);
      if (!own) this.collections.set(entry.collection, (own = new TextIndex(this.threshold)));
      own.add(entry);
    }
    this.count = entries.length;
  }

  /** Whether the ledger has no entry (then `find` never finds anything). */
  get empty(): boolean {
    return this.count === 0;
  }

  /**
   * The removed document whose text this one (of `collection`) repeats exactly (same exact key) or nearly (SimHash
   * within the threshold), if any. `hash` is computed at most once, only when no exact check finds anything.
   */
  find(collection: string, exactKey: number, hash: () => SimHash | undefined): RemovedDocument | undefined {
    let computed: SimHash | undefined | null = null;
    const once = () => (computed === null ? (computed = hash()) : computed);
    return this.corpus.find(exactKey, once) ?? this.collections.get(collection)?.find(exactKey, once);
  }
}
