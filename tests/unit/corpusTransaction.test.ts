// A change to a corpus folder in a staging copy: untouched files are linked, not copied; abort leaves the corpus as
// it was; commit makes the staged files the real ones; a crash in the middle of a commit is finished on the next
// start from the journal, and a staging folder that never reached its commit is dropped.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { corpusFiles, CorpusTransaction, recoverTransactions } from "../../corpus/pipeline/corpusTransaction";

let dir: string;
const read = (...parts: string[]) => readFileSync(path.join(dir, ...parts), "utf8");
const write = (text: string, ...parts: string[]) => {
  mkdirSync(path.dirname(path.join(dir, ...parts)), { recursive: true });
  writeFileSync(path.join(dir, ...parts), text);
};

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-tx-"));
  write("a raw\n", "raw", "a.jsonl");
  write("a cleaned\n", "cleaned", "a.jsonl");
  write("shipped\n", "cleaned", "livrat.jsonl");
  write('{"version":3}', "index", "manifest.json");
  write("vectors", "index", "vectors.f32");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("CorpusTransaction", () => {
  it("stages the corpus by links: raw files, cleaned files no raw file makes, the index", async () => {
    const tx = await CorpusTransaction.begin(dir, "job-1");
    expect(readdirSync(path.join(tx.dir, "raw"))).toEqual(["a.jsonl"]);
    // a.jsonl's cleaned file is clean's to make: only the shipped one is staged.
    expect(readdirSync(path.join(tx.dir, "cleaned"))).toEqual(["livrat.jsonl"]);
    expect(readdirSync(path.join(tx.dir, "index")).sort()).toEqual(["manifest.json", "vectors.f32"]);
    expect(statSync(path.join(tx.dir, "index", "vectors.f32")).ino).toBe(
      statSync(path.join(dir, "index", "vectors.f32")).ino,
    );
    expect(tx.before).toEqual({ raw: ["a"], cleaned: ["a", "livrat"] });
    await tx.abort();
    expect(existsSync(tx.dir)).toBe(false);
    expect(read("raw", "a.jsonl")).toBe("a raw\n");
  });

  it("commits what was staged and nothing else; removed collections are kept aside", async () => {
    const tx = await CorpusTransaction.begin(dir, "job-2", { remove: "livrat" });
    expect(readdirSync(path.join(tx.dir, "cleaned"))).toEqual([]);
    writeFileSync(path.join(tx.dir, "raw", "b.jsonl"), "b raw\n");
    writeFileSync(path.join(tx.dir, "cleaned", "a.jsonl"), "a cleaned again\n");
    writeFileSync(path.join(tx.dir, "cleaned", "b.jsonl"), "b cleaned\n");
    writeFileSync(path.join(tx.dir, "cleaned", "report.json"), "{}");
    rmSync(path.join(tx.dir, "index"), { recursive: true });
    mkdirSync(path.join(tx.dir, "index"));
    writeFileSync(path.join(tx.dir, "index", "manifest.json"), '{"version":3,"new":true}');
    await tx.commit({ raw: ["b"], cleaned: ["a", "b"], report: true, index: true, remove: ["livrat"] });

    expect(existsSync(tx.dir)).toBe(false);
    expect(read("raw", "b.jsonl")).toBe("b raw\n");
    expect(read("cleaned", "a.jsonl")).toBe("a cleaned again\n");
    expect(read("cleaned", "report.json")).toBe("{}");
    expect(read("index", "manifest.json")).toContain('"new":true');
    expect(existsSync(path.join(dir, "index", "vectors.f32"))).toBe(false);
    expect(await corpusFiles(dir)).toEqual({ raw: ["a", "b"], cleaned: ["a", "b"] });
    const [trash] = readdirSync(path.join(dir, "removed"));
    expect(trash).toMatch(/-livrat$/);
    expect(readFileSync(path.join(dir, "removed", trash!, "cleaned.jsonl"), "utf8")).toBe("shipped\n");
  });

  it("finishes a commit a crash interrupted, and drops a staging folder that never got to commit", async () => {
    const crashed = await CorpusTransaction.begin(dir, "job-3");
    writeFileSync(path.join(crashed.dir, "raw", "c.jsonl"), "c raw\n");
    writeFileSync(path.join(crashed.dir, "cleaned", "c.jsonl"), "c cleaned\n");
    // The journal was written and the first rename done when the process died.
    const journal = {
      steps: [
        { rename: [path.join(crashed.dir, "raw", "c.jsonl"), path.join(dir, "raw", "c.jsonl")] },
        { rename: [path.join(crashed.dir, "cleaned", "c.jsonl"), path.join(dir, "cleaned", "c.jsonl")] },
        { swapIndex: path.join(crashed.dir, "index") },
      ],
    };
    writeFileSync(path.join(crashed.dir, "commit.json"), JSON.stringify(journal));
    writeFileSync(path.join(crashed.dir, "index", "manifest.json"), '{"version":3,"staged":true}');
    rmSync(path.join(dir, "raw", "c.jsonl"), { force: true });
    const renameFirst = journal.steps[0]!.rename!;
    writeFileSync(renameFirst[1]!, readFileSync(renameFirst[0]!));
    rmSync(renameFirst[0]!);

    const abandoned = await CorpusTransaction.begin(dir, "job-4");
    writeFileSync(path.join(abandoned.dir, "raw", "d.jsonl"), "d raw\n");

    expect(await recoverTransactions(dir)).toEqual({ finished: 1, dropped: 1 });
    expect(read("raw", "c.jsonl")).toBe("c raw\n");
    expect(read("cleaned", "c.jsonl")).toBe("c cleaned\n");
    expect(read("index", "manifest.json")).toContain('"staged":true');
    expect(existsSync(path.join(dir, "raw", "d.jsonl"))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith(".staging"))).toEqual([]);
  });

  it("deletes the files its plan drops only after the index is swapped in, also when a crash interrupted it", async () => {
    write("vectors of a rebuild", ".index-resume.bin");
    const tx = await CorpusTransaction.begin(dir, "job-5");
    writeFileSync(path.join(tx.dir, "index", "manifest.json"), '{"version":3,"rebuilt":true}');
    const resume = path.join(dir, ".index-resume.bin");
    await tx.commit({ raw: [], cleaned: [], report: false, index: true, remove: [], drop: [resume] });
    expect(read("index", "manifest.json")).toContain('"rebuilt":true');
    expect(existsSync(resume)).toBe(false);

    // A crash after the swap, before the drop: the next start finishes it.
    write("vectors of another rebuild", ".index-resume.bin");
    const crashed = await CorpusTransaction.begin(dir, "job-6");
    const journal = { steps: [{ swapIndex: path.join(crashed.dir, "index") }, { drop: resume }] };
    writeFileSync(path.join(crashed.dir, "commit.json"), JSON.stringify(journal));
    rmSync(path.join(crashed.dir, "index"), { recursive: true });
    expect(await recoverTransactions(dir)).toEqual({ finished: 1, dropped: 0 });
    expect(existsSync(resume)).toBe(false);
    expect(read("index", "manifest.json")).toContain('"rebuilt":true');
  });
});
