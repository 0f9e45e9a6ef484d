// The conversations both thread-search benchmarks search (bench/threadSearch.ts on SQLite, bench/threadSearchPg.ts on
// PostgreSQL): 1,000 threads × 20 messages of one person, questions of a line and answers of about 1,200 characters
// made of the shipped corpus's texts, always the same, and the queries timed on them.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Storage } from "../server/storage/types";

export const THREADS = 1000;
export const MESSAGES = 20;
export const USER = "ana";

/**
 * Quoted where the query is a phrase, as it was before a query became its words (so the figures compare with earlier
 * runs'); `twoWords` is the words of `manyThreads` and another, in either message of a thread, each required.
 */
export const QUERIES = {
  manyThreads: "pensiile",
  twoWords: "guvern pensiile",
  oneOldThread: '"țara zăpăcită"',
  noThread: '"nicăieri în arhivă"',
  twoLetters: "zq",
  /** Two letters the texts hold, inside words ("influența") and as one ("UE"): found only where a word starts. */
  twoLettersWord: "ue",
};

/** The shipped corpus's texts, in a fixed order: the material of the answers. */
function corpusTexts(): string[] {
  const dir = path.join(import.meta.dirname, "..", "corpus", "cleaned");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .flatMap((f) =>
      readFileSync(path.join(dir, f), "utf8")
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => (JSON.parse(line) as { text: string }).text),
    );
}

/** A deterministic sequence (a linear congruential generator), so every run searches the same database. */
function numbers(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/** Writes the threads and messages through the store; the time each answer's write took, ms. */
export async function fillThreads(storage: Storage): Promise<number[]> {
  const texts = corpusTexts();
  const next = numbers(7);
  const pick = () => texts[Math.floor(next() * texts.length)] ?? "";
  const writeMs: number[] = [];
  for (let t = 0; t < THREADS; t++) {
    const thread = await storage.createThread(`Conversația ${t}`, USER);
    for (let m = 0; m < MESSAGES; m++) {
      const user = m % 2 === 0;
      let text = user ? `Ce spun textele despre ${pick().split(" ").slice(0, 8).join(" ")}?` : "";
      while (!user && text.length < 1200) text += `${pick()} [${text.length % 5}] `;
      // One old thread only holds these words (with other diacritics and case than the query).
      if (t === 3 && m === 11) text += " O ŢARĂ ZĂPĂCITĂ de promisiuni.";
      const createdAt = new Date(Date.UTC(2026, 0, 1, 0, 0, t * MESSAGES + m)).toISOString();
      const start = performance.now();
      await storage.addMessage({
        id: `${thread.id}-${m}`,
        threadId: thread.id,
        role: user ? "user" : "assistant",
        text,
        createdAt,
        status: "done",
      });
      if (!user) writeMs.push(performance.now() - start);
    }
  }
  return writeMs;
}
