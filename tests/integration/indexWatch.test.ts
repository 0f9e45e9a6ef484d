// An index rebuilt in CORPUS_DIR by another process (`npm run cli -- index`, or another instance's import) is put
// in use through the LiveCorpus the app serves (server/cluster/indexSwap.ts): the corpus page then has its build
// time, its documents and a corpus:changed event, as after an import of its own. An index the instance put in use
// itself is not opened a second time; one that does not open is said once, and a good one built after it is swapped in
// over an unreadable index. Real indexes on disk, offline:hash.
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildIndex, INDEX_FILES, indexDir, readManifest } from "../../corpus/pipeline/buildIndex";
import { openRetriever } from "../../corpus/retrieval/hybrid";
import { indexCheck } from "../../server/cluster/indexSwap";
import { LiveCorpus, type CorpusGeneration } from "../../server/corpus/liveCorpus";
import { UnreadableIndex } from "../../server/corpus/unreadableIndex";
import type { AppError } from "../../contract/errors";
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
async function rebuild(dir: string, n: number, options: { full?: boolean } = {}): Promise<void> {
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
  await buildIndex({ corpusDir: dir, embeddings, embedderId: "offline:hash", rebuild: options.full });
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

  it("swaps a good index in over an unreadable one, and says a broken build once, not at every check", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-watch-"));
    dirs.push(dir);
    mkdirSync(path.join(dir, "cleaned"));
    await rebuild(dir, 3);
    const broken = (await readManifest(dir))!.builtAt;
    truncateSync(path.join(indexDir(dir), INDEX_FILES.bm25), 10);
    // What the server serves when its index does not open at start: no manifest (bootstrap.ts).
    const problem = await open(dir).then(
      () => null,
      (err: unknown) => err as AppError,
    );
    expect(problem?.code).toBe("corpus:index_unreadable");
    const live = new LiveCorpus(new UnreadableIndex("offline:hash", problem!));
    expect(live.manifest).toBeUndefined();

    const warnings: string[] = [];
    const logger = createLogger({ LOG_LEVEL: "warn" }, (line) => {
      const entry = JSON.parse(line) as { level: string; msg: string; builtAt?: string };
      if (entry.level === "warn") warnings.push(entry.builtAt ?? "");
    });
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
      logger,
    });

    for (let i = 0; i < 4; i++) await check();
    // Opened once and said once: a broken build is not read again every INDEX_WATCH_MS while its files stay as they are.
    expect(opened).toBe(1);
    expect(warnings).toEqual([broken]);
    expect(live.size).toBe(0);

    // A file put back by hand changes the folder: tried again (still broken here, said again).
    truncateSync(path.join(indexDir(dir), INDEX_FILES.bm25), 5);
    await check();
    expect(opened).toBe(2);
    expect(warnings).toEqual([broken, broken]);

    // `npm run cli -- index --rebuild` (or another instance) builds a good one: it is swapped in, though the served
    // index had no manifest.
    await rebuild(dir, 4, { full: true });
    await check();
    expect(live.manifest?.documents).toBe(4);
    expect(live.size).toBe(4);
    expect(live.generation.version).toBe(2);

    // A later build that breaks is said again (once), being another build.
    await rebuild(dir, 5, { full: true });
    const later = (await readManifest(dir))!.builtAt;
    truncateSync(path.join(indexDir(dir), INDEX_FILES.bm25), 10);
    await check();
    await check();
    expect(warnings).toEqual([broken, broken, later]);
    expect(live.manifest?.documents).toBe(4);
  });
});
