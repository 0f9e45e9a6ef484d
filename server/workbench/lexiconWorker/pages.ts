// A dictionary run page by page through the lexicon worker, two pages in flight: while the thread annotates the next
// page, the main thread hands the previous page's outcomes to the writer (and so to the store). Outcomes arrive in
// the rows' order.
import type { StoredOutcome } from "../store";
import { LEXICON_THREADS, type LexiconWorker } from "./index";
import type { PendingRow } from "../pendingRows";

/** Pages asked of the workers before the oldest one's outcomes are taken: one per thread, and one being written. */
const IN_FLIGHT = LEXICON_THREADS + 1;

export interface LexiconPagesOptions {
  worker: LexiconWorker;
  promptHash: string;
  signal: AbortSignal;
  onOutcome: (outcome: StoredOutcome) => void;
}

export async function runLexiconPages(
  pages: AsyncIterable<PendingRow[]>,
  { worker, promptHash, signal, onOutcome }: LexiconPagesOptions,
): Promise<void> {
  const inFlight: Promise<StoredOutcome[]>[] = [];
  const take = async () => {
    for (const outcome of await inFlight.shift()!) onOutcome(outcome);
  };
  try {
    for await (const rows of pages) {
      if (signal.aborted) break;
      inFlight.push(worker.annotate(rows, promptHash));
      if (inFlight.length >= IN_FLIGHT) await take();
    }
    // Pages already annotated are kept even after a stop: a resumed run need not do them again.
    while (inFlight.length > 0) await take();
  } finally {
    // A page that failed leaves the others' promises unobserved: settle them quietly, the first error stands.
    for (const page of inFlight) page.catch(() => undefined);
  }
}
