// A local server that speaks OpenAI chat completions (JSON and SSE streaming, json_schema output, tool calls) and
// embeddings, so tests drive the real OpenAI SDK through LangChain without the internet. Each reply is scripted;
// faults included.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * `hang`: nothing at all, not even the status line; `stall`: the status line and `cutAfterTokens` tokens, then
 * nothing (a hang mid-stream); `cut`: some tokens, then the connection dies.
 */
export type FakeFault = "429" | "500" | "auth" | "hang" | "stall" | "cut" | "invalid_json" | "empty";

/** What the fake answers to one request. Every field is optional; an empty reply answers "Răspuns de test." */
export interface FakeReply {
  /** Plain text answer (streamed word by word when the client streams). */
  text?: string;
  /** A value sent as JSON: the content under json_schema / json_object, the arguments when tools are given. */
  json?: unknown;
  /** Content sent exactly as given (wins over `json` and `text`), e.g. broken JSON. */
  rawContent?: string;
  /** Wait before sending the status line and headers. */
  delayMs?: number;
  /** Wait between streamed tokens. */
  tokenDelayMs?: number;
  fault?: FakeFault;
  /** Retry-After (seconds) for the 429 fault; `retryAfterHeader` sends an exact header value instead. */
  retryAfterS?: number;
  retryAfterHeader?: string;
  /** For the `cut` and `stall` faults: tokens sent before the connection dies or goes silent (default 2). */
  cutAfterTokens?: number;
  /** Message of an error body; the `auth` fault puts the received key in it, as careless servers do. */
  errorMessage?: string;
}

export type FakeScript = FakeReply | ((request: RecordedRequest) => FakeReply);

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** When the request arrived (performance.now() of the server's process). */
  receivedAt: number;
  /**
   * When its response was over: sent in full, or its connection closed by either side. A hung reply that the client
   * abandons gets it when the client closes the connection; one left open never does.
   */
  closedAt?: number;
}

export interface FakeServer {
  /** Base URL as a client is configured with it. */
  url: string;
  /** Queues replies, used one per request in order; when the queue is empty the default reply answers. */
  script(...replies: FakeScript[]): void;
  /** The reply used when nothing is queued. */
  setDefault(reply: FakeScript): void;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Forgets queued replies and recorded requests, and restores the default reply. */
  reset(): void;
  close(): Promise<void>;
}

export interface OpenAIChatBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: { role: string; content: unknown }[];
  tools?: { type: string; function?: { name: string } }[];
  response_format?: { type: string };
}

const DEFAULT_TEXT = "Răspuns de test.";

/**
 * A deterministic embedding for the fakes: lower-cased words hashed into `dims` buckets, L2-normalised, so that
 * texts sharing words land close and an index built through a fake can really be searched.
 */
export function fakeEmbedding(text: string, dims = 64): number[] {
  const vector = new Array<number>(dims).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    vector[(h >>> 0) % dims]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => x / norm);
}

/** Splits text into tokens that join back to it exactly: words with their trailing spaces. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: keep the text so a test can see what arrived.
    return text;
  }
}

export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** A scripted HTTP server on 127.0.0.1 with a free port; the handler gets the recorded request and its reply. */
export async function startScriptedServer(
  basePath: string,
  handle: (
    req: IncomingMessage,
    res: ServerResponse,
    recorded: RecordedRequest,
    next: () => FakeReply,
  ) => Promise<void>,
): Promise<FakeServer> {
  const queue: FakeScript[] = [];
  let fallback: FakeScript = {};
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void (async () => {
      const receivedAt = performance.now();
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers: flatHeaders(req),
        body: await readBody(req),
        receivedAt,
      };
      res.on("close", () => {
        recorded.closedAt = performance.now();
      });
      requests.push(recorded);
      const next = (): FakeReply => {
        const script = queue.shift() ?? fallback;
        return typeof script === "function" ? script(recorded) : script;
      };
      await handle(req, res, recorded, next);
    })().catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `fake server failure: ${String(err)}` } }));
      } else {
        res.destroy();
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    script: (...replies) => queue.push(...replies),
    setDefault: (reply) => {
      fallback = reply;
    },
    requests,
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      fallback = {};
    },
    close: async () => {
      // Hung requests keep their sockets open; end them so close() returns.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Whether the client is gone (aborted or timed out), so the fake stops writing. */
export function clientGone(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded;
}

/** Kills the connection mid-response, after what was written has reached the client (a cut, not a refusal). */
export async function cutConnection(res: ServerResponse): Promise<void> {
  if (!clientGone(res)) await new Promise<void>((resolve) => res.write("", () => resolve()));
  await sleep(20);
  res.destroy();
}

/** Waits forever, or until the client goes away. */
export function hang(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => res.on("close", () => resolve()));
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (clientGone(res)) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function bearerKey(headers: Record<string, string>): string {
  return (headers.authorization ?? "").replace(/^Bearer\s+/i, "");
}

/** The content the reply stands for, after faults that change it. */
function replyContent(reply: FakeReply): string {
  if (reply.fault === "empty") return "";
  if (reply.rawContent !== undefined) return reply.rawContent;
  if (reply.fault === "invalid_json") return '{"ton": "negativ", "populism": tr';
  if (reply.json !== undefined) return JSON.stringify(reply.json);
  return reply.text ?? DEFAULT_TEXT;
}

function countWords(value: unknown): number {
  return JSON.stringify(value ?? "")
    .split(/\s+/)
    .filter(Boolean).length;
}

/** Sends the error faults; returns true when the request was answered by one. */
async function sendFault(res: ServerResponse, reply: FakeReply, recorded: RecordedRequest): Promise<boolean> {
  switch (reply.fault) {
    case "429":
      sendJson(
        res,
        429,
        {
          error: {
            message: reply.errorMessage ?? "Rate limit reached for requests. Please slow down.",
            type: "requests",
            code: "rate_limit_exceeded",
          },
        },
        { "retry-after": reply.retryAfterHeader ?? String(reply.retryAfterS ?? 1) },
      );
      return true;
    case "500":
      sendJson(res, 500, {
        error: { message: reply.errorMessage ?? "The server had an error.", type: "server_error" },
      });
      return true;
    case "auth":
      sendJson(res, 401, {
        error: {
          message: reply.errorMessage ?? `Incorrect API key provided: ${bearerKey(recorded.headers)}.`,
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      });
      return true;
    case "hang":
      await hang(res);
      return true;
    default:
      return false;
  }
}

/** Starts the fake OpenAI server; `url` ends in /v1 like the real base URL. */
export async function startFakeOpenAI(options: { models?: string[] } = {}): Promise<FakeServer> {
  const models = options.models ?? ["gpt-4o-mini", "qwen2.5:3b", "meta-llama/llama-3.3-70b-instruct:free"];
  let counter = 0;

  return startScriptedServer("/v1", async (req, res, recorded, next) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "GET" && (path === "/v1/models" || path === "/models")) {
      sendJson(res, 200, {
        object: "list",
        data: models.map((id) => ({ id, object: "model", created: 0, owned_by: "fake" })),
      });
      return;
    }
    if (req.method === "POST" && (path === "/v1/embeddings" || path === "/embeddings")) {
      const reply = next();
      if (reply.delayMs) await sleep(reply.delayMs);
      if (clientGone(res) || (await sendFault(res, reply, recorded))) return;
      const body = (typeof recorded.body === "object" && recorded.body !== null ? recorded.body : {}) as {
        input?: string | string[];
        model?: string;
        encoding_format?: "float" | "base64";
        dimensions?: number;
      };
      const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ""];
      const encode = (v: number[]) =>
        body.encoding_format === "base64" ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
      const tokens = inputs.reduce((n, t) => n + tokenize(t).length, 0);
      sendJson(res, 200, {
        object: "list",
        model: body.model ?? "fake",
        data: inputs.map((t, index) => ({
          object: "embedding",
          index,
          embedding: encode(fakeEmbedding(t, body.dimensions ?? 64)),
        })),
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
      return;
    }
    if (req.method !== "POST" || (path !== "/v1/chat/completions" && path !== "/chat/completions")) {
      sendJson(res, 404, {
        error: { message: `Unknown path ${req.method} ${path}`, type: "invalid_request_error" },
      });
      return;
    }

    const body = (
      typeof recorded.body === "object" && recorded.body !== null ? recorded.body : {}
    ) as OpenAIChatBody;
    const reply = next();
    if (reply.delayMs) await sleep(reply.delayMs);
    if (clientGone(res) || (await sendFault(res, reply, recorded))) return;

    const id = `chatcmpl-fake-${++counter}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? "fake";
    const content = replyContent(reply);
    const tool = body.tools?.find((t) => t.type === "function")?.function;
    const asToolCall = tool !== undefined && (reply.json !== undefined || reply.rawContent !== undefined);
    const tokens = tokenize(content);
    const usage = {
      prompt_tokens: countWords(body.messages),
      completion_tokens: tokens.length,
      total_tokens: countWords(body.messages) + tokens.length,
    };
    const toolCall = {
      id: `call_fake_${counter}`,
      type: "function",
      function: { name: tool?.name ?? "", arguments: content },
    };
    const finishReason = asToolCall ? "tool_calls" : "stop";

    if (!body.stream) {
      if (reply.fault === "cut") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write(`{"id":"${id}","object":"chat.completion","choices":[{"index":0,"message":{"role":"assist`);
        await cutConnection(res);
        return;
      }
      sendJson(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [
          {
            index: 0,
            message: asToolCall
              ? { role: "assistant", content: null, tool_calls: [toolCall] }
              : { role: "assistant", content },
            finish_reason: finishReason,
          },
        ],
        usage,
      });
      return;
    }

    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    const send = (choices: unknown[], extra: Record<string, unknown> = {}) => {
      if (!clientGone(res)) {
        res.write(
          `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices, ...extra })}\n\n`,
        );
      }
    };
    const delta = (d: Record<string, unknown>, finish: string | null = null) => [
      { index: 0, delta: d, finish_reason: finish },
    ];

    send(
      delta(
        asToolCall
          ? {
              role: "assistant",
              content: null,
              tool_calls: [{ index: 0, ...toolCall, function: { ...toolCall.function, arguments: "" } }],
            }
          : { role: "assistant", content: "" },
      ),
    );
    const cutAt = reply.fault === "cut" || reply.fault === "stall" ? (reply.cutAfterTokens ?? 2) : Infinity;
    for (const [i, token] of tokens.entries()) {
      if (i >= cutAt) {
        // A real cut: the connection dies mid-stream, with no final chunk and no [DONE]. A stall: it stays open.
        if (reply.fault === "stall") await hang(res);
        else await cutConnection(res);
        return;
      }
      if (reply.tokenDelayMs) await sleep(reply.tokenDelayMs);
      if (clientGone(res)) return;
      send(
        delta(
          asToolCall ? { tool_calls: [{ index: 0, function: { arguments: token } }] } : { content: token },
        ),
      );
    }
    if (reply.fault === "cut") {
      await cutConnection(res);
      return;
    }
    send(delta({}, finishReason));
    if (body.stream_options?.include_usage) send([], { usage });
    if (!clientGone(res)) res.end("data: [DONE]\n\n");
  });
}
