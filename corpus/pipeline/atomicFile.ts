// Writes a whole small file atomically: the text goes to a hidden temporary file in the same folder (so the rename
// stays on one file system), is flushed to disk, and is renamed over the target. A reader sees the old file or the
// new one, never half of one; a failed write removes its temporary file and leaves the old file as it was.
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";

function tempPathFor(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
}

/** Replaces `file` with `text` (UTF-8) atomically; the folder must exist. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = tempPathFor(file);
  try {
    const handle = await open(temp, "w");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** The same, for the synchronous writers (the CLI's output files, a comparison's report, `.env`). */
export function writeFileAtomicSync(file: string, text: string): void {
  const temp = tempPathFor(file);
  try {
    const fd = openSync(temp, "w");
    try {
      const data = Buffer.from(text, "utf8");
      let offset = 0;
      while (offset < data.length) offset += writeSync(fd, data, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
