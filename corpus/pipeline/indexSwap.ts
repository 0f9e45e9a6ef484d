// The atomic swap of a finished index into corpusDir/index, and the recovery of what a crashed build left: a
// build writes into a temporary folder and renames it over the old index only when every file is on disk.
import { existsSync } from "node:fs";
import { open, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { indexDir } from "./indexFormat";

const STALE_DIR = /^index\.(tmp|old)-(\d+)-\d+$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Clears what a crashed build left behind: temp dirs of dead processes are deleted; a backup left between the
 * two renames of a swap is put back when no index is in place, and deleted otherwise.
 */
export async function recoverInterruptedBuilds(corpusDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(corpusDir);
  } catch {
    return;
  }
  const backups: string[] = [];
  for (const name of entries) {
    const match = STALE_DIR.exec(name);
    if (!match || processAlive(Number(match[2]))) continue;
    if (match[1] === "tmp") await rm(path.join(corpusDir, name), { recursive: true, force: true });
    else backups.push(name);
  }
  backups.sort();
  if (!existsSync(indexDir(corpusDir))) {
    const latest = backups.pop();
    if (latest) await rename(path.join(corpusDir, latest), indexDir(corpusDir));
  }
  for (const name of backups) await rm(path.join(corpusDir, name), { recursive: true, force: true });
}

/**
 * Flushes a file (or, on POSIX systems, a directory's entries) to disk, so that after a power cut the renamed
 * index holds the data written before it, not empty files.
 */
export async function syncToDisk(file: string, isDirectory = false): Promise<void> {
  // Windows cannot open a directory for syncing.
  if (isDirectory && process.platform === "win32") return;
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces corpusDir/index with a complete directory: the old one is renamed aside first, then deleted. */
export async function swapIn(corpusDir: string, tempDir: string): Promise<void> {
  const target = indexDir(corpusDir);
  const backup = path.join(corpusDir, `index.old-${process.pid}-${Date.now()}`);
  const hadIndex = existsSync(target);
  if (hadIndex) await rename(target, backup);
  try {
    await rename(tempDir, target);
  } catch (err) {
    if (hadIndex) await rename(backup, target);
    throw err;
  }
  if (hadIndex) await rm(backup, { recursive: true, force: true });
}
