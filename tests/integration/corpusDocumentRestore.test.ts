// A deleted document put back, run through the worker's pipeline on a temp corpus (real cleaning, a real hnswlib
// index): its cleaned line and raw record come back from removed/ (the raw record at the line the removal left blank),
// the search finds it again with its id, its ledger entry is gone (the next clean keeps it), removed/ keeps the removal
// and a note of the restore. A restore killed before its commit changes nothing; one run again after its commit is
// done, not failed. Without its removed/ lines a restore says so, and can only take the entry out of the ledger.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listRemoved } from "../../corpus/pipeline/documentRestore";
import { indexDir } from "../../corpus/pipeline/indexFormat";
import { readLedger } from "../../corpus/pipeline/removalLedger";
import { openRetriever } from "../../corpus/retrieval/hybrid";
import { CATALOG_FILE } from "../../server/corpus/catalog/schema";
import { SqliteCorpusImportStore } from "../../server/corpus/importStore";
import { runPipeline, type PipelineContext } from "../../server/corpus/worker/pipeline";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";

const ROWS = [
  "Primăria din Lunca Mare a promis un pod nou peste pârâu până la sfârșitul anului.",
  "Locuitorii din Lunca Mare spun că transportul spre oraș s-a înrăutățit în ultima lună.",
  "Școala din Lunca Mare a primit calculatoare noi pentru laboratorul de informatică.",
];

/** The real corpus folder's raw, cleaned, ledger and index files, byte for byte. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const sub of ["raw", "cleaned", "index"]) {
    for (const name of readdirSync(path.join(dir, sub)).sort())
      if (name.endsWith(".jsonl") || name.endsWith(".json"))
        files[`${sub}/${name}`] = readFileSync(path.join(dir, sub, name), "utf8");
  }
  files["removed.jsonl"] = readFileSync(path.join(dir, "removed.jsonl"), "utf8");
  return files;
}

describe("a deleted document put back", () => {
  const embeddings = new HashEmbeddings();
  const context: PipelineContext = { embeddings, embedderId: "offline:hash", progress: () => undefined };
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A corpus of one collection "sat" (sat0..sat2) with sat1 deleted. */
  async function corpusWithoutSat1(): Promise<string> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-docrestore-"));
    dirs.push(dir);
    mkdirSync(path.join(dir, "cleaned"));
    const file = path.join(dir, "sat.csv");
    writeFileSync(file, `id,text\n${ROWS.map((t, i) => `sat${i},"${t}"`).join("\n")}\n`);
    const task = { id: "import-sat", corpusDir: dir, file, fileName: "sat.csv", collection: "sat" };
    expect((await runPipeline({ op: "import", ...task, settings: {} }, context)).committed).toBe(true);
    const removed = await runPipeline(
      { op: "remove-document", id: "remove-sat1", corpusDir: dir, collection: "sat", documentId: "sat1" },
      context,
    );
    expect(removed.committed).toBe(true);
    return dir;
  }
  const restore = (dir: string, job: string, extra: { ledgerOnly?: boolean } = {}) =>
    runPipeline({ op: "restore-document", id: job, corpusDir: dir, documentId: "sat1", ...extra }, context);
  const found = async (dir: string, q: string) => {
    const retriever = await openRetriever({ corpusDir: dir, embeddings, embedderId: "offline:hash" });
    return (await retriever.search(q, { k: 3, mode: "bm25" })).map((p) => p.docId);
  };

  it("comes back in cleaned/, raw/ and the index with its id; the ledger loses its entry", async () => {
    const dir = await corpusWithoutSat1();
    const rawBefore = readFileSync(path.join(dir, "raw", "sat.jsonl"), "utf8").split("\n");
    expect(rawBefore[1]).toBe("");
    expect(await found(dir, "calculatoare laboratorul")).toContain("sat2");
    expect(await found(dir, "transportul înrăutățit")).not.toContain("sat1");
    expect((await listRemoved(dir, 10)).documents).toMatchObject([
      { collection: "sat", id: "sat1", restorable: true },
    ]);

    const result = await restore(dir, "restore-sat1");
    expect(result).toMatchObject({ committed: true, catalog: { documents: 3 } });
    // Only its chunk added to the previous index.
    expect(result.index).toMatchObject({ added: 1, removed: 0 });
    expect(result.restoredId).toBeUndefined();

    expect(await found(dir, "transportul înrăutățit")).toContain("sat1");
    expect(readFileSync(path.join(dir, "cleaned", "sat.jsonl"), "utf8")).toContain('"id":"sat1"');
    // The raw record back at its line: the raw file as the import wrote it.
    const raw = readFileSync(path.join(dir, "raw", "sat.jsonl"), "utf8").split("\n");
    expect(raw[1]).toContain('"sat1"');
    expect(raw.filter((l) => l.trim() !== "")).toHaveLength(3);
    expect(await readLedger(dir)).toEqual([]);
    expect((await listRemoved(dir, 10)).total).toBe(0);
    // removed/ keeps the removal and a note of the restore.
    const names = readdirSync(path.join(dir, "removed"));
    expect(names.filter((n) => n.endsWith("-sat-document.jsonl"))).toHaveLength(1);
    expect(names.filter((n) => n.endsWith("-sat-restored.jsonl"))).toHaveLength(1);
    expect(readdirSync(dir).filter((n) => n.startsWith(".staging-"))).toEqual([]);

    // The next clean (another collection's import) keeps it.
    const other = path.join(dir, "alta.csv");
    writeFileSync(other, 'id,text\na1,"Biblioteca din Lunca Mare și-a prelungit programul sâmbăta."\n');
    const task = { id: "import-alta", corpusDir: dir, file: other, fileName: "alta.csv", collection: "alta" };
    expect((await runPipeline({ op: "import", ...task, settings: {} }, context)).committed).toBe(true);
    expect(readFileSync(path.join(dir, "cleaned", "sat.jsonl"), "utf8")).toContain('"id":"sat1"');
    expect(await found(dir, "transportul înrăutățit")).toContain("sat1");
  }, 60_000);

  it("keeps the id it gets back at the next clean, and is not dropped again by another deletion of its text", async () => {
    const dir = await corpusWithoutSat1();
    // A collection that sorts after "sat" imported since, with its own "sat1" (the id was free).
    const other = path.join(dir, "zona.csv");
    writeFileSync(other, 'id,text\nsat1,"Biblioteca din Lunca Mare și-a prelungit programul sâmbăta."\n');
    const task = { id: "import-zona", corpusDir: dir, file: other, fileName: "zona.csv", collection: "zona" };
    expect((await runPipeline({ op: "import", ...task, settings: {} }, context)).committed).toBe(true);
    // A hand-made collection showing the deleted text, deleted too: an entry for the whole corpus.
    writeFileSync(
      path.join(dir, "cleaned", "demo.jsonl"),
      JSON.stringify({ id: "d1", title: "Demo", text: ROWS[1], source: "Demo", platform: "facebook" }) + "\n",
    );
    const removed = await runPipeline(
      { op: "remove-document", id: "remove-d1", corpusDir: dir, collection: "demo", documentId: "d1" },
      context,
    );
    expect(removed.committed).toBe(true);
    expect((await readLedger(dir)).find((e) => e.id === "d1")?.scope).toBeUndefined();

    const result = await restore(dir, "restore-sat1");
    expect(result.restoredId).toBe("sat1~2");
    // demo's entry now keeps the text out of demo only.
    expect(await readLedger(dir)).toEqual([expect.objectContaining({ id: "d1", scope: "collection" })]);
    // The next clean (an import) keeps both ids where they are, and the restored text in.
    const third = path.join(dir, "trei.csv");
    writeFileSync(third, 'id,text\nt1,"Podul nou din Lunca Mare a fost inaugurat ieri dimineață."\n');
    const more = { id: "import-trei", corpusDir: dir, file: third, fileName: "trei.csv", collection: "trei" };
    expect((await runPipeline({ op: "import", ...more, settings: {} }, context)).committed).toBe(true);
    const ids = (name: string) =>
      readFileSync(path.join(dir, "cleaned", `${name}.jsonl`), "utf8")
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids("sat")).toEqual(["sat0", "sat1~2", "sat2"]);
    expect(ids("zona")).toEqual(["sat1"]);
    expect(await found(dir, "transportul înrăutățit")).toContain("sat1~2");
  }, 90_000);

  it("keeps its id when another document only names it in a nested field", async () => {
    const dir = await corpusWithoutSat1();
    writeFileSync(
      path.join(dir, "cleaned", "extra.jsonl"),
      JSON.stringify({ id: "e1", text: "Un comentariu fără legătură cu podul.", author: { id: "sat1" } }) +
        "\n",
    );
    const result = await restore(dir, "restore-sat1");
    expect(result.committed).toBe(true);
    expect(result.restoredId).toBeUndefined();
    expect(readFileSync(path.join(dir, "cleaned", "sat.jsonl"), "utf8")).toContain('"id":"sat1"');
  }, 60_000);

  it("killed before its commit changes nothing; run again after its commit it is done, not failed", async () => {
    const dir = await corpusWithoutSat1();
    const before = snapshot(dir);
    // Stopped while it indexes (before the commit): the real corpus, ledger and index are as they were.
    const stop = new AbortController();
    const killed = await runPipeline(
      { op: "restore-document", id: "restore-sat1", corpusDir: dir, documentId: "sat1" },
      {
        ...context,
        signal: stop.signal,
        progress: (stage) => {
          if (stage === "index") stop.abort(new Error("killed"));
        },
      },
    ).catch((err: unknown) => err);
    expect(killed).toBeInstanceOf(Error);
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(dir).filter((n) => n.startsWith(".staging-"))).toEqual([]);
    expect(readdirSync(path.join(dir, "removed")).filter((n) => n.endsWith("-restored.jsonl"))).toEqual([]);

    // The same job again (after the restart) puts it back.
    expect(await restore(dir, "restore-sat1")).toMatchObject({ committed: true, catalog: { documents: 3 } });
    // Killed after the commit, before the catalog: the next start runs the same job again from its start.
    const catalog = path.join(indexDir(dir), CATALOG_FILE);
    rmSync(catalog);
    const again = await restore(dir, "restore-sat1");
    expect(again).toMatchObject({ committed: true, indexUnchanged: true, catalog: { documents: 3 } });
    expect(existsSync(catalog)).toBe(true);
    const cleaned = readFileSync(path.join(dir, "cleaned", "sat.jsonl"), "utf8");
    expect(cleaned.split('"id":"sat1"')).toHaveLength(2);
    expect(await readLedger(dir)).toEqual([]);
    // Another job for a document that is not deleted any more is told so.
    await expect(restore(dir, "restore-sat1-later")).rejects.toMatchObject({
      code: "corpus:document_not_found",
    });
  }, 60_000);

  it("run again after its commit, still names the id a renamed document came back with", async () => {
    const dir = await corpusWithoutSat1();
    // Another collection took the id "sat1" since the deletion: the document comes back as "sat1~2".
    const other = path.join(dir, "zona.csv");
    writeFileSync(other, 'id,text\nsat1,"Biblioteca din Lunca Mare și-a prelungit programul sâmbăta."\n');
    const task = { id: "import-zona", corpusDir: dir, file: other, fileName: "zona.csv", collection: "zona" };
    expect((await runPipeline({ op: "import", ...task, settings: {} }, context)).committed).toBe(true);
    expect((await restore(dir, "restore-sat1")).restoredId).toBe("sat1~2");
    // Killed after the commit, before the job was marked done: the same job runs again and finds its commit made.
    rmSync(path.join(indexDir(dir), CATALOG_FILE));
    const again = await restore(dir, "restore-sat1");
    expect(again).toMatchObject({ committed: true, indexUnchanged: true, restoredId: "sat1~2" });
    expect(readFileSync(path.join(dir, "cleaned", "sat.jsonl"), "utf8")).toContain('"id":"sat1~2"');
    // The job's record keeps it, for the page's job panel to name the new id; one that kept its id says nothing.
    const store = new SqliteCorpusImportStore(":memory:");
    const made = { jobId: "restore-sat1", op: "restore-document" as const, collection: "sat" };
    await store.create({ ...made, id: "r1", document: { id: "sat1" } });
    await store.finish("r1", { status: "done", result: again });
    expect(await store.get("r1")).toMatchObject({ status: "done", restoredId: "sat1~2" });
    await store.create({ ...made, id: "r2", document: { id: "sat1" } });
    await store.finish("r2", { status: "done", result: { committed: true, indexUnchanged: false } });
    expect((await store.get("r2"))?.restoredId).toBeUndefined();
    await store.close();
  }, 90_000);

  it("without its removed/ lines it says so, and can only take the entry out of the ledger", async () => {
    const dir = await corpusWithoutSat1();
    rmSync(path.join(dir, "removed"), { recursive: true });
    expect((await listRemoved(dir, 10)).documents).toMatchObject([{ id: "sat1", restorable: false }]);
    const before = snapshot(dir);
    await expect(restore(dir, "restore-sat1")).rejects.toMatchObject({
      code: "corpus:removed_lines_missing",
    });
    expect(snapshot(dir)).toEqual(before);
    const released = await restore(dir, "release-sat1", { ledgerOnly: true });
    expect(released).toMatchObject({ committed: true, indexUnchanged: true });
    expect(await readLedger(dir)).toEqual([]);
    const after = snapshot(dir);
    expect(after["cleaned/sat.jsonl"]).toBe(before["cleaned/sat.jsonl"]);
    expect(after["index/manifest.json"]).toBe(before["index/manifest.json"]);
  }, 60_000);
});
