// Integration tests for `npm run cli -- eval-retrieval`: the command module runs in-process against a temp copy of
// the shipped corpus (CORPUS_DIR), its index built for real; labelled queries in, a Markdown table and one JSON line
// out; bad files and a missing index get clear Romanian messages.
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../support/cli";
import { buildIndex, readCleanedCorpus } from "../../corpus/pipeline/buildIndex";
import { parseLabelledQueries } from "../../corpus/retrieval/evaluation";
import { command } from "../../server/cli/evalRetrieval";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";

const REPO = path.resolve(import.meta.dirname, "../..");

/** Runs the command with CORPUS_DIR set, capturing what it prints. */
async function run(argv: string[], corpusDir: string) {
  const { code, out, err } = await runCommand(command, argv, { CORPUS_DIR: corpusDir, LOG_LEVEL: "silent" });
  return { code, stdout: out, stderr: err };
}

describe("eval-retrieval", () => {
  let root: string;
  let corpusDir: string;
  let queriesFile: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "echochamber-eval-"));
    corpusDir = path.join(root, "corpus");
    await mkdir(path.join(corpusDir, "cleaned"), { recursive: true });
    for (const name of await readdir(path.join(REPO, "corpus", "cleaned"))) {
      if (name.endsWith(".jsonl")) {
        await copyFile(path.join(REPO, "corpus", "cleaned", name), path.join(corpusDir, "cleaned", name));
      }
    }
    await buildIndex({ corpusDir, embeddings: new HashEmbeddings(), embedderId: "offline:hash" });
    // Queries that are the first eight words of shipped documents: each should find its document.
    const { records } = await readCleanedCorpus(corpusDir);
    const lines = records
      .filter((_, i) => i % 20 === 0)
      .map((r) => JSON.stringify({ query: r.text.split(/\s+/).slice(0, 8).join(" "), docId: r.id }));
    queriesFile = path.join(root, "intrebari.jsonl");
    await writeFile(queriesFile, `\uFEFF${lines.join("\n")}\n\n`);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("prints a Markdown table per mode and one JSON line with intervals", async () => {
    const out = await run(["--queries", queriesFile, "--resamples", "200"], corpusDir);
    expect(out.code, out.stderr).toBe(0);
    const table = out.stdout.split("\n").filter((line) => line.startsWith("|"));
    expect(table[0]).toBe("| mod | R@1 | R@5 | R@10 | MRR | nDCG@10 |");
    expect(table.slice(2).map((row) => row.split("|")[1].trim())).toEqual(["hybrid", "dense", "bm25"]);
    const json = JSON.parse(
      out.stdout
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .at(-1) ?? "{}",
    );
    expect(json.unknownDocIds).toBe(0);
    expect(Object.keys(json.modes)).toEqual(["hybrid", "dense", "bm25"]);
    const hybrid = json.modes.hybrid.recallAt5;
    expect(hybrid.value).toBeGreaterThan(0.8);
    expect(hybrid.low).toBeLessThanOrEqual(hybrid.value);
    expect(hybrid.high).toBeGreaterThanOrEqual(hybrid.value);
  });

  it("warns about documents the index does not hold, and counts them as not found", async () => {
    const file = path.join(root, "necunoscut.jsonl");
    await writeFile(file, `${JSON.stringify({ query: "pensiile speciale", docId: "nu-exista" })}\n`);
    const out = await run(["--queries", file, "--modes", "bm25", "--resamples", "100"], corpusDir);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain(
      "1 interogare cere documente care nu sunt în index (nu-exista); ea nu poate fi găsită",
    );
    const json = JSON.parse(out.stdout.split("\n").at(-1) ?? "{}");
    expect(json.modes.bm25.recallAt10.value).toBe(0);
  });

  it("names the lines that are not labelled queries, and exits 1 without evaluating", async () => {
    const file = path.join(root, "stricat.jsonl");
    await writeFile(file, ['{"query": "pensii", "docId": "x"}', "{nu e json", '{"query": ""}'].join("\n"));
    const out = await run(["--queries", file], corpusDir);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe("");
    expect(out.stderr).toContain("are 2 linii");
    expect(out.stderr).toContain("linia 2: JSON invalid");
    expect(out.stderr).toContain("linia 3: câmpuri greșite");
  });

  it("rejects bad arguments with the usage and exit code 2, and a missing index with exit code 1", async () => {
    for (const argv of [
      [],
      ["--queries", queriesFile, "--modes", "vector"],
      ["--queries", queriesFile, "--resamples", "5"],
    ]) {
      const out = await run(argv, corpusDir);
      expect(out.code, argv.join(" ")).toBe(2);
      expect(out.stderr).toContain("Utilizare:");
    }
    const empty = path.join(root, "fara-index");
    await mkdir(empty, { recursive: true });
    const out = await run(["--queries", queriesFile], empty);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("Indexul corpusului lipsește.");
  });

  it("parses labelled queries line by line", () => {
    const { queries, problems } = parseLabelledQueries('{"query": " a ", "docId": "d"}\r\n\n[1]\n');
    expect(queries).toEqual([{ query: "a", docId: "d" }]);
    expect(problems).toEqual([{ line: 3, problem: "shape", detail: expect.any(String) }]);
  });
});
