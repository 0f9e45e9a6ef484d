// REST for the "Compară modele" page, mounted at /api/compare: start a comparison and poll it, list the suites, and
// compare two or three models on one chat message with a frozen context. The payloads are in contract/compare.ts,
// the runs in a bounded in-memory store (runStore.ts), a run's response is shaped by runView.ts.
import { Router, type NextFunction, type Request, type Response } from "express";
import type { z } from "zod";
import {
  CompareChatSchema,
  CompareStartSchema,
  type CompareChatRequest,
  type CompareStartResponse,
  type CompareSuitesResponse,
} from "../../contract/compare";
import { AppError, pickLang, toUserError } from "../../contract/errors";
import { PreferenceSchema, type PreferenceStats } from "../../contract/preferences";
import type { PreferenceStore } from "../quality/preferenceStore";
import { preferenceStats } from "../quality/preferenceStats";
import type { Retriever } from "../../corpus/retrieval/types";
import type { Config } from "../config";
import type { Logger } from "../log";
import { canSee, userOf } from "../identity";
import type { ModelGateway, Payer } from "../models/gateway";
import { abilitiesOf } from "./calls";
import { compareInChat } from "./chat";
import { resultsJson, rowsCsv } from "./report";
import { reportMarkdown } from "./reportMarkdown";
import { planRun } from "./runner";
import { launchRun, RunStore, type StoredRun } from "./runStore";
import { localize, runResponse } from "./runView";
import { defaultSuitesDir, findSuite, listSuites, parseSuite, suiteInfo, type Suite } from "./suite";

export interface CompareRouterDeps {
  config: Config;
  gateway: ModelGateway;
  retriever: Retriever;
  logger: Logger;
  /** Where the shipped suites are (suites/ of the working directory by default). */
  suitesDir?: string;
  /** The asker's daily budget, for the comparison's calls to paid models; none: no budget. */
  payerFor?: (userId: string) => Payer | undefined;
  /** Runs kept in memory, finished ones evicted oldest-read first (default 20). */
  maxRuns?: number;
  /** Runs in progress at once (default 2). */
  maxRunning?: number;
  /** Most answers one run may ask for (cases × runs × temperatures × models; default 1500). */
  maxAnswers?: number;
  /** People's blind preferences (POST/GET /preferences); the routes answer 404 without a store. */
  preferences?: PreferenceStore;
}

function invalid(err: z.ZodError): AppError {
  const first = err.issues[0];
  return new AppError("input:invalid", {
    detail: first ? `${first.path.join(".") || "body"}: ${first.message}` : "",
  });
}

function assertDistinct(models: string[]): void {
  if (new Set(models).size !== models.length) {
    throw new AppError("input:invalid", { detail: "models: un model apare de două ori" });
  }
}

/** A model the server may call for a client: one of the configured chain (an arbitrary id must not reach a provider
 * with the server's key), with what it needs configured. */
function assertUsable(gateway: ModelGateway, model: string, config?: Config): void {
  if (model.includes(">")) {
    // A draft → refine entry: each part from the chain, or the configured drafting and refining models.
    for (const part of model.split(">").map((m) => m.trim())) {
      if (config && (part === config.DRAFT_MODEL || part === config.REFINE_MODEL)) continue;
      assertUsable(gateway, part);
    }
    return;
  }
  const info = gateway.list().find((m) => m.id === model);
  if (!info || !info.configured) throw new AppError("input:unknown_model", { model });
}

/** A suite from a browser may name rubric judges only among the configured ones (RUBRIC_JUDGE, GROUNDING_JUDGE). */
function assertJudges(suite: Suite, config: Config): void {
  const allowed = new Set([...config.RUBRIC_JUDGE, config.GROUNDING_JUDGE].filter(Boolean));
  for (const c of suite.cases) {
    for (const a of c.assert) {
      if (a.type === "rubric" && a.judge && !allowed.has(a.judge))
        throw new AppError("input:unknown_model", { model: a.judge });
    }
  }
}

/** The body of POST /api/compare/chat, validated: a message within bounds, two or three models that answer. */
function chatRequest(body: unknown, config: Config, gateway: ModelGateway): CompareChatRequest {
  const parsed = CompareChatSchema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error);
  const request = parsed.data;
  if (!request.text.trim()) throw new AppError("input:empty");
  if (request.text.length > config.MAX_MESSAGE_CHARS) {
    throw new AppError("input:too_long", { limit: config.MAX_MESSAGE_CHARS, length: request.text.length });
  }
  assertDistinct(request.models);
  for (const model of request.models) {
    assertUsable(gateway, model);
    if (abilitiesOf(model).chat === false) {
      throw new AppError("input:invalid", { detail: `${model} nu generează răspunsuri (doar adnotează)` });
    }
  }
  return request;
}

/** GET /api/compare/:runId/report?format=md|csv|json: one of the three files, as a download. */
function sendReport(res: Response, stored: StoredRun, format: string): void {
  if (!stored.run || !stored.results) throw new AppError("compare:not_ready");
  if (format === "csv") {
    res.type("text/csv; charset=utf-8").attachment("results.csv").send(rowsCsv(stored.run.rows));
  } else if (format === "json") {
    res.type("application/json; charset=utf-8").attachment("results.json").send(resultsJson(stored.results));
  } else if (format === "md") {
    res
      .type("text/markdown; charset=utf-8")
      .attachment("report.md")
      .send(reportMarkdown(stored.results, stored.run));
  } else {
    throw new AppError("input:invalid", { detail: "format: md, csv sau json" });
  }
}

const STATUS: Partial<Record<string, number>> = {
  "compare:not_found": 404,
  "compare:busy": 429,
  "compare:not_ready": 409,
};

export interface CompareRouter extends Router {
  /** The store of runs (tests look inside; shutdown aborts what runs). */
  store: RunStore;
}

export function compareRouter(deps: CompareRouterDeps): CompareRouter {
  const { config, gateway, retriever, logger } = deps;
  const suitesDir = deps.suitesDir ?? defaultSuitesDir();
  const maxAnswers = deps.maxAnswers ?? 1500;
  const store = new RunStore(deps.maxRuns ?? 20, deps.maxRunning ?? 2);
  const router = Router() as CompareRouter;
  router.store = store;
  /** The asker's gateway: their calls to paid models come from their budget. */
  const paidGateway = (req: Request) => gateway.paidBy(deps.payerFor?.(userOf(req).id));
  /** A run the asker may see: their own, or any for an admin; another's is "not found". */
  const ownRun = (req: Request): StoredRun => {
    const stored = store.get(String(req.params.runId));
    if (!canSee(userOf(req), stored.userId)) throw new AppError("compare:not_found");
    return stored;
  };

  router.get("/suites", (_req, res) => {
    const { suites, invalid: broken } = listSuites(suitesDir);
    for (const b of broken)
      logger.warn("compare: suite file does not validate", { file: b.file, detail: b.message });
    const body: CompareSuitesResponse = { suites: suites.map(suiteInfo), default: suites[0]?.id ?? null };
    res.json(body);
  });

  router.post("/", (req, res) => {
    const parsed = CompareStartSchema.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error);
    const body = parsed.data;
    assertDistinct(body.models);
    for (const model of body.models) {
      assertUsable(gateway, model, config);
      abilitiesOf(model);
    }
    const suite =
      typeof body.suite === "object" ? parseSuite(body.suite) : findSuite(body.suite ?? "default", suitesDir);
    assertJudges(suite, config);
    const plan = planRun({
      models: body.models,
      suite,
      config,
      runs: body.runs,
      temperatures: body.temperatures,
      concurrency: body.concurrency,
    });
    if (plan.total > maxAnswers) {
      throw new AppError("input:invalid", {
        detail: `comparația ar cere ${plan.total} răspunsuri (cel mult ${maxAnswers}); alegeți mai puține modele, rulări sau temperaturi`,
      });
    }
    const stored = launchRun({
      store,
      suite,
      models: body.models,
      plan,
      config,
      gateway: paidGateway(req),
      logger,
      userId: userOf(req).id,
      quality: { rubric: body.rubric, refineRule: body.refineRule },
    });
    const started: CompareStartResponse = { runId: stored.id, total: plan.total };
    res.status(202).json(started);
  });

  // Blind preferences, registered before /:runId so that "preferences" is never read as a run id.
  router.post("/preferences", async (req, res) => {
    if (!deps.preferences) throw new AppError("compare:not_found");
    const parsed = PreferenceSchema.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error);
    // With accounts, the person is the account, whatever the page typed (as for review labels).
    const user = userOf(req);
    const input = user.kind === "local" ? parsed.data : { ...parsed.data, person: user.name };
    const known = store.peek(input.runId);
    if (known) {
      for (const model of [input.a, input.b]) {
        if (!known.models.includes(model)) throw new AppError("input:unknown_model", { model });
      }
      if (!known.suite.cases.some((c) => c.id === input.caseId))
        throw new AppError("input:invalid", { detail: `caseId: ${input.caseId} nu este în suită` });
    }
    const stored = await deps.preferences.add(input);
    res.status(201).json({ preference: stored });
  });

  router.get("/preferences", async (req, res) => {
    if (!deps.preferences) throw new AppError("compare:not_found");
    const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
    const person = str(req.query.person);
    const listed = await deps.preferences.list({ suiteId: str(req.query.suite), runId: str(req.query.run) });
    const body: PreferenceStats = preferenceStats(listed, person);
    res.json(body);
  });

  // Compare answers in the chat: registered before /:runId so that "chat" is never read as a run id.
  router.post("/chat", async (req, res) => {
    const body = chatRequest(req.body, config, gateway);
    const gone = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    const lang = pickLang(req.headers["accept-language"]);
    const response = await compareInChat({ config, gateway: paidGateway(req), retriever }, body, gone.signal);
    res.json({
      ...response,
      answers: response.answers.map((a) => ({
        ...a,
        ...(a.error ? { error: localize(a.error, lang, a.model) } : {}),
        ...(a.annotationError
          ? { annotationError: localize(a.annotationError, lang, a.annotationModel) }
          : {}),
      })),
    });
  });

  router.get("/:runId", (req, res) => {
    const stored = ownRun(req);
    const withCases = req.query.cases !== "0" && req.query.cases !== "false";
    res.json(runResponse(stored, pickLang(req.headers["accept-language"]), withCases));
  });

  router.get("/:runId/report", (req, res) => {
    sendReport(res, ownRun(req), String(req.query.format ?? "md"));
  });

  router.delete("/:runId", (req, res) => {
    const stored = ownRun(req);
    stored.controller.abort();
    res.status(202).json({ runId: stored.id, status: stored.status });
  });

  // The codes of this router get their own statuses; everything else goes to the app's error handler.
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const status = err instanceof AppError ? STATUS[err.code] : undefined;
    if (status === undefined) {
      next(err);
      return;
    }
    res.status(status).json({ error: toUserError(err, pickLang(req.headers["accept-language"])) });
  });

  return router;
}
