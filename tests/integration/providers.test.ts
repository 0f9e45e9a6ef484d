// The real provider clients (ChatOpenAI, ChatOpenAICompletions, ChatGoogleGenerativeAI) against local protocol
// servers: ids, streaming, usage, structured annotation with repair, and every fault mapped to our error codes.
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Annotation } from "../../contract/annotation";
import { parseConfig, type Config } from "../../server/config";
import { AppError } from "../../contract/errors";
import { codebookPrompt } from "../../server/codebook/codebookPrompt";
import { annotateText } from "../../server/models/structuredOutput";
import {
  classifyProviderError,
  parseRetryAfter,
  providerError,
  redactSecrets,
} from "../../server/models/providerErrors";
import {
  createChatModel as createModel,
  isConfigured,
  parseModelId,
  providerClient,
  remoteModel,
  type ChatModelOptions,
} from "../../server/models/providers";
import { type FakeServer, type OpenAIChatBody } from "../support/fakeOpenAI";
import { startFakeProviders, type FakeProviders } from "../support/fakeProviders";
import type { GeminiBody } from "../support/fakeGemini";

const KEYS = {
  OPENAI_API_KEY: "sk-test-openai-0123456789abcdef",
  OPENROUTER_API_KEY: "sk-or-v1-test-0123456789abcdef",
  GOOGLE_API_KEY: "AIzaSy-test-0123456789abcdef",
  OPENAI_COMPATIBLE_API_KEY: "compat-test-0123456789",
};

const VALID: Annotation = {
  ton: "negativ",
  populism: true,
  anti_elitism: true,
  popor_central: true,
  tema: "coruptie",
  tinta: "guvernul",
  incredere: 0.82,
  justificare: "Textul opune poporul cinstit unei clase politice descrise drept hoață.",
  dovezi: ["hoții", "poporul"],
};
const COMMENT = "Hoții din guvern își bat joc de poporul cinstit!";

let openai: FakeServer;
let gemini: FakeServer;
let config: Config;

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A provider's chat model as the gateway builds it (temperature 0 unless given). */
function createChatModel(
  id: string,
  cfg: Config,
  options: Partial<ChatModelOptions> = {},
): Promise<BaseChatModel> {
  return createModel(id, cfg, { temperature: 0, ...options });
}

/** Annotates through a provider's own JSON request and the shared validation and repair, as the gateway does. */
async function annotateWithLlm(
  id: string,
  text: string,
  options: { method?: "json_schema" | "tool_call"; systemPrompt?: string } = {},
) {
  const chat = await createChatModel(id, config);
  const client = await providerClient(remoteModel(id, config).provider);
  const signal = new AbortController().signal;
  const request = (messages: Parameters<typeof client.requestJson>[1]) =>
    client.requestJson(chat, messages, { signal, onFirstChunk: () => {}, method: options.method });
  return annotateText(request, text, options.systemPrompt ?? codebookPrompt());
}

async function streamTexts(model: BaseChatModel, input: string) {
  const texts: string[] = [];
  let inputTokens = 0;
  let outputTokens = 0;
  for await (const chunk of await model.stream(input)) {
    if (chunk.text) texts.push(chunk.text);
    inputTokens += chunk.usage_metadata?.input_tokens ?? 0;
    outputTokens += chunk.usage_metadata?.output_tokens ?? 0;
  }
  return { texts, inputTokens, outputTokens };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail");
}

async function consume(model: BaseChatModel, input: string, seen: string[] = []): Promise<void> {
  for await (const chunk of await model.stream(input)) if (chunk.text) seen.push(chunk.text);
}

function openAIBody(index = -1): OpenAIChatBody {
  return openai.requests.at(index)?.body as OpenAIChatBody;
}

let fakes: FakeProviders;

beforeAll(async () => {
  fakes = await startFakeProviders(KEYS);
  ({ openai, gemini, config } = fakes);
});

afterAll(() => fakes.close());

beforeEach(() => fakes.reset());

describe("parseModelId", () => {
  it("splits at the first colon so model names keep theirs", () => {
    expect(parseModelId("openrouter:meta-llama/llama-3.3-70b-instruct:free")).toEqual({
      provider: "openrouter",
      model: "meta-llama/llama-3.3-70b-instruct:free",
    });
    expect(parseModelId("ollama:qwen2.5:3b")).toEqual({ provider: "ollama", model: "qwen2.5:3b" });
    expect(parseModelId("google-genai:gemini-2.5-flash")).toEqual({
      provider: "google-genai",
      model: "gemini-2.5-flash",
    });
    expect(parseModelId("openai-compatible:phi-4-mini")).toEqual({
      provider: "openai-compatible",
      model: "phi-4-mini",
    });
    expect(parseModelId("offline:lexicon")).toEqual({ provider: "offline", model: "lexicon" });
  });

  it.each(["anthropic:claude", "gpt-4o-mini", "openai:", ":gpt-4o", ""])(
    "rejects %j as an unknown model",
    (id) => {
      const err = failureOfSync(() => parseModelId(id));
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("input:unknown_model");
      expect((err as AppError).params.model).toBe(id);
    },
  );
});

function failureOfSync(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("isConfigured and createChatModel", () => {
  it("needs a key for hosted providers, none for Ollama, a base URL for openai-compatible", () => {
    const bare = parseConfig({});
    expect(isConfigured("openai:gpt-4o-mini", bare)).toBe(false);
    expect(isConfigured("openrouter:x/y:free", bare)).toBe(false);
    expect(isConfigured("google-genai:gemini-2.5-flash", bare)).toBe(false);
    expect(isConfigured("ollama:qwen2.5:3b", bare)).toBe(true);
    expect(isConfigured("openai-compatible:phi-4-mini", bare)).toBe(false);
    expect(isConfigured("offline:extractive", bare)).toBe(true);
    expect(isConfigured("nonsense", bare)).toBe(false);
    expect(isConfigured("openai:gpt-4o-mini", config)).toBe(true);
    expect(isConfigured("google-genai:gemini-2.5-flash", config)).toBe(true);
    expect(
      isConfigured("openai-compatible:phi-4-mini", parseConfig({ OPENAI_COMPATIBLE_BASE_URL: openai.url })),
    ).toBe(true);
  });

  it("refuses offline ids and providers without their key", async () => {
    await expect(createChatModel("offline:lexicon", config)).rejects.toMatchObject({
      code: "input:unknown_model",
    });
    await expect(createChatModel("openai:gpt-4o-mini", parseConfig({}))).rejects.toMatchObject({
      code: "provider:auth",
    });
  });
});

describe("streaming through the real clients", () => {
  const cases: { id: string; model: string; auth: string }[] = [
    { id: "openai:gpt-4o-mini", model: "gpt-4o-mini", auth: `Bearer ${KEYS.OPENAI_API_KEY}` },
    {
      id: "openrouter:meta-llama/llama-3.3-70b-instruct:free",
      model: "meta-llama/llama-3.3-70b-instruct:free",
      auth: `Bearer ${KEYS.OPENROUTER_API_KEY}`,
    },
    { id: "ollama:qwen2.5:3b", model: "qwen2.5:3b", auth: "Bearer ollama" },
    {
      id: "openai-compatible:phi-4-mini",
      model: "phi-4-mini",
      auth: `Bearer ${KEYS.OPENAI_COMPATIBLE_API_KEY}`,
    },
  ];

  it.each(cases)("$id streams tokens in order with usage, model name intact", async ({ id, model, auth }) => {
    openai.script({ text: "Pensiile au crescut cu zece la sută anul acesta.", tokenDelayMs: 2 });
    const chat = await createChatModel(id, config, { temperature: 0.3 });
    const { texts, inputTokens, outputTokens } = await streamTexts(chat, "Ce s-a întâmplat cu pensiile?");

    expect(texts).toEqual([
      "Pensiile ",
      "au ",
      "crescut ",
      "cu ",
      "zece ",
      "la ",
      "sută ",
      "anul ",
      "acesta.",
    ]);
    expect(inputTokens).toBeGreaterThan(0);
    expect(outputTokens).toBe(9);
    const request = openai.requests[0];
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe(auth);
    const body = openAIBody(0);
    expect(body.model).toBe(model);
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect((body as { temperature?: number }).temperature).toBe(0.3);
  });

  it("sends OpenRouter's attribution headers", async () => {
    openai.script({ text: "Bună ziua." });
    await (
      await createChatModel("openrouter:meta-llama/llama-3.3-70b-instruct:free", config)
    ).invoke("Salut");
    expect(openai.requests[0]?.headers["x-title"]).toBe("EchoChamber");
    expect(openai.requests[0]?.headers["http-referer"]).toBe("EchoChamber");
  });

  it("Gemini streams over SSE with the key in its header and reports usage", async () => {
    gemini.script({ text: "Taxele au fost majorate din nou.", tokenDelayMs: 2 });
    const chat = await createChatModel("google-genai:gemini-2.5-flash", config, { temperature: 0.3 });
    const { texts, inputTokens, outputTokens } = await streamTexts(chat, "Ce s-a întâmplat cu taxele?");

    expect(texts).toEqual(["Taxele ", "au ", "fost ", "majorate ", "din ", "nou."]);
    expect(inputTokens).toBeGreaterThan(0);
    expect(outputTokens).toBe(6);
    const request = gemini.requests[0];
    expect(request?.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    expect(request?.headers["x-goog-api-key"]).toBe(KEYS.GOOGLE_API_KEY);
    expect(request?.headers.authorization).toBeUndefined();
    expect((request?.body as GeminiBody).generationConfig?.temperature).toBe(0.3);
  });

  it("Gemini invoke also streams, so one call yields the whole text and its usage", async () => {
    gemini.script({ text: "Un răspuns întreg." });
    const message = await (await createChatModel("google-genai:gemini-2.5-flash", config)).invoke("Salut");
    expect(message.text).toBe("Un răspuns întreg.");
    expect(message.usage_metadata?.output_tokens).toBe(3);
    expect(gemini.requests[0]?.path).toContain(":streamGenerateContent?alt=sse");
  });

  it("the fake lists its models like /v1/models", async () => {
    const response = await fetch(`${openai.url}/models`);
    const list = (await response.json()) as { data: { id: string }[] };
    expect(list.data.map((m) => m.id)).toContain("qwen2.5:3b");
  });
});

describe("structured annotation through each provider's JSON request", () => {
  const openAILikes: { id: string }[] = [
    { id: "openai:gpt-4o-mini" },
    { id: "openrouter:meta-llama/llama-3.3-70b-instruct:free" },
    { id: "ollama:qwen2.5:3b" },
  ];

  it.each(openAILikes)("$id asks for a strict json_schema and validates the answer", async ({ id }) => {
    openai.script({ json: VALID });
    const result = await annotateWithLlm(id, COMMENT);

    expect(result).toMatchObject({ annotation: VALID, repaired: false });
    expect(result.usage?.outputTokens).toBeGreaterThan(0);
    const body = openAIBody(0) as OpenAIChatBody & {
      response_format: {
        type: string;
        json_schema: { name: string; strict: boolean; schema: Record<string, unknown> };
      };
      messages: { role: string; content: string }[];
    };
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema.strict).toBe(true);
    const schema = body.response_format.json_schema.schema as {
      required: string[];
      additionalProperties: boolean;
    };
    expect(schema.required).toEqual(
      expect.arrayContaining(["ton", "populism", "tema", "justificare", "dovezi"]),
    );
    expect(schema.additionalProperties).toBe(false);
    expect(body.messages[0]).toEqual({ role: "system", content: codebookPrompt() });
    expect(body.messages[1]?.content).toContain(COMMENT);
  });

  it("supports one forced tool call instead of json_schema", async () => {
    openai.script({ json: VALID, tokenDelayMs: 1 });
    const result = await annotateWithLlm("openai-compatible:phi-4-mini", COMMENT, { method: "tool_call" });

    expect(result.annotation).toEqual(VALID);
    const body = openAIBody(0) as OpenAIChatBody & { tool_choice: unknown; response_format?: unknown };
    expect(body.tools?.[0]?.function?.name).toBe("adnotare");
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "adnotare" } });
    expect(body.response_format).toBeUndefined();
  });

  it("Gemini gets a responseSchema it accepts (nullable, no type lists) and JSON mode", async () => {
    gemini.script({ json: VALID });
    const result = await annotateWithLlm("google-genai:gemini-2.5-flash", COMMENT, {
      systemPrompt: "Adnotează textul.",
    });

    expect(result).toMatchObject({ annotation: VALID, repaired: false });
    expect(result.usage?.outputTokens).toBeGreaterThan(0);
    const body = gemini.requests[0]?.body as GeminiBody & {
      systemInstruction: { parts: { text: string }[] };
    };
    expect(body.generationConfig?.responseMimeType).toBe("application/json");
    const schema = body.generationConfig?.responseSchema as {
      properties: Record<string, { type: unknown; nullable?: boolean }>;
      propertyOrdering: string[];
    };
    expect(schema.properties.tinta).toMatchObject({ type: "string", nullable: true });
    expect(Object.values(schema.properties).every((p) => typeof p.type === "string")).toBe(true);
    expect(schema.propertyOrdering[0]).toBe("ton");
    expect(JSON.stringify(schema)).not.toContain("additionalProperties");
    expect(body.systemInstruction.parts[0]?.text).toBe("Adnotează textul.");
  });

  it("takes a JSON object out of a code fence without a second call", async () => {
    openai.script({ rawContent: `Iată adnotarea:\n\`\`\`json\n${JSON.stringify(VALID)}\n\`\`\`` });
    const result = await annotateWithLlm("ollama:qwen2.5:3b", COMMENT);
    expect(result).toMatchObject({ annotation: VALID, repaired: true });
    expect(openai.requests).toHaveLength(1);
  });

  it("repairs invalid JSON once by sending the output and the problem back", async () => {
    openai.script({ fault: "invalid_json" }, { json: VALID });
    const result = await annotateWithLlm("openai:gpt-4o-mini", COMMENT);

    expect(result).toMatchObject({ annotation: VALID, repaired: true });
    expect(openai.requests).toHaveLength(2);
    const repair = openAIBody(1).messages ?? [];
    expect(repair.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(repair[2]?.content).toBe('{"ton": "negativ", "populism": tr');
    expect(String(repair[3]?.content)).toContain("nu respectă schema");
    // Usage of both calls is added up.
    expect(result.usage?.inputTokens).toBeGreaterThan(openAIBody(0).messages?.length ?? 0);
  });

  it("repairs output that is JSON but breaks the schema (Gemini)", async () => {
    gemini.script({ json: { ...VALID, ton: "furios" } }, { json: VALID });
    const result = await annotateWithLlm("google-genai:gemini-2.5-flash", COMMENT);
    expect(result).toMatchObject({ annotation: VALID, repaired: true });
    const repair = (gemini.requests[1]?.body as GeminiBody).contents ?? [];
    expect(repair.map((c) => c.role)).toEqual(["user", "model", "user"]);
    expect(repair[2]?.parts[0]?.text).toContain("ton");
  });

  it.each([
    { id: "openai:gpt-4o-mini", provider: "openai" as const },
    { id: "google-genai:gemini-2.5-flash", provider: "google-genai" as const },
  ])("$id: invalid twice is provider:invalid_output", async ({ id, provider }) => {
    const fake = provider === "openai" ? openai : gemini;
    fake.script({ fault: "invalid_json" }, { rawContent: "încă nu e JSON" });
    const err = await failureOf(annotateWithLlm(id, COMMENT));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("provider:invalid_output");
    expect(fake.requests).toHaveLength(2);
  });

  it("an empty answer is provider:empty, not an annotation", async () => {
    openai.script({ fault: "empty" });
    const err = await failureOf(annotateWithLlm("openai:gpt-4o-mini", COMMENT));
    expect((err as AppError).code).toBe("provider:empty");
  });
});

describe("provider faults become error codes", () => {
  it("429 with Retry-After seconds: rate_limit with the wait, and no SDK retry", async () => {
    openai.script({ fault: "429", retryAfterS: 7 });
    const err = await failureOf((await createChatModel("openai:gpt-4o-mini", config)).invoke("Salut"));
    expect(classifyProviderError(err)).toEqual({
      code: "provider:rate_limit",
      retryAfterMs: 7000,
      transient: true,
    });
    expect(openai.requests).toHaveLength(1);
  });

  it("429 with Retry-After as an HTTP date", async () => {
    openai.script({ fault: "429", retryAfterHeader: new Date(Date.now() + 30_000).toUTCString() });
    const err = await failureOf(consume(await createChatModel("openrouter:x/y:free", config), "Salut"));
    const { code, retryAfterMs } = classifyProviderError(err);
    expect(code).toBe("provider:rate_limit");
    expect(retryAfterMs).toBeGreaterThan(25_000);
    expect(retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it("Gemini 429: the wait comes from its RetryInfo detail", async () => {
    gemini.script({ fault: "429", retryAfterS: 12 });
    const err = await failureOf(
      (await createChatModel("google-genai:gemini-2.5-flash", config)).invoke("Salut"),
    );
    expect(classifyProviderError(err)).toEqual({
      code: "provider:rate_limit",
      retryAfterMs: 12_000,
      transient: true,
    });
  });

  it.each([
    { id: "ollama:qwen2.5:3b", fake: () => openai },
    { id: "google-genai:gemini-2.5-flash", fake: () => gemini },
  ])("$id: 500 is server_error, tried once", async ({ id, fake }) => {
    fake().script({ fault: "500" });
    const err = await failureOf((await createChatModel(id, config)).invoke("Salut"));
    expect(classifyProviderError(err)).toEqual({ code: "provider:server_error", transient: true });
    expect(fake().requests).toHaveLength(1);
  });

  it.each(["openai:gpt-4o-mini", "google-genai:gemini-2.5-flash"])(
    "%s: connection refused is network",
    async (id) => {
      const port = await closedPort();
      const refused = parseConfig({
        ...KEYS,
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        GOOGLE_GENAI_BASE_URL: `http://127.0.0.1:${port}`,
      });
      const err = await failureOf((await createChatModel(id, refused)).invoke("Salut"));
      expect(classifyProviderError(err)).toEqual({ code: "provider:network", transient: true });
    },
  );

  it("an aborted call stops a hung server at once", async () => {
    gemini.script({ fault: "hang" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await failureOf(
      (await createChatModel("google-genai:gemini-2.5-flash", config)).invoke("Salut", {
        signal: controller.signal,
      }),
    );
    expect(classifyProviderError(err).code).toBe("provider:timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([
    { id: "openai:gpt-4o-mini", fake: () => openai },
    { id: "google-genai:gemini-2.5-flash", fake: () => gemini },
  ])("$id: a stream cut mid-answer is network, after the first tokens", async ({ id, fake }) => {
    fake().script({ text: "unu doi trei patru cinci șase", fault: "cut", cutAfterTokens: 2 });
    const seen: string[] = [];
    const err = await failureOf(consume(await createChatModel(id, config), "Salut", seen));
    expect(seen).toEqual(["unu ", "doi "]);
    expect(classifyProviderError(err)).toEqual({ code: "provider:network", transient: true });
  });

  it("maps parse errors and our own errors", () => {
    expect(classifyProviderError(failureOfSync(() => JSON.parse("{nu"))).code).toBe(
      "provider:invalid_output",
    );
    const zodError = z.object({ ton: z.string() }).safeParse({}).error;
    expect(classifyProviderError(zodError).code).toBe("provider:invalid_output");
    expect(classifyProviderError(new AppError("provider:first_token_timeout"))).toEqual({
      code: "provider:first_token_timeout",
      transient: true,
    });
    expect(classifyProviderError(new Error("something odd"))).toEqual({
      code: "provider:error",
      transient: false,
    });
    expect(parseRetryAfter("2.5")).toBe(2500);
    expect(
      parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:00 GMT")),
    ).toBe(60_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("secrets", () => {
  it("the key travels as the Authorization header and redactSecrets removes it from text", async () => {
    openai.script({ text: "ok" });
    await (await createChatModel("openai:gpt-4o-mini", config)).invoke("Salut");
    expect(openai.requests[0]?.headers.authorization).toBe(`Bearer ${KEYS.OPENAI_API_KEY}`);

    const line = `request failed with key ${KEYS.OPENAI_API_KEY} and ${KEYS.GOOGLE_API_KEY}`;
    const redacted = redactSecrets(line, config);
    expect(redacted).toBe("request failed with key [redactat] and [redactat]");
    expect(redactSecrets("Authorization: Bearer abcdefghijklmnop", parseConfig({}))).toBe(
      "Authorization: Bearer [redactat]",
    );
  });

  it.each([
    {
      id: "openrouter:meta-llama/llama-3.3-70b-instruct:free",
      fake: () => openai,
      key: KEYS.OPENROUTER_API_KEY,
    },
    { id: "google-genai:gemini-2.5-flash", fake: () => gemini, key: KEYS.GOOGLE_API_KEY },
  ])("$id: a key echoed in an auth error never reaches the classified error", async ({ id, fake, key }) => {
    fake().script({ fault: "auth", errorMessage: `API key not valid: ${key}` });
    const err = await failureOf((await createChatModel(id, config)).invoke("Salut"));
    expect(String((err as Error).message)).toContain(key);

    expect(classifyProviderError(err)).toEqual({ code: "provider:auth", transient: false });
    const appError = providerError(err, config, id);
    expect(appError.code).toBe("provider:auth");
    const everything = JSON.stringify({
      message: appError.message,
      params: appError.params,
      cause: String(appError.cause),
      stack: (appError.cause as Error).stack,
    });
    expect(everything).not.toContain(key);
    expect(everything).toContain("[redactat]");
  });
});
