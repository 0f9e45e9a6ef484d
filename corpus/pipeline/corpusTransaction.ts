// A change to a corpus folder (add, replace or remove a collection) made in a staging folder and committed as a
// whole: import, clean and index run on a staging corpus whose untouched files are hard links to the real ones
// (so nothing is copied and the previous index's vectors are reused), and only a complete result replaces the
// real files, by renames listed in a journal first, so that a crash during the commit is finished by the next
// start. Until the commit, the real corpus and its index are exactly as they were.
import { existsSync } from "node:fs";
import { copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { indexDir } from "./indexFormat";
import { swapIn, syncToDisk } from "./indexSwap";
import { LEDGER_FILE } from "./removalLedger";

/** Staging folders live in the corpus folder (the same file system, so renames and links work). */
const STAGING_PREFIX = ".staging-";
const JOURNAL = "commit.json";
/** Where removed collections go: kept, so that a mistake can be undone by hand. */
export const REMOVED_DIR = "removed";

/** The collections (raw/ and cleaned/ file names without .jsonl) of a corpus folder. */
export interface CorpusFiles {
  /** Collections with a raw file: `clean` makes their cleaned file. */
  raw: string[];
  /** Collections with a cleaned file. */
  cleaned: string[];
}

async function jsonlNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir))
      .filter((name) => name.endsWith(".jsonl") && !name.startsWith("."))
      .map((name) => name.slice(0, -".jsonl".length))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

export async function corpusFiles(corpusDir: string): Promise<CorpusFiles> {
  return {
    raw: await jsonlNames(path.join(corpusDir, "raw")),
    cleaned: await jsonlNames(path.join(corpusDir, "cleaned")),
  };
}

/** A hard link, or a copy where the file system has none. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EXDEV" && code !== "EPERM" && code !== "ENOTSUP" && code !== "EMLINK") throw err;
    await copyFile(from, to);
  }
}

/**
 * One step of a commit: a rename, the index swap, or a file deleted (once what needed it is in place). Steps are
 * replayed in order after a crash.
 */
type Step = { rename: [string, string] } | { swapIndex: string } | { drop: string };

interface Journal {
  steps: Step[];
}

export interface CommitPlan {
  /** Collections whose staged raw file replaces (or adds) the real one. */
  raw: string[];
  /** Collections whose staged cleaned file replaces (or adds) the real one. */
  cleaned: string[];
  /** Whether the staged cleaned/report.json replaces the real one. */
  report: boolean;
  /** Whether the staged index replaces the real one. */
  index: boolean;
  /** Collections taken out of raw/ and cleaned/ (moved to removed/<time>-<name>/). */
  remove: string[];
  /**
   * Files written in the staging folder's removed/ (a removed document's lines) moved to the real removed/ folder, so
   * that a mistake can be undone by hand.
   */
  aside?: string[];
  /** Whether the staged removal ledger (removed.jsonl, with the removed documents' lines added) replaces the real one. */
  ledger?: boolean;
  /**
   * Files of the real corpus folder deleted once the rest is in place: the resume file of a rebuild, whose vectors the
   * swapped-in index now holds.
   */
  drop?: string[];
}

export class CorpusTransaction {
  private constructor(
    readonly corpusDir: string,
    /** The staging corpus: raw/, cleaned/ and index/ as the change will leave them. */
    readonly dir: string,
    /** The real corpus's collections when the transaction began. */
    readonly before: CorpusFiles,
  ) {}

  /**
   * Opens the staging corpus of a change: every real raw file but the removed ones, the cleaned files that no raw
   * file makes (the shipped corpus, hand-placed files), the removal ledger (which `clean` reads) and the index, all
   * linked. A staging folder left by an
   * earlier attempt of the same change is replaced.
   */
  static async begin(
    corpusDir: string,
    id: string,
    options: { remove?: string } = {},
  ): Promise<CorpusTransaction> {
    const root = path.resolve(corpusDir);
    const dir = path.join(root, `${STAGING_PREFIX}${id.replace(/[^\w-]/g, "")}`);
    await rm(dir, { recursive: true, force: true });
    const before = await corpusFiles(root);
    const keep = (name: string) => name !== options.remove;
    await mkdir(path.join(dir, "raw"), { recursive: true });
    await mkdir(path.join(dir, "cleaned"), { recursive: true });
    for (const name of before.raw.filter(keep)) {
      await linkOrCopy(path.join(root, "raw", `${name}.jsonl`), path.join(dir, "raw", `${name}.jsonl`));
    }
    const fromRaw = new Set(before.raw);
    for (const name of before.cleaned.filter((n) => keep(n) && !fromRaw.has(n))) {
      await linkOrCopy(
        path.join(root, "cleaned", `${name}.jsonl`),
        path.join(dir, "cleaned", `${name}.jsonl`),
      );
    }
    if (existsSync(path.join(root, LEDGER_FILE))) {
      await linkOrCopy(path.join(root, LEDGER_FILE), path.join(dir, LEDGER_FILE));
    }
    const realIndex = indexDir(root);
    if (existsSync(realIndex)) {
      await mkdir(indexDir(dir));
      for (const entry of await readdir(realIndex, { withFileTypes: true })) {
        if (entry.isFile())
          await linkOrCopy(path.join(realIndex, entry.name), path.join(indexDir(dir), entry.name));
      }
    }
    return new CorpusTransaction(root, dir, before);
  }

  /**
   * Links the real cleaned files that the staging corpus does not have yet (those a raw file makes, which `begin`
   * leaves to cleaning): a change that only rebuilds the index builds it from the cleaned corpus as it is.
   */
  async linkCleaned(): Promise<void> {
    const staged = new Set(await jsonlNames(path.join(this.dir, "cleaned")));
    for (const name of this.before.cleaned.filter((n) => !staged.has(n))) {
      await linkOrCopy(
        path.join(this.corpusDir, "cleaned", `${name}.jsonl`),
        path.join(this.dir, "cleaned", `${name}.jsonl`),
      );
    }
  }

  /** Writes the journal, then makes the staged files the real ones; the staging folder is gone afterwards. */
  async commit(plan: CommitPlan): Promise<void> {
    const { corpusDir: root, dir } = this;
    const steps: Step[] = [];
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    for (const name of plan.remove) {
      const trash = path.join(root, REMOVED_DIR, `${stamp}-${name}`);
      for (const kind of ["raw", "cleaned"] as const) {
        const real = path.join(root, kind, `${name}.jsonl`);
        if (existsSync(real)) steps.push({ rename: [real, path.join(trash, `${kind}.jsonl`)] });
      }
    }
    for (const name of plan.raw) {
      steps.push({
        rename: [path.join(dir, "raw", `${name}.jsonl`), path.join(root, "raw", `${name}.jsonl`)],
      });
    }
    for (const name of plan.cleaned) {
      const from = path.join(dir, "cleaned", `${name}.jsonl`);
      steps.push({ rename: [from, path.join(root, "cleaned", `${name}.jsonl`)] });
    }
    if (plan.report) {
      steps.push({
        rename: [path.join(dir, "cleaned", "report.json"), path.join(root, "cleaned", "report.json")],
      });
    }
    for (const name of plan.aside ?? []) {
      steps.push({ rename: [path.join(dir, REMOVED_DIR, name), path.join(root, REMOVED_DIR, name)] });
    }
    if (plan.ledger) steps.push({ rename: [path.join(dir, LEDGER_FILE), path.join(root, LEDGER_FILE)] });
    if (plan.index) steps.push({ swapIndex: indexDir(dir) });
    for (const file of plan.drop ?? []) steps.push({ drop: file });
    const journal = path.join(dir, JOURNAL);
    await writeFile(journal, JSON.stringify({ steps } satisfies Journal));
    await syncToDisk(journal);
    await replay(root, { steps });
    await rm(dir, { recursive: true, force: true });
  }

  /** Drops the staging folder: the real corpus was never touched. */
  async abort(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Does the steps of a journal whose sources are still there (a step done before a crash is skipped). */
async function replay(root: string, journal: Journal): Promise<void> {
  for (const step of journal.steps) {
    if ("rename" in step) {
      const [from, to] = step.rename;
      if (!existsSync(from)) continue;
      await mkdir(path.dirname(to), { recursive: true });
      await rename(from, to);
    } else if ("drop" in step) {
      await rm(step.drop, { force: true });
    } else if (existsSync(step.swapIndex)) {
      await swapIn(root, step.swapIndex);
    }
  }
  for (const kind of ["raw", "cleaned"]) {
    if (existsSync(path.join(root, kind))) await syncToDisk(path.join(root, kind), true);
  }
  await syncToDisk(root, true);
}

/**
 * Clears what an interrupted change left in a corpus folder: a staging folder with a journal was being committed,
 * and its commit is finished; one without a journal never got that far, and is dropped. Returns how many were
 * finished and dropped.
 */
export async function recoverTransactions(corpusDir: string): Promise<{ finished: number; dropped: number }> {
  const root = path.resolve(corpusDir);
  let names: string[];
  try {
    names = (await readdir(root)).filter((name) => name.startsWith(STAGING_PREFIX));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { finished: 0, dropped: 0 };
    throw err;
  }
  const result = { finished: 0, dropped: 0 };
  for (const name of names) {
    const dir = path.join(root, name);
    const journalFile = path.join(dir, JOURNAL);
    if (existsSync(journalFile)) {
      const journal = JSON.parse(await readFile(journalFile, "utf8")) as Journal;
      await replay(root, journal);
      result.finished += 1;
    } else result.dropped += 1;
    await rm(dir, { recursive: true, force: true });
  }
  return result;
}
