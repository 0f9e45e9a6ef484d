// The corpus page's rebuild resumes like `npm run cli -- index`: the vectors it computed are saved in the real corpus
// folder's resume file (not in its staging folder, which a restart resets), so that the same job run again after it
// died (a take-over after a restart, a Resume after a stop or a failure) embeds only what is not there, still reading
// nothing of the damaged index; the commit deletes the file. A file of another embedder or size is never taken, an
// import in between leaves it alone, and it is read only once the writer lock is held.
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { afterAll, describe, expect, it } from "vitest";
import { lockCorpus } from "../../corpus/pipeline/corpusLock";
import { buildIndex, INDEX_FILES, indexDir, resumeFile } from "../../corpus/pipeline/buildIndex";
import { EmbeddingCache } from "../../corpus/pipeline/embeddingCache";
import { runPipeline, type PipelineContext } from "../../server/corpus/worker/pipeline";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";
import { tempCorpus } from "../support/server";

const EMBEDDER = "offline:hash";
/** The build's batch (chunks an embedding call) when none is asked for, as the job runs it. */
const BATCH = 128;

/** An embedder that counts what it embeds and can die at a given batch, as a server killed in the middle does. */
function countingEmbedder(options: { dieAtBatch?: number; dimensions?: number } = {}) {
  const inner = new HashEmbeddings({ dimensions: options.dimensions });
  const counts = { batches: 0, texts: 0 };
  const embeddings: EmbeddingsInterface = {
    embedQuery: (text) => inner.embedQuery(text),
    async embedDocuments(texts) {
      if (counts.batches === options.dieAtBatch) throw new Error("the server died here");
      counts.batches += 1;
      counts.texts += texts.length;
      return inner.embedDocuments(texts);
    },
  };
  return { embeddings, counts };
}

function context(embeddings: EmbeddingsInterface, more: Partial<PipelineContext> = {}): PipelineContext {
  return { embeddings, embedderId: EMBEDDER, progress: () => undefined, ...more };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The shipped corpus with its index built, then damaged (BM25 and the vectors cut short). */
async function damagedCorpus(): Promise<string> {
  const dir = tempCorpus();
  made.push(dir);
  const corpusDir = path.join(dir, "corpus");
  await buildIndex({ corpusDir, embeddings: new HashEmbeddings(), embedderId: EMBEDDER });
  truncateSync(path.join(indexDir(corpusDir), INDEX_FILES.bm25), 100);
  truncateSync(path.join(indexDir(corpusDir), INDEX_FILES.vectors), 64);
  return corpusDir;
}

/** A rebuild (job `id`) whose server dies after `batches` embedding batches: it fails, nothing is committed. */
async function interruptedRebuild(corpusDir: string, id: string, batches: number): Promise<void> {
  const { embeddings } = countingEmbedder({ dieAtBatch: batches });
  await expect(runPipeline({ op: "rebuild", id, corpusDir }, context(embeddings))).rejects.toThrow(
    "the server died here",
  );
  // The damaged index is still the one in place; the staging folder is gone, the resume file is not.
  expect(statSync(path.join(indexDir(corpusDir), INDEX_FILES.bm25)).size).toBe(100);
  expect(readdirSync(corpusDir).filter((name) => name.startsWith(".staging-"))).toEqual([]);
  expect(await EmbeddingCache.count(resumeFile(corpusDir), EMBEDDER)).toBe(batches * BATCH);
}

/** The vectors an uninterrupted build from scratch makes of the same cleaned corpus (offline:hash is deterministic). */
async function freshVectors(corpusDir: string): Promise<Buffer> {
  const copy = mkdtempSync(path.join(os.tmpdir(), "echochamber-fresh-"));
  cpSync(path.join(corpusDir, "cleaned"), path.join(copy, "cleaned"), { recursive: true });
  await buildIndex({
    corpusDir: copy,
    embeddings: new HashEmbeddings(),
    embedderId: EMBEDDER,
    resume: false,
  });
  const vectors = readFileSync(path.join(indexDir(copy), INDEX_FILES.vectors));
  rmSync(copy, { recursive: true, force: true });
  return vectors;
}

describe("a rebuild run again after it died", () => {
  it("embeds only the chunks the first run had not, and its commit deletes the resume file", async () => {
    const corpusDir = await damagedCorpus();
    await interruptedRebuild(corpusDir, "r1", 2);

    // The same job again, as the next start takes it over.
    const again = countingEmbedder();
    const result = await runPipeline({ op: "rebuild", id: "r1", corpusDir }, context(again.embeddings));
    expect(result.committed).toBe(true);
    const index = result.index!;
    expect(index.chunks).toBeGreaterThan(3 * BATCH);
    expect(index).toMatchObject({ resumed: 2 * BATCH, embedded: index.chunks - 2 * BATCH, reused: 0 });
    expect(again.counts.texts).toBe(index.chunks - 2 * BATCH);
    const manifest = JSON.parse(readFileSync(path.join(indexDir(corpusDir), INDEX_FILES.manifest), "utf8"));
    expect(manifest.build).toMatchObject({ resumed: 2 * BATCH, embedded: index.chunks - 2 * BATCH });
    expect(existsSync(resumeFile(corpusDir))).toBe(false);
    // The same vectors as a build that was never interrupted.
    const vectors = readFileSync(path.join(indexDir(corpusDir), INDEX_FILES.vectors));
    expect(vectors.equals(await freshVectors(corpusDir))).toBe(true);
  }, 120_000);

  it("keeps the resume file when the new index does not open, so that the next try embeds nothing", async () => {
    const corpusDir = await damagedCorpus();
    const first = countingEmbedder();
    const refused = context(first.embeddings, {
      verify: () => Promise.reject(new Error("the new index did not open")),
    });
    await expect(runPipeline({ op: "rebuild", id: "r2", corpusDir }, refused)).rejects.toThrow(
      "did not open",
    );
    expect(statSync(path.join(indexDir(corpusDir), INDEX_FILES.bm25)).size).toBe(100);
    expect(await EmbeddingCache.count(resumeFile(corpusDir), EMBEDDER)).toBe(first.counts.texts);

    const second = countingEmbedder();
    const result = await runPipeline({ op: "rebuild", id: "r2", corpusDir }, context(second.embeddings));
    expect(second.counts.texts).toBe(0);
    expect(result.index).toMatchObject({ resumed: result.index!.chunks, embedded: 0, reused: 0 });
    expect(existsSync(resumeFile(corpusDir))).toBe(false);
  }, 120_000);

  it("never takes the vectors of another embedder or of another size", async () => {
    for (const other of [
      { embedderId: "openai:text-embedding-3-small", dimensions: undefined },
      { embedderId: EMBEDDER, dimensions: 128 },
    ]) {
      const corpusDir = await damagedCorpus();
      const { embeddings } = countingEmbedder({ dieAtBatch: 2, dimensions: other.dimensions });
      await expect(
        runPipeline(
          { op: "rebuild", id: "r3", corpusDir },
          { ...context(embeddings), embedderId: other.embedderId },
        ),
      ).rejects.toThrow("the server died here");
      expect(existsSync(resumeFile(corpusDir))).toBe(true);

      const again = countingEmbedder();
      const result = await runPipeline({ op: "rebuild", id: "r3", corpusDir }, context(again.embeddings));
      expect(result.index).toMatchObject({ resumed: 0, embedded: result.index!.chunks });
      expect(again.counts.texts).toBe(result.index!.chunks);
      const vectors = readFileSync(path.join(indexDir(corpusDir), INDEX_FILES.vectors));
      expect(vectors.equals(await freshVectors(corpusDir))).toBe(true);
    }
  }, 120_000);

  it("an import between the two runs leaves the resume file alone for the rebuild", async () => {
    const corpusDir = await damagedCorpus();
    await interruptedRebuild(corpusDir, "r4", 2);
    const saved = readFileSync(resumeFile(corpusDir));

    const csv = path.join(path.dirname(corpusDir), "fantana.csv");
    writeFileSync(
      csv,
      'id,text\nf1,"Voluntarii asociației Izvorul Limpede au reparat fântâna veche de pe ulița Zărneștilor."\n',
    );
    const imported = await runPipeline(
      {
        op: "import",
        id: "i1",
        corpusDir,
        file: csv,
        fileName: "fantana.csv",
        collection: "fantana",
        settings: {},
      },
      context(new HashEmbeddings()),
    );
    expect(imported.committed).toBe(true);
    expect(readFileSync(resumeFile(corpusDir)).equals(saved)).toBe(true);

    const again = countingEmbedder();
    const result = await runPipeline({ op: "rebuild", id: "r4", corpusDir }, context(again.embeddings));
    expect(result.index).toMatchObject({ resumed: 2 * BATCH, embedded: result.index!.chunks - 2 * BATCH });
    expect(again.counts.texts).toBe(result.index!.chunks - 2 * BATCH);
    expect(existsSync(resumeFile(corpusDir))).toBe(false);
  }, 120_000);

  it("reads the resume file only once it holds the writer lock", async () => {
    const corpusDir = await damagedCorpus();
    await interruptedRebuild(corpusDir, "r5", 2);
    // Another writer (an instance sharing the corpus folder, the CLI) holds the corpus and, before it lets go,
    // commits an index of its own and deletes the file, as `npm run cli -- index` does.
    const release = await lockCorpus(corpusDir);
    let waiting!: () => void;
    const waited = new Promise<void>((resolve) => (waiting = resolve));
    const again = countingEmbedder();
    const run = runPipeline(
      { op: "rebuild", id: "r5", corpusDir },
      context(again.embeddings, { waiting: () => waiting() }),
    );
    await waited;
    expect(again.counts.texts).toBe(0);
    await buildIndex({ corpusDir, embeddings: new HashEmbeddings(), embedderId: EMBEDDER });
    expect(existsSync(resumeFile(corpusDir))).toBe(false);
    await release();

    const result = await run;
    expect(result.index).toMatchObject({ resumed: 0, embedded: result.index!.chunks });
  }, 120_000);
});
