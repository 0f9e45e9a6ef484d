// What the removal ledger (removed.jsonl) tells a person beside doing its work: `corpus restore <id>` names the other
// entries that still keep the same text out (in its collection or another), and lines broken by a hand edit are
// skipped but counted (the clean's report and its command-line warning, the page's list) and kept as they are by every
// rewrite of the ledger.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../support/cli";
import { cleanCorpus } from "../../corpus/pipeline/clean";
import { listRemoved } from "../../corpus/pipeline/documentRestore";
import {
  LEDGER_FILE,
  ledgerEntries,
  readLedger,
  readLedgerFile,
  restoreFromLedger,
  stageLedgerAllowing,
} from "../../corpus/pipeline/removalLedger";
import { cleanWarnings, command as cleanCommand } from "../../server/cli/clean";
import { command as corpusCommand } from "../../server/cli/corpus";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-ledger-warn-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const POST =
  "Primarul din Valea Seacă a promis asfalt pe toate ulițele satului până la toamnă, dar lucrările nu au început.";
const OTHER = "Școala din Valea Seacă a primit calculatoare noi pentru laboratorul de informatică.";

/** A ledger line for a document of `collection` with this text, as a removal writes it. */
const entry = (collection: string, id: string, text: string, extra: object = {}) =>
  JSON.stringify({ ...ledgerEntries(collection, [{ id, text }], `remove-${id}`)[0], ...extra });
const writeLedger = (lines: string[]) => writeFileSync(path.join(dir, LEDGER_FILE), `${lines.join("\n")}\n`);
const ledgerText = () => readFileSync(path.join(dir, LEDGER_FILE), "utf8");

/** A command run with the temp corpus, its output and errors captured. */
const run = (command: { run(argv: string[]): Promise<number> }, argv: string[]) =>
  runCommand(command, argv, { CORPUS_DIR: dir });

describe("npm run cli -- corpus restore <id> with other entries of the same text", () => {
  beforeEach(() =>
    writeLedger([
      entry("sat", "c1", POST),
      // The same text deleted again in its collection, and copies (exact key: case and punctuation aside) in others:
      // one kept out of the whole corpus, two kept to their collection ("demo").
      entry("sat", "c2", POST),
      entry("alt", "e1", `${POST.toUpperCase()}!!!`),
      entry("demo", "d1", `${POST.toUpperCase()}!!!`, { scope: "collection" }),
      entry("demo", "d2", POST, { scope: "collection" }),
      entry("sat", "o1", OTHER),
    ]),
  );

  it("names how many still keep the text out, and which (id, collection, where), in Romanian", async () => {
    const result = await run(corpusCommand, ["restore", "c1"]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("Scos din registru: c1");
    expect(result.err).toContain(
      "Atenție: 2 alte intrări din registru au același text (sau aproape același) și îl lasă deoparte",
    );
    expect(result.err).toContain("Scoateți-le și pe ele dacă vreți textul înapoi");
    expect(result.err).toContain("c2 (colecția „sat”, în tot corpusul)");
    expect(result.err).toContain("e1 (colecția „alt”, în tot corpusul)");
    // Kept to "demo", d1 and d2 do not keep the text out of "sat": restoring them would gain nothing there.
    expect(result.err).not.toContain("d1");
    expect(result.err).not.toContain("d2");
    expect(result.err).not.toContain("o1");
    // Only c1 left the ledger: the others stay, as the warning says.
    expect((await readLedger(dir)).map((e) => e.id)).toEqual(["c2", "e1", "d1", "d2", "o1"]);
  });

  it("in English with --lang en, and in the singular for one entry", async () => {
    // d1's text is kept out of "demo" by d2 (kept to that collection) and by the entries kept out of the whole corpus.
    const result = await run(corpusCommand, ["restore", "d1", "--lang", "en"]);
    expect(result.code).toBe(0);
    expect(result.err).toContain(
      "Warning: 4 other entries of the ledger have the same (or nearly the same) text and still leave it out",
    );
    expect(result.err).toContain('c1 (collection "sat", in the whole corpus)');
    expect(result.err).toContain('d2 (collection "demo", in its own collection only)');
    expect(result.err).toContain("Take them out too if you want the text back");
    for (const id of ["c1", "c2"]) await run(corpusCommand, ["restore", id]);
    // Left: e1 (the whole corpus) and d2 (kept to "demo"). d2's text is still kept out by e1 alone.
    const one = await run(corpusCommand, ["restore", "d2", "--lang", "en"]);
    expect(one.err).toContain(
      "Warning: 1 other entry of the ledger has the same (or nearly the same) text and still leaves it out",
    );
    expect(one.err).toContain("Take it out too");
    expect(one.err).toContain('e1 (collection "alt", in the whole corpus)');
    const ro = await run(corpusCommand, ["restore", "e1"]);
    expect(ro.err).toBe("");
  });

  it("says nothing of the kind when no other entry has the text", async () => {
    const result = await run(corpusCommand, ["restore", "o1"]);
    expect(result.code).toBe(0);
    expect(result.err).toBe("");
  });
});

describe("broken ledger lines", () => {
  const broken = ['{ "collection": "sat", stricat', '{"collection":"sat","id":"x"}', "[1,2]"];

  it("are counted apart from blank lines, and no entry is read from them", async () => {
    writeLedger([entry("sat", "c1", POST), broken[0]!, "", broken[1]!, "   ", broken[2]!]);
    const read = await readLedgerFile(dir);
    expect(read.entries.map((e) => e.id)).toEqual(["c1"]);
    expect(read.unreadable).toBe(3);
    expect(await readLedgerFile(path.join(dir, "absent"))).toEqual({ entries: [], unreadable: 0 });
    expect(await listRemoved(dir, 10)).toMatchObject({ total: 1, unreadable: 3 });
  });

  it("stay in the file, verbatim and in place, when an entry is taken out or scoped", async () => {
    writeLedger([
      entry("sat", "c1", POST),
      broken[0]!,
      entry("demo", "d1", POST),
      broken[1]!,
      entry("sat", "o1", OTHER),
    ]);
    expect((await restoreFromLedger(dir, "c1")).map((e) => e.id)).toEqual(["c1"]);
    let lines = ledgerText().split("\n");
    expect(lines[0]).toBe(broken[0]);
    expect(lines[2]).toBe(broken[1]);
    // The restore's rewrite: demo's entry (same text) scoped to its collection, the broken lines untouched.
    await stageLedgerAllowing(dir, "sat", POST, 3);
    lines = ledgerText().split("\n");
    expect(lines).toEqual([
      broken[0],
      expect.stringContaining('"scope":"collection"'),
      broken[1],
      expect.any(String),
      "",
    ]);
    expect((await readLedgerFile(dir)).unreadable).toBe(2);
  });

  it("are reported by the clean, and the command line warns of them", async () => {
    mkdirSync(path.join(dir, "raw"));
    const raw = (id: string, text: string) =>
      JSON.stringify({
        id,
        text,
        source: "Pagina satului",
        platform: "facebook",
        date: "2025-03-14",
        url: "",
      });
    writeFileSync(path.join(dir, "raw", "sat.jsonl"), `${raw("c1", POST)}\n${raw("c2", OTHER)}\n`);
    writeLedger([broken[0]!, broken[1]!]);
    const report = await cleanCorpus({ corpusDir: dir });
    expect(report.ledgerUnreadable).toBe(2);
    expect(report.totals.kept).toBe(2);
    expect(cleanWarnings(report, "ro")).toContain(
      "Atenție: registrul ștergerilor (removed.jsonl) are 2 rânduri care nu pot fi citite " +
        "(nu e JSON sau nu are forma unei intrări): curățarea le-a sărit, deci nu țin niciun text deoparte. " +
        "Au rămas în fișier; corectați-le sau ștergeți-le de mână.",
    );
    expect(cleanWarnings({ ...report, ledgerUnreadable: 1 }, "en")).toEqual([
      expect.stringContaining("Warning: the removal ledger (removed.jsonl) has 1 line that cannot be read"),
    ]);
    expect(cleanWarnings({ ...report, ledgerUnreadable: 0 }, "ro")).toEqual([]);

    const cli = await run(cleanCommand, ["--lang", "en"]);
    expect(cli.code).toBe(0);
    expect(cli.err).toContain("Warning: the removal ledger (removed.jsonl) has 2 lines that cannot be read");
    expect(ledgerText()).toBe(`${broken[0]}\n${broken[1]}\n`);
  });
});
