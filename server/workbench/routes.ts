// REST for the annotation workbench, mounted at /api/workbench (docs/workbench.md lists every route). Payloads are the
// zod schemas of contract/workbench/; errors are coded and answered in the asker's language.
import { Router, type NextFunction, type Request, type Response } from "express";
import { CODEBOOK_VERSION } from "../../contract/annotation";
import { AppError, pickLang, toUserError } from "../../contract/errors";
import {
  AgreementQuerySchema,
  CreateDatasetSchema,
  QueueQuerySchema,
  LabelsQuerySchema,
  ResultsQuerySchema,
  ReviewSampleSchema,
  RunSettingsSchema,
  SaveAdjudicationSchema,
  SaveLabelSchema,
  evidenceProblem,
  ShareDatasetSchema,
  BlindReviewSchema,
  GUIDELINES_MAX_CHARS,
  guidelinesText,
  SaveGuidelinesSchema,
  OVERLAP_MAX,
  SetOverlapSchema,
  type CodebookResponse,
  type DatasetResponse,
  type DatasetSummary,
  type GuidelinesResponse,
  type Job,
  type WorkbenchModelsResponse,
} from "../../contract/workbench";
import { LEXICON_MODEL } from "../annotation/annotators";
import { CODEBOOK, codebookMarkdown } from "../codebook/codebook";
import { ownerFilter, userOf } from "../identity";
import { errorDetail } from "../log";
import { localizedError } from "../jobs/runner";
import type { ModelGateway } from "../models/gateway";
import { providerChoices } from "../models/clientModels";
import { forViewer, workbenchAccess } from "./access";
import { datasetProgress } from "./datasetProgress";
import { assertMayExport, labelsFor, queueInModelsOrder, resultsQueryFor, rowViewer } from "./blindReview";
import { datasetItem, datasetQueue } from "./datasetReview";
import { itemDetail } from "./itemDetail";
import { GuidelinesConflict } from "./guidelinesConflict";
import { LabelConflict } from "./labelConflict";
import { importUpload } from "./datasets/build";
import type { CatalogSource } from "./datasets/corpus";
import { corpusDatasetRoutes } from "./datasets/corpusRoutes";
import { seededSample } from "./datasets/sample";
import { estimateRun, priceOf } from "./estimate";
import { EXPORT_TYPES, exportFileName, exportRun } from "./export/exportRun";
import type { Workbench } from "./service";
import { Uploads } from "./uploads";
import {
  asMalformed,
  ExportQuerySchema,
  IdxSchema,
  ItemQuerySchema,
  JobsQuerySchema,
  labelStrings,
  parse,
  statusOf,
} from "./routeInput";

/**
 * `catalog` is the live corpus's catalog, searched by a data set drawn by keywords (absent: such a request is told the
 * catalog is not ready).
 */
export function workbenchRouter(
  workbench: Workbench,
  gateway: ModelGateway,
  catalog?: CatalogSource,
): Router {
  const router = Router();
  const { store, options } = workbench;
  const { config, logger } = options;
  const uploads = new Uploads(workbench.uploadsDir, config.WORKBENCH_MAX_UPLOAD_MB * 1024 * 1024);
  const slice = () => workbench.pool.slice();
  const lang = (req: Request) => pickLang(req.headers["accept-language"]);
  const jobOut = (job: Job, req: Request): Job => ({ ...job, error: localizedError(job.error, lang(req)) });

  // A member works on their own data sets and those shared with the class (./access.ts); another's is "not found".
  const { datasetOr404, runOr404, jobOr404, visibleJobs } = workbenchAccess(store, (id) => workbench.job(id));
  /** With accounts, people are named by their account, whatever the page sent. */
  const annotatorName = (req: Request, typed: string) => {
    const user = userOf(req);
    return user.kind === "user" ? user.name : typed;
  };
  /** Who asks for a row, and whether others' labels wait until they have saved theirs (the owner may decide). */
  const viewer = (req: Request, dataset: DatasetSummary) => {
    const query = parse(ItemQuerySchema, req.query);
    return rowViewer(userOf(req), dataset, {
      annotator: query.annotator === undefined ? undefined : annotatorName(req, query.annotator),
      blind: query.blind === "1" || query.blind === "true",
    });
  };
  const datasetResponse = async (req: Request, id: string): Promise<DatasetResponse> => ({
    dataset: await datasetOr404(req, id),
    runs: await store.listRuns(id),
    // Whoever reads the data set reads its guidelines: blind review holds back labels, never the instructions.
    guidelines: await store.getGuidelines(id),
  });

  router.get("/models", (_req, res) => {
    const chain = gateway.list().filter((m) => m.capabilities.includes("annotate") && m.configured);
    const ids = [...new Set([LEXICON_MODEL, ...chain.map((m) => m.id)])];
    const body: WorkbenchModelsResponse = {
      models: ids.map((id) => {
        const { basis, price } = priceOf(id);
        const info = gateway.list().find((m) => m.id === id);
        return {
          id,
          provider: id.split(":")[0]!,
          offline: id.startsWith("offline:"),
          inChain: info !== undefined,
          pricing: basis,
          ...(price ? { price: { input: price.input, output: price.output } } : {}),
        };
      }),
      // The providers whose other models a run may name: the rule the compare page shares (models/clientModels.ts).
      providers: providerChoices(config),
      defaults: { temperature: 0, repeats: 1, concurrency: workbench.pool.size },
      limits: {
        maxUploadBytes: config.WORKBENCH_MAX_UPLOAD_MB * 1024 * 1024,
        maxRows: config.WORKBENCH_MAX_ROWS,
        maxModels: 6,
        maxRepeats: 10,
      },
    };
    res.json(body);
  });

  router.get("/codebook", (_req, res) => {
    const body: CodebookResponse = {
      version: CODEBOOK.version,
      title: CODEBOOK.title,
      markdown: codebookMarkdown(),
      fields: CODEBOOK.fields.map((f) => ({
        name: f.name,
        values: f.values,
        definition: f.definition,
        rules: [...f.rules],
      })),
      changelog: CODEBOOK.changelog.map((c) => ({
        version: c.version,
        date: c.date,
        changes: [...c.changes],
      })),
    };
    res.json(body);
  });

  router.post("/uploads", async (req, res) => {
    res.status(201).json(await uploads.accept(req, res, userOf(req).id));
  });

  router.delete("/uploads/:id", async (req, res) => {
    if (!(await uploads.remove(String(req.params.id), userOf(req).id)))
      throw new AppError("upload:not_found");
    res.status(204).end();
  });

  router.post("/datasets", async (req, res) => {
    const body = parse(CreateDatasetSchema, req.body);
    const upload = await uploads.open(body.uploadId, body.encoding, userOf(req).id);
    const dataset = await importUpload({
      store,
      inspection: upload.inspection,
      mapping: body.mapping,
      name: body.name ?? upload.inspection.label,
      source: "upload",
      contentHash: null,
      maxRows: config.WORKBENCH_MAX_ROWS,
      reviewSample: body.reviewSample,
      slice,
      userId: userOf(req).id,
    }).catch((err: unknown) => {
      throw asMalformed(err, upload.inspection.label);
    });
    await upload.remove();
    res.status(201).json(await datasetResponse(req, dataset.id));
  });

  // A data set drawn from the corpus, by keywords and filters, and the count of what it would take.
  corpusDatasetRoutes(router, { store, config, slice, catalog, datasetResponse });

  router.get("/datasets", async (req, res) => {
    const user = userOf(req);
    const datasets = await store.listDatasets(ownerFilter(user));
    res.json({ datasets: datasets.map((d) => forViewer(user, d)) });
  });

  router.put("/datasets/:id/shared", async (req, res) => {
    const { shared } = parse(ShareDatasetSchema, req.body);
    const dataset = await datasetOr404(req, String(req.params.id), "manage");
    const updated = await store.setShared(dataset.id, shared);
    if (!updated) throw new AppError("dataset:not_found");
    await workbench.sharingChanged(dataset.id, shared);
    res.json(forViewer(userOf(req), updated));
  });

  router.put("/datasets/:id/blind-review", async (req, res) => {
    const { blindReview } = parse(BlindReviewSchema, req.body);
    const dataset = await datasetOr404(req, String(req.params.id), "manage");
    const updated = await store.setBlindReview(dataset.id, blindReview);
    if (!updated) throw new AppError("dataset:not_found");
    res.json(forViewer(userOf(req), updated));
  });

  // Labels per row (overlap): the owner's (or an admin's) choice; a member who reads the set is refused with a code, and
  // a k that is not a whole number 1..OVERLAP_MAX with one that says the bounds.
  router.put("/datasets/:id/overlap", async (req, res) => {
    const body = SetOverlapSchema.safeParse(req.body ?? {});
    const dataset = await datasetOr404(req, String(req.params.id));
    if (!dataset.canManage) throw new AppError("dataset:overlap_forbidden");
    if (!body.success) throw new AppError("dataset:overlap_invalid", { min: 1, max: OVERLAP_MAX });
    const updated = await store.setOverlap(dataset.id, body.data.overlap);
    if (!updated) throw new AppError("dataset:not_found");
    res.json(forViewer(userOf(req), updated));
  });

  // The annotation guidelines: written by the owner (or an admin); a member who reads the set is refused with a code.
  router.put("/datasets/:id/guidelines", async (req, res) => {
    const body = parse(SaveGuidelinesSchema, req.body);
    const dataset = await datasetOr404(req, String(req.params.id));
    if (!dataset.canManage) throw new AppError("dataset:guidelines_forbidden");
    const text = guidelinesText(body.text);
    if (text !== null && text.length > GUIDELINES_MAX_CHARS) {
      throw new AppError("dataset:guidelines_too_long", { length: text.length, limit: GUIDELINES_MAX_CHARS });
    }
    const saved = await store.setGuidelines(dataset.id, text, userOf(req).name, body.expectedUpdatedAt);
    if (!saved) throw new AppError("dataset:not_found");
    const response: GuidelinesResponse = saved;
    res.json(response);
  });

  router.get("/datasets/:id", async (req, res) => {
    res.json(await datasetResponse(req, String(req.params.id)));
  });

  router.delete("/datasets/:id", async (req, res) => {
    const id = String(req.params.id);
    await datasetOr404(req, id, "manage");
    const runs = await store.listRuns(id);
    for (const run of runs) {
      const job = await workbench.jobs.get(run.jobId);
      if (job && (job.status === "running" || job.status === "queued")) throw new AppError("dataset:busy");
    }
    await store.deleteDataset(id);
    // The runs' jobs go too: a job whose run is gone would stay in every page's list of jobs.
    for (const run of runs) await workbench.jobs.delete(run.jobId);
    res.status(204).end();
  });

  router.put("/datasets/:id/review-sample", async (req, res) => {
    const sample = parse(ReviewSampleSchema, req.body);
    const dataset = await datasetOr404(req, String(req.params.id), "manage");
    const idxs = seededSample(dataset.rows, sample.size, sample.seed);
    await store.setReviewSample(dataset.id, { size: idxs.length, seed: sample.seed }, idxs);
    res.json(await datasetResponse(req, dataset.id));
  });

  router.post("/estimate", async (req, res) => {
    const settings = parse(RunSettingsSchema, req.body);
    await datasetOr404(req, settings.datasetId);
    for (const model of settings.models) workbench.assertModel(model);
    const stats = await store.textStats(settings.datasetId);
    res.json(
      estimateRun({
        datasetId: settings.datasetId,
        ...stats,
        models: [...new Set(settings.models)],
        repeats: settings.repeats ?? 1,
      }),
    );
  });

  router.post("/runs", async (req, res) => {
    const settings = parse(RunSettingsSchema, req.body);
    await datasetOr404(req, settings.datasetId);
    const { run, job } = await workbench.createRun(settings, "page", undefined, userOf(req).id);
    res.status(202).json({ run, job: jobOut(job, req) });
  });

  router.get("/runs/:id", async (req, res) => {
    const run = await runOr404(req, String(req.params.id));
    const job = await workbench.job(run.jobId);
    if (!job) throw new AppError("job:not_found");
    res.json({ run, job: jobOut(job, req) });
  });

  router.get("/runs/:id/results", async (req, res) => {
    const query = parse(ResultsQuerySchema, req.query);
    const run = await runOr404(req, String(req.params.id));
    const dataset = await datasetOr404(req, run.datasetId);
    res.json(await store.results(run.id, resultsQueryFor(userOf(req), dataset, query)));
  });

  router.get("/runs/:id/items/:idx", async (req, res) => {
    const run = await runOr404(req, String(req.params.id));
    const idx = parse(IdxSchema, req.params.idx);
    const dataset = await datasetOr404(req, run.datasetId);
    const { annotator, blind } = viewer(req, dataset);
    const body = await itemDetail(store, dataset, idx, annotator, blind, {
      runId: run.id,
      annotations: () => store.outcomesOf(run.id, idx),
      flags: () => store.flagsOf(run.id, idx, 0.6),
    });
    res.json(body);
  });

  router.get("/runs/:id/queue", async (req, res) => {
    const query = parse(QueueQuerySchema, req.query);
    const run = await runOr404(req, String(req.params.id));
    if (query.after !== undefined && !(await store.getItem(run.datasetId, query.after))) {
      throw new AppError("item:not_found");
    }
    const dataset = await datasetOr404(req, run.datasetId);
    const asked = { ...query, annotator: annotatorName(req, query.annotator) };
    res.json(
      queueInModelsOrder(userOf(req), dataset)
        ? await store.queue(run.id, asked)
        : { ...(await datasetQueue(store, dataset, asked)), runId: run.id },
    );
  });

  // The same review without a run: people label a data set before any model has run (./datasetReview.ts).
  router.get("/datasets/:id/items/:idx", async (req, res) => {
    const dataset = await datasetOr404(req, String(req.params.id));
    const idx = parse(IdxSchema, req.params.idx);
    const { annotator, blind } = viewer(req, dataset);
    res.json(await datasetItem(store, dataset, idx, annotator, blind));
  });

  router.get("/datasets/:id/queue", async (req, res) => {
    const query = parse(QueueQuerySchema, req.query);
    const dataset = await datasetOr404(req, String(req.params.id));
    if (query.after !== undefined && !(await store.getItem(dataset.id, query.after))) {
      throw new AppError("item:not_found");
    }
    res.json(
      await datasetQueue(store, dataset, { ...query, annotator: annotatorName(req, query.annotator) }),
    );
  });

  router.put("/datasets/:id/items/:idx/labels", async (req, res) => {
    const body = parse(SaveLabelSchema, req.body);
    const dataset = await datasetOr404(req, String(req.params.id));
    const idx = parse(IdxSchema, req.params.idx);
    const item = await store.getItem(dataset.id, idx);
    if (!item) throw new AppError("item:not_found");
    // Evidence spans are offsets in this row's text: checked against it (a skipped row keeps none).
    const evidence = body.status === "skipped" ? [] : (body.evidence ?? []);
    const problem = evidenceProblem(evidence, item.text.length);
    if (problem) throw new AppError(problem.code, problem.params);
    const annotator = annotatorName(req, body.annotator);
    const label = await store.saveLabel(
      {
        datasetId: dataset.id,
        idx,
        annotator,
        // A skipped row keeps no labels, whatever was sent.
        labels: body.status === "skipped" ? {} : labelStrings(body.labels ?? {}),
        status: body.status ?? "labelled",
        note: body.note ?? null,
        evidence,
        blind: dataset.blindForViewer
          ? // Held to blind review, a first label is blind; one changed later was saved with everything in view.
            !(await store.labelsOf(dataset.id, idx)).labels.some(
              (l) => l.annotator === annotator && l.status !== "skipped",
            )
          : req.query.blind === "1" || req.query.blind === "true",
        codebookVersion: CODEBOOK_VERSION,
      },
      body.expectedUpdatedAt,
    );
    res.json(label);
  });

  router.put("/datasets/:id/items/:idx/adjudication", async (req, res) => {
    const body = parse(SaveAdjudicationSchema, req.body);
    const dataset = await datasetOr404(req, String(req.params.id), "manage");
    const idx = parse(IdxSchema, req.params.idx);
    if (!(await store.getItem(dataset.id, idx))) throw new AppError("item:not_found");
    const label = await store.saveAdjudication({
      datasetId: dataset.id,
      idx,
      annotator: annotatorName(req, body.adjudicator),
      labels: labelStrings(body.labels),
      note: body.note ?? null,
      codebookVersion: CODEBOOK_VERSION,
    });
    res.json(label);
  });

  router.get("/datasets/:id/labels", async (req, res) => {
    const { annotator } = parse(LabelsQuerySchema, req.query);
    const dataset = await datasetOr404(req, String(req.params.id));
    const seen = labelsFor(userOf(req), dataset, await store.listLabels(dataset.id));
    res.json(annotator ? { ...seen, labels: seen.labels.filter((l) => l.annotator === annotator) } : seen);
  });

  // The class's progress: one line per person, for whoever manages the set; a member who reads it is refused.
  router.get("/datasets/:id/progress", async (req, res) => {
    const dataset = await datasetOr404(req, String(req.params.id));
    if (!dataset.canManage) throw new AppError("dataset:progress_forbidden");
    res.json(datasetProgress(dataset, await store.listLabels(dataset.id)));
  });

  router.get("/runs/:id/agreement", async (req, res) => {
    const query = parse(AgreementQuerySchema, req.query);
    const run = await runOr404(req, String(req.params.id));
    const dataset = await datasetOr404(req, run.datasetId);
    // Held to blind review, a member sees their own figures and the models', their classmates' only together.
    const viewer = dataset.blindForViewer ? userOf(req).name : undefined;
    res.json(await workbench.agreement(run.id, query, viewer));
  });

  router.get("/runs/:id/methods", async (req, res) => {
    const run = await runOr404(req, String(req.params.id));
    res.json(await workbench.methods(run.id));
  });

  router.get("/runs/:id/export", async (req, res) => {
    const { format } = parse(ExportQuerySchema, req.query);
    const run = await runOr404(req, String(req.params.id));
    const dataset = await datasetOr404(req, run.datasetId);
    assertMayExport(userOf(req), dataset);
    const methods = await workbench.methods(run.id);
    res.type(EXPORT_TYPES[format]);
    res.attachment(exportFileName(dataset.name, format));
    await exportRun({ store, run, dataset, methods, format, out: res, slice });
  });

  router.get("/jobs", async (req, res) => {
    const query = parse(JobsQuerySchema, req.query);
    const jobs = await visibleJobs(userOf(req), await workbench.listJobs(query));
    res.json({ jobs: jobs.map((job) => jobOut(job, req)) });
  });

  router.get("/jobs/:id", async (req, res) => {
    res.json(jobOut(await jobOr404(req, String(req.params.id)), req));
  });

  router.post("/jobs/:id/stop", async (req, res) => {
    const id = String(req.params.id);
    const before = await jobOr404(req, id, "manage");
    if (before.status !== "running" && before.status !== "queued") {
      throw new AppError("job:not_running", { status: before.status });
    }
    const job = await workbench.runner.stop(id);
    res.json(jobOut(job ?? before, req));
  });

  router.post("/jobs/:id/resume", async (req, res) => {
    const id = String(req.params.id);
    const before = await jobOr404(req, id, "manage");
    if (before.status !== "stopped" && before.status !== "failed") {
      throw new AppError("job:not_resumable", { status: before.status });
    }
    const job = await workbench.runner.resume(id);
    res.json(jobOut(job ?? before, req));
  });

  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = err instanceof AppError;
    if (!known) logger.error("workbench request failed", { path: req.path, ...errorDetail(err) });
    const body = toUserError(err, lang(req));
    if (res.headersSent) {
      // An export cut short: the client sees a truncated file; the log says why.
      res.destroy();
      return;
    }
    // A label (or guidelines) saved meanwhile elsewhere goes back with the refusal, for the page to show beside the
    // one typed.
    const conflict = err instanceof LabelConflict || err instanceof GuidelinesConflict;
    res.status(statusOf(body.code)).json(conflict ? { error: body, stored: err.stored } : { error: body });
  });

  return router;
}
