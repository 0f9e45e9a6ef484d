// Provider embedders from the gateway, through the real LangChain classes, against the fake OpenAI and Gemini
// servers: request shape, vectors, errors without keys, and a whole server whose index is built by a provider.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../server/config";
import { ModelGateway } from "../../server/models/gateway";
import type { HealthResponse } from "../../contract/api";
import type { Source } from "../../contract/corpus";
import { fakeEmbedding, type FakeServer } from "../support/fakeOpenAI";
import { startFakeProviders, type FakeProviders } from "../support/fakeProviders";
import { record, send, startTestServer } from "../support/server";

const KEYS = {
  OPENAI_API_KEY: "sk-test-embed-0123456789",
  GOOGLE_API_KEY: "AIza-TEST-SECRET-123",
  OPENAI_COMPATIBLE_API_KEY: "compat-embed-0123456789",
};
const TEXTS = ["Pensiile speciale au crescut.", "Taxele pentru firmele mici"];

let openai: FakeServer;
let gemini: FakeServer;
let config: Config;

let fakes: FakeProviders;

beforeAll(async () => {
  fakes = await startFakeProviders(KEYS);
  ({ openai, gemini, config } = fakes);
});

afterAll(() => fakes.close());

beforeEach(() => fakes.reset());

describe("OpenAI embeddings API (OpenAI, Ollama, OpenAI-compatible)", () => {
  it.each([
    {
      id: "openai:text-embedding-3-small",
      model: "text-embedding-3-small",
      auth: `Bearer ${KEYS.OPENAI_API_KEY}`,
    },
    { id: "ollama:nomic-embed-text", model: "nomic-embed-text", auth: "Bearer ollama" },
    {
      id: "openai-compatible:bge-m3",
      model: "bge-m3",
      auth: `Bearer ${KEYS.OPENAI_COMPATIBLE_API_KEY}`,
    },
  ])("$id embeds documents and queries at its base URL", async ({ id, model, auth }) => {
    const embeddings = await new ModelGateway(config).embeddings(id);
    const vectors = await embeddings.embedDocuments(TEXTS);
    expect(vectors).toEqual(TEXTS.map((t) => fakeEmbedding(t)));
    expect(await embeddings.embedQuery("pensii")).toEqual(fakeEmbedding("pensii"));

    const request = openai.requests[0]!;
    expect(request.path).toBe("/v1/embeddings");
    expect(request.headers.authorization).toBe(auth);
    expect(request.body).toMatchObject({ model, input: TEXTS, encoding_format: "float" });
  });

  it("a refused key is a readable error without the key", async () => {
    openai.script({ fault: "auth" });
    const embeddings = await new ModelGateway(config).embeddings("openai:text-embedding-3-small");
    const err = (await embeddings.embedQuery("x").catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("provider:auth");
    expect(err.message).toContain("openai:text-embedding-3-small");
    expect(`${err.message} ${String((err.cause as Error).cause)}`).not.toContain(KEYS.OPENAI_API_KEY);
  });
});

describe("Gemini embeddings", () => {
  it("google-genai:text-embedding-004 uses batchEmbedContents and embedContent with the key in its header", async () => {
    const embeddings = await new ModelGateway(config).embeddings("google-genai:text-embedding-004");
    expect(await embeddings.embedDocuments(TEXTS)).toEqual(TEXTS.map((t) => fakeEmbedding(t)));
    expect(await embeddings.embedQuery("pensii")).toEqual(fakeEmbedding("pensii"));
    expect(gemini.requests.map((r) => r.path)).toEqual([
      "/v1beta/models/text-embedding-004:batchEmbedContents",
      "/v1beta/models/text-embedding-004:embedContent",
    ]);
    expect(gemini.requests[0]!.headers["x-goog-api-key"]).toBe(KEYS.GOOGLE_API_KEY);
  });

  it("a failed batch is an error, not a set of empty vectors", async () => {
    // Failing every try: the first and both retries.
    gemini.script({ fault: "500" }, { fault: "500" }, { fault: "500" });
    const embeddings = await new ModelGateway(config).embeddings("google-genai:text-embedding-004");
    await expect(embeddings.embedDocuments(TEXTS)).rejects.toThrow(
      /google-genai:text-embedding-004.*a eșuat/,
    );
  });
});

describe("an embedder that never answers", () => {
  it.each([
    { id: "openai:text-embedding-3-small", fake: () => openai },
    { id: "google-genai:text-embedding-004", fake: () => gemini },
  ])("$id is given up at EMBEDDING_TIMEOUT_MS, its sockets closed", async ({ id, fake }) => {
    const server = fake();
    for (let i = 0; i < 5; i++) server.script({ fault: "hang" });
    const embeddings = await new ModelGateway({ ...config, EMBEDDING_TIMEOUT_MS: 300 }).embeddings(id);
    const started = Date.now();
    const err = (await embeddings.embedQuery("pensii").catch((e: unknown) => e)) as Error;
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain(id);
    // Three tries (the first and EMBEDDING_RETRIES) of 300 ms each, with the retries' pauses between them.
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(10_000);
    // Every hung request was closed by the client: the fake saw each socket go.
    const hung = server.requests.filter((r) => r.path.includes("mbed"));
    expect(hung.length).toBeGreaterThanOrEqual(1);
    await expect.poll(() => hung.every((r) => r.closedAt !== undefined), { timeout: 2000 }).toBe(true);
  });
});

describe("a server whose index is built by a provider embedder", () => {
  it("builds, records the embedder and answers from it", async () => {
    const server = await startTestServer({
      EMBEDDINGS: "openai-compatible:bge-m3",
      OPENAI_COMPATIBLE_BASE_URL: openai.url,
      OPENAI_COMPATIBLE_API_KEY: KEYS.OPENAI_COMPATIBLE_API_KEY,
      // Only the embedder is a provider here; the chat stays offline.
      MODEL_PRIMARY: "offline:extractive",
    });
    try {
      const built = openai.requests.length;
      expect(built).toBeGreaterThan(0);
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as HealthResponse;
      expect(health.corpus.embedder).toBe("openai-compatible:bge-m3");

      const socket = await server.connect();
      const rec = record(socket);
      await send(socket, { text: "Ce spun oamenii despre pensiile speciale?" });
      const events = await rec.finished;
      const sources = events.find((e) => e.event === "chat:sources")!.payload.sources as Source[];
      expect(sources.length).toBeGreaterThan(0);
      // The question itself was embedded by the provider.
      expect(openai.requests.length).toBe(built + 1);
      expect(JSON.stringify((openai.requests.at(-1)!.body as { input: unknown }).input)).toContain(
        "Ce spun oamenii despre pensiile speciale?",
      );
    } finally {
      await server.close();
    }
  });
});
