// A data set made straight in a workbench store (no upload, no job), for the tests of what reads and writes it.
import { emptyImportReport } from "../../contract/workbench";
import type { WorkbenchStore } from "../../server/workbench/store";

/** Makes and commits a data set of these texts (row i is `texts[i]`); returns its id. */
export async function seedDataset(
  store: WorkbenchStore,
  texts: string[],
  { sampleIdxs = [] as number[] } = {},
): Promise<string> {
  const datasetId = await store.beginDataset({
    name: "t",
    source: "upload",
    sourceFile: "t.csv",
    format: "csv",
    encoding: "utf-8",
    bytes: 1,
    mapping: { text: "text" },
    contentHash: null,
  });
  await store.addItems(
    datasetId,
    texts.map((text, idx) => ({ idx, itemId: `r${idx}`, text, meta: {}, gold: {} })),
  );
  const rows = texts.length;
  await store.commitDataset(datasetId, {
    rows,
    report: emptyImportReport(rows),
    reviewSample: { size: sampleIdxs.length, seed: 1 },
    sampleIdxs,
  });
  return datasetId;
}
