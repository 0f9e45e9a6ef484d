// REST for the "Compară modele" page, mounted at /api/compare: start a comparison and poll it, list the suites, and
// compare two or three models on one chat message with a frozen context. The payloads are in contract/compare.ts,
// the runs in the app's database (runStore.ts; run by liveRuns.ts), a run's response is shaped by runView.ts.
import { Router, type NextFunction, type Request, type Response } from "express";
import {
  CompareStartSchema,
  COMPARE_LIMITS,
  HumanVerdictSchema,
  type HumanVerdict,
  type HumanVerdictResponse,
  SuiteCheckSchema,
  type SuiteCheckResponse,
  type CompareStartResponse,
  type CompareSuitesResponse,
} from "../../contract/compare";
import { type CompareChatRequest } from "../../contract/compareChat";
import { CompareHistoryQuerySchema, type CompareHistoryResponse } from "../../contract/compareHistory";
import { CompareDiffQuerySchema, type CompareDiffResponse } from "../../contract/compareDiff";
import { AppError, pickLang, toUserError, type Lang } from "../../contract/errors";
import { PreferenceSchema, type PreferenceStats } from "../../contract/preferences";
import type { StoredMessage, Thread } from "../../contract/threads";
import type { PreferenceStore } from "../quality/preferenceStore";
import { preferenceStats } from "../quality/preferenceStats";
import type { Retriever } from "../../corpus/retrieval/types";
import type { Config } from "../config";
import { invalidInput } from "../http/parseBody";
import {
  assertAnswerable,
  assertDistinct,
  assertJudges,
  assertUsableModels,
  chatRequest,
} from "./requestChecks";
import { errorDetail, type Logger } from "../log";
import { canSee, ownerFilter, userOf } from "../identity";
import type { ModelGateway, Payer } from "../models/gateway";
import { countWith } from "../../contract/plural";
import { compareInChat, type ChatCompareRequest } from "./chat";
import { conversationAttachments } from "../attachments/attachments";
import { pathBefore } from "../../contract/answerVersions";
import { resultsJson, rowsCsv } from "./report";
import { reportMarkdown } from "./reportMarkdown";
import { comparisonReportName } from "../../contract/exportFileName";
import { planRun } from "./runner";
import { CompareRuns } from "./liveRuns";
import type { CompareRunRecord, CompareRunStore } from "./runStore";
import { diffRuns, type DiffSide } from "./runDiff";
import { historyCursor, historyItem, historyPlace } from "./historyItems";
import { answersInOrder, figuresOf, localize, runResponse } from "./runView";
import { parse as parseYaml } from "yaml";
import {
  defaultSuitesDir,
  findSuite,
  findSuiteFile,
  listSuites,
  parseSuite,
  parseSuiteText,
  suiteInfo,
} from "./suite";

/** What a comparison in the chat reads of the threads (the app's Storage gives it): one thread and its messages. */
export interface ThreadReader {
  getThread(id: string): Promise<Thread | null>;
  listMessages(threadId: string): Promise<StoredMessage[]>;
}

export interface CompareRouterDeps {
  config: Config;
  gateway: ModelGateway;
  retriever: Retriever;
  logger: Logger;
  /** Where the shipped suites are (suites/ of the working directory by default). */
  suitesDir?: string;
  /** The asker's daily budget, for the comparison's calls to paid models; none: no budget. */
  payerFor?: (userId: string) => Payer | undefined;
  /** Where runs are kept (the app's database), and this instance's id, the owner of the runs it starts. */
  store: CompareRunStore;
  instanceId: string;
  /** Silence after which a run's instance counts as gone and the run as interrupted (INSTANCE_STALE_MS). */
  staleMs?: number;
  /** Runs kept per user, the newest (default 100); older finished ones are deleted when the user starts one. */
  keepPerUser?: number;
  /** Runs in progress at once on this instance (default 2). */
  maxRunning?: number;
  /** Most answers one run may ask for (cases × runs × temperatures × models; default 1500). */
  maxAnswers?: number;
  /** People's blind preferences (POST/GET /preferences); the routes answer 404 without a store. */
  preferences?: PreferenceStore;
  /** The threads, whose earlier attachments a comparison in the chat searches; none: only the message's own. */
  threads?: ThreadReader;
  /** The accounts' names by id (AUTH=users), so that an admin's list of runs says whose each is. */
  accountNames?: () => Promise<Map<string, string>>;
}

/**
 * The comparison's question with the attachments the chat would search for it: those of the thread it is asked
 * beside (the user's own: another's thread is "not found") on the path to the answer it follows, as a question sent
 * there would be asked after (another branch's attachments are not searched), then the message's own, marked current.
 */
async function withConversationAttachments(
  request: CompareChatRequest,
  req: Request,
  threads: CompareRouterDeps["threads"],
): Promise<ChatCompareRequest> {
  const { threadId, follows, attachments = [], ...rest } = request;
  if (!threadId || !threads) return { ...rest, attachments: conversationAttachments([], attachments) };
  const thread = await threads.getThread(threadId);
  if (!thread || !canSee(userOf(req), thread.userId)) throw new AppError("thread:not_found");
  const stored = await threads.listMessages(thread.id);
  // An answer the thread does not hold is no mark (pathBefore ignores it): the path to the newest message then.
  const before = pathBefore(stored, follows ? { follows } : {});
  return { ...rest, attachments: conversationAttachments(before, attachments) };
}

/**
 * GET /api/compare/:runId/report?format=md|csv|json[&lang=ro|en]: one of the three files, as a download (the report in
 * `lang`, else the Accept-Language's, Romanian by default, named after the run: contract/exportFileName.ts); of a
 * finished run, or of the answers an interrupted one kept (its figures say `interrupted`).
 */
async function sendReport(
  res: Response,
  store: CompareRunStore,
  record: CompareRunRecord,
  format: string,
  lang: Lang,
): Promise<void> {
  if (record.status !== "done" && record.status !== "interrupted") throw new AppError("compare:not_ready");
  if (!["csv", "json", "md"].includes(format))
    throw new AppError("input:invalid", {
      detail: "format: md, csv sau json",
      detailEn: "format: md, csv or json",
    });
  const rows = answersInOrder(record, await store.listRows(record.id));
  const results = figuresOf(record, rows);
  if (!results) throw new AppError("compare:not_ready");
  if (format === "csv") {
    res
      .type("text/csv; charset=utf-8")
      .attachment(comparisonReportName(record.createdAt, record.id, lang, "csv"))
      .send(rowsCsv(rows));
  } else if (format === "json") {
    res
      .type("application/json; charset=utf-8")
      .attachment(comparisonReportName(record.createdAt, record.id, lang, "json"))
      .send(resultsJson(results));
  } else {
    res
      .type("text/markdown; charset=utf-8")
      .attachment(comparisonReportName(record.createdAt, record.id, lang))
      .send(reportMarkdown(results, { rows }, lang));
  }
}

const STATUS: Partial<Record<string, number>> = {
  "compare:not_found": 404,
  "compare:busy": 429,
  "compare:closing": 503,
  "compare:not_ready": 409,
  "compare:running": 409,
  "compare:answer_not_found": 404,
  "compare:diff_same_run": 422,
  "compare:diff_suite_mismatch": 422,
  "input:unknown_models": 400,
};

export interface CompareRouter extends Router {
  /** The runs of this instance (shutdown stops them, keeping what they made). */
  runs: CompareRuns;
}

export function compareRouter(deps: CompareRouterDeps): CompareRouter {
  const { config, gateway, retriever, logger } = deps;
  const suitesDir = deps.suitesDir ?? defaultSuitesDir();
  const maxAnswers = deps.maxAnswers ?? COMPARE_LIMITS.answers;
  const store = deps.store;
  const runs = new CompareRuns({
    store,
    instanceId: deps.instanceId,
    staleMs: deps.staleMs ?? config.INSTANCE_STALE_MS,
    maxRunning: deps.maxRunning ?? 2,
    keepPerUser: deps.keepPerUser ?? 100,
    logger,
  });
  runs
    .recoverInterrupted()
    .then((count) => {
      if (count > 0) logger.warn("compare runs interrupted: the instance running them is gone", { count });
    })
    .catch((err: unknown) => logger.error("marking interrupted comparisons failed", errorDetail(err)));
  const router = Router() as CompareRouter;
  router.runs = runs;
  /** The asker's gateway: their calls to paid models come from their budget. */
  const paidGateway = (req: Request) => gateway.paidBy(deps.payerFor?.(userOf(req).id));
  /** A run the asker may see: their own, or any for an admin; another's is "not found". */
  const seenRun = async (req: Request, runId: string): Promise<CompareRunRecord> => {
    const record = await runs.get(runId);
    if (!canSee(userOf(req), record.userId)) throw new AppError("compare:not_found");
    return record;
  };
  const ownRun = (req: Request) => seenRun(req, String(req.params.runId));

  router.get("/suites", (req, res) => {
    const { suites, invalid: broken } = listSuites(suitesDir);
    for (const b of broken)
      logger.warn("compare: suite file does not validate", { file: b.file, detail: b.message });
    const lang = pickLang(req.headers["accept-language"]);
    const body: CompareSuitesResponse = {
      suites: suites.map((s) => suiteInfo(s, lang)),
      default: suites[0]?.id ?? null,
      maxAnswers,
    };
    res.json(body);
  });

  // A shipped suite's file as it is, the starting point of a user's own (the page's "template" link).
  router.get("/suites/:id/file", (req, res) => {
    const { file, text } = findSuiteFile(String(req.params.id), suitesDir);
    const type = file.endsWith(".json") ? "application/json" : "application/yaml";
    res.type(`${type}; charset=utf-8`).attachment(file).send(text);
  });

  // A user's suite checked before it runs: a file's text (YAML or JSON) or the editor's object. The answer carries the
  // suite as an object, which the page then sends to POST / as it is.
  router.post("/suites/check", (req, res) => {
    const parsed = SuiteCheckSchema.safeParse(req.body);
    if (!parsed.success) throw invalidInput(parsed.error);
    const { text, suite: object } = parsed.data;
    if ((text === undefined) === (object === undefined))
      throw new AppError("input:invalid", {
        detail: "trimiteți fie „text” (un fișier de suită), fie „suite” (un obiect)",
        detailEn: 'send either "text" (a suite file) or "suite" (an object)',
      });
    if (text !== undefined && !text.trim())
      throw new AppError("input:invalid", {
        detail: "fișierul suitei este gol",
        detailEn: "the suite file is empty",
      });
    const suite = text !== undefined ? parseSuiteText(text) : parseSuite(object);
    assertJudges(suite, config);
    const value = text !== undefined ? (parseYaml(text) as Record<string, unknown>) : object!;
    const body: SuiteCheckResponse = {
      info: suiteInfo(suite, pickLang(req.headers["accept-language"])),
      suite: value,
    };
    res.json(body);
  });

  router.post("/", async (req, res) => {
    const parsed = CompareStartSchema.safeParse(req.body);
    if (!parsed.success) throw invalidInput(parsed.error);
    const body = parsed.data;
    assertDistinct(body.models);
    assertUsableModels(body.models, config);
    const suite =
      typeof body.suite === "object" ? parseSuite(body.suite) : findSuite(body.suite ?? "default", suitesDir);
    assertJudges(suite, config);
    assertAnswerable(body.models, suite);
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
        detail: `comparația ar cere ${countWith(plan.total, ["răspuns", "răspunsuri"])} (cel mult ${maxAnswers}); alegeți mai puține modele, rulări sau temperaturi`,
        detailEn: `the comparison would ask for ${plan.total} answers (at most ${maxAnswers}); choose fewer models, runs or temperatures`,
      });
    }
    const stored = await runs.launch({
      suite,
      models: body.models,
      plan,
      config,
      gateway: paidGateway(req),
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
    if (!parsed.success) throw invalidInput(parsed.error);
    // With accounts, the person is the account, whatever the page typed (as for review labels).
    const user = userOf(req);
    const input = user.kind === "local" ? parsed.data : { ...parsed.data, person: user.name };
    const known = (await store.get(input.runId))?.request;
    if (known) {
      for (const model of [input.a, input.b]) {
        if (!known.models.includes(model)) throw new AppError("input:unknown_model", { model });
      }
      if (!known.suite.cases.some((c) => c.id === input.caseId))
        throw new AppError("input:invalid", {
          detail: `caseId: ${input.caseId} nu este în suită`,
          detailEn: `caseId: ${input.caseId} is not in the suite`,
        });
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
    const body = await withConversationAttachments(chatRequest(req.body, config), req, deps.threads);
    const gone = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    const lang = pickLang(req.headers["accept-language"]);
    const response = await compareInChat(
      { config, gateway: paidGateway(req), retriever },
      body,
      gone.signal,
      lang,
    );
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

  // The past runs, newest first: the asker's, or everyone's for an admin (AUTH=off: the one local user, an admin).
  // GET / never reads as /:runId, which needs an id.
  router.get("/", async (req, res) => {
    const parsed = CompareHistoryQuerySchema.safeParse(req.query);
    if (!parsed.success) throw invalidInput(parsed.error);
    const { limit, before } = parsed.data;
    const user = userOf(req);
    // One more than asked: whether a next page exists.
    const listed = await store.list({
      ...ownerFilter(user),
      limit: limit + 1,
      ...(before ? { before: historyPlace(before) } : {}),
    });
    const page = listed.slice(0, limit);
    // A run still "running" whose instance is gone is marked interrupted as a read of it would (liveRuns.get).
    const fresh = await Promise.all(
      page.map(async (run) => {
        if (run.status !== "running") return run;
        const record = await runs.get(run.id).catch(() => null);
        return record
          ? { ...run, status: record.status, done: record.done, finishedAt: record.finishedAt }
          : run;
      }),
    );
    const lang = pickLang(req.headers["accept-language"]);
    const names = user.role === "admin" && deps.accountNames ? await deps.accountNames() : undefined;
    const body: CompareHistoryResponse = {
      runs: fresh.map((run) => historyItem(run, lang, user, names)),
      next: listed.length > limit && page.length > 0 ? historyCursor(page.at(-1)!) : null,
    };
    res.json(body);
  });

  // Two runs side by side (runDiff.ts): each read as GET /:runId reads it (another's run is "not found"); registered
  // before /:runId so that "diff" is never read as a run id.
  router.get("/diff", async (req, res) => {
    const parsed = CompareDiffQuerySchema.safeParse(req.query);
    if (!parsed.success) throw invalidInput(parsed.error);
    const lang = pickLang(req.headers["accept-language"]);
    const side = async (runId: string): Promise<DiffSide> => {
      const record = await seenRun(req, runId);
      return { record, rows: await store.listRows(record.id) };
    };
    const { a, b } = parsed.data;
    if (a === b) throw new AppError("compare:diff_same_run");
    const body: CompareDiffResponse = diffRuns(await side(a), await side(b), lang);
    res.json(body);
  });

  router.get("/:runId", async (req, res) => {
    const record = await ownRun(req);
    const withCases = req.query.cases !== "0" && req.query.cases !== "false";
    // The answers: for the cases, and for the figures of a run that has none stored yet.
    const needsRows = withCases || (!record.results && record.status !== "error");
    const rows = needsRows ? await store.listRows(record.id) : null;
    res.json(runResponse(record, rows, pickLang(req.headers["accept-language"]), withCases));
  });

  router.get("/:runId/report", async (req, res) => {
    const lang = pickLang(req.query.lang ?? req.headers["accept-language"]);
    await sendReport(res, store, await ownRun(req), String(req.query.format ?? "md"), lang);
  });

  // A person's verdict on one answer (null clears it), kept with the answer: of a run that no longer runs (its
  // answers are final), by its owner or an admin (another's run is "not found"). With accounts the verdict is the
  // account's, whatever name the page typed (as for blind preferences); without them the typed name, else "local".
  router.put("/:runId/verdict", async (req, res) => {
    const record = await ownRun(req);
    const parsed = HumanVerdictSchema.safeParse(req.body);
    if (!parsed.success) throw invalidInput(parsed.error);
    if (record.status !== "done" && record.status !== "interrupted") throw new AppError("compare:not_ready");
    const { caseId, model, temperature, run, verdict, person } = parsed.data;
    const user = userOf(req);
    const comment = parsed.data.comment?.trim();
    const human: HumanVerdict | null = verdict
      ? {
          verdict,
          ...(comment ? { comment } : {}),
          by: user.kind === "local" ? (person ?? user.name) : user.name,
          at: new Date().toISOString(),
        }
      : null;
    const stored = await store.setHumanVerdict(record.id, { caseId, model, temperature, run }, human);
    if (!stored) throw new AppError("compare:answer_not_found", { caseId, model, temperature, run });
    const body: HumanVerdictResponse = { caseId, model, temperature, run, human: stored.human ?? null };
    res.json(body);
  });

  // Stopping: at once on the instance running it, at its next answer or heartbeat from any other. With ?delete=1, the
  // run is deleted instead, with its answers (the page's list): only one that no longer runs, so that a stop pressed
  // as a run ends never deletes it, and a deletion never races the instance still writing a run.
  router.delete("/:runId", async (req, res) => {
    const record = await ownRun(req);
    if (req.query.delete === "1" || req.query.delete === "true") {
      if (record.status === "running") throw new AppError("compare:running");
      if (!(await store.remove(record.id))) {
        // Deleted meanwhile (another tab asked too): not found; otherwise it started running again.
        throw new AppError((await store.get(record.id)) ? "compare:running" : "compare:not_found");
      }
      res.json({ runId: record.id, status: record.status, deleted: true });
      return;
    }
    const after = (await runs.cancel(record.id)) ?? record;
    res.status(202).json({ runId: after.id, status: after.status });
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
