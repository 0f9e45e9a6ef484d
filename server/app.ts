// The HTTP server: Express 5 for the REST routes and the built client, socket.io for the streamed chat.
import { existsSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import path from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { Server } from "socket.io";
import { z } from "zod";
import { TemperatureSchema } from "../contract/settings";
import type { Retriever } from "../corpus/retrieval/types";
import { randomUUID } from "node:crypto";
import { annotateTexts } from "./annotation/batch";
import { AnnotationSchema, CODEBOOK_VERSION } from "../contract/annotation";
import { threadToMarkdown } from "./chat/exportThread";
import { ChatService } from "./chat/service";
import { compareRouter } from "./compare/routes";
import type { Config } from "./config";
import { AppError, pickLang, toUserError } from "../contract/errors";
import { errorDetail, type Logger } from "./log";
import type { ModelGateway } from "./models/gateway";
import type { ClientToServerEvents, ServerToClientEvents } from "../contract/protocol";
import type { CorpusResponse, HealthResponse, ModelsResponse } from "../contract/api";
import type { Storage } from "./storage/types";
import { workbenchRouter } from "./workbench/routes";
import { Workbench } from "./workbench/service";

export interface AppDeps {
  config: Config;
  gateway: ModelGateway;
  retriever: Retriever;
  storage: Storage;
  logger: Logger;
  /** The built client; served when it exists. */
  clientDir?: string;
  /** LangGraph's checkpointer for the chat graph (SQLite in DATA_DIR by default). */
  checkpointer?: BaseCheckpointSaver;
  /** The annotation workbench (its stores and job runner); one on DATA_DIR/echochamber.db by default. */
  workbench?: Workbench;
}

export interface RunningApp {
  http: HttpServer;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  chat: ChatService;
  workbench: Workbench;
  /** The bound port (useful with PORT=0). */
  port(): number;
  close(): Promise<void>;
}

const AnnotateRequestSchema = z
  .object({
    texts: z.array(z.string().max(20_000)).min(1).max(1000),
    model: z.string().min(1).optional(),
    temperature: TemperatureSchema.optional(),
  })
  .strict();

const FeedbackSchema = z
  .object({
    messageId: z.string().min(1).max(100),
    value: z.enum(["up", "down"]),
    comment: z.string().max(2000).optional(),
  })
  .strict();

const RenameSchema = z.object({ title: z.string().trim().min(1).max(200) }).strict();

const LabelSchema = z
  .object({
    messageId: z.string().min(1).max(100),
    target: z.string().min(1).max(300),
    annotation: AnnotationSchema,
    annotator: z.string().trim().max(100).optional(),
  })
  .strict();

const STATUS: Record<string, number> = {
  "input:empty": 400,
  "input:too_long": 413,
  "input:invalid": 400,
  "input:unknown_model": 400,
  "thread:not_found": 404,
  "chat:not_found": 404,
  "corpus:index_missing": 503,
  "corpus:index_outdated": 503,
  "chain:exhausted": 502,
};

function invalid(err: z.ZodError): AppError {
  const first = err.issues[0];
  return new AppError("input:invalid", {
    detail: first ? `${first.path.join(".") || "body"}: ${first.message}` : "",
  });
}

export function createApp(deps: AppDeps): RunningApp {
  const { config, gateway, retriever, storage, logger } = deps;
  const started = Date.now();
  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: "2mb" }));

  app.get("/api/health", (_req, res) => {
    const body: HealthResponse = {
      ok: true,
      version: "0.1.0",
      corpus: { chunks: retriever.size, embedder: retriever.embedder },
      uptimeS: Math.round((Date.now() - started) / 1000),
    };
    res.json(body);
  });

  app.get("/api/models", (_req, res) => {
    const body: ModelsResponse = {
      chain: gateway.list(),
      embeddings: config.EMBEDDINGS,
      defaults: { model: gateway.answerChain()[0]!, temperature: config.TEMPERATURE, topK: config.TOP_K },
      limits: { maxMessageChars: config.MAX_MESSAGE_CHARS },
    };
    res.json(body);
  });

  app.get("/api/corpus", (_req, res) => {
    const body: CorpusResponse = {
      chunks: retriever.size,
      embedder: retriever.embedder,
      ...retriever.facets(),
    };
    res.json(body);
  });

  // The same batch code as `npm run cli -- annotate`: the codebook as system prompt, temperature 0 unless asked,
  // validation with one repair, and one result per text in order; a text that every model of the chain failed comes
  // back with its error instead of failing the others.
  app.post("/api/annotate", async (req, res) => {
    const parsed = AnnotateRequestSchema.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error);
    const { texts, model, temperature = 0 } = parsed.data;
    const emptyAt = texts.findIndex((t) => !t.trim());
    if (emptyAt >= 0) throw new AppError("input:empty", {});
    if (model) gateway.assertKnown(model);
    const chain = gateway.annotateChain(model);
    // A client that goes away stops the remaining model calls.
    const gone = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    const { results, fallbacks } = await annotateTexts(texts, chain, gateway, {
      temperature,
      signal: gone.signal,
      breaker: gateway,
    });
    for (const fallback of fallbacks) logger.warn("annotate: model failed some texts", fallback);
    if (results.every((r) => r.error)) throw new AppError("chain:exhausted");
    // The model that annotated most texts names the response; each result says which model made it.
    const counts = new Map<string, number>();
    for (const r of results) if (!r.error) counts.set(r.model, (counts.get(r.model) ?? 0) + 1);
    const mainModel = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? chain[0];
    res.json({
      model: mainModel,
      codebookVersion: CODEBOOK_VERSION,
      temperature,
      annotations: results.map((r) => r.annotation),
      results,
      fallbacks,
    });
  });

  app.get("/api/threads", async (_req, res) => {
    res.json({ threads: await storage.listThreads() });
  });

  app.get("/api/threads/:id", async (req, res) => {
    const thread = await storage.getThread(String(req.params.id));
    if (!thread) throw new AppError("thread:not_found");
    res.json({ thread, messages: await storage.listMessages(thread.id) });
  });

  app.patch("/api/threads/:id", async (req, res) => {
    const parsed = RenameSchema.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error);
    const thread = await storage.renameThread(String(req.params.id), parsed.data.title);
    if (!thread) throw new AppError("thread:not_found");
    res.json({ thread });
  });

  app.delete("/api/threads/:id", async (req, res) => {
    if (!(await storage.deleteThread(String(req.params.id)))) throw new AppError("thread:not_found");
    await deps.checkpointer?.deleteThread(String(req.params.id));
    res.status(204).end();
  });

  app.get("/api/threads/:id/export", async (req, res) => {
    const thread = await storage.getThread(String(req.params.id));
    if (!thread) throw new AppError("thread:not_found");
    const messages = await storage.listMessages(thread.id);
    const safeName = thread.title.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 60) || "conversatie";
    if (req.query.format === "md") {
      res.type("text/markdown; charset=utf-8");
      res.attachment(`${safeName}.md`);
      res.send(threadToMarkdown(thread, messages));
      return;
    }
    res.attachment(`${safeName}.json`);
    res.json({ thread, messages });
  });

  // A person's correction of an annotation shown in the chat: stored as a human label (gold for evaluate).
  app.post("/api/labels", async (req, res) => {
    const parsed = LabelSchema.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error);
    const { messageId, target, annotation, annotator } = parsed.data;
    const message = await storage.getMessage(messageId);
    if (!message || message.role !== "assistant") throw new AppError("chat:not_found");
    const source = target === "message" ? undefined : message.sources?.find((s) => s.id === target);
    if (target !== "message" && !source) throw new AppError("input:invalid", { detail: "target" });
    const question = (await storage.listMessages(message.threadId))
      .filter((m) => m.role === "user" && m.createdAt <= message.createdAt)
      .at(-1);
    const label = {
      id: randomUUID(),
      messageId,
      target,
      text: source ? source.text : (question?.text ?? ""),
      annotation,
      correctedModel: message.annotation?.model,
      annotator: annotator || "anonim",
      codebookVersion: CODEBOOK_VERSION,
      createdAt: new Date().toISOString(),
    };
    await storage.addLabel(label);
    res.status(201).json({ label });
  });

  app.get("/api/labels", async (_req, res) => {
    res.json({ labels: await storage.listLabels() });
  });

  app.post("/api/feedback", async (req, res) => {
    const parsed = FeedbackSchema.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error);
    if (!(await storage.getMessage(parsed.data.messageId))) throw new AppError("chat:not_found");
    await storage.addFeedback(parsed.data);
    res.status(201).json({ ok: true });
  });

  const compare = compareRouter({ config, gateway, retriever, logger });
  app.use("/api/compare", compare);

  const workbench = deps.workbench ?? new Workbench({ config, logger, gateway });
  app.use("/api/workbench", workbenchRouter(workbench, gateway));

  app.use("/api", (_req, _res, next) =>
    next(new AppError("input:invalid", { detail: "ruta API necunoscută" })),
  );

  if (deps.clientDir && existsSync(path.join(deps.clientDir, "index.html"))) {
    const clientDir = deps.clientDir;
    app.use(express.static(clientDir, { index: "index.html", maxAge: "1h" }));
    app.get("/{*splat}", (_req, res) => res.sendFile(path.join(clientDir, "index.html")));
  }

  // Express 5 passes rejected promises here too: one place turns every error into JSON in the user's language.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const lang = pickLang(req.headers["accept-language"]);
    if (err instanceof SyntaxError || (err as { type?: string })?.type === "entity.parse.failed") {
      res
        .status(400)
        .json({ error: toUserError(new AppError("input:invalid", { detail: "JSON invalid" }), lang) });
      return;
    }
    if (!(err instanceof AppError)) logger.error("request failed", { path: req.path, ...errorDetail(err) });
    const body = toUserError(err, lang);
    res.status(STATUS[body.code] ?? (body.code.startsWith("provider:") ? 502 : 500)).json({ error: body });
  });

  const http = createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    maxHttpBufferSize: 2e6,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 },
  });
  const chat = new ChatService({
    config,
    gateway,
    retriever,
    storage,
    logger,
    checkpointer: deps.checkpointer,
  });
  chat
    .recoverInterrupted()
    .catch((err: unknown) => logger.error("marking interrupted answers failed", errorDetail(err)));
  io.on("connection", (socket) => {
    chat.attach(socket);
    workbench.attach(socket);
  });
  workbench.attachIo(io);
  workbench.start().catch((err: unknown) => logger.error("workbench did not start", errorDetail(err)));

  return {
    http,
    io,
    chat,
    workbench,
    port: () => {
      const address = http.address();
      return typeof address === "object" && address ? address.port : config.PORT;
    },
    close: async () => {
      compare.store.abortAll();
      await chat.shutdown();
      await workbench.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
