// An import whose new index cannot be opened is never committed. The server's opener (openRetriever) is wrapped so
// that, once armed, it first damages bm25.json in the index it is asked to open (replacing the file, never writing
// through a hard link into the real index) and then opens it for real: the way a 140,000-document corpus once broke
// Bm25Index.fromJSON. The job must fail saying that the new index could not be opened, and the corpus, its index and
// the collection list must be as before, still answering searches; the next server started on the same folder opens
// it. An index that exists but does not load is "unreadable", not "missing" (whose advice, `npm run cli -- index`,
// would not help).
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CorpusPreview, CorpusStatus } from "../../contract/corpusPage";
import type { HealthResponse } from "../../contract/api";
import { toUserError } from "../../contract/errors";
import { INDEX_FILES, indexDir } from "../../corpus/pipeline/indexFormat";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";
import { startupMessage } from "../../server/startupErrors";
import { askChat, corpusApi, importUpload, uploadCorpusFile, windows1250Csv } from "../support/corpus";
import { startTestServer, type TestServer } from "../support/server";

const armed = vi.hoisted(() => ({ value: false, opened: [] as string[], cooperative: [] as boolean[] }));

vi.mock("../../corpus/retrieval/hybrid", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../corpus/retrieval/hybrid")>();
  return {
    ...real,
    openRetriever: async (options: Parameters<typeof real.openRetriever>[0]) => {
      if (armed.value) {
        armed.opened.push(options.corpusDir);
        armed.cooperative.push(options.cooperative === true);
        const file = path.join(indexDir(options.corpusDir), INDEX_FILES.bm25);
        const damaged = `${file}.damaged`;
        writeFileSync(damaged, readFileSync(file, "utf8").slice(0, 100));
        renameSync(damaged, file);
      }
      return real.openRetriever(options);
    },
  };
});

const MARKER =
  "Locuitorii din Valea Mierlei au plantat o sută de tei pe malul pârâului, lângă moara veche a satului.";

describe("an import whose new index does not open", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({}, undefined, { keepDir: true });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    // The first server keeps its folder for the restart; a test that fails before it leaves the folder behind.
    if (server) rmSync(server.dir, { recursive: true, force: true });
  });

  it("fails saying so, commits nothing, and the previous corpus and index still serve", async () => {
    const status = async () => (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    // The shipped corpus's catalog is built on the page's first visit: wait for it, so both views are complete.
    let before = await status();
    while (before.catalog !== "ready" || before.activeJob) {
      await new Promise((r) => setTimeout(r, 150));
      before = await status();
    }
    const corpusDir = server.config.CORPUS_DIR;
    const manifestBefore = readFileSync(path.join(indexDir(corpusDir), INDEX_FILES.manifest), "utf8");
    const rows = [
      ["id", "text", "data"],
      ["valea-1", MARKER, "03.03.2025"],
    ];
    for (let i = 0; i < 20; i++) rows.push([`v${i}`, `${MARKER} Rândul ${i}.`, "04.03.2025"]);
    const preview = (await uploadCorpusFile<CorpusPreview>(server.url, "valea.csv", windows1250Csv(rows)))
      .body;

    armed.value = true;
    const done = await importUpload(server.url, preview.uploadId);
    armed.value = false;

    // The opener was asked for the staged index, not the real one.
    expect(armed.opened).toHaveLength(1);
    // Opened between the turns the server answers, not in one go.
    expect(armed.cooperative).toEqual([true]);
    expect(path.resolve(armed.opened[0]!)).not.toBe(path.resolve(corpusDir));
    expect(done.job?.status).toBe("failed");
    expect(done.job?.error?.code).toBe("corpus:new_index_unreadable");
    expect(done.job?.error?.message).toMatch(/Indexul nou .* nu a putut fi deschis .*nu a fost aplicată/);
    expect(done.job?.error?.message).not.toMatch(/lipsește|npm run cli -- index/);

    // Nothing committed: no raw or cleaned file, the same index on disk, no staging folder left.
    expect(existsSync(path.join(corpusDir, "raw", "valea.jsonl"))).toBe(false);
    expect(existsSync(path.join(corpusDir, "cleaned", "valea.jsonl"))).toBe(false);
    expect(readFileSync(path.join(indexDir(corpusDir), INDEX_FILES.manifest), "utf8")).toBe(manifestBefore);
    expect(readdirSync(corpusDir).filter((name) => name.startsWith(".staging-"))).toEqual([]);

    // The page's collections and figures are as before, and the chat answers from the old index.
    const after = await status();
    expect(after.collections).toEqual(before.collections);
    expect(after.chunks).toBe(before.chunks);
    expect(after.version).toBe(before.version);
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as HealthResponse;
    expect(health.corpus.chunks).toBe(before.chunks);
    const socket = await server.connect();
    const { sources } = await askChat(socket, "Ce au plantat locuitorii din Valea Mierlei?");
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.map((s) => s.docId)).not.toContain("valea-1");
    socket.disconnect();

    // A server started on the same folder afterwards opens it.
    await server.close();
    server = await startTestServer({}, path.dirname(corpusDir));
    expect((await status()).chunks).toBe(before.chunks);
  }, 120_000);

  it("an index that exists but does not load is unreadable (not missing), with advice that helps, in RO and EN", async () => {
    const { openRetriever } = await import("../../corpus/retrieval/hybrid");
    armed.value = true;
    const opening = openRetriever({
      corpusDir: server.config.CORPUS_DIR,
      embeddings: new HashEmbeddings(),
      embedderId: server.config.EMBEDDINGS,
    });
    const err = await opening.then(
      () => null,
      (e: unknown) => e,
    );
    armed.value = false;
    expect((err as { code?: string }).code).toBe("corpus:index_unreadable");
    const ro = toUserError(err, "ro").message;
    expect(ro).toMatch(/există, dar nu a putut fi citit/);
    expect(ro).toContain("npm run cli -- index --rebuild");
    expect(ro).toMatch(/eliminați colecția adăugată ultima/);
    expect(toUserError(err, "en").message).toMatch(/exists but could not be read .*index --rebuild/);
    expect(startupMessage(err)).toMatch(
      /^EchoChamber nu a pornit: Indexul corpusului există, dar nu a putut fi citit/,
    );
  }, 60_000);
});
