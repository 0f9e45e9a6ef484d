// Gold values written with or without diacritics: the server's import (DatasetBuilder), `evaluate`'s gold and the
// page's mapping preview read them with one rule (contract/labels.ts), so the page never shows a value as mapped that
// the import then reports unmapped, nor the reverse.
import { describe, expect, it } from "vitest";
import type { ColumnMapping, ReviewField } from "../../contract/workbench";
import { labelOf } from "../../contract/labels";
import { normalizeLabel } from "../../server/annotation/labels";
import { DatasetBuilder } from "../../server/workbench/datasets/build";
import type { DatasetItem, WorkbenchStore } from "../../server/workbench/store";
import { goldValuePreview } from "../../client/src/state/datasetMapping";

/** The import's builder over a store that only keeps the rows it is given. */
function builder() {
  const items: DatasetItem[] = [];
  const store = {
    addItems: async (_dataset: string, rows: DatasetItem[]) => void items.push(...rows),
  } as unknown as WorkbenchStore;
  return { items, build: new DatasetBuilder(store, "ds-1", 1000, async () => undefined) };
}

/** Imports one gold column of these raw values; each row's label as the import stored it (undefined: unmapped). */
async function imported(field: ReviewField, raws: string[]) {
  const { items, build } = builder();
  const gold: ColumnMapping["gold"] = [{ field, column: "gold" }];
  for (const [i, raw] of raws.entries()) await build.add(i + 2, `Textul ${i}`, "", {}, gold, { gold: raw });
  await build.flush();
  return { labels: items.map((item) => item.gold[field]), report: build.report };
}

const WRITTEN: [ReviewField, string, string | undefined][] = [
  ["tema", "educație", "educatie"],
  ["tema", "Educatie", "educatie"],
  ["tema", "EDUCAŢIE", "educatie"], // cedilla, as old Windows keyboards write it
  ["tema", " Sănătate ", "sanatate"],
  ["tema", "corupţie", "coruptie"],
  ["tema", "prețuri", "preturi"],
  ["tema", "educație civică", undefined],
  ["ton", "Negativ", "negativ"],
  ["ton", "7", undefined],
  ["populism", "Adevărat", "true"],
  ["populism", "ADEVARAT", "true"],
  ["populism", "Nu", "false"],
  ["populism", "poate", undefined],
];

describe("gold labels with and without diacritics", () => {
  it("are mapped by the server's import, which reports only what is no label at all", async () => {
    const { labels, report } = await imported("tema", ["educație", "EDUCAŢIE", "sănătate", "altceva"]);
    expect(labels).toEqual(["educatie", "educatie", "sanatate", undefined]);
    expect(report.goldUnmapped).toEqual({ tema: { count: 1, values: ["altceva"] } });
  });

  it("are read alike by the import, evaluate's gold and the page's preview", async () => {
    for (const [field, raw, label] of WRITTEN) {
      expect(labelOf(field, raw), raw).toBe(label ?? null);
      expect(normalizeLabel(field, raw), raw).toBe(label ?? null);
      const server = (await imported(field, [raw])).labels[0];
      const page = goldValuePreview([{ gold: raw }], { field, column: "gold", valueMap: "" })[0]!.label;
      expect([server, page], raw).toEqual([label, label]);
    }
  });

  it("are matched through a value map's targets written without diacritics too", async () => {
    const page = goldValuePreview([{ gold: "3" }], {
      field: "tema",
      column: "gold",
      valueMap: "3 → sănătate",
    });
    expect(page[0]!.label).toBe("sanatate");
    const { items, build } = builder();
    await build.add(
      2,
      "Spitalele",
      "",
      {},
      [{ field: "tema", column: "gold", values: { "3": "sănătate" } }],
      {
        gold: "3",
      },
    );
    await build.flush();
    expect(items[0]!.gold.tema).toBe("sanatate");
  });
});
