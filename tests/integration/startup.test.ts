// A real instance (server/index.ts in a child process) that cannot start says why in one line naming the variable
// to change, and exits: Redis or PostgreSQL not answering, the port already taken. One whose corpus index exists but
// cannot be read starts anyway, and says so in Romanian after its address, with what to do.
import { rmSync, truncateSync } from "node:fs";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startChildServer } from "../support/childServer";
import { tempCorpus } from "../support/server";
import { buildIndex, INDEX_FILES, indexDir } from "../../corpus/pipeline/buildIndex";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";

/** The start's failure as the child printed it. */
async function failedStart(env: Record<string, string>): Promise<string> {
  const started = startChildServer(tempCorpus(), env);
  const err = await started.then(
    async (server) => {
      await server.kill();
      throw new Error("the server started");
    },
    (e: unknown) => e as Error,
  );
  return err.message;
}

describe("an instance that cannot start", () => {
  let taken: Server | undefined;
  afterAll(() => taken?.close());

  it("names REDIS_URL when Redis does not answer, instead of hanging with no port open", async () => {
    const message = await failedStart({ REDIS_URL: "redis://127.0.0.1:1" });
    expect(message).toMatch(/exited \(1\)/);
    expect(message).toContain("Redis nu răspunde la REDIS_URL=redis://127.0.0.1:1");
    expect(message).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("names DATABASE_URL, with its password hidden, when PostgreSQL does not answer", async () => {
    const message = await failedStart({ DATABASE_URL: "postgres://ana:secret@127.0.0.1:1/clasa" });
    expect(message).toContain("PostgreSQL nu răspunde la DATABASE_URL=postgres://ana:***@127.0.0.1:1/clasa");
    expect(message).not.toContain("secret");
    expect(message).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("says the port is taken", async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken!.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    const message = await failedStart({ PORT: String(port) });
    expect(message).toContain(`Portul ${port} este deja folosit`);
    expect(message).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe("an instance whose corpus index cannot be read", () => {
  it("starts, and says after its address that the index could not be read and how to rebuild it", async () => {
    const dir = tempCorpus();
    const corpusDir = path.join(dir, "corpus");
    await buildIndex({ corpusDir, embeddings: new HashEmbeddings(), embedderId: "offline:hash" });
    truncateSync(path.join(indexDir(corpusDir), INDEX_FILES.bm25), 100);
    const server = await startChildServer(dir);
    try {
      const health = await fetch(`${server.url}/api/health`);
      expect(health.ok).toBe(true);
      while (!/Reconstruiește indexul/.test(server.output())) await new Promise((r) => setTimeout(r, 50));
      const lines = server.output().split("\n");
      const at = lines.findIndex((line) => /rulează pe/.test(line));
      expect(at).toBeGreaterThanOrEqual(0);
      const notice = lines.slice(at + 1).find((line) => /^Atenție: /.test(line));
      expect(notice).toMatch(/^Atenție: indexul corpusului există, dar nu a putut fi citit \(SyntaxError: /);
      expect(notice).toContain("pe pagina Corpus, butonul „Reconstruiește indexul”");
      expect(notice).toContain("npm run cli -- index --rebuild");
      expect(server.child.exitCode).toBeNull();
    } finally {
      await server.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
