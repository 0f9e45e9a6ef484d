// One writer at a time for a corpus folder: the corpus page's jobs (on any instance sharing CORPUS_DIR) take it from
// their staging to their commit and catalog, so that two changes never each stage the corpus as it was and then
// commit over each other, and a starting instance does not clear the staging folder of a change that another one is
// making. A lock directory beside the corpus (proper-lockfile: made with mkdir, which is atomic also on network file
// systems, its time refreshed while held); one whose holder died is taken over once it is stale.
import { mkdir } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import lockfile from "proper-lockfile";

const LOCK_DIR = ".writer.lock";
/** A lock not refreshed for this long belongs to a process that died. */
const STALE_MS = 30_000;
/** How often a waiting writer tries again. */
const WAIT_MS = 1_000;

function options(corpusDir: string) {
  return { lockfilePath: path.join(path.resolve(corpusDir), LOCK_DIR), stale: STALE_MS, realpath: false };
}

/**
 * Waits for the corpus folder's writer lock and takes it; resolves with its release. While another change holds it,
 * `onWait` is called once and the wait goes on until it is free or `signal` aborts. A lock that could not be kept
 * (its refresh failed for longer than it stays valid) is reported by `onLost`, and the change should not commit.
 */
export async function lockCorpus(
  corpusDir: string,
  {
    signal,
    onWait,
    onLost,
  }: { signal?: AbortSignal; onWait?: () => void; onLost?: (err: Error) => void } = {},
): Promise<() => Promise<void>> {
  let waited = false;
  // A corpus folder not made yet (a first `index` on an empty one) is made, as the index build would.
  await mkdir(path.resolve(corpusDir), { recursive: true });
  for (;;) {
    signal?.throwIfAborted();
    try {
      return await lockfile.lock(path.resolve(corpusDir), {
        ...options(corpusDir),
        update: STALE_MS / 3,
        // The default throws where nobody catches it, which would end the process.
        onCompromised: (err) => onLost?.(err),
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ELOCKED") throw err;
      if (!waited) onWait?.();
      waited = true;
      // A stop ends the wait early; the loop's first line then throws it.
      await sleep(WAIT_MS, undefined, { signal }).catch(() => undefined);
    }
  }
}

/** Whether a live writer holds the corpus folder now. */
export function corpusLocked(corpusDir: string): Promise<boolean> {
  return lockfile.check(path.resolve(corpusDir), options(corpusDir));
}
