// Integration tests for the `index` and `search` commands: the command modules run in-process against temp
// corpus folders chosen by CORPUS_DIR, their output captured; a build killed mid-way (SIGKILL, Ctrl-C) in a child
// process is resumed by the next run and ends in a complete, consistent index.
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { generateComments } from "../../bench/synthetic";
import {
  INDEX_FILES,
  indexDir,
  type IndexManifest,
  readManifest,
  readStoredChunks,
  resumeFile,
} from "../../corpus/pipeline/buildIndex";
import { corpusLocked, lockCorpus } from "../../corpus/pipeline/corpusLock";
import { openRetriever } from "../../corpus/retrieval/hybrid";
import { command as clean } from "../../server/cli/clean";
import { command as importCommand } from "../../server/cli/import";
import { command as index } from "../../server/cli/index";
import { command as search } from "../../server/cli/search";
import type { CliCommand } from "../../server/cli/types";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";

const REPO = path.resolve(import.meta.dirname, "../..");
const embeddings = new HashEmbeddings();

interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command module with CORPUS_DIR set, capturing what it prints. */
async function runCommand(command: CliCommand, argv: string[], corpusDir: string): Promise<Output> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const toText = (args: unknown[]) => args.map(String).join(" ");
  const log = vi
    .spyOn(console, "log")
    .mockImplementation((...args: unknown[]) => void stdout.push(toText(args)));
  const error = vi
    .spyOn(console, "error")
    .mockImplementation((...args: unknown[]) => void stderr.push(toText(args)));
  const previous = { CORPUS_DIR: process.env.CORPUS_DIR, LOG_LEVEL: process.env.LOG_LEVEL };
  process.env.CORPUS_DIR = corpusDir;
  process.env.LOG_LEVEL = "silent";
  try {
    const code = await command.run(argv);
    return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

interface SearchLine {
  query: string;
  results: { id: string; docId: string; score: number; text: string; meta: Record<string, string> }[];
}

function jsonLines(stdout: string): SearchLine[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as SearchLine);
}

async function copyShippedCorpus(corpusDir: string): Promise<void> {
  await mkdir(path.join(corpusDir, "cleaned"), { recursive: true });
  for (const name of await readdir(path.join(REPO, "corpus", "cleaned"))) {
    if (name.endsWith(".jsonl")) {
      await copyFile(path.join(REPO, "corpus", "cleaned", name), path.join(corpusDir, "cleaned", name));
    }
  }
}

/** Chunks in chunks.jsonl, points in the HNSW shards, rows of vectors.f32: all must equal the manifest's count. */
async function expectConsistentIndex(corpusDir: string): Promise<IndexManifest> {
  const manifest = await readManifest(corpusDir);
  expect(manifest).not.toBeNull();
  const dir = indexDir(corpusDir);
  const chunks = await readStoredChunks(dir);
  const vectorBytes = (await stat(path.join(dir, INDEX_FILES.vectors))).size;
  const retriever = await openRetriever({ corpusDir, embeddings, embedderId: "offline:hash" });
  expect(chunks).toHaveLength(manifest!.chunks);
  expect(vectorBytes / (4 * manifest!.dimensions)).toBe(manifest!.chunks);
  expect(retriever.size).toBe(manifest!.chunks);
  const leftovers = (await readdir(corpusDir)).filter((name) => name.startsWith("index."));
  expect(leftovers).toEqual([]);
  return manifest!;
}

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "echochamber-cli-index-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("index and search commands", () => {
  let corpusDir: string;

  beforeAll(async () => {
    corpusDir = path.join(root, "shipped");
    await copyShippedCorpus(corpusDir);
  });

  it("builds the index of CORPUS_DIR and prints the counts and the manifest path", async () => {
    const out = await runCommand(index, ["--json"], corpusDir);
    expect(out.code, out.stderr).toBe(0);
    const manifestPath = path.join(corpusDir, "index", "manifest.json");
    expect(out.stdout).toContain(`Index construit în`);
    expect(out.stdout).toContain(manifestPath);
    expect(out.stdout).toMatch(/documente: 397 \(noi 397, modificate 0, eliminate 0\)/);
    expect(out.stdout).toMatch(/vectori: 397 calculați acum, 0 refolosiți din indexul anterior, 0 reluați/);
    expect(out.stdout).toMatch(/linii sărite: 0/);
    const summary = JSON.parse(out.stdout.split("\n").at(-1)!) as IndexManifest & { manifestPath: string };
    expect(summary).toMatchObject({ documents: 397, chunks: 397, embedder: "offline:hash", manifestPath });
    expect(summary).not.toHaveProperty("docHashes");
    await expectConsistentIndex(corpusDir);
  });

  it("reuses every vector when nothing changed, and embeds everything again with --rebuild", async () => {
    const again = await runCommand(index, [], corpusDir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/vectori: 0 calculați acum, 397 refolosiți/);
    const rebuilt = await runCommand(index, ["--rebuild"], corpusDir);
    expect(rebuilt.stdout).toMatch(/vectori: 397 calculați acum, 0 refolosiți/);
  });

  it("splits the graph with --shards, keeping every chunk", async () => {
    const out = await runCommand(index, ["--shards", "2"], corpusDir);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain("graf HNSW: 2 fragmente de graf");
    const manifest = await expectConsistentIndex(corpusDir);
    expect(manifest.hnsw.shards).toBe(2);
    expect(manifest.build.reused).toBe(397);
    const back = await runCommand(index, ["--shards", "1"], corpusDir);
    expect(back.code).toBe(0);
    expect((await expectConsistentIndex(corpusDir)).hnsw.shards).toBe(1);
  });

  it("prints numbered passages with their metadata", async () => {
    const out = await runCommand(
      search,
      ["pensiile", "speciale", "ale", "magistraților", "--k", "3"],
      corpusDir,
    );
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain("„pensiile speciale ale magistraților”:");
    expect(out.stdout).toMatch(/^\[1\] \d\.\d{3} \S+#\d+ · /m);
    expect(out.stdout).toMatch(/^\[3\] /m);
    expect(out.stdout).not.toMatch(/^\[4\] /m);
    expect(out.stdout.toLowerCase()).toContain("pensii");
  });

  it("prints one JSON line with the passages, honouring --k and the filters", async () => {
    const out = await runCommand(
      search,
      [
        "factura la curent",
        "--json",
        "--k",
        "4",
        "--platform",
        "facebook",
        "--from",
        "2024-01-01",
        "--to",
        "2025-12-31",
      ],
      corpusDir,
    );
    expect(out.code, out.stderr).toBe(0);
    const lines = jsonLines(out.stdout);
    expect(lines).toHaveLength(1);
    const [{ query, results }] = lines;
    expect(query).toBe("factura la curent");
    expect(results).toHaveLength(4);
    for (const result of results) {
      expect(Object.keys(result).sort()).toEqual(["docId", "id", "meta", "score", "text"]);
      expect(result.meta.platform).toBe("facebook");
      expect(result.meta.date >= "2024-01-01" && result.meta.date <= "2025-12-31").toBe(true);
      expect(result.id.startsWith(`${result.docId}#`)).toBe(true);
    }
    expect(results.map((r) => r.score)).toEqual([...results.map((r) => r.score)].sort((a, b) => b - a));
    expect(results[0].text.toLowerCase()).toContain("factur");
  });

  it("answers a file of queries with one JSON line per query, in order", async () => {
    const file = path.join(root, "interogari.txt");
    await writeFile(file, "\uFEFFpensiile speciale\n\n  diaspora vot  \r\nfactura la curent\n");
    const out = await runCommand(search, ["--queries", file, "--k", "2", "--json"], corpusDir);
    expect(out.code, out.stderr).toBe(0);
    const lines = jsonLines(out.stdout);
    expect(lines.map((l) => l.query)).toEqual(["pensiile speciale", "diaspora vot", "factura la curent"]);
    expect(lines.every((l) => l.results.length === 2)).toBe(true);
  });

  it("compares the rankings with --mode and diversifies with --mmr", async () => {
    for (const mode of ["dense", "bm25", "hybrid"]) {
      const out = await runCommand(search, ["taxa pe carbon", "--json", "--mode", mode, "--mmr"], corpusDir);
      expect(out.code, `${mode}: ${out.stderr}`).toBe(0);
      expect(jsonLines(out.stdout)[0].results).toHaveLength(5);
    }
  });

  it("rejects bad arguments with a usage message and exit code 2", async () => {
    for (const argv of [["x", "--k", "0"], ["x", "--from", "2024-13-45"], ["x", "--mode", "vector"], []]) {
      const out = await runCommand(search, argv, corpusDir);
      expect(out.code, argv.join(" ")).toBe(2);
      expect(out.stderr).toContain("Utilizare:");
    }
    for (const argv of [["--batch-size", "0"], ["--shards", "x"], ["--shards", "0"], ["--unknown"]]) {
      const out = await runCommand(index, argv, corpusDir);
      expect(out.code, argv.join(" ")).toBe(2);
      expect(out.stderr).toContain("Utilizare:");
    }
  });

  it("says in Romanian that the index is missing, and exits 1", async () => {
    const empty = path.join(root, "fara-index");
    await mkdir(empty, { recursive: true });
    const out = await runCommand(search, ["pensii", "--json"], empty);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe("");
    expect(out.stderr).toContain("Indexul corpusului lipsește. Rulați „npm run cli -- index”.");
    expect(existsSync(indexDir(empty))).toBe(false);
  });
});

describe("CORPUS_DIR", () => {
  it("points import, clean, index and search at another corpus folder", async () => {
    const other = path.join(root, "alt-corpus");
    const repoRaw = path.join(REPO, "corpus", "raw");
    const rawBefore = existsSync(repoRaw) ? await readdir(repoRaw) : [];
    const repoManifest = await readFile(path.join(REPO, "corpus", "index", "manifest.json"), "utf8").catch(
      () => null,
    );

    const fixture = path.join(REPO, "tests", "fixtures", "import", "comentarii.jsonl");
    const imported = await runCommand(importCommand, [fixture, "--platform", "facebook"], other);
    expect(imported.code, imported.stderr).toBe(0);
    expect(await readdir(path.join(other, "raw"))).toContain("comentarii.jsonl");
    const cleaned = await runCommand(clean, [], other);
    expect(cleaned.code, cleaned.stderr).toBe(0);
    expect(await readdir(path.join(other, "cleaned"))).toContain("comentarii.jsonl");
    const built = await runCommand(index, [], other);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain(path.join(other, "index", "manifest.json"));

    const found = await runCommand(search, ["piste de biciclete", "--json", "--k", "1"], other);
    const [{ results }] = jsonLines(found.stdout);
    expect(results[0].text).toContain("piste de biciclete");
    expect(results[0].meta.platform).toBe("facebook");

    // The repository's own corpus was not touched.
    expect(existsSync(repoRaw) ? await readdir(repoRaw) : []).toEqual(rawBefore);
    expect(
      await readFile(path.join(REPO, "corpus", "index", "manifest.json"), "utf8").catch(() => null),
    ).toBe(repoManifest);
  });
});

describe("the corpus page's writer lock", () => {
  it("makes import, clean and index wait while a change holds the corpus folder", async () => {
    const dir = path.join(root, "locked-corpus");
    const fixture = path.join(REPO, "tests", "fixtures", "import", "comentarii.jsonl");
    const steps: [CliCommand, string[], string][] = [
      [importCommand, [fixture], "raw"],
      [clean, [], "cleaned"],
      [index, [], "index"],
    ];
    for (const [command, argv, folder] of steps) {
      const release = await lockCorpus(dir);
      let finished = false;
      const run = runCommand(command, argv, dir).finally(() => (finished = true));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // Nothing written while another change holds the corpus.
      expect(finished).toBe(false);
      expect(existsSync(path.join(dir, folder))).toBe(false);
      await release();
      const out = await run;
      expect(out.code, out.stderr).toBe(0);
      expect(out.stderr).toContain("aștept să se termine");
      expect(existsSync(path.join(dir, folder))).toBe(true);
      expect(await corpusLocked(dir)).toBe(false);
    }
  });
});

describe("an interrupted index build", () => {
  // Enough chunks that embedding them takes a while after the first batches reach the resume cache.
  const COMMENTS = 8_000;

  async function generatedCorpus(name: string): Promise<string> {
    const corpusDir = path.join(root, name);
    await mkdir(path.join(corpusDir, "cleaned"), { recursive: true });
    const lines = generateComments(COMMENTS, { seed: 7, exactShare: 0, nearShare: 0 }).map((c) =>
      JSON.stringify({
        id: c.id,
        text: c.text,
        source: c.source,
        platform: c.platform,
        date: c.date,
        url: c.url,
      }),
    );
    await writeFile(path.join(corpusDir, "cleaned", "comentarii.jsonl"), `${lines.join("\n")}\n`);
    return corpusDir;
  }

  /**
   * Starts `npm run cli -- index` in a child process and sends it `signal` as soon as the resume cache holds a
   * few batches; resolves with its exit code or signal and what it wrote to stderr.
   */
  function interruptedBuild(
    corpusDir: string,
    signal: NodeJS.Signals,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "server/cli/main.ts", "index", "--batch-size", "64"],
        {
          cwd: REPO,
          env: { ...process.env, CORPUS_DIR: corpusDir, LOG_LEVEL: "silent" },
          stdio: ["ignore", "ignore", "pipe"],
        },
      );
      let stderr = "";
      child.stderr.on("data", (data: Buffer) => {
        stderr += data.toString();
      });
      const cache = resumeFile(corpusDir);
      // Five batches of 64 records (a 32-byte hash, 256 floats, a checksum): the build is under way.
      const enough = 5 * 64 * (32 + 256 * 4 + 4);
      const poll = setInterval(() => {
        if ((statSync(cache, { throwIfNoEntry: false })?.size ?? 0) > enough) {
          clearInterval(poll);
          child.kill(signal);
        }
      }, 5);
      child.on("error", reject);
      child.on("exit", (code, exitSignal) => {
        clearInterval(poll);
        resolve({ code, signal: exitSignal, stderr });
      });
    });
  }

  /** 2,000 new comments beside the corpus: the next `index` updates the previous index with them. */
  async function addNewComments(corpusDir: string): Promise<void> {
    const more = generateComments(2_000, { seed: 8, exactShare: 0, nearShare: 0 }).map((c) =>
      JSON.stringify({
        id: `n${c.id}`,
        text: `${c.text} (nou)`,
        source: c.source,
        platform: c.platform,
        date: c.date,
        url: c.url,
      }),
    );
    await writeFile(path.join(corpusDir, "cleaned", "noi.jsonl"), `${more.join("\n")}\n`);
  }

  /**
   * The next `index` after an interrupted one over a previous index: it ends consistent (no folder of the interrupted
   * run left), keeps the previous index's vectors and takes the ones the interrupted run had computed.
   */
  async function expectResumedOverPrevious(corpusDir: string): Promise<void> {
    const out = await runCommand(index, [], corpusDir);
    expect(out.code, out.stderr).toBe(0);
    const manifest = await expectConsistentIndex(corpusDir);
    expect(manifest.chunks).toBe(COMMENTS + 2_000);
    expect(manifest.build.reused).toBe(COMMENTS);
    expect(manifest.build.resumed).toBeGreaterThan(0);
    expect(manifest.build.embedded + manifest.build.resumed).toBe(2_000);
  }

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("resumes after SIGKILL, embedding only what the killed run had not, and ends consistent", async () => {
    const corpusDir = await generatedCorpus("kill");
    const killed = await interruptedBuild(corpusDir, "SIGKILL");
    expect(killed.signal).toBe("SIGKILL");
    expect(await readManifest(corpusDir)).toBeNull();
    expect(existsSync(resumeFile(corpusDir))).toBe(true);

    const out = await runCommand(index, ["--json"], corpusDir);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(/Reiau construcția întreruptă: \d+ (de )?vectori sunt deja calculați/);
    const manifest = await expectConsistentIndex(corpusDir);
    expect(manifest.chunks).toBe(COMMENTS);
    expect(manifest.build.resumed).toBeGreaterThan(0);
    expect(manifest.build.embedded).toBeLessThan(manifest.chunks);
    expect(manifest.build.embedded + manifest.build.resumed).toBe(manifest.chunks);
    expect(existsSync(resumeFile(corpusDir))).toBe(false);

    // The resumed vectors are the ones a fresh build computes.
    const resumedVectors = await readFile(path.join(indexDir(corpusDir), INDEX_FILES.vectors));
    const rebuilt = await runCommand(index, ["--rebuild"], corpusDir);
    expect(rebuilt.code).toBe(0);
    const freshVectors = await readFile(path.join(indexDir(corpusDir), INDEX_FILES.vectors));
    expect(resumedVectors.equals(freshVectors)).toBe(true);
  }, 180_000);

  it("stops cleanly on Ctrl-C, keeping the previous index and the computed vectors", async () => {
    const corpusDir = await generatedCorpus("ctrl-c");
    // A previous, smaller index that must survive the interrupted build.
    const first = await runCommand(index, [], corpusDir);
    expect(first.code).toBe(0);
    const before = await readManifest(corpusDir);
    await addNewComments(corpusDir);

    const interrupted = await interruptedBuild(corpusDir, "SIGINT");
    expect(interrupted.code, JSON.stringify(interrupted)).toBe(130);
    expect(interrupted.stderr).toContain(
      "Construcția a fost întreruptă; indexul anterior a rămas neschimbat.",
    );
    expect(await readManifest(corpusDir)).toEqual(before);
    expect(existsSync(resumeFile(corpusDir))).toBe(true);
    expect((await readdir(corpusDir)).filter((name) => name.startsWith("index."))).toEqual([]);

    await expectResumedOverPrevious(corpusDir);
  }, 180_000);

  it("killed (SIGKILL) while it adds to an index, keeps the previous index; the next run cleans up and resumes", async () => {
    const corpusDir = await generatedCorpus("kill-update");
    const first = await runCommand(index, [], corpusDir);
    expect(first.code).toBe(0);
    const before = await readManifest(corpusDir);
    const served = await readFile(path.join(indexDir(corpusDir), INDEX_FILES.vectors));
    await addNewComments(corpusDir);

    const killed = await interruptedBuild(corpusDir, "SIGKILL");
    expect(killed.signal).toBe("SIGKILL");
    // Nothing of the index in use was touched: a server reading it now reads what it read before.
    expect(await readManifest(corpusDir)).toEqual(before);
    expect((await readFile(path.join(indexDir(corpusDir), INDEX_FILES.vectors))).equals(served)).toBe(true);
    expect((await openRetriever({ corpusDir, embeddings, embedderId: "offline:hash" })).size).toBe(COMMENTS);

    await expectResumedOverPrevious(corpusDir);
  }, 180_000);
});
