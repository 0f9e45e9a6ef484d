// The catalog's collection summaries: the largest sources listed, and how many there are in all.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { buildCatalog } from "../../server/corpus/catalog/build";
import { CorpusCatalog } from "../../server/corpus/catalog/catalog";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "echochamber-catalog-sources-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("keeps the true count of a collection's sources while listing the 20 largest", async () => {
  const cleanedDir = path.join(dir, "cleaned");
  await mkdir(cleanedDir, { recursive: true });
  const records = Array.from({ length: 50 }, (_, i) => ({
    id: `d${i}`,
    text: `Primăria numărul ${i} a anunțat lucrări noi pe strada principală a orașului.`,
    source: `Sursa ${i}`,
    platform: "stiri",
    date: "2024-03-01",
    url: "",
    lang: "ro",
  }));
  await writeFile(
    path.join(cleanedDir, "surse.jsonl"),
    records.map((r) => JSON.stringify(r)).join("\n") + "\n",
  );
  const out = path.join(dir, "catalog.db");
  await buildCatalog({ cleanedDir, out, previous: null });
  const catalog = CorpusCatalog.open(out);
  try {
    const [summary] = catalog.collections();
    expect(summary!.sources).toHaveLength(20);
    expect(summary!.sourceCount).toBe(50);
  } finally {
    catalog.close();
  }
});
