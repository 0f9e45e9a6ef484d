// A local server that speaks the Gemini REST API as @google/generative-ai calls it: generateContent and
// streamGenerateContent?alt=sse, usageMetadata, JSON output under responseSchema, function calls, embedContent and
// batchEmbedContents, scripted faults.
import type { ServerResponse } from "node:http";
import {
  type FakeReply,
  type FakeServer,
  type RecordedRequest,
  clientGone,
  cutConnection,
  fakeEmbedding,
  hang,
  sleep,
  startScriptedServer,
  tokenize,
} from "./fakeOpenAI";

export type { FakeReply, FakeServer, RecordedRequest } from "./fakeOpenAI";

export interface GeminiBody {
  contents?: { role: string; parts: { text?: string }[] }[];
  systemInstruction?: unknown;
  generationConfig?: { responseMimeType?: string; responseSchema?: unknown; temperature?: number };
  tools?: { functionDeclarations?: { name: string }[] }[];
}

const ROUTE =
  /^\/(v1beta|v1|v1alpha)\/models\/([^:/]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/;
const DEFAULT_TEXT = "Răspuns de test.";

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (clientGone(res)) return;
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers });
  res.end(JSON.stringify(body));
}

function googleError(
  res: ServerResponse,
  code: number,
  status: string,
  message: string,
  details?: unknown[],
) {
  sendJson(res, code, { error: { code, message, status, ...(details ? { details } : {}) } });
}

function replyContent(reply: FakeReply): string {
  if (reply.fault === "empty") return "";
  if (reply.rawContent !== undefined) return reply.rawContent;
  if (reply.fault === "invalid_json") return '{"ton": "negativ", "populism": tr';
  if (reply.json !== undefined) return JSON.stringify(reply.json);
  return reply.text ?? DEFAULT_TEXT;
}

/** Starts the fake Gemini server; `url` is the host root, the SDK adds /v1beta/models/... itself. */
export async function startFakeGemini(): Promise<FakeServer> {
  return startScriptedServer("", async (req, res, recorded: RecordedRequest, next) => {
    const [path = "/", query = ""] = (req.url ?? "/").split("?");
    const route = ROUTE.exec(path);
    if (req.method !== "POST" || !route) {
      googleError(res, 404, "NOT_FOUND", `Unknown path ${req.method} ${path}`);
      return;
    }
    const [, version, model, method] = route;
    const body = (
      typeof recorded.body === "object" && recorded.body !== null ? recorded.body : {}
    ) as GeminiBody;
    const reply = next();
    if (reply.delayMs) await sleep(reply.delayMs);
    if (clientGone(res)) return;

    switch (reply.fault) {
      case "429":
        // Gemini puts the delay in a RetryInfo detail; the header is there for clients that read it.
        res.setHeader("retry-after", reply.retryAfterHeader ?? String(reply.retryAfterS ?? 1));
        googleError(
          res,
          429,
          "RESOURCE_EXHAUSTED",
          reply.errorMessage ?? "Resource has been exhausted (e.g. check quota).",
          [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${reply.retryAfterS ?? 1}s` }],
        );
        return;
      case "500":
        googleError(res, 500, "INTERNAL", reply.errorMessage ?? "An internal error has occurred.");
        return;
      case "auth":
        // What Gemini really sends for a bad key: 400, not 401.
        googleError(
          res,
          400,
          "INVALID_ARGUMENT",
          reply.errorMessage ?? "API key not valid. Please pass a valid API key.",
          [
            {
              "@type": "type.googleapis.com/google.rpc.ErrorInfo",
              reason: "API_KEY_INVALID",
              domain: "googleapis.com",
            },
          ],
        );
        return;
      case "hang":
        await hang(res);
        return;
    }

    if (method === "embedContent" || method === "batchEmbedContents") {
      type EmbedRequest = { content?: { parts?: { text?: string }[] }; outputDimensionality?: number };
      const embed = (r: EmbedRequest) => ({
        values: fakeEmbedding(
          (r.content?.parts ?? []).map((p) => p.text ?? "").join(" "),
          r.outputDimensionality,
        ),
      });
      const request = recorded.body as EmbedRequest & { requests?: EmbedRequest[] };
      if (method === "embedContent") sendJson(res, 200, { embedding: embed(request) });
      else sendJson(res, 200, { embeddings: (request.requests ?? []).map(embed) });
      return;
    }

    const content = replyContent(reply);
    const fn = body.tools?.flatMap((t) => t.functionDeclarations ?? [])[0];
    const asFunctionCall = fn !== undefined && reply.json !== undefined;
    const tokens = tokenize(content);
    const promptTokenCount = JSON.stringify(body.contents ?? [])
      .split(/\s+/)
      .filter(Boolean).length;
    const usageMetadata = {
      promptTokenCount,
      candidatesTokenCount: tokens.length,
      totalTokenCount: promptTokenCount + tokens.length,
    };
    const modelVersion = `${model}-fake-${version}`;
    const candidate = (parts: unknown[], finishReason?: string) => ({
      content: { parts, role: "model" },
      index: 0,
      ...(finishReason ? { finishReason } : {}),
    });

    if (method === "generateContent") {
      if (reply.fault === "cut") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"candidates": [{"content": {"parts": [{"text": "');
        await cutConnection(res);
        return;
      }
      const parts = asFunctionCall
        ? [{ functionCall: { name: fn.name, args: reply.json } }]
        : [{ text: content }];
      sendJson(res, 200, { candidates: [candidate(parts, "STOP")], usageMetadata, modelVersion });
      return;
    }

    const sse = query.split("&").includes("alt=sse");
    res.writeHead(200, { "content-type": sse ? "text/event-stream" : "application/json" });
    // Without alt=sse Gemini streams one JSON array; the SDK always asks for SSE, but both are served.
    let first = true;
    const send = (event: unknown) => {
      if (clientGone(res)) return;
      if (sse) res.write(`data: ${JSON.stringify(event)}\r\n\r\n`);
      else res.write(`${first ? "[" : ","}${JSON.stringify(event)}`);
      first = false;
    };

    if (asFunctionCall) {
      send({
        candidates: [candidate([{ functionCall: { name: fn.name, args: reply.json } }], "STOP")],
        usageMetadata,
        modelVersion,
      });
    } else {
      const cutAt = reply.fault === "cut" ? (reply.cutAfterTokens ?? 2) : Infinity;
      for (const [i, token] of tokens.entries()) {
        if (i >= cutAt) break;
        if (reply.tokenDelayMs) await sleep(reply.tokenDelayMs);
        if (clientGone(res)) return;
        const last = i === tokens.length - 1;
        send({
          candidates: [candidate([{ text: token }], last ? "STOP" : undefined)],
          ...(last ? { usageMetadata } : {}),
          modelVersion,
        });
      }
      if (reply.fault === "cut") {
        await cutConnection(res);
        return;
      }
      if (tokens.length === 0)
        send({ candidates: [candidate([{ text: "" }], "STOP")], usageMetadata, modelVersion });
    }
    if (clientGone(res)) return;
    res.end(sse ? "" : "]");
  });
}
