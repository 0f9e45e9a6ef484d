// REST for the "Compară modele" page, mounted at /api/compare: start a comparison and poll it, list the suites, and
// compare two or three models on one chat message with a frozen context. Runs live in a bounded in-memory store.
import { randomUUID } from "node:crypto";
import { Router, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { TemperatureSchema } from "../../contract/settings";
import type { Retriever } from "../../corpus/retrieval/types";
import type { Config } from "../config";
import {
  AppError,
  formatMessage,
  isErrorCode,
  pickLang,
  toUserError,
  type Lang,
} from "../../contract/errors";
import { errorDetail, type Logger } from "../log";
import type { ModelRegistry } from "../models/registry";
import { FiltersSchema } from "../../contract/settings";
import { type UserError } from "../../contract/errors";
import { abilitiesOf, type CallError } from "./calls";
import { compareInChat } from "./chat";
import { reportMarkdown, resultsJson, rowsCsv } from "./report";
import { planRun, runComparison, type CompareRun, type ResultRow } from "./runner";
import {
  criterionLabel,
  defaultSuitesDir,
  findSuite,
  listSuites,
  parseSuite,
  suiteInfo,
  type Suite,
  type SuiteInfo,
} from "./suite";
import { summarize, type CompareResults } from "./summary";

export interface CompareRouterDeps {
  config: Config;
  registry: ModelRegistry;
  retriever: Retriever;
  logger: Logger;
  /** Where the shipped suites are (suites/ of the working directory by default). */
  suitesDir?: string;
  /** Runs kept in memory, finished ones evicted oldest-read first (default 20). */
  maxRuns?: number;
  /** Runs in progress at once (default 2). */
  maxRunning?: number;
  /** Most answers one run may ask for (cases × runs × temperatures × models; default 1500). */
  maxAnswers?: number;
}

const StartSchema = z
  .object({
    models: z.array(z.string().trim().min(1).max(200)).min(1).max(6),
    suite: z.union([z.string().trim().min(1).max(100), z.record(z.unknown())]).optional(),
    runs: z.number().int().min(1).max(10).optional(),
    temperatures: z.array(TemperatureSchema).min(1).max(4).optional(),
    concurrency: z.number().int().min(1).max(4).optional(),
  })
  .strict();
export type CompareStartRequest = z.infer<typeof StartSchema>;

const ChatSchema = z
  .object({
    text: z.string().max(1_000_000),
    models: z.array(z.string().trim().min(1).max(200)).min(2).max(3),
    topK: z.number().int().min(1).max(50).optional(),
    temperature: TemperatureSchema.optional(),
    filters: FiltersSchema.optional(),
  })
  .strict();
export type CompareChatRequest = z.infer<typeof ChatSchema>;

export type RunStatus = "running" | "done" | "error";

/** POST /api/compare → 202. */
export interface CompareStartResponse {
  runId: string;
  /** Answers the run will make (cases × runs × temperatures × models). */
  total: number;
}

/** GET /api/compare/suites. */
export interface CompareSuitesResponse {
  suites: SuiteInfo[];
  /** The id of the default suite, or null when suites/ holds none. */
  default: string | null;
}

/** One answer of a case, for the side-by-side view: the runner's row without what the case view holds once. */
export type CaseAnswer = Pick<
  ResultRow,
  | "model"
  | "temperature"
  | "run"
  | "status"
  | "pass"
  | "score"
  | "text"
  | "annotation"
  | "latencyMs"
  | "ttftMs"
  | "finishReason"
  | "jsonValid"
  | "assertions"
  | "error"
  | "note"
>;

export interface CaseView {
  id: string;
  criterion: string;
  criterionLabel: string;
  title: string;
  kind: "prompt" | "annotation";
  /** The prompt of a prompt case, the annotated text of an annotation case. */
  input: string;
  system?: string;
  sources?: string[];
  expected?: Partial<Record<string, string | boolean>>;
  answers: CaseAnswer[];
}

export interface CompareRunResponse {
  runId: string;
  status: RunStatus;
  progress: { done: number; total: number };
  createdAt: string;
  finishedAt: string | null;
  request: { models: string[]; suite: SuiteInfo; runs: number; temperatures: number[]; concurrency: number };
  /** The figures so far (same shape as results.json); `recommendation` is null until the run is done. */
  results: CompareResults | null;
  /** Per case, every model's answers; null when asked with ?cases=0. */
  cases: CaseView[] | null;
  error: UserError | null;
}

interface StoredRun {
  id: string;
  status: RunStatus;
  done: number;
  total: number;
  createdAt: string;
  finishedAt: string | null;
  suite: Suite;
  models: string[];
  runs: number;
  temperatures: number[];
  concurrency: number;
  timeoutMs: number;
  rows: ResultRow[];
  run: CompareRun | null;
  results: CompareResults | null;
  error: AppError | null;
  controller: AbortController;
}

/**
 * Runs by id, least recently read first. Process-local: a second server instance would not see them, which DESIGN.md
 * allows for caches; docs/compare.md says how they would move to storage.
 */
export class RunStore {
  private readonly runs = new Map<string, StoredRun>();

  constructor(
    private readonly capacity: number,
    private readonly maxRunning: number,
  ) {}

  running(): number {
    return [...this.runs.values()].filter((r) => r.status === "running").length;
  }

  add(run: StoredRun): void {
    if (this.running() >= this.maxRunning) throw new AppError("compare:busy", { limit: this.maxRunning });
    this.runs.set(run.id, run);
    // Evict the least recently read finished runs; running ones stay until they end.
    for (const [id, stored] of this.runs) {
      if (this.runs.size <= this.capacity) break;
      if (stored.status !== "running") this.runs.delete(id);
    }
  }

  get(id: string): StoredRun {
    const run = this.runs.get(id);
    if (!run) throw new AppError("compare:not_found");
    this.runs.delete(id);
    this.runs.set(id, run);
    return run;
  }

  get size(): number {
    return this.runs.size;
  }

  abortAll(): void {
    for (const run of this.runs.values()) run.controller.abort();
  }
}

function invalid(err: z.ZodError): AppError {
  const first = err.issues[0];
  return new AppError("input:invalid", {
    detail: first ? `${first.path.join(".") || "body"}: ${first.message}` : "",
  });
}

/** A model the server may call for a client: one of the configured chain (an arbitrary id must not reach a provider
 * with the server's key), with what it needs configured. */
function assertUsable(registry: ModelRegistry, model: string): void {
  const info = registry.list().find((m) => m.id === model);
  if (!info || !info.configured) throw new AppError("input:unknown_model", { model });
}

function localize(error: CallError | null, lang: Lang, model: string): CallError | null {
  if (!error || lang === "ro" || !isErrorCode(error.code)) return error;
  return { code: error.code, message: formatMessage(error.code, lang, { model }) };
}

function partialRun(stored: StoredRun): CompareRun {
  return (
    stored.run ?? {
      suite: stored.suite,
      models: stored.models,
      runs: stored.runs,
      temperatures: stored.temperatures,
      concurrency: stored.concurrency,
      timeoutMs: stored.timeoutMs,
      startedAt: stored.createdAt,
      finishedAt: new Date().toISOString(),
      interrupted: false,
      warmups: [],
      rows: stored.rows,
    }
  );
}

export function caseViews(suite: Suite, rows: ResultRow[], lang: Lang = "ro"): CaseView[] {
  return suite.cases.map((c) => ({
    id: c.id,
    criterion: c.criterion,
    criterionLabel: criterionLabel(c.criterion),
    title: c.title,
    kind: c.kind,
    input: c.kind === "prompt" ? c.prompt : c.text,
    ...(c.kind === "prompt" && c.system ? { system: c.system } : {}),
    ...(c.kind === "prompt" && c.sources ? { sources: c.sources } : {}),
    ...(c.kind === "annotation" && c.expected ? { expected: c.expected } : {}),
    answers: rows
      .filter((r) => r.caseId === c.id)
      .map((r) => ({
        model: r.model,
        temperature: r.temperature,
        run: r.run,
        status: r.status,
        pass: r.pass,
        score: r.score,
        text: r.text,
        annotation: r.annotation,
        latencyMs: r.latencyMs === null ? null : Math.round(r.latencyMs),
        ttftMs: r.ttftMs === null ? null : Math.round(r.ttftMs),
        finishReason: r.finishReason,
        jsonValid: r.jsonValid,
        assertions: r.assertions,
        error: localize(r.error, lang, r.model),
        ...(r.note ? { note: r.note } : {}),
      })),
  }));
}

function runResponse(stored: StoredRun, lang: Lang, withCases: boolean): CompareRunResponse {
  const results =
    stored.results ??
    (stored.status === "running" ? summarize(partialRun(stored), { recommend: false }) : null);
  const rows = stored.run?.rows ?? stored.rows;
  return {
    runId: stored.id,
    status: stored.status,
    progress: { done: stored.done, total: stored.total },
    createdAt: stored.createdAt,
    finishedAt: stored.finishedAt,
    request: {
      models: stored.models,
      suite: suiteInfo(stored.suite),
      runs: stored.runs,
      temperatures: stored.temperatures,
      concurrency: stored.concurrency,
    },
    results,
    cases: withCases ? caseViews(stored.suite, rows, lang) : null,
    error: stored.error ? toUserError(stored.error, lang) : null,
  };
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
  const { config, registry, retriever, logger } = deps;
  const suitesDir = deps.suitesDir ?? defaultSuitesDir();
  const maxAnswers = deps.maxAnswers ?? 1500;
  const store = new RunStore(deps.maxRuns ?? 20, deps.maxRunning ?? 2);
  const router = Router() as CompareRouter;
  router.store = store;

  router.get("/suites", (_req, res) => {
    const { suites, invalid: broken } = listSuites(suitesDir);
    for (const b of broken)
      logger.warn("compare: suite file does not validate", { file: b.file, detail: b.message });
    const body: CompareSuitesResponse = { suites: suites.map(suiteInfo), default: suites[0]?.id ?? null };
    res.json(body);
  });

  router.post("/", (req, res) => {
    const parsed = StartSchema.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error);
    const body = parsed.data;
    if (new Set(body.models).size !== body.models.length) {
      throw new AppError("input:invalid", { detail: "models: un model apare de două ori" });
    }
    for (const model of body.models) {
      assertUsable(registry, model);
      abilitiesOf(model);
    }
    const suite =
      typeof body.suite === "object" ? parseSuite(body.suite) : findSuite(body.suite ?? "default", suitesDir);
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
    const stored: StoredRun = {
      id: randomUUID(),
      status: "running",
      done: 0,
      total: plan.total,
      createdAt: new Date().toISOString(),
      finishedAt: null,
      suite,
      models: body.models,
      runs: plan.runs,
      temperatures: plan.temperatures,
      concurrency: plan.concurrency,
      timeoutMs: plan.timeoutMs,
      rows: [],
      run: null,
      results: null,
      error: null,
      controller: new AbortController(),
    };
    store.add(stored);
    void runComparison({
      models: body.models,
      suite,
      config,
      registry,
      runs: plan.runs,
      temperatures: plan.temperatures,
      concurrency: plan.concurrency,
      signal: stored.controller.signal,
      onRow: (row) => stored.rows.push(row),
      onProgress: ({ done }) => {
        stored.done = done;
      },
    }).then(
      (run) => {
        stored.run = run;
        stored.results = summarize(run);
        stored.done = run.rows.length;
        stored.status = "done";
        stored.finishedAt = run.finishedAt;
      },
      (err: unknown) => {
        logger.error("compare run failed", { runId: stored.id, ...errorDetail(err) });
        stored.status = "error";
        stored.error = err instanceof AppError ? err : new AppError("internal");
        stored.finishedAt = new Date().toISOString();
      },
    );
    const started: CompareStartResponse = { runId: stored.id, total: plan.total };
    res.status(202).json(started);
  });

  // Compare answers in the chat: registered before /:runId so that "chat" is never read as a run id.
  router.post("/chat", async (req, res) => {
    const parsed = ChatSchema.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error);
    const body = parsed.data;
    if (!body.text.trim()) throw new AppError("input:empty");
    if (body.text.length > config.MAX_MESSAGE_CHARS) {
      throw new AppError("input:too_long", { limit: config.MAX_MESSAGE_CHARS, length: body.text.length });
    }
    if (new Set(body.models).size !== body.models.length) {
      throw new AppError("input:invalid", { detail: "models: un model apare de două ori" });
    }
    for (const model of body.models) {
      assertUsable(registry, model);
      if (abilitiesOf(model).chat === false) {
        throw new AppError("input:invalid", { detail: `${model} nu generează răspunsuri (doar adnotează)` });
      }
    }
    const gone = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    const lang = pickLang(req.headers["accept-language"]);
    const response = await compareInChat({ config, registry, retriever }, body, gone.signal);
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
    const stored = store.get(String(req.params.runId));
    const withCases = req.query.cases !== "0" && req.query.cases !== "false";
    res.json(runResponse(stored, pickLang(req.headers["accept-language"]), withCases));
  });

  router.get("/:runId/report", (req, res) => {
    const stored = store.get(String(req.params.runId));
    if (!stored.run || !stored.results) throw new AppError("compare:not_ready");
    const format = String(req.query.format ?? "md");
    if (format === "csv") {
      res.type("text/csv; charset=utf-8").attachment("results.csv").send(rowsCsv(stored.run.rows));
    } else if (format === "json") {
      res
        .type("application/json; charset=utf-8")
        .attachment("results.json")
        .send(resultsJson(stored.results));
    } else if (format === "md") {
      res
        .type("text/markdown; charset=utf-8")
        .attachment("report.md")
        .send(reportMarkdown(stored.results, stored.run));
    } else {
      throw new AppError("input:invalid", { detail: "format: md, csv sau json" });
    }
  });

  router.delete("/:runId", (req, res) => {
    const stored = store.get(String(req.params.runId));
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
