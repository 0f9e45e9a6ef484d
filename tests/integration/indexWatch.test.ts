// An index rebuilt in CORPUS_DIR by another process (`npm run cli -- index`, or another instance's import) is put
// in use through the LiveCorpus the app serves (server/cluster/indexSwap.ts): the corpus page then has its build
// time, its documents and a corpus:changed event, as after an import of its own. An index the instance put in use
// itself is not opened a second time. Real indexes on disk, offline:hash.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildIndex, readManifest } from "../../corpus/pipeline/buildIndex";
import { openRetriever } from "../../corpus/retrieval/hybrid";
import { indexCheck } from "../../server/cluster/indexSwap";
import { LiveCorpus, type CorpusGeneration } from "../../server/corpus/liveCorpus";
import { createLogger } from "../../server/log";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";

const embeddings = new HashEmbeddings();
const TEXTS = [
  "Guvernul a anunțat indexarea pensiilor cu cinci la sută de la întâi ianuarie.",
  "Primăria a asfaltat strada principală, dar trotuarele au rămas pline de gropi.",
  "Spitalul județean a primit aparatură nouă pentru secția de cardiologie.",
  "Profesorii cer salarii mai mari și manuale tipărite la timp pentru elevi.",
  "Fermierii din Bărăgan cer despăgubiri pentru seceta din vara aceasta.",
];

/** Writes the first `n` texts as the cleaned corpus and builds its index, as the CLI's `index` does. */
async function rebuild(dir: string, n: number): Promise<void> {
  const records = TEXTS.slice(0, n).map((text, i) => ({
    id: `d${i}`,
    text,
    source: "Test",
    platform: "facebook",
    date: `2025-03-0${i + 1}`,
    url: "",
    lang: "ro",
  }));
  writeFileSync(path.join(dir, "cleaned", "test.jsonl"), records.map((r) => JSON.stringify(r)).join("\n"));
  await buildIndex({ corpusDir: dir, embeddings, embedderId: "offline:hash" });
}

const open = (dir: string) => openRetriever({ corpusDir: dir, embeddings, embedderId: "offline:hash" });

describe("an index rebuilt by another process", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("is put in use through the LiveCorpus, with its build time and documents, once", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-watch-"));
    dirs.push(dir);
    mkdirSync(path.join(dir, "cleaned"));
    await rebuild(dir, 3);
    const live = new LiveCorpus(await open(dir));
    // The build time and documents of the index served, read through the LiveCorpus (the corpus page's summary).
    expect(live.manifest?.builtAt).toBe((await readManifest(dir))!.builtAt);
    expect(live.manifest?.documents).toBe(3);

    const swaps: CorpusGeneration[] = [];
    live.onSwap((generation) => swaps.push(generation));
    let opened = 0;
    const check = indexCheck({
      corpusDir: dir,
      served: {
        get manifest() {
          return live.manifest;
        },
        swapIn: (retriever) => live.swap({ retriever, catalog: null }),
      },
      open: async () => {
        opened += 1;
        return open(dir);
      },
      logger: createLogger({ LOG_LEVEL: "silent" }),
    });

    await check();
    expect(opened).toBe(0);

    await rebuild(dir, 4);
    await check();
    expect(opened).toBe(1);
    expect(swaps.map((g) => g.version)).toEqual([2]);
    expect(live.manifest?.builtAt).toBe((await readManifest(dir))!.builtAt);
    expect(live.manifest?.documents).toBe(4);
    expect(live.size).toBe(4);

    // An import of this instance's own swaps the new index in itself (CorpusService.switchIndex): the check finds
    // the manifest's build time already served and opens nothing.
    await rebuild(dir, 5);
    const own = await open(dir);
    live.swap({ retriever: own, catalog: null });
    await check();
    expect(opened).toBe(1);
    expect(swaps.map((g) => g.version)).toEqual([2, 3]);
    expect(live.manifest?.documents).toBe(5);
  });
});
