// A document's removal run through the worker's pipeline on a temp corpus (real cleaning, a real hnswlib index): the
// same job run again after its commit (a server killed between the commit and the job's "done"; the next start
// finishes the commit and runs the job again from its start) finds the document gone by its own hand and finishes as
// done, building the catalog the kill prevented, where it used to fail with corpus:document_not_found and say that the
// corpus was as it was. A removal whose collection's raw file holds no record the document came from says so
// (`rawNotFound`): the document may come back at the next clean.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { indexDir } from "../../corpus/pipeline/indexFormat";
import { CATALOG_FILE } from "../../server/corpus/catalog/schema";
import { SqliteCorpusImportStore } from "../../server/corpus/importStore";
import { runPipeline } from "../../server/corpus/worker/pipeline";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";

const ROWS = [
  "Primăria din Lunca Mare a promis un pod nou peste pârâu până la sfârșitul anului.",
  "Locuitorii din Lunca Mare spun că transportul spre oraș s-a înrăutățit în ultima lună.",
  "Școala din Lunca Mare a primit calculatoare noi pentru laboratorul de informatică.",
];

describe("a document's removal run again", () => {
  const embeddings = new HashEmbeddings();
  const context = { embeddings, embedderId: "offline:hash", progress: () => undefined };
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function corpus(): Promise<string> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-docrm-resume-"));
    dirs.push(dir);
    mkdirSync(path.join(dir, "cleaned"));
    const file = path.join(dir, "sat.csv");
    writeFileSync(file, `id,text\n${ROWS.map((t, i) => `sat${i},"${t}"`).join("\n")}\n`);
    const imported = await runPipeline(
      {
        op: "import",
        id: "import-sat",
        corpusDir: dir,
        file,
        fileName: "sat.csv",
        collection: "sat",
        settings: {},
      },
      context,
    );
    expect(imported.committed).toBe(true);
    return dir;
  }
  const removeDocument = (dir: string, job: string, documentId: string) =>
    runPipeline({ op: "remove-document", id: job, corpusDir: dir, collection: "sat", documentId }, context);

  it("after its commit finishes as done and builds the catalog; another job for the gone document still fails", async () => {
    const dir = await corpus();
    const first = await removeDocument(dir, "remove-sat1", "sat1");
    expect(first).toMatchObject({ committed: true, catalog: { documents: 2 } });
    expect(first.rawNotFound).toBeUndefined();
    // Killed after the commit, before the catalog: the next start runs the same job again from its start.
    const catalog = path.join(indexDir(dir), CATALOG_FILE);
    rmSync(catalog);
    const again = await removeDocument(dir, "remove-sat1", "sat1");
    expect(again).toMatchObject({ committed: true, indexUnchanged: true, catalog: { documents: 2 } });
    expect(again.catalogError).toBeUndefined();
    expect(existsSync(catalog)).toBe(true);
    expect(readFileSync(path.join(dir, "cleaned", "sat.jsonl"), "utf8")).not.toContain('"sat1"');
    expect(existsSync(path.join(dir, ".staging-remove-sat1"))).toBe(false);
    // Not any job: one that never took the document out is told it is not there.
    await expect(removeDocument(dir, "remove-sat1-later", "sat1")).rejects.toMatchObject({
      code: "corpus:document_not_found",
    });
  }, 60_000);

  it("says when the raw file holds no record the document came from (it may come back at the next clean)", async () => {
    const dir = await corpus();
    // The raw file edited by hand since the clean: the record of sat2 is gone from it (and the others keep theirs).
    const rawFile = path.join(dir, "raw", "sat.jsonl");
    const raw = readFileSync(rawFile, "utf8").split("\n");
    writeFileSync(rawFile, raw.filter((line) => !line.includes('"sat2"')).join("\n"));
    const result = await removeDocument(dir, "remove-sat2", "sat2");
    expect(result).toMatchObject({ committed: true, rawNotFound: true });
    expect(readFileSync(path.join(dir, "cleaned", "sat.jsonl"), "utf8")).not.toContain('"sat2"');
    // The job's record keeps it, for the page to warn.
    const store = new SqliteCorpusImportStore(":memory:");
    const made = { id: "r1", jobId: "remove-sat2", op: "remove-document" as const, collection: "sat" };
    await store.create({ ...made, document: { id: "sat2" } });
    await store.finish("r1", { status: "done", result });
    expect(await store.get("r1")).toMatchObject({ status: "done", rawNotFound: true });
    await store.create({ ...made, id: "r2", document: { id: "sat1" } });
    await store.finish("r2", { status: "done", result: { committed: true, indexUnchanged: false } });
    expect((await store.get("r2"))?.rawNotFound).toBeUndefined();
    await store.close();
  }, 60_000);
});
