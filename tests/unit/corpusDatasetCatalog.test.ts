// A workbench data set drawn from the corpus, against a catalog the test controls: a count without words is the
// catalog's count (the cleaned corpus is not read), and the stream of cleaned files only when there is no catalog yet
// (nothing queued); a keyword draw whose catalog is closed by an index swap (30 s after it) is refused as
// corpus:catalog_missing saying that the corpus changed and to try again, not a 500, and no data set is left.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CorpusRecord } from "../../contract/corpus";
import { AppError, toUserError } from "../../contract/errors";
import {
  countCorpusSelection,
  importCorpusSelection,
  type CatalogSearch,
  type CatalogSource,
} from "../../server/workbench/datasets/corpus";
import { SqliteWorkbenchStore } from "../../server/workbench/sqlite";
import { buildCatalog } from "../../server/corpus/catalog/build";
import { CorpusCatalog } from "../../server/corpus/catalog/catalog";

const slice = () => Promise.resolve();
const record = (i: number): CorpusRecord => ({
  id: `d${i}`,
  text: `Textul numărul ${i} despre pensii.`,
  source: "s",
  platform: "stiri",
  date: "2025-01-01",
  url: "",
  lang: "ro",
});

/** A catalog of `n` records, read 500 at a time like the real one; closed after `closeAfter` pages. */
function fakeCatalog(n: number, closeAfter = Infinity) {
  let pages = 0;
  const asked: unknown[] = [];
  const catalog: CatalogSearch & { open: boolean } = {
    open: true,
    matchingRecords(_query, after, limit) {
      // What better-sqlite3 does on a closed database.
      if (!catalog.open) throw new TypeError("The database connection is not open");
      pages += 1;
      if (pages >= closeAfter) catalog.open = false;
      const records = Array.from({ length: Math.max(0, Math.min(limit, n - after)) }, (_, k) =>
        record(after + k + 1),
      );
      return { records, last: after + records.length };
    },
    documentsPage(query) {
      asked.push(query);
      return { total: n };
    },
  };
  return { catalog, asked };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("a count without words", () => {
  it("is the catalog's count of the filters: the cleaned corpus is not read", async () => {
    const { catalog, asked } = fakeCatalog(1234);
    const source: CatalogSource = async () => catalog;
    const matches = await countCorpusSelection({
      cleanedDir: path.join(os.tmpdir(), "echochamber-no-such-cleaned-dir"),
      selection: { filters: { platform: ["stiri"] } },
      catalog: source,
      slice,
    });
    expect(matches).toBe(1234);
    expect(asked).toEqual([{ platform: ["stiri"], offset: 0, limit: 1 }]);
  });

  it("reads the cleaned files while there is no catalog, without having one built", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-count-"));
    dirs.push(dir);
    mkdirSync(path.join(dir, "cleaned"));
    writeFileSync(
      path.join(dir, "cleaned", "a.jsonl"),
      [1, 2, 3].map((i) => JSON.stringify(record(i))).join("\n"),
    );
    const builds: (boolean | undefined)[] = [];
    const source: CatalogSource = async (options) => {
      builds.push(options?.build);
      throw new AppError("corpus:catalog_missing", { variant: "ask_teacher" });
    };
    const matches = await countCorpusSelection({
      cleanedDir: path.join(dir, "cleaned"),
      selection: {},
      catalog: source,
      slice,
    });
    expect(matches).toBe(3);
    expect(builds).toEqual([false]);
  });

  it("agrees with the draw without words when a platform or source is spelt in two cases", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-count-case-"));
    dirs.push(dir);
    const cleanedDir = path.join(dir, "cleaned");
    mkdirSync(cleanedDir);
    // Three records spelt "Facebook"/"Ziarul", two "facebook"/"ziarul", one of another platform.
    const records = [1, 2, 3, 4, 5, 6].map((i) => ({
      ...record(i),
      platform: i <= 3 ? "Facebook" : i <= 5 ? "facebook" : "stiri",
      source: i <= 3 ? "Ziarul" : "ziarul",
    }));
    writeFileSync(path.join(cleanedDir, "a.jsonl"), records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const out = path.join(dir, "catalog.db");
    await buildCatalog({ cleanedDir, out, previous: null });
    const catalog = CorpusCatalog.open(out);
    const store = new SqliteWorkbenchStore(":memory:");
    try {
      for (const filters of [{ platform: ["facebook"] }, { platform: ["FACEBOOK"], source: ["Ziarul"] }]) {
        const count = await countCorpusSelection({
          cleanedDir,
          selection: { filters },
          catalog: async () => catalog,
          slice,
        });
        expect(count).toBe(5);
        const drawn = await importCorpusSelection({
          store,
          cleanedDir,
          request: { filters },
          maxRows: 10_000,
          slice,
          catalog: async () => catalog,
        });
        expect(drawn.rows).toBe(count);
      }
    } finally {
      catalog.close();
    }
  });
});

describe("a member's keyword count or draw while there is no catalog", () => {
  it("asks for the catalog without its build, and says to ask the teacher", async () => {
    const builds: (boolean | undefined)[] = [];
    const source: CatalogSource = async (options) => {
      builds.push(options?.build);
      throw new AppError("corpus:catalog_missing", { variant: "ask_teacher" });
    };
    const err = await countCorpusSelection({
      cleanedDir: "unused",
      selection: { q: "pensii" },
      catalog: source,
      slice,
      mayBuildCatalog: false,
    }).catch((e: unknown) => e);
    expect(builds).toEqual([false]);
    expect(toUserError(err, "ro")).toMatchObject({ code: "corpus:catalog_missing" });
    expect(toUserError(err, "ro").message).toMatch(/Rugați profesorul/);
    expect(toUserError(err, "en").message).toMatch(/Ask the teacher/);
  });
});

describe("a keyword draw that outlives an index swap", () => {
  it("is refused as the corpus having changed (try again), and no data set is left", async () => {
    const store = new SqliteWorkbenchStore(":memory:");
    const { catalog } = fakeCatalog(1200, 1);
    const err = await importCorpusSelection({
      store,
      cleanedDir: "unused",
      request: { q: "pensii" },
      maxRows: 10_000,
      slice,
      catalog: async () => catalog,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const said = toUserError(err, "ro");
    expect(said.code).toBe("corpus:catalog_missing");
    expect(said.message).toMatch(/Corpusul s-a schimbat .*Încercați din nou/);
    expect(toUserError(err, "en").message).toMatch(/The corpus changed .*Try again/);
    expect(await store.listDatasets()).toEqual([]);
  });
});
