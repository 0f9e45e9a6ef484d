// The app's close() and the requests it finds running: it waits for them a while (server/httpClose.ts), then closes
// their connections, so that a server whose provider hangs still stops, and the request's model calls stop with it.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer } from "../support/fakeOpenAI";
import { POPULIST_ANNOTATION } from "../support/fixtures";
import { startTestServer } from "../support/server";
import { commentsDataset } from "../support/takeover";

describe("closing the app while a request is being answered", () => {
  let fake: FakeServer;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake?.close();
  });

  const serverOnFake = (httpCloseGraceMs: number) =>
    startTestServer(
      {
        MODEL_PRIMARY: "openai-compatible:rapid",
        MODEL_FALLBACK: "",
        OPENAI_COMPATIBLE_BASE_URL: fake.url,
        OPENAI_COMPATIBLE_API_KEY: "cheie-de-test",
      },
      undefined,
      { httpCloseGraceMs },
    );
  const annotate = (url: string) =>
    fetch(`${url}/api/annotate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ texts: ["Guvernul minte poporul."] }),
    });

  it("closes the connection of a request still running after the grace, and close() returns", async () => {
    fake.reset();
    fake.setDefault({ fault: "hang" });
    const server = await serverOnFake(300);
    const answer = annotate(server.url).then(
      (res) => ({ status: res.status }),
      (err: unknown) => ({ error: String(err) }),
    );
    // The provider has the model call: the request is being answered, and will not be.
    await expect.poll(() => fake.requests.length).toBeGreaterThan(0);
    await server.close();
    // The request did not get an answer: its connection was closed under it.
    expect(await answer).toMatchObject({ error: expect.stringContaining("fetch failed") });
    expect(server.app.http.listening).toBe(false);
    // And the model call it was waiting on was given up: the provider saw its connection close.
    await expect.poll(() => fake.requests.every((r) => r.closedAt !== undefined)).toBe(true);
  });

  it("lets a request that finishes within the grace get its answer", async () => {
    fake.reset();
    fake.setDefault({ text: JSON.stringify(POPULIST_ANNOTATION), delayMs: 400 });
    const server = await serverOnFake(10_000);
    const answer = annotate(server.url).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { results: unknown[] },
    }));
    await expect.poll(() => fake.requests.length).toBeGreaterThan(0);
    await server.close();
    const { status, body } = await answer;
    expect(status).toBe(200);
    expect(body.results).toHaveLength(1);
  });

  /**
   * Sends a request's headers and half its body, closes the server, then sends the rest: the request is answered
   * during the grace. Resolves with the whole reply once the server is closed.
   */
  async function sentDuringClose(
    server: Awaited<ReturnType<typeof serverOnFake>>,
    method: string,
    route: string,
    payload: unknown,
  ): Promise<{ status: string; body: string }> {
    const body = JSON.stringify(payload);
    const socket = connect(server.app.port(), "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    let reply = "";
    socket.on("data", (chunk: Buffer) => (reply += chunk.toString("utf8")));
    const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(
      `${method} ${route} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = server.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.write(body.slice(5));
    await ended;
    await closing;
    const [head, ...rest] = reply.split("\r\n\r\n");
    return { status: head!.split("\r\n")[0]!, body: rest.join("\r\n\r\n") };
  }

  it("answers a workbench request whose body arrives during the grace, with its store still open", async () => {
    const server = await serverOnFake(10_000);
    const created = await commentsDataset(server.url, server.url, 2);
    expect(created.status).toBe(201);
    const route = `/api/workbench/datasets/${created.body.dataset.id}/shared`;
    expect((await sentDuringClose(server, "PUT", route, { shared: true })).status).toBe("HTTP/1.1 200 OK");
  });

  it("starts no comparison once the server closes, and says so in the asker's language", async () => {
    const server = await serverOnFake(10_000);
    const reply = await sentDuringClose(server, "POST", "/api/compare", { models: ["offline:extractive"] });
    expect(reply.status).toBe("HTTP/1.1 503 Service Unavailable");
    expect(reply.body).toContain("Serverul se oprește acum");
  });
});
