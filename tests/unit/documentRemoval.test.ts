// One document taken out of a staged corpus: its cleaned line goes, and so does the raw record it was cleaned from
// (found by its origin in the imported file even when `clean` renamed its id, by its id in a hand-made file, by the
// `<collection>-<line>` id `clean` gave a record without one), left as a blank line so that later lines keep their
// numbers; the real files are untouched until the commit, which keeps the removed lines in removed/.
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
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CorpusTransaction, recoverTransactions } from "../../corpus/pipeline/corpusTransaction";
import { removedByJob, stageDocumentRemoval } from "../../corpus/pipeline/documentRemoval";

let dir: string;
const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";
const write = (text: string, ...parts: string[]) => {
  mkdirSync(path.dirname(path.join(dir, ...parts)), { recursive: true });
  writeFileSync(path.join(dir, ...parts), text);
};
const read = (...parts: string[]) => readFileSync(path.join(dir, ...parts), "utf8");
const ids = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { id?: string }).id ?? null);

const base = { text: "un text", source: "s", platform: "import", date: "2025-01-01", url: "" };

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-docrm-"));
  // Two records with the id "7" in one import: clean renamed the second "7~2"; both carry their origin.
  write(
    jsonl([
      { ...base, id: "7", origin: { file: "f.csv", line: 2 } },
      { ...base, id: "7", origin: { file: "f.csv", line: 3 } },
      { ...base, id: "8", origin: { file: "f.csv", line: 4 } },
    ]),
    "raw",
    "f.jsonl",
  );
  write(
    jsonl([
      { ...base, id: "7", origin: { file: "f.csv", line: 2 } },
      { ...base, id: "7~2", origin: { file: "f.csv", line: 3 } },
      { ...base, id: "8", origin: { file: "f.csv", line: 4 } },
    ]),
    "cleaned",
    "f.jsonl",
  );
  // A hand-made raw file: one record with an id, one without (clean named it "manual-2").
  write(jsonl([{ ...base, id: "m1" }, { ...base }]), "raw", "manual.jsonl");
  write(
    jsonl([
      { ...base, id: "m1" },
      { ...base, id: "manual-2" },
    ]),
    "cleaned",
    "manual.jsonl",
  );
  write(
    jsonl([
      { ...base, id: "s1" },
      { ...base, id: "s2" },
    ]),
    "cleaned",
    "livrat.jsonl",
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("stageDocumentRemoval", () => {
  it("takes a renamed id's raw record by its origin, as a blank line; the real files wait for the commit", async () => {
    const tx = await CorpusTransaction.begin(dir, "job");
    const removal = await stageDocumentRemoval(tx, "f", "7~2");
    expect(removal.raw).toHaveLength(1);
    expect(ids(readFileSync(path.join(tx.dir, "cleaned", "f.jsonl"), "utf8"))).toEqual(["7", "8"]);
    const stagedRaw = readFileSync(path.join(tx.dir, "raw", "f.jsonl"), "utf8").split("\n");
    expect(stagedRaw[1]).toBe("");
    expect(ids(stagedRaw.join("\n"))).toEqual(["7", "8"]);
    // Until the commit the real corpus is as it was (the staged files were links: they were replaced, not written).
    expect(ids(read("cleaned", "f.jsonl"))).toEqual(["7", "7~2", "8"]);
    expect(ids(read("raw", "f.jsonl"))).toEqual(["7", "7", "8"]);
    await tx.commit({
      raw: ["f"],
      cleaned: ["f"],
      report: false,
      index: false,
      remove: [],
      aside: [removal.aside],
    });
    expect(ids(read("cleaned", "f.jsonl"))).toEqual(["7", "8"]);
    expect(ids(read("raw", "f.jsonl"))).toEqual(["7", "8"]);
    const kept = readdirSync(path.join(dir, "removed"));
    expect(kept).toEqual([removal.aside]);
    expect(read("removed", kept[0]!)).toContain('"line":3');
  });

  it("in a hand-made file, by the id, or by the <collection>-<line> id clean gave a record without one", async () => {
    const tx = await CorpusTransaction.begin(dir, "job");
    const removal = await stageDocumentRemoval(tx, "manual", "manual-2");
    expect(removal.raw).toEqual([{ ...base }]);
    expect(ids(readFileSync(path.join(tx.dir, "raw", "manual.jsonl"), "utf8"))).toEqual(["m1"]);
    await tx.abort();
    const again = await CorpusTransaction.begin(dir, "job2");
    expect((await stageDocumentRemoval(again, "manual", "m1")).raw).toEqual([{ ...base, id: "m1" }]);
  });

  it("a collection without a raw file (the shipped corpus) loses only its cleaned line", async () => {
    const tx = await CorpusTransaction.begin(dir, "job");
    const removal = await stageDocumentRemoval(tx, "livrat", "s1");
    expect(removal).toMatchObject({ hasRaw: false, raw: [] });
    expect(ids(readFileSync(path.join(tx.dir, "cleaned", "livrat.jsonl"), "utf8"))).toEqual(["s2"]);
    expect(existsSync(path.join(tx.dir, "raw", "livrat.jsonl"))).toBe(false);
  });

  it("a server killed before the commit leaves the corpus whole: the next start drops the staged removal", async () => {
    const before = { raw: read("raw", "f.jsonl"), cleaned: read("cleaned", "f.jsonl") };
    const tx = await CorpusTransaction.begin(dir, "job");
    await stageDocumentRemoval(tx, "f", "8");
    // No commit (the process died here): what the next start does.
    expect(await recoverTransactions(dir)).toEqual({ finished: 0, dropped: 1 });
    expect({ raw: read("raw", "f.jsonl"), cleaned: read("cleaned", "f.jsonl") }).toEqual(before);
    expect(existsSync(tx.dir)).toBe(false);
    expect(existsSync(path.join(dir, "removed"))).toBe(false);
  });

  it("marks the removed lines with its job, which finds them in removed/ once committed (and no other job does)", async () => {
    const tx = await CorpusTransaction.begin(dir, "job");
    const removal = await stageDocumentRemoval(tx, "f", "8", "job-1");
    expect(removal.rawNotFound).toBe(false);
    expect(await removedByJob(dir, "f", "8", "job-1")).toBeNull();
    await tx.commit({
      raw: ["f"],
      cleaned: ["f"],
      report: false,
      index: false,
      remove: [],
      aside: [removal.aside],
    });
    expect(await removedByJob(dir, "f", "8", "job-1")).toEqual({ rawNotFound: false });
    expect(await removedByJob(dir, "f", "8", "job-2")).toBeNull();
    expect(await removedByJob(dir, "f", "7", "job-1")).toBeNull();
  });

  it("says when the raw file holds no record the document was cleaned from", async () => {
    write(jsonl([{ ...base, id: "8", origin: { file: "f.csv", line: 4 } }]), "raw", "f.jsonl");
    const tx = await CorpusTransaction.begin(dir, "job");
    const removal = await stageDocumentRemoval(tx, "f", "7", "job-1");
    expect(removal).toMatchObject({ hasRaw: true, raw: [], rawNotFound: true });
    expect(ids(readFileSync(path.join(tx.dir, "cleaned", "f.jsonl"), "utf8"))).toEqual(["7~2", "8"]);
    // Its lines in removed/ say so, for the same job run again after the commit.
    await tx.commit({
      raw: ["f"],
      cleaned: ["f"],
      report: false,
      index: false,
      remove: [],
      aside: [removal.aside],
    });
    expect(await removedByJob(dir, "f", "7", "job-1")).toEqual({ rawNotFound: true });
  });

  it("an id the collection does not hold is corpus:document_not_found", async () => {
    const tx = await CorpusTransaction.begin(dir, "job");
    await expect(stageDocumentRemoval(tx, "f", "s1")).rejects.toMatchObject({
      code: "corpus:document_not_found",
    });
  });
});
