// A real instance (server/index.ts in a child process) that cannot start says why in one line naming the variable
// to change, and exits: Redis or PostgreSQL not answering, the port already taken.
import { createServer, type Server } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { startChildServer } from "../support/childServer";
import { tempCorpus } from "../support/server";

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
