// A document's removal run through the worker's pipeline on a temp corpus (real cleaning, a real hnswlib index): the
// same job run again after its commit (a server killed between the commit and the job's "done"; the next start
// finishes the commit and runs the job again from its start) finds the document gone by its own hand and finishes as
// done, building the catalog the kill prevented, where it used to fail with corpus:document_not_found and say that the
// corpus was as it was. A removal whose collection's raw file holds no record the document came from says so
// (`rawNotFound`), and the removal ledger keeps its text out of the next clean all the same; run again after its commit,
// it still says so (read back from its lines in removed/), as the restore's note gives back a renamed document's id.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { indexDir } from "../../corpus/pipeline/indexFormat";
import { readLedger } from "../../corpus/pipeline/removalLedger";
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
    // One ledger line for the document: the run after the commit adds none.
    expect((await readLedger(dir)).map((e) => [e.id, e.job])).toEqual([["sat1", "remove-sat1"]]);
    // Not any job: one that never took the document out is told it is not there.
    await expect(removeDocument(dir, "remove-sat1-later", "sat1")).rejects.toMatchObject({
      code: "corpus:document_not_found",
    });
  }, 60_000);

  /** The raw file edited by hand since the clean: the record of sat2 has another id and origin now (its text is the same). */
  function editRawOfSat2(dir: string): void {
    const rawFile = path.join(dir, "raw", "sat.jsonl");
    const raw = readFileSync(rawFile, "utf8").split("\n");
    const edited = raw.map((line) => {
      if (!line.includes('"sat2"')) return line;
      const record = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify({ ...record, id: "editat", origin: { file: "alt.csv", line: 40 } });
    });
    writeFileSync(rawFile, edited.join("\n"));
  }

  it("run again after its commit, still says that the raw record was not found, as the first run did", async () => {
    const dir = await corpus();
    editRawOfSat2(dir);
    const first = await removeDocument(dir, "remove-sat2", "sat2");
    expect(first).toMatchObject({ committed: true, rawNotFound: true });
    // Killed after the commit, before the job was marked done: the same job runs again and finds its commit made.
    rmSync(path.join(indexDir(dir), CATALOG_FILE));
    const again = await removeDocument(dir, "remove-sat2", "sat2");
    expect(again).toMatchObject({ committed: true, indexUnchanged: true, rawNotFound: true });
    // A removal that found its raw record says nothing of it when run again either.
    await removeDocument(dir, "remove-sat1", "sat1");
    const found = await removeDocument(dir, "remove-sat1", "sat1");
    expect(found).toMatchObject({ committed: true, indexUnchanged: true });
    expect(found.rawNotFound).toBeUndefined();
  }, 90_000);

  it("says when the raw file holds no record the document came from, and the next clean still keeps its text out", async () => {
    const dir = await corpus();
    editRawOfSat2(dir);
    const result = await removeDocument(dir, "remove-sat2", "sat2");
    expect(result).toMatchObject({ committed: true, rawNotFound: true });
    expect(readFileSync(path.join(dir, "cleaned", "sat.jsonl"), "utf8")).not.toContain('"sat2"');
    // The next clean (another collection's import) reads the edited record, and the removal ledger keeps it out.
    const other = path.join(dir, "alta.csv");
    writeFileSync(
      other,
      'id,text\na1,"Biblioteca din Lunca Mare și-a prelungit programul în zilele de sâmbătă."\n',
    );
    const imported = await runPipeline(
      {
        op: "import",
        id: "import-alta",
        corpusDir: dir,
        file: other,
        fileName: "alta.csv",
        collection: "alta",
        settings: {},
      },
      context,
    );
    expect(imported.committed).toBe(true);
    const cleaned = readFileSync(path.join(dir, "cleaned", "sat.jsonl"), "utf8");
    expect(cleaned).not.toContain("calculatoare");
    expect(cleaned).not.toContain('"editat"');
    const report = JSON.parse(readFileSync(path.join(dir, "cleaned", "report.json"), "utf8")) as {
      files: { name: string; droppedBy: Record<string, number> }[];
    };
    expect(report.files.find((f) => f.name === "sat")?.droppedBy.removed).toBe(1);
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
