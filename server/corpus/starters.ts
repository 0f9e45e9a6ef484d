// The chat's starter questions in CORPUS_DIR/starters.json (contract/starters.ts). The file sits at the corpus folder's
// root, beside raw/, cleaned/ and index/: corpus jobs stage and swap only those (corpus/pipeline/corpusTransaction.ts),
// so an import, a removal or a rebuild leaves it as it is. Written atomically (a temporary file in the same folder
// renamed over it), read on every request (it is small, and a second instance on the same folder sees a change at
// once). A file that is missing, cannot be read or does not parse is no starters: the built-in examples are shown.
import { mkdir, readFile, rm } from "node:fs/promises";
import { writeFileAtomic } from "../../corpus/pipeline/atomicFile";
import path from "node:path";
import { StartersFileSchema, type Starter } from "../../contract/starters";

export const STARTERS_FILE = "starters.json";

export async function readStarters(corpusDir: string, warn?: (message: string) => void): Promise<Starter[]> {
  let text: string;
  try {
    text = await readFile(path.join(corpusDir, STARTERS_FILE), "utf8");
  } catch (err) {
    // A file that cannot be read must not take the chat's filters (the rest of GET /api/corpus) down with it.
    if ((err as NodeJS.ErrnoException).code !== "ENOENT")
      warn?.(`${STARTERS_FILE} could not be read (${String(err)}); the built-in examples are shown`);
    return [];
  }
  try {
    const parsed = StartersFileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.starters;
  } catch {
    // Not JSON: said below.
  }
  warn?.(`${STARTERS_FILE} is not a starters file; the built-in examples are shown`);
  return [];
}

/** Replaces the list; an empty one deletes the file (the built-in examples come back). */
export async function writeStarters(corpusDir: string, starters: Starter[]): Promise<void> {
  const target = path.join(corpusDir, STARTERS_FILE);
  if (starters.length === 0) {
    await rm(target, { force: true });
    return;
  }
  await mkdir(corpusDir, { recursive: true });
  await writeFileAtomic(target, JSON.stringify({ version: 1, starters }, null, 2) + "\n");
}
