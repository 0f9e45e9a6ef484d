// The app's close() and the requests it finds running: it waits for them a while (server/httpClose.ts), then closes
// their connections, so that a server whose provider hangs still stops, and the request's model calls stop with it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer } from "../support/fakeOpenAI";
import { POPULIST_ANNOTATION } from "../support/fixtures";
import { startTestServer } from "../support/server";

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
});
