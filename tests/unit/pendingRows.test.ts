import { describe, expect, it } from "vitest";
import { pendingPages, type PendingRow } from "../../server/workbench/pendingRows";
import type { WorkbenchStore } from "../../server/workbench/store";

/** A store of `rows` texts where `stored` (as "idx:repeat") are already done. */
function storeOf(rows: number, stored: string[]): WorkbenchStore {
  return {
    texts: async (_dataset: string, from: number, limit: number) =>
      Array.from({ length: Math.max(0, Math.min(limit, rows - from)) }, (_, i) => ({
        idx: from + i,
        text: `rândul ${from + i}`,
      })),
    doneKeys: async (_run: string, _model: string, from: number, to: number) =>
      new Set(stored.filter((key) => Number(key.split(":")[0]) >= from && Number(key.split(":")[0]) < to)),
  } as unknown as WorkbenchStore;
}

async function collect(
  rows: number,
  repeats: number,
  stored: string[],
  signal = new AbortController().signal,
) {
  const pages: PendingRow[][] = [];
  const scope = {
    store: storeOf(rows, stored),
    runId: "r",
    datasetId: "d",
    rows,
    repeats,
    pageRows: 3,
    signal,
  };
  for await (const page of pendingPages("offline:lexicon", scope)) pages.push(page);
  return pages;
}

describe("a run's pending rows", () => {
  it("are every row with every repeat on a fresh run, page by page", async () => {
    const pages = await collect(7, 2, []);
    expect(pages.map((p) => p.map((r) => r.idx))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(pages.flat().every((r) => r.repeats.join() === "1,2")).toBe(true);
  });

  it("leave out what the store holds and skip a page that is done", async () => {
    const pages = await collect(7, 2, [
      "0:1",
      "0:2",
      "1:1",
      "2:1",
      "2:2",
      "3:1",
      "3:2",
      "4:1",
      "4:2",
      "5:1",
      "5:2",
    ]);
    expect(pages).toEqual([
      [{ idx: 1, text: "rândul 1", repeats: [2] }],
      [{ idx: 6, text: "rândul 6", repeats: [1, 2] }],
    ]);
  });

  it("stop being read once the run is stopped", async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await collect(7, 1, [], controller.signal)).toEqual([]);
  });
});
