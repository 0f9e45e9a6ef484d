// The HTTP server: Express 5 for the REST routes and the built client, socket.io for the streamed chat. In front of
// every route: security headers, origin checks, the session (AUTH=code|users) and, per route, the least role and
// the rate limits (docs/access.md).
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import path from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { Server, type ServerOptions } from "socket.io";
import { z } from "zod";
import { invalidInput } from "./http/parseBody";
import { TemperatureSchema } from "../contract/settings";
import type { Retriever } from "../corpus/retrieval/types";
import proxyAddr from "proxy-addr";
import { annotateTexts } from "./annotation/batch";
import { CODEBOOK_VERSION } from "../contract/annotation";
import { NEEDED_ROLE } from "../contract/auth";
import { Access } from "./auth/access";
import { socketUser, userOf } from "./identity";
import { requireRole, requireSession } from "./auth/middleware";
import { SqliteAuthStore } from "./auth/sqliteStore";
import type { AuthStore } from "./auth/store";
import { chatRouter } from "./chat/routes";
import { defaultChain, refineRule } from "./models/refineSettings";
import { ChatService } from "./chat/service";
import { socketBufferBytes } from "./attachments/attachments";
import { compareRouter } from "./compare/routes";
import type { CompareRunStore } from "./compare/runStore";
import { openRunStore } from "./compare/sqliteRunStore";
import { corpusPaths, type Config } from "./config";
import { AppError, pickLang, toUserError } from "../contract/errors";
import { LATE, settleWithin } from "../contract/abort";
import { closeHttp } from "./httpClose";
import { errorDetail, type Logger } from "./log";
import type { ModelGateway } from "./models/gateway";
import type { ClientToServerEvents, ServerToClientEvents } from "../contract/protocol";
import type { CorpusResponse, HealthResponse, ModelsResponse } from "../contract/api";
import { ACCESS_STATUS, clientHttpError, setRetryAfter } from "./http/errors";
import { joinInfoRouter } from "./http/joinInfo";
import { corsForAllowed, sameOriginWrites, securityHeaders } from "./http/security";
import { DailyBudget } from "./limits/budget";
import { LoginThrottle } from "./limits/loginThrottle";
import { RateLimits } from "./limits/rateLimits";
import { memoryLimiters, type LimiterFactory } from "./limits/store";
import type { Storage } from "./storage/types";
import { openPreferenceStore, type PreferenceStore } from "./quality/preferenceStore";
import { workbenchRouter } from "./workbench/routes";
import { Workbench } from "./workbench/service";
import { LiveCorpus } from "./corpus/liveCorpus";
import { indexProblem } from "./corpus/unreadableIndex";
import { corpusRouter } from "./corpus/routes";
import { readStarters } from "./corpus/starters";
import { CorpusService } from "./corpus/service";

/** The comparison in the chat, whose body may carry attachments. */
const COMPARE_CHAT = "/api/compare/chat";

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
  /** Accounts and sessions; on DATA_DIR/echochamber.db by default (opened only when AUTH is not off). */
  authStore?: AuthStore;
  /** Where rate limits, login throttling and budgets count; this process's memory by default. */
  limiters?: LimiterFactory;
  /** socket.io's adapter between the instances of a class deployment (REDIS_URL; server/cluster/redis.ts). */
  socketAdapter?: ServerOptions["adapter"];
  /**
   * People's blind preferences of the "Compară modele" page (the instance's Stores: PostgreSQL with DATABASE_URL);
   * without one the app opens its own on DATA_DIR/echochamber.db.
   */
  preferences?: PreferenceStore;
  /**
   * The comparisons of "Compară modele" (the instance's Stores: PostgreSQL with DATABASE_URL); without one the app
   * opens its own on DATA_DIR/echochamber.db.
   */
  compareRuns?: CompareRunStore;
  /** This instance's id (the owner of the comparisons it runs); a new one by default. */
  instanceId?: string;
  /**
   * Services the instance needs, by name, each a check that resolves when the service answers (PostgreSQL, Redis:
   * server/index.ts); `/api/health` runs them.
   */
  healthChecks?: Record<string, () => Promise<unknown>>;
  /** How long close() lets running requests finish before closing their connections (server/httpClose.ts). */
  httpCloseGraceMs?: number;
}

/** A service that does not answer a health check within this is down. */
const HEALTH_TIMEOUT_MS = 2_000;

/** Runs each check with a time limit: "ok" when it resolves in time, "down" otherwise. */
async function serviceStates(
  checks: Record<string, () => Promise<unknown>>,
): Promise<Record<string, "ok" | "down">> {
  const states = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, "ok" | "down"]> => {
      try {
        return [name, (await settleWithin(check(), HEALTH_TIMEOUT_MS)) === LATE ? "down" : "ok"];
      } catch {
        // A check that fails is a service that is down: that is all the answer says.
        return [name, "down"];
      }
    }),
  );
  return Object.fromEntries(states);
}

export interface RunningApp {
  http: HttpServer;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  chat: ChatService;
  workbench: Workbench;
  /** The corpus page: imports, removals, the catalog; it swaps the index the chat answers from. */
  corpus: CorpusService;
  /** The retriever the chat, comparisons and REST use, swapped whole when a corpus job commits. */
  live: LiveCorpus;
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

const STATUS: Record<string, number> = {
  ...ACCESS_STATUS,
  "input:empty": 400,
  "input:too_long": 413,
  "input:invalid": 400,
  "input:unknown_model": 400,
  "input:attachment_empty": 400,
  "input:attachment_binary": 400,
  "input:attachment_too_long": 413,
  "input:too_many_attachments": 400,
  "thread:not_found": 404,
  "feedback:forbidden": 403,
  "present:forbidden": 403,
  "chat:not_found": 404,
  "corpus:index_missing": 503,
  "corpus:index_outdated": 503,
  "corpus:index_unreadable": 503,
  "corpus:search_unavailable": 503,
  "chain:exhausted": 502,
};

const invalid = invalidInput;

export function createApp(deps: AppDeps): RunningApp {
  const { config, gateway, storage, logger } = deps;
  // Every reader of the corpus goes through one swappable reference (server/corpus/liveCorpus.ts).
  const live = deps.retriever instanceof LiveCorpus ? deps.retriever : new LiveCorpus(deps.retriever);
  const retriever: Retriever = live;
  const started = Date.now();
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.TRUST_PROXY);
  const limiters = deps.limiters ?? memoryLimiters;
  const ownAuthStore =
    !deps.authStore && config.AUTH !== "off"
      ? new SqliteAuthStore(path.join(path.resolve(config.DATA_DIR), "echochamber.db"))
      : undefined;
  const authStore = deps.authStore ?? ownAuthStore;
  const access = new Access({
    config,
    logger,
    store: authStore ?? noAuthStore(),
    throttle: new LoginThrottle(limiters, config.LOGIN_ATTEMPTS_PER_ADDRESS, (err) =>
      logger.warn("login: giving an attempt back failed", errorDetail(err)),
    ),
  });
  // Expired sessions are never read; they are deleted at start and every hour.
  const pruneSessions = () =>
    authStore
      ?.pruneSessions(Date.now())
      .catch((err: unknown) => logger.error("pruning sessions failed", errorDetail(err)));
  void pruneSessions();
  const pruning = authStore ? setInterval(() => void pruneSessions(), 60 * 60_000).unref() : undefined;
  const limits = new RateLimits(config, limiters);
  const budget = new DailyBudget(config, limiters);
  const payerFor = (userId: string) =>
    budget.payerFor(userId, (err) => logger.error("counting a budget failed", errorDetail(err)));

  app.use(securityHeaders());
  const cors = corsForAllowed(config);
  if (cors) app.use("/api", cors);
  app.use("/api", sameOriginWrites(config));
  // A comparison in the chat carries the message's attachments: its body is read with their limit, and only once the
  // access checks and the rate limit have let it through (below); every other body is read here.
  const json = express.json({ limit: "2mb" });
  app.use((req, res, next) => (req.path === COMPARE_CHAT ? next() : json(req, res, next)));
  app.use("/api", access.session);
  app.use("/api/auth", access.router());

  app.get("/api/health", async (_req, res) => {
    const services = await serviceStates(deps.healthChecks ?? {});
    const problem = indexProblem(live.generation.retriever);
    const body: HealthResponse = {
      ok: Object.values(services).every((state) => state === "ok"),
      version: "0.1.0",
      corpus: {
        chunks: retriever.size,
        embedder: retriever.embedder,
        ...(problem ? { problem: problem.code } : {}),
      },
      uptimeS: Math.round((Date.now() - started) / 1000),
      services,
    };
    res.status(body.ok ? 200 : 503).json(body);
  });

  // Everything below needs a session (with AUTH=off every request is the local user's).
  app.use("/api", requireSession);

  app.get("/api/models", (_req, res) => {
    const body: ModelsResponse = {
      chain: gateway.list(),
      embeddings: config.EMBEDDINGS,
      defaults: {
        model: gateway.answerChain()[0]!,
        temperature: config.TEMPERATURE,
        topK: config.TOP_K,
        chain: { ...defaultChain(config), rule: refineRule(config) },
      },
      limits: { maxMessageChars: config.MAX_MESSAGE_CHARS, maxAttachmentChars: config.ATTACHMENT_MAX_CHARS },
    };
    res.json(body);
  });

  app.get("/api/corpus", async (_req, res) => {
    const body: CorpusResponse = {
      chunks: retriever.size,
      embedder: retriever.embedder,
      ...retriever.facets(),
      starters: await readStarters(corpusPaths(config).root, (m) => logger.warn(m)),
    };
    res.json(body);
  });

  // The same batch code as `npm run cli -- annotate`: the codebook as system prompt, temperature 0 unless asked,
  // validation with one repair, and one result per text in order; a text that every model of the chain failed comes
  // back with its error instead of failing the others.
  app.post("/api/annotate", requireRole(NEEDED_ROLE.annotate), limits.route("api"), async (req, res) => {
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
    const paid = gateway.paidBy(payerFor(userOf(req).id));
    const { results, fallbacks } = await annotateTexts(texts, chain, paid, {
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

  /** The accounts' names by id, for an admin's lists of everyone's threads and comparisons. */
  const accountNames = authStore
    ? async () => new Map((await authStore.listUsers()).map((u) => [u.id, u.username]))
    : undefined;
  app.use(
    "/api",
    chatRouter({
      storage,
      checkpointer: deps.checkpointer,
      endThread: (threadId) => chat.endThread(threadId),
      accountNames,
    }),
  );

  const preferences = deps.preferences ?? openPreferenceStore(config);
  const compareRuns = deps.compareRuns ?? openRunStore(config);
  const compare = compareRouter({
    config,
    gateway,
    retriever,
    logger,
    payerFor,
    preferences,
    store: compareRuns,
    instanceId: deps.instanceId ?? `${process.pid}-${randomUUID().slice(0, 8)}`,
    threads: storage,
    accountNames,
  });
  app.post(["/api/compare", COMPARE_CHAT], requireRole(NEEDED_ROLE.compare), limits.route("api"));
  app.post(COMPARE_CHAT, express.json({ limit: socketBufferBytes(config) }));
  app.use("/api/compare", requireRole(NEEDED_ROLE.compare), compare);

  const workbench = deps.workbench ?? new Workbench({ config, logger, gateway, payerFor });
  // A workbench made before the app (server/index.ts) is charged to the same budgets as the chat.
  if (deps.workbench) deps.workbench.chargeTo(payerFor);
  app.post("/api/workbench/runs", requireRole(NEEDED_ROLE.annotate), limits.route("api"));
  const corpus = new CorpusService({ config, logger, gateway, live, workbench });
  app.use(
    "/api/workbench",
    requireRole(NEEDED_ROLE.annotate),
    workbenchRouter(workbench, gateway, (options) => corpus.catalog(options)),
  );

  app.use("/api/corpus", requireRole(NEEDED_ROLE.corpus), corpusRouter(corpus, workbench));
  app.use("/api/accounts", access.accountsRouter(limits.route("api")));
  app.use("/api", joinInfoRouter(config));

  app.use("/api", (_req, _res, next) =>
    next(new AppError("input:invalid", { detail: "ruta API necunoscută", detailEn: "unknown API route" })),
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
      res.status(400).json({
        error: toUserError(
          new AppError("input:invalid", { detail: "JSON invalid", detailEn: "invalid JSON" }),
          lang,
        ),
      });
      return;
    }
    const fromClient = clientHttpError(err);
    if (fromClient) {
      res.status(fromClient.status).json({ error: toUserError(fromClient.error, lang) });
      return;
    }
    if (!(err instanceof AppError)) logger.error("request failed", { path: req.path, ...errorDetail(err) });
    const body = toUserError(err, lang);
    setRetryAfter(res, err);
    res.status(STATUS[body.code] ?? (body.code.startsWith("provider:") ? 502 : 500)).json({ error: body });
  });

  const http = createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    maxHttpBufferSize: socketBufferBytes(config),
    // A recovered connection passes the access checks again (a session may have ended meanwhile).
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    ...(deps.socketAdapter ? { adapter: deps.socketAdapter } : {}),
  });
  const clustered = deps.socketAdapter !== undefined;
  access.attachIo(io);
  const trust = app.get("trust proxy fn") as Parameters<typeof proxyAddr>[1];
  const chat = new ChatService({
    config,
    gateway,
    retriever,
    storage,
    logger,
    checkpointer: deps.checkpointer,
    admitTurn: async (socket) => {
      if (!(await access.stillSignedIn(socket))) throw new AppError("auth:required");
      await limits.consume("chat", socketUser(socket), proxyAddr(socket.request, trust));
    },
    payerFor: (user) => payerFor(user.id),
    clustered,
  });
  chat.attachIo(io);
  chat
    .recoverInterrupted()
    .catch((err: unknown) => logger.error("marking interrupted answers failed", errorDetail(err)));
  io.on("connection", (socket) => {
    chat.attach(socket);
    workbench.attach(socket);
  });
  workbench.attachIo(io, clustered);
  corpus.attachIo(io);
  corpus.start().catch((err: unknown) => logger.error("corpus page did not start", errorDetail(err)));
  workbench.start().catch((err: unknown) => logger.error("workbench did not start", errorDetail(err)));

  return {
    http,
    io,
    chat,
    workbench,
    corpus,
    live,
    port: () => {
      const address = http.address();
      return typeof address === "object" && address ? address.port : config.PORT;
    },
    close: async () => {
      // Runs and turns end first, their clients told while still connected (no new run starts after this).
      await compare.runs.close();
      await chat.shutdown();
      // No new connection from now on; the requests being answered get their grace with every store still open.
      const httpClosed = closeHttp(io, http, logger, deps.httpCloseGraceMs);
      await workbench.stop();
      await httpClosed;
      await workbench.close();
      clearInterval(pruning);
      await ownAuthStore?.close();
      if (!deps.preferences) await preferences.close();
      if (!deps.compareRuns) await compareRuns.close();
      await corpus.close();
    },
  };
}

/** With AUTH=off nothing reads accounts or sessions; a store that has none keeps the types simple. */
function noAuthStore(): AuthStore {
  const none = async () => null;
  return {
    addUser: none,
    findUser: none,
    getUser: none,
    listUsers: async () => [],
    removeUser: async () => false,
    updateUser: none,
    getSession: none,
    setSession: async () => undefined,
    destroySession: async () => undefined,
    pruneSessions: async () => 0,
    close: async () => undefined,
  };
}
