// The removal ledger (removed.jsonl): a document deleted from its collection stays deleted at every later clean. A
// copy an earlier clean had dropped as its duplicate (exact, or near by the clean's threshold), and a raw record the
// removal could not find, are dropped as `removed` (counted, with examples naming the removed document), in that
// collection only; the entry is written with the removal's commit, never before it.
import { restoreRecord } from "../../server/corpus/removedDocuments";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../support/cli";
import { cleanCorpus } from "../../corpus/pipeline/clean";
import { CorpusTransaction, recoverTransactions } from "../../corpus/pipeline/corpusTransaction";
import { stageDocumentRemoval } from "../../corpus/pipeline/documentRemoval";
import { LEDGER_FILE, readLedger } from "../../corpus/pipeline/removalLedger";
import { profileText } from "../../corpus/pipeline/textProfile";
import { formatReport } from "../../server/cli/clean";
import { command as corpusCommand } from "../../server/cli/corpus";
import { allDroppedError } from "../../server/corpus/allDropped";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-ledger-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const POST =
  "Primarul din Valea Seacă a promis asfalt pe toate ulițele satului până la toamnă, dar lucrările nu au început.";
const LONG =
  "Consiliul local s-a întrunit aseară într-o ședință extraordinară pentru a discuta bugetul pe anul viitor. " +
  "Primarul a prezentat lista investițiilor: reabilitarea a trei școli, modernizarea iluminatului public, " +
  "extinderea rețelei de apă în cartierele de la periferie și un program de reparații pentru drumurile județene. " +
  "Consilierii din opoziție au cerut mai multă transparență la achiziții și au propus ca fiecare contract mai mare " +
  "de o sută de mii de lei să fie publicat integral pe site-ul primăriei. După trei ore de dezbateri, proiectul a " +
  "fost amânat pentru săptămâna viitoare.";
const OTHER = "Școala din Valea Seacă a primit calculatoare noi pentru laboratorul de informatică.";

let line = 0;
const rawRecord = (id: string, text: string, extra: object = {}) => {
  line += 1;
  return {
    id,
    text,
    source: "Pagina satului",
    platform: "facebook",
    date: "2025-03-14",
    url: "",
    origin: { file: "sat.csv", line },
    ...extra,
  };
};
function writeRaw(name: string, records: object[]) {
  mkdirSync(path.join(dir, "raw"), { recursive: true });
  writeFileSync(
    path.join(dir, "raw", `${name}.jsonl`),
    records.map((r) => JSON.stringify(r)).join("\n") + "\n",
  );
}
const cleanedIds = (name: string) =>
  readFileSync(path.join(dir, "cleaned", `${name}.jsonl`), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { id: string }).id);

/** The corpus page's removal, as the worker commits it (without the index). */
async function removeDocument(collection: string, id: string, job = `remove-${id}`) {
  const tx = await CorpusTransaction.begin(dir, job);
  const removal = await stageDocumentRemoval(tx, collection, id, job);
  await tx.commit({
    raw: removal.hasRaw ? [collection] : [],
    cleaned: [collection],
    report: false,
    index: false,
    remove: [],
    aside: [removal.aside],
    ledger: true,
  });
  return removal;
}

describe("a document deleted from its collection stays deleted at the next clean", () => {
  it("the copy the first clean had dropped as an exact duplicate does not take its place", async () => {
    line = 0;
    writeRaw("sat", [
      rawRecord("c1", POST, { title: "Asfaltul promis" }),
      rawRecord("c2", OTHER),
      rawRecord("c3", `${POST.toUpperCase()}!!!`),
    ]);
    const first = await cleanCorpus({ corpusDir: dir });
    expect(first.dropped.exact_duplicate).toBe(1);
    expect(cleanedIds("sat")).toEqual(["c1", "c2"]);

    await removeDocument("sat", "c1");
    expect(cleanedIds("sat")).toEqual(["c2"]);
    const [entry] = await readLedger(dir);
    expect(entry).toMatchObject({
      collection: "sat",
      id: "c1",
      title: "Asfaltul promis",
      job: "remove-c1",
      exactKey: profileText(POST).exactKey,
      simhash: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    // The title and the fingerprints, not the text: no word of the post that is not in its title.
    const ledgerText = readFileSync(path.join(dir, LEDGER_FILE), "utf8");
    expect(POST).toMatch(/ulițele/i);
    expect(ledgerText).not.toMatch(/ulițele|primarul/i);

    const again = await cleanCorpus({ corpusDir: dir, details: ["sat"] });
    expect(cleanedIds("sat")).toEqual(["c2"]);
    expect(readFileSync(path.join(dir, "cleaned", "sat.jsonl"), "utf8")).not.toMatch(/asfalt/i);
    expect(again.dropped).toMatchObject({ removed: 1, exact_duplicate: 0 });
    expect(again.files[0]!.droppedBy.removed).toBe(1);
    expect(again.removedExamples).toEqual([
      { id: "c3", file: "sat", removed: { id: "c1", title: "Asfaltul promis" } },
    ]);
    expect(again.details!.sat!.examples.removed).toEqual([
      expect.objectContaining({ id: "c3", removed: { id: "c1", title: "Asfaltul promis" } }),
    ]);
    // The command line's report counts the reason and names the removed document.
    const ro = formatReport(again, "ro");
    expect(ro).toMatch(/text șters anterior din corpus\s*│\s*1\s/);
    expect(ro).toContain("sat/c3: șters anterior: „Asfaltul promis” (c1)");
    expect(ro).toContain("npm run cli -- corpus restore <id>");
    expect(formatReport(again, "en")).toContain('sat/c3: removed earlier: "Asfaltul promis" (c1)');
  });

  it("a near duplicate too, by the clean's threshold; a dropped copy in another collection stays out too", async () => {
    line = 0;
    const earlier = { importedAt: "2025-01-01T10:00:00.000Z" };
    writeRaw("sat", [
      rawRecord("l1", LONG, earlier),
      rawRecord("l2", `Știre: ${LONG}`, earlier),
      rawRecord("o", OTHER, earlier),
    ]);
    // Imported later: clean reads it after "sat", and dropped its copy as a duplicate of l1.
    writeRaw("oras", [rawRecord("x1", LONG, { importedAt: "2025-02-01T10:00:00.000Z" })]);
    const first = await cleanCorpus({ corpusDir: dir });
    expect(first.dropped).toMatchObject({ near_duplicate: 1, exact_duplicate: 1 });
    expect(cleanedIds("sat")).toEqual(["l1", "o"]);

    await removeDocument("sat", "l1");
    const again = await cleanCorpus({ corpusDir: dir });
    expect(cleanedIds("sat")).toEqual(["o"]);
    expect(again.files.find((f) => f.name === "sat")!.droppedBy.removed).toBe(1);
    // The copy of "oras" was never shown (clean had dropped it as a duplicate of l1): it does not take l1's place.
    expect(cleanedIds("oras")).toEqual([]);
    expect(again.files.find((f) => f.name === "oras")!.droppedBy.removed).toBe(1);

    // With near-duplicates off (threshold 0) only the same text is kept out: the variant comes back.
    await cleanCorpus({ corpusDir: dir, nearDupThreshold: 0 });
    expect(cleanedIds("sat")).toEqual(["l2", "o"]);
  });

  it("out of its own collection only when another collection shows a copy (one without a raw file, as the shipped corpus)", async () => {
    line = 0;
    // "demo" has only a cleaned file: clean never compares it with the imported collections.
    mkdirSync(path.join(dir, "cleaned"), { recursive: true });
    writeFileSync(
      path.join(dir, "cleaned", "demo.jsonl"),
      JSON.stringify({ id: "d1", title: "Demo", text: POST, source: "Demo", platform: "facebook" }) + "\n",
    );
    writeRaw("sat", [rawRecord("c1", POST, { title: "Asfaltul promis" }), rawRecord("c2", OTHER)]);
    await cleanCorpus({ corpusDir: dir });
    expect(cleanedIds("sat")).toEqual(["c1", "c2"]);

    // The demo's copy goes: the imported one, shown beside it, stays at the next clean.
    await removeDocument("demo", "d1");
    expect((await readLedger(dir))[0]).toMatchObject({ collection: "demo", id: "d1", scope: "collection" });
    const again = await cleanCorpus({ corpusDir: dir });
    expect(cleanedIds("sat")).toEqual(["c1", "c2"]);
    expect(again.dropped.removed ?? 0).toBe(0);

    // A text no other collection shows is out of the whole corpus.
    await removeDocument("sat", "c1");
    expect((await readLedger(dir))[1]).toMatchObject({ collection: "sat", id: "c1" });
    expect((await readLedger(dir))[1]!.scope).toBeUndefined();
  });

  it("a document whose raw record the removal could not find stays out", async () => {
    line = 0;
    writeRaw("sat", [rawRecord("c1", POST), rawRecord("c2", OTHER)]);
    await cleanCorpus({ corpusDir: dir });
    // The raw file edited by hand since the clean: the record's id and origin changed, its text did not.
    writeRaw("sat", [
      rawRecord("editat", POST, { origin: { file: "alt.csv", line: 9 } }),
      rawRecord("c2", OTHER),
    ]);
    const removal = await removeDocument("sat", "c1");
    expect(removal.rawNotFound).toBe(true);

    const again = await cleanCorpus({ corpusDir: dir });
    expect(cleanedIds("sat")).toEqual(["c2"]);
    expect(again.dropped.removed).toBe(1);
    expect(again.removedExamples[0]).toMatchObject({ id: "editat", removed: { id: "c1" } });
  });

  it("a removal killed before its commit leaves no entry; one killed during its commit has it after the next start", async () => {
    line = 0;
    writeRaw("sat", [rawRecord("c1", POST), rawRecord("c2", `${POST} `), rawRecord("c3", OTHER)]);
    await cleanCorpus({ corpusDir: dir });

    const killed = await CorpusTransaction.begin(dir, "remove-c1");
    await stageDocumentRemoval(killed, "sat", "c1", "remove-c1");
    expect(existsSync(path.join(killed.dir, LEDGER_FILE))).toBe(true);
    // The process died here: the next start drops the staging folder, and no ledger was written.
    expect(await recoverTransactions(dir)).toEqual({ finished: 0, dropped: 1 });
    expect(existsSync(path.join(dir, LEDGER_FILE))).toBe(false);
    expect((await cleanCorpus({ corpusDir: dir })).dropped.removed).toBe(0);
    expect(cleanedIds("sat")).toEqual(["c1", "c3"]);

    // A second removal's entry staged while the first one's is in place: the real ledger is not written before the
    // commit (the staged file is a link to it, replaced rather than written through).
    await removeDocument("sat", "c3");
    const before = readFileSync(path.join(dir, LEDGER_FILE), "utf8");
    const tx = await CorpusTransaction.begin(dir, "remove-c1-again");
    await stageDocumentRemoval(tx, "sat", "c1", "remove-c1-again");
    expect(readFileSync(path.join(dir, LEDGER_FILE), "utf8")).toBe(before);
    // Killed right after the journal was written: the next start finishes the commit, ledger included.
    const journal = {
      steps: [
        { rename: [path.join(tx.dir, "cleaned", "sat.jsonl"), path.join(dir, "cleaned", "sat.jsonl")] },
        { rename: [path.join(tx.dir, "raw", "sat.jsonl"), path.join(dir, "raw", "sat.jsonl")] },
        { rename: [path.join(tx.dir, LEDGER_FILE), path.join(dir, LEDGER_FILE)] },
      ],
    };
    writeFileSync(path.join(tx.dir, "commit.json"), JSON.stringify(journal));
    expect(await recoverTransactions(dir)).toEqual({ finished: 1, dropped: 0 });
    expect((await readLedger(dir)).map((e) => e.id)).toEqual(["c3", "c1"]);
    const again = await cleanCorpus({ corpusDir: dir });
    expect(again.dropped.removed).toBe(1);
    expect(readFileSync(path.join(dir, "cleaned", "sat.jsonl"), "utf8")).toBe("");
  });

  it("an entry's line taken out by hand undoes it at the next clean; a broken line is skipped", async () => {
    line = 0;
    writeRaw("sat", [rawRecord("c1", POST), rawRecord("c2", POST), rawRecord("c3", OTHER)]);
    await cleanCorpus({ corpusDir: dir });
    await removeDocument("sat", "c1");
    expect((await cleanCorpus({ corpusDir: dir })).dropped.removed).toBe(1);
    writeFileSync(path.join(dir, LEDGER_FILE), "{ not json\n");
    expect(await readLedger(dir)).toEqual([]);
    await cleanCorpus({ corpusDir: dir });
    expect(cleanedIds("sat")).toEqual(["c2", "c3"]);
  });
});

describe("npm run cli -- corpus restore <id>", () => {
  const run = (argv: string[]) => runCommand(corpusCommand, argv, { CORPUS_DIR: dir });

  it("takes the document out of the ledger: the next clean keeps its copy again; an unknown id is exit 1", async () => {
    line = 0;
    writeRaw("sat", [
      rawRecord("c1", POST, { title: "Asfaltul promis" }),
      rawRecord("c2", POST),
      rawRecord("c3", OTHER),
    ]);
    await cleanCorpus({ corpusDir: dir });
    await removeDocument("sat", "c1");
    await removeDocument("sat", "c3");
    expect((await cleanCorpus({ corpusDir: dir })).dropped.removed).toBe(1);

    expect(await run(["restore", "nu-exista"])).toMatchObject({
      code: 1,
      err: expect.stringContaining("nu-exista"),
    });
    expect((await run(["restore", "c1", "--collection", "alta"])).code).toBe(1);
    const restored = await run(["restore", "c1", "--lang", "en"]);
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('Taken out of the ledger: "Asfaltul promis" (c1), collection "sat"');
    // Only c1's line left the ledger.
    expect((await readLedger(dir)).map((e) => e.id)).toEqual(["c3"]);
    const again = await cleanCorpus({ corpusDir: dir });
    expect(again.dropped.removed).toBe(0);
    expect(cleanedIds("sat")).toEqual(["c2"]);
    expect((await run(["restore"])).code).toBe(2);
    expect((await run(["undo", "c3"])).code).toBe(2);
  });
});

describe("an import that keeps nothing because its texts were deleted", () => {
  it("says where they went and how to bring one back", () => {
    const droppedBy = {
      invalid_json: 0,
      invalid_record: 0,
      empty: 0,
      no_words: 0,
      too_short: 0,
      exact_duplicate: 1,
      near_duplicate: 0,
      removed: 1,
      language: 0,
    };
    const err = allDroppedError({ read: 2, droppedBy }, "sat.csv", "text");
    expect(err.params).toMatchObject({
      reasons: "duplicat exact: 1, text șters anterior din corpus: 1",
      hint: expect.stringContaining("au fost șterse din corpus mai devreme"),
      hintEn: expect.stringContaining("npm run cli -- corpus restore <id>"),
    });
  });
});

describe("putting back a document whose collection is gone", () => {
  it("is refused, saying the collection is not in the corpus; taking it out of the ledger still works", async () => {
    writeFileSync(
      path.join(dir, LEDGER_FILE),
      JSON.stringify({
        collection: "disparuta",
        id: "g1",
        removedAt: "2026-12-01T10:00:00.000Z",
        exactKey: 7,
      }) + "\n",
    );
    await expect(restoreRecord(dir, "g1", {})).rejects.toMatchObject({
      code: "corpus:collection_not_found",
      params: { name: "disparuta" },
    });
    expect(await restoreRecord(dir, "g1", { ledgerOnly: true })).toMatchObject({
      op: "restore-document",
      collection: "disparuta",
    });
  });
});

describe("putting back one of two deletions of an id", () => {
  it("takes the deletion the list names, not the newest", async () => {
    const entry = (removedAt: string, exactKey: number) =>
      JSON.stringify({ collection: "sat", id: "c1", removedAt, exactKey });
    mkdirSync(path.join(dir, "cleaned"), { recursive: true });
    writeFileSync(path.join(dir, "cleaned", "sat.jsonl"), "");
    writeFileSync(
      path.join(dir, LEDGER_FILE),
      `${entry("2026-12-01T10:00:00.000Z", 1)}\n${entry("2026-12-02T10:00:00.000Z", 2)}\n`,
    );
    const older = await restoreRecord(dir, "c1", {
      collection: "sat",
      removedAt: "2026-12-01T10:00:00.000Z",
      ledgerOnly: true,
    });
    expect(older.document).toMatchObject({ id: "c1", removedAt: "2026-12-01T10:00:00.000Z" });
    const newest = await restoreRecord(dir, "c1", { collection: "sat", ledgerOnly: true });
    expect(newest.document).toMatchObject({ removedAt: "2026-12-02T10:00:00.000Z" });
  });
});
