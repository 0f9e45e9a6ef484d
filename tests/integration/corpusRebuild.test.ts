// A corpus whose index exists but cannot be read (a damaged file): the app starts anyway, as `npm start` builds it
// (openRuntime serving the index as unreadable); the corpus page says what is wrong, a chat turn says it clearly in
// the user's language, and POST /api/corpus/rebuild builds the index anew from cleaned/ (reading nothing of the
// damaged one), after which the page is fine and the chat finds documents again, an imported collection's too. A
// rebuild interrupted by a shutdown is a durable job like an import: the next start takes it over and finishes it,
// and one whose server was killed (with a provider's embedder) embeds again only what the killed one had not.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HealthResponse } from "../../contract/api";
import type { CorpusJobResponse, CorpusStatus } from "../../contract/corpusPage";
import { buildIndex, INDEX_FILES, indexDir, resumeFile } from "../../corpus/pipeline/buildIndex";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";
import { startChildServer, type ChildServer } from "../support/childServer";
import { askChat, corpusApi, waitForImport } from "../support/corpus";
import { fakeEmbedding, startFakeOpenAI, type FakeServer } from "../support/fakeOpenAI";
import { record, send, startTestServer, tempCorpus, type TestServer } from "../support/server";

const MARKER =
  "Locuitorii din Valea Mierlei au plantat o sută de tei pe malul pârâului, lângă moara veche a satului.";

/** A collection imported earlier: a raw file and the cleaned file cleaning made of it. */
function importedCollection(corpusDir: string): void {
  const line = `${JSON.stringify({
    id: "valea-1",
    text: MARKER,
    source: "Gazeta Văii",
    platform: "stiri",
    date: "2025-03-03",
    url: "",
    lang: "ro",
  })}\n`;
  mkdirSync(path.join(corpusDir, "raw"), { recursive: true });
  writeFileSync(path.join(corpusDir, "raw", "valea.jsonl"), line);
  writeFileSync(path.join(corpusDir, "cleaned", "valea.jsonl"), line);
}

/** A copy of the shipped corpus (with an imported collection) whose index is built, then damaged. */
async function damagedCorpus(): Promise<string> {
  const dir = tempCorpus();
  const corpusDir = path.join(dir, "corpus");
  importedCollection(corpusDir);
  await buildIndex({ corpusDir, embeddings: new HashEmbeddings(), embedderId: "offline:hash" });
  // BM25 cut short (it no longer parses) and the vectors cut short too.
  truncateSync(path.join(indexDir(corpusDir), INDEX_FILES.bm25), 100);
  truncateSync(path.join(indexDir(corpusDir), INDEX_FILES.vectors), 64);
  return dir;
}

describe("a corpus whose index cannot be read", () => {
  let server: TestServer;
  const status = async (lang = "ro") =>
    (await corpusApi<CorpusStatus>(server.url, "GET", "/status", undefined, { "accept-language": lang }))
      .body;

  beforeAll(async () => {
    server = await startTestServer({}, await damagedCorpus());
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it("starts, says so on the page and in the chat, and a rebuild from the page fixes it", async () => {
    const before = await status();
    expect(before.chunks).toBe(0);
    expect(before.builtAt).toBeNull();
    expect(before.indexProblem?.code).toBe("corpus:index_unreadable");
    // No catalog job is queued for an index that cannot be read: the rebuild would wait behind it.
    expect(before.catalog).toBe("missing");
    // A monitor sees it too (the instance still answers 200: its pages and the rebuild work).
    const sick = (await (await fetch(`${server.url}/api/health`)).json()) as HealthResponse;
    expect(sick.corpus.problem).toBe("corpus:index_unreadable");
    expect(before.activeJob).toBeNull();
    expect(before.indexProblem?.message).toMatch(/există, dar nu a putut fi citit/);
    expect(before.indexProblem?.message).toContain("„Reconstruiește indexul”");
    expect(before.indexProblem?.message).toContain("npm run cli -- index --rebuild");
    expect((await status("en")).indexProblem?.message).toMatch(/could not be read.*"Rebuild the index"/);

    // A chat turn ends in the clear error, in the socket's language, not an internal one.
    const socket = await server.connect("en");
    const turn = record(socket);
    const ack = await send(socket, { text: "Ce au plantat locuitorii din Valea Mierlei?" });
    expect(ack.ok).toBe(true);
    const events = await turn.finished;
    const error = events.find((e) => e.event === "chat:error")?.payload;
    // Without the detail of what failed (a path, a parser's message): every chat user reads this, guests too.
    expect(error?.code).toBe("corpus:search_unavailable");
    expect(String(error?.message)).toMatch(/cannot be searched .*could not be read.*"Rebuild the index"/);
    expect(String(error?.message)).not.toMatch(/bm25|vectors|\.json|\.f32|\//);
    socket.disconnect();

    // Two clicks at once (two tabs) queue one rebuild.
    const [started, atOnce] = await Promise.all([
      corpusApi<CorpusJobResponse>(server.url, "POST", "/rebuild"),
      corpusApi<CorpusJobResponse>(server.url, "POST", "/rebuild"),
    ]);
    expect(started.status).toBe(202);
    expect(started.body.record.op).toBe("rebuild");
    expect(atOnce.body.record.id).toBe(started.body.record.id);
    // A second click (another tab) while it waits or runs gets the same job, not a second rebuild.
    const twice = await corpusApi<CorpusJobResponse>(server.url, "POST", "/rebuild");
    expect(twice.status).toBe(202);
    expect(twice.body.record.id).toBe(started.body.record.id);
    const done = await waitForImport(server.url, started.body.record.id);
    expect(done.job?.status).toBe("done");
    expect(done.record.index?.rebuilt).toBe(true);
    // Every vector computed anew: nothing taken from the damaged index.
    expect(done.record.index?.reused).toBe(0);
    expect(done.record.index?.embedded).toBe(done.record.index?.chunks);

    const after = await status();
    expect(after.indexProblem).toBeUndefined();
    expect(after.chunks).toBeGreaterThan(0);
    expect(after.builtAt).not.toBeNull();
    expect(after.version).toBe(before.version + 1);
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as HealthResponse;
    expect(health.corpus.chunks).toBe(after.chunks);
    expect(health.corpus.problem).toBeUndefined();

    // The chat finds documents again, the imported collection's (built from its cleaned file as it is) among them.
    const again = await server.connect();
    const { sources } = await askChat(again, "Ce au plantat locuitorii din Valea Mierlei?");
    expect(sources.map((s) => s.docId)).toContain("valea-1");
    again.disconnect();
  }, 120_000);
});

describe("a rebuild interrupted by a shutdown", () => {
  let dir = "";
  let server: TestServer | undefined;
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("is taken over by the next start and finishes, with nothing half-made left", async () => {
    dir = await damagedCorpus();
    server = await startTestServer({}, dir, { keepDir: true });
    const started = await corpusApi<CorpusJobResponse>(server.url, "POST", "/rebuild");
    const id = started.body.record.id;
    // Stopped once it runs (the worker building), before its commit.
    for (;;) {
      const { body } = await corpusApi<CorpusJobResponse>(server.url, "GET", `/imports/${id}`);
      if (body.job?.status === "running") break;
      expect(body.job?.status).toBe("queued");
      await new Promise((r) => setTimeout(r, 20));
    }
    const before = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    expect(before.indexProblem?.code).toBe("corpus:index_unreadable");
    await server.close();
    server = undefined;
    // Nothing was committed: the index on disk is still the damaged one, so the next start has a job to take over.
    expect(statSync(path.join(indexDir(path.join(dir, "corpus")), INDEX_FILES.bm25)).size).toBe(100);

    server = await startTestServer({}, dir, { keepDir: true });
    const done = await waitForImport(server.url, id);
    expect(done.job?.status).toBe("done");
    expect(done.record.op).toBe("rebuild");
    const status = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    expect(status.indexProblem).toBeUndefined();
    expect(status.chunks).toBeGreaterThan(0);
    expect(readdirSync(path.join(dir, "corpus")).filter((name) => name.startsWith(".staging-"))).toEqual([]);
  }, 120_000);
});

describe("a rebuild with a provider's embedder, its server killed in the middle", () => {
  const EMBEDDER = "openai-compatible:fake-embed";
  const dir = tempCorpus();
  const corpusDir = path.join(dir, "corpus");
  const servers: ChildServer[] = [];
  let fake: FakeServer | undefined;
  afterAll(async () => {
    for (const child of servers) await child.kill();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The texts of each embedding batch the fake received (the build's size probe, one text, left out). */
  const batches = () =>
    fake!.requests
      .filter((r) => r.path.endsWith("/embeddings"))
      .map((r) => (r.body as { input?: string | string[] }).input)
      .filter((input): input is string[] => Array.isArray(input) && input.length > 1);

  it(
    "is taken over by the next start, which embeds only the chunks the killed one had not",
    { timeout: 240_000 },
    async () => {
      fake = await startFakeOpenAI();
      // The first server's third batch never gets an answer: it is killed there, two batches saved.
      fake.setDefault(() => (batches().length > 2 ? { fault: "hang" } : {}));
      importedCollection(corpusDir);
      const fakeEmbedder = {
        embedQuery: async (text: string) => fakeEmbedding(text),
        embedDocuments: async (texts: string[]) => texts.map((text) => fakeEmbedding(text)),
      };
      await buildIndex({ corpusDir, embeddings: fakeEmbedder, embedderId: EMBEDDER });
      truncateSync(path.join(indexDir(corpusDir), INDEX_FILES.bm25), 100);
      const env = {
        EMBEDDINGS: EMBEDDER,
        OPENAI_COMPATIBLE_BASE_URL: fake.url,
        EMBEDDING_TIMEOUT_MS: "600000",
        WORKBENCH_JOB_STALE_MS: "1000",
      };

      const first = await startChildServer(dir, env);
      servers.push(first);
      const started = await corpusApi<CorpusJobResponse>(first.url, "POST", "/rebuild");
      expect(started.status).toBe(202);
      const id = started.body.record.id;
      const end = Date.now() + 60_000;
      while (batches().length < 3) {
        if (Date.now() > end)
          throw new Error(`the rebuild never reached its third batch:\n${first.output()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await first.kill("SIGKILL");
      const killedRun = batches().slice(0, 2).flat().length;
      expect(killedRun).toBe(256);

      fake.reset();
      const second = await startChildServer(dir, env);
      servers.push(second);
      const done = await waitForImport(second.url, id, 200_000);
      expect(done.job?.status).toBe("done");
      const index = done.record.index!;
      expect(index.chunks).toBeGreaterThan(3 * 128);
      // Only the rest is paid for again; the damaged index gave nothing.
      expect(index).toMatchObject({ resumed: killedRun, embedded: index.chunks - killedRun, reused: 0 });
      expect(batches().flat()).toHaveLength(index.chunks - killedRun);
      const manifest = JSON.parse(readFileSync(path.join(indexDir(corpusDir), INDEX_FILES.manifest), "utf8"));
      expect(manifest.build).toMatchObject({ resumed: killedRun, embedded: index.chunks - killedRun });
      expect(existsSync(resumeFile(corpusDir))).toBe(false);
      const status = (await corpusApi<CorpusStatus>(second.url, "GET", "/status")).body;
      expect(status.indexProblem).toBeUndefined();
      expect(status.chunks).toBe(index.chunks);
    },
  );
});
