import { afterEach, describe, expect, it } from "vitest";
import { LexiconWorker } from "../../server/workbench/lexiconWorker";
import { lexiconOutcomes } from "../../server/workbench/lexiconWorker/outcomes";
import type { PendingRow } from "../../server/workbench/pendingRows";
import { runLexiconPages } from "../../server/workbench/lexiconWorker/pages";
import type { StoredOutcome } from "../../server/workbench/store";
import { annotateLexicon } from "../../server/models/offline/lexicon";
import { LEXICON_MODEL } from "../../server/annotation/annotators";

const rows = (from: number, n: number, repeats = [1]): PendingRow[] =>
  Array.from({ length: n }, (_, i) => ({
    idx: from + i,
    text: `Guvernul ne fură pensiile, a ${from + i}-a oară!`,
    repeats,
  }));

/** Outcomes without their time stamp (two threads stamp their pages at different moments). */
const unstamped = (outcomes: StoredOutcome[]) => outcomes.map(({ createdAt: _createdAt, ...rest }) => rest);

let workers: LexiconWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.map((w) => w.close()));
  workers = [];
});

function worker(options?: ConstructorParameters<typeof LexiconWorker>[0]): LexiconWorker {
  const w = new LexiconWorker(options);
  workers.push(w);
  return w;
}

describe("lexicon outcomes", () => {
  it("makes one outcome per repeat asked for, with the dictionary's annotation and its labels", () => {
    const text = "Guvernul ne fură pensiile!";
    const [first, second] = lexiconOutcomes([{ idx: 7, text, repeats: [2, 3] }], "hash");
    const annotation = annotateLexicon(text);
    expect(first).toMatchObject({
      idx: 7,
      repeat: 2,
      model: LEXICON_MODEL,
      annotation: JSON.stringify(annotation),
      labels: { ton: annotation.ton, populism: String(annotation.populism), tema: annotation.tema },
      confidence: annotation.incredere,
      error: null,
      promptHash: "hash",
    });
    expect(second).toMatchObject({ idx: 7, repeat: 3, annotation: first!.annotation });
  });

  it("records an empty text as that row's error and goes on", () => {
    const outcomes = lexiconOutcomes(
      [
        { idx: 0, text: "   ", repeats: [1] },
        { idx: 1, text: "Parlamentul e plin de hoți.", repeats: [1] },
      ],
      "h",
    );
    expect(outcomes[0]).toMatchObject({
      idx: 0,
      annotation: null,
      confidence: null,
      error: { code: "input:empty" },
    });
    expect(outcomes[1]).toMatchObject({ idx: 1, error: null });
  });
});

describe("the lexicon worker threads", () => {
  it("answer each page with what the main thread would have made, in the order asked", async () => {
    const w = worker({ nice: 0, threads: 2 });
    const pages = [rows(0, 50), rows(50, 50, [1, 2]), rows(100, 3)];
    const answers = await Promise.all(pages.map((page) => w.annotate(page, "h")));
    answers.forEach((answer, i) =>
      expect(unstamped(answer)).toEqual(unstamped(lexiconOutcomes(pages[i]!, "h"))),
    );
    expect(answers[1]).toHaveLength(100);
  });

  it("annotate on the main thread when their thread cannot start, and say so once", async () => {
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (msg: string) => void warnings.push(msg) };
    const failing = new URL(
      `data:text/javascript,${encodeURIComponent("throw new Error('no thread here')")}`,
    );
    const w = worker({ nice: 0, threads: 1, logger, script: failing });
    const page = rows(0, 10);
    const first = await w.annotate(page, "h");
    const later = await w.annotate(rows(10, 5), "h");
    expect(unstamped(first)).toEqual(unstamped(lexiconOutcomes(page, "h")));
    expect(later.map((o) => o.idx)).toEqual([10, 11, 12, 13, 14]);
    expect(warnings).toHaveLength(1);
  });

  it("close when only some of their threads have started", async () => {
    const w = worker({ nice: 0, threads: 2 });
    expect(await w.annotate(rows(0, 3), "h")).toHaveLength(3);
    await expect(w.close()).resolves.toBeUndefined();
  });

  it("refuse a page still asked for when they are closed", async () => {
    const w = worker({ nice: 0, threads: 1 });
    const refused = expect(w.annotate(rows(0, 2000), "h")).rejects.toThrow(/closed/);
    await w.close();
    await refused;
  });
});

describe("a run's pages through the workers", () => {
  async function* pagesOf(...pages: PendingRow[][]) {
    for (const page of pages) yield page;
  }

  it("hands every outcome on in the rows' order", async () => {
    const w = worker({ nice: 0, threads: 2 });
    const seen: number[] = [];
    await runLexiconPages(pagesOf(rows(0, 30), rows(30, 30), rows(60, 30), rows(90, 30)), {
      worker: w,
      promptHash: "h",
      signal: new AbortController().signal,
      onOutcome: (o) => seen.push(o.idx),
    });
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it("asks for no new page once stopped, and keeps the pages already asked for", async () => {
    const w = worker({ nice: 0, threads: 1 });
    const controller = new AbortController();
    const asked: number[] = [];
    async function* pages() {
      for (let from = 0; from < 1000; from += 10) {
        asked.push(from);
        if (from === 20) controller.abort();
        yield rows(from, 10);
      }
    }
    const seen: number[] = [];
    await runLexiconPages(pages(), {
      worker: w,
      promptHash: "h",
      signal: controller.signal,
      onOutcome: (o) => seen.push(o.idx),
    });
    expect(asked).toEqual([0, 10, 20]);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
