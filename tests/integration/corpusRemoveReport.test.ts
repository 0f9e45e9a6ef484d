// Removing a collection without a clean (the page's removal of a collection that kept nothing, or of the last imported
// one) takes it out of cleaned/report.json too, so that the report describes the corpus that is left, as a clean of it
// would (run through the worker's pipeline on a temp corpus: real cleaning, a real hnswlib index).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildIndex } from "../../corpus/pipeline/buildIndex";
import { cleanCorpus, type CleanReport } from "../../corpus/pipeline/clean";
import { runPipeline } from "../../server/corpus/worker/pipeline";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";

const KEPT = [
  "Primăria din Lunca Mare a promis un pod nou peste pârâu până la sfârșitul anului.",
  "Locuitorii din Lunca Mare spun că transportul spre oraș s-a înrăutățit în ultima lună.",
];

describe("a removal without a clean updates the clean report", () => {
  const embeddings = new HashEmbeddings();
  const context = { embeddings, embedderId: "offline:hash", progress: () => undefined };
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function corpus(): Promise<string> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-remove-report-"));
    dirs.push(dir);
    mkdirSync(path.join(dir, "cleaned"));
    const shipped = {
      id: "s1",
      text: "Un text livrat cu proiectul, despre bugetul comunei.",
      source: "Test",
    };
    writeFileSync(
      path.join(dir, "cleaned", "livrat.jsonl"),
      `${JSON.stringify({ ...shipped, platform: "stiri", date: "2025-01-01", url: "", lang: "ro" })}\n`,
    );
    await buildIndex({ corpusDir: dir, embeddings, embedderId: "offline:hash" });
    return dir;
  }
  const importCsv = (dir: string, name: string, rows: string[]) => {
    const file = path.join(dir, `${name}.csv`);
    writeFileSync(file, `id,text\n${rows.map((t, i) => `${name}${i},"${t}"`).join("\n")}\n`);
    return runPipeline(
      {
        op: "import",
        id: `import-${name}`,
        corpusDir: dir,
        file,
        fileName: `${name}.csv`,
        collection: name,
        settings: {},
      },
      context,
    );
  };
  const remove = (dir: string, name: string) =>
    runPipeline({ op: "remove", id: `remove-${name}`, corpusDir: dir, collection: name }, context);
  const report = (dir: string) =>
    JSON.parse(readFileSync(path.join(dir, "cleaned", "report.json"), "utf8")) as CleanReport;
  /** What a report says of the corpus, leaving out when and how fast it was made and where the files were. */
  const counts = (r: CleanReport) => ({
    totals: r.totals,
    dropped: r.dropped,
    droppedByLanguage: r.droppedByLanguage,
    changes: r.changes,
    languageMethods: r.languageMethods,
    duplicateExamples: r.duplicateExamples,
    files: r.files.map(({ input: _input, output: _output, ...file }) => file),
  });

  it("a collection that kept nothing leaves the report, whose counts are then those of a clean without it", async () => {
    const dir = await corpus();
    expect((await importCsv(dir, "bun", KEPT)).committed).toBe(true);
    // As `npm run cli -- import` with a wrong --text-col and `clean` leave it: every record dropped.
    const raw = [KEPT[0]!, "scurt", "English words only, which are not kept by the Romanian corpus at all."];
    writeFileSync(
      path.join(dir, "raw", "goala.jsonl"),
      raw
        .map((text, i) =>
          JSON.stringify({
            id: `g${i}`,
            text,
            source: "g",
            platform: "import",
            date: "2025-02-01",
            url: "",
            importedAt: "2099-01-01T00:00:00.000Z",
          }),
        )
        .join("\n") + "\n",
    );
    const listed = await cleanCorpus({ corpusDir: dir });
    expect(listed.files.find((f) => f.name === "goala")).toMatchObject({ read: 3, kept: 0 });
    expect(readFileSync(path.join(dir, "cleaned", "goala.jsonl"), "utf8")).toBe("");

    const removed = await remove(dir, "goala");
    expect(removed).toMatchObject({ committed: true, indexUnchanged: true });
    const after = report(dir);
    expect(after.files.map((f) => f.name)).toEqual(["bun"]);
    expect(after.totals).toMatchObject({ read: 2, kept: 2, dropped: 0 });
    expect(after.duplicateExamples).toEqual([]);

    // The same counts a clean of what is left writes.
    const fresh = await cleanCorpus({ corpusDir: dir });
    expect(counts(after)).toEqual(counts(fresh));
  }, 120_000);

  it("the last imported collection leaves a report that lists none", async () => {
    const dir = await corpus();
    await importCsv(dir, "bun", [...KEPT, KEPT[0]!.toUpperCase()]);
    expect(report(dir).files.map((f) => f.name)).toEqual(["bun"]);
    expect((await remove(dir, "bun")).committed).toBe(true);
    const after = report(dir);
    expect(after.files).toEqual([]);
    expect(after.totals).toMatchObject({ read: 0, kept: 0, dropped: 0, changed: 0 });
    expect(Object.values(after.dropped).every((n) => n === 0)).toBe(true);
    expect(after.duplicateExamples).toEqual([]);
    expect(after.details).toBeUndefined();
  }, 120_000);
});
