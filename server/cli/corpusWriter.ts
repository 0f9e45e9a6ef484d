// The corpus commands that write (import, clean, index) take the corpus folder's writer lock first, as the corpus
// page's jobs do (corpus/pipeline/corpusLock.ts): a change the page is making, here or on another instance, finishes
// before the command starts, and a job queued meanwhile waits for the command.
import { lockCorpus } from "../../corpus/pipeline/corpusLock";
import { say } from "./lang";

const WAITING = {
  ro: "Pagina Corpus face o schimbare a corpusului; aștept să se termine…",
  en: "The Corpus page is changing the corpus; waiting for it to finish…",
};

/** Resolves with the lock's release once the command may write; Ctrl-C (the signal) ends the wait. */
export function waitForCorpusWriter(corpusDir: string, signal: AbortSignal): Promise<() => Promise<void>> {
  return lockCorpus(corpusDir, { signal, onWait: () => console.error(say(WAITING)) });
}

/** What a command says when it was stopped before it could start writing. */
const STOPPED_WHILE_WAITING = {
  ro: "Oprit înainte de a începe: corpusul a rămas neschimbat.",
  en: "Stopped before starting: the corpus is unchanged.",
};

/**
 * As waitForCorpusWriter, for a command with nothing to keep when Ctrl-C ends the wait: it says so and resolves with
 * null (the command exits with 130) instead of throwing.
 */
export async function waitForCorpusWriterOrStop(
  corpusDir: string,
  signal: AbortSignal,
): Promise<(() => Promise<void>) | null> {
  try {
    return await waitForCorpusWriter(corpusDir, signal);
  } catch (err) {
    if (!signal.aborted) throw err;
    console.error(say(STOPPED_WHILE_WAITING));
    return null;
  }
}
