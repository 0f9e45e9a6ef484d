// REST for the corpus page, mounted at /api/corpus (GET /api/corpus itself, the chat's filters, stays in app.ts).
// Payloads are the zod schemas of contract/corpusPage.ts; errors are coded and answered in the asker's language.
// docs/corpus-pipeline.md lists every route.
import { invalidInput } from "../http/zodIssue";
import { Router, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import {
  CollectionNameSchema,
  CorpusImportSchema,
  DocumentIdSchema,
  FeedRequestSchema,
  PreviewQuerySchema,
  RestoreRequestSchema,
  type CorpusJobResponse,
} from "../../contract/corpusPage";
import { DocumentsQuerySchema, OverviewQuerySchema, type CorpusOverview } from "../../contract/corpusExplore";
import { AppError, pickLang, toUserError, type ErrorCode } from "../../contract/errors";
import { importWarningText, type ImportWarning } from "../../contract/importWarnings";
import type { Job } from "../../contract/workbench";
import { localizedError } from "../jobs/runner";
import { errorDetail } from "../log";
import type { Workbench } from "../workbench/service";
import { CORPUS_EXPORT_FORMATS, EXPORT_TYPES, exportCorpus } from "./export";
import { fetchFeed } from "./feed";
import type { StoredImport } from "./importStore";
import { previewCorpusFile } from "./preview";
import { removedDocuments } from "./removedDocuments";
import { annotationSources, parseRunOption, runOverview } from "./runOverview";
import type { CorpusService } from "./service";
import { writeStarters } from "./starters";
import { corpusPaths } from "../config";
import {
  normalizeStarter,
  starterProblem,
  StartersRequestSchema,
  type StartersResponse,
} from "../../contract/starters";

const STATUS: Partial<Record<ErrorCode, number>> = {
  "input:invalid": 400,
  "upload:missing_file": 400,
  "upload:not_found": 404,
  "corpus:feed_url": 400,
  "corpus:upload_too_large": 413,
  "corpus:collection_not_found": 404,
  "corpus:document_not_found": 404,
  "corpus:import_not_found": 404,
  "corpus:run_not_found": 404,
  "corpus:catalog_missing": 503,
  "corpus:busy": 409,
  "corpus:feed_unreachable": 502,
  "corpus:feed_http": 502,
  "corpus:feed_timeout": 504,
  "corpus:starters_too_many": 400,
  "corpus:starter_empty": 400,
  "corpus:starter_label_too_long": 400,
  "corpus:starter_too_long": 413,
};

function statusOf(code: string): number {
  if (code in STATUS) return STATUS[code as ErrorCode]!;
  if (code.startsWith("corpus:")) return 422;
  return 500;
}

/**
 * A file's preview as the asker reads it: the importer's warnings come as codes (`codedWarnings`, which the page says
 * in its own language) and, for a client that does not read them, written in the asker's language (`warnings`).
 */
function previewIn<P extends { warnings: string[]; codedWarnings?: ImportWarning[] }>(
  preview: P,
  req: Request,
): P {
  const lang = pickLang(req.headers["accept-language"]);
  if (!preview.codedWarnings) return preview;
  return { ...preview, warnings: preview.codedWarnings.map((w) => importWarningText(w, lang)) };
}

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error);
}

export function corpusRouter(corpus: CorpusService, workbench: Workbench): Router {
  const router = Router();
  const { logger, config } = corpus.options;
  const lang = (req: Request) => pickLang(req.headers["accept-language"]);
  const jobOut = (job: Job, req: Request): Job => ({ ...job, error: localizedError(job.error, lang(req)) });
  const response = async (record: StoredImport, req: Request): Promise<CorpusJobResponse> => {
    const job = await workbench.job(record.jobId);
    const visible = corpus.publicRecord(record, job);
    return {
      record: { ...visible, error: localizedError(record.error ?? null, lang(req)) },
      job: job ? jobOut(job, req) : null,
    };
  };

  router.get("/status", async (req, res) => {
    const status = await corpus.status(lang(req));
    res.json({
      ...status,
      activeJob: status.activeJob ? jobOut(status.activeJob, req) : null,
      queuedJobs: status.queuedJobs.map((q) => ({ ...q, job: q.job && jobOut(q.job, req) })),
    });
  });

  router.post("/uploads", async (req, res) => {
    res.status(201).json(previewIn(await corpus.uploads.accept(req, res), req));
  });

  // The same upload read again, with the encoding the person chose.
  router.post("/uploads/:id/preview", async (req, res) => {
    const { encoding } = parse(PreviewQuerySchema, req.body);
    const upload = await corpus.uploads.locate(String(req.params.id));
    const preview = await previewCorpusFile(upload.file, upload.fileName, encoding);
    res.json(previewIn({ uploadId: String(req.params.id), ...preview }, req));
  });

  router.delete("/uploads/:id", async (req, res) => {
    if (!(await corpus.uploads.remove(String(req.params.id)))) throw new AppError("upload:not_found");
    res.status(204).end();
  });

  router.post("/feeds", async (req, res) => {
    const { url } = parse(FeedRequestSchema, req.body);
    const feed = await fetchFeed(url, {
      timeoutMs: config.CORPUS_FEED_TIMEOUT_MS,
      maxBytes: config.CORPUS_FEED_MAX_MB * 1024 * 1024,
      dir: corpus.uploads.dir,
    });
    const preview = await corpus.uploads.adopt(feed.file, feed.fileName);
    res.status(201).json(previewIn({ ...preview, feedUrl: feed.url }, req));
  });

  router.post("/imports", async (req, res) => {
    const started = await corpus.startImport(parse(CorpusImportSchema, req.body));
    res.status(202).json({ ...started, job: started.job && jobOut(started.job, req) });
  });

  router.get("/imports", async (req, res) => {
    const records = await corpus.imports.list(50);
    res.json({ imports: await Promise.all(records.map(async (r) => (await response(r, req)).record)) });
  });

  router.get("/imports/:id", async (req, res) => {
    const record = await corpus.imports.get(String(req.params.id));
    if (!record) throw new AppError("corpus:import_not_found");
    res.json(await response(record, req));
  });

  router.delete("/collections/:name", async (req, res) => {
    const name = parse(CollectionNameSchema, req.params.name);
    const started = await corpus.startRemove(name);
    res.status(202).json({ ...started, job: started.job && jobOut(started.job, req) });
  });

  // The index built anew from cleaned/ (an unreadable index, or any oddity of one); the same role as a removal.
  router.post("/rebuild", async (req, res) => {
    const started = await corpus.startRebuild();
    res.status(202).json({ ...started, job: started.job && jobOut(started.job, req) });
  });

  // The chat's starter questions (everyone reads them with GET /api/corpus); an empty list brings the built-in back.
  router.put("/starters", async (req, res) => {
    const starters = parse(StartersRequestSchema, req.body).starters.map(normalizeStarter);
    const problem = starterProblem(starters, config.MAX_MESSAGE_CHARS);
    if (problem) throw problem;
    await writeStarters(corpusPaths(config).root, starters);
    const body: StartersResponse = { starters };
    res.json(body);
  });

  router.get("/documents", async (req, res) => {
    const query = parse(DocumentsQuerySchema, req.query);
    res.json((await corpus.catalog()).documentsPage(query));
  });

  router.get("/documents/:id", async (req, res) => {
    const q = typeof req.query.q === "string" ? req.query.q.slice(0, 300) : undefined;
    const document = (await corpus.catalog()).document(String(req.params.id), q);
    if (!document) throw new AppError("corpus:document_not_found");
    res.json(document);
  });

  // One document out of the corpus (a wrong, repeated or private one): a job like a collection's removal.
  router.delete("/documents/:id", async (req, res) => {
    const started = await corpus.startRemoveDocument(parse(DocumentIdSchema, req.params.id));
    res.status(202).json({ ...started, job: started.job && jobOut(started.job, req) });
  });

  // The deleted documents (the removal ledger, newest first), and one put back: a job like its removal.
  router.get("/removed", async (_req, res) => {
    res.json(await removedDocuments(corpus.corpusDir));
  });

  router.post("/removed/:id/restore", async (req, res) => {
    const id = parse(DocumentIdSchema, req.params.id);
    const started = await corpus.startRestoreDocument(id, parse(RestoreRequestSchema, req.body));
    res.status(202).json({ ...started, job: started.job && jobOut(started.job, req) });
  });

  router.get("/overview", async (req, res) => {
    const { annotations } = parse(OverviewQuerySchema, req.query);
    const catalog = await corpus.catalog();
    const base = catalog.overview();
    const run = parseRunOption(annotations);
    const body: CorpusOverview = {
      ...base,
      annotations: run ? await runOverview(workbench, run.runId, run.modelIndex) : base.annotations,
      annotationSources: await annotationSources(workbench, catalog.documents),
    };
    res.json(body);
  });

  router.get("/export", async (req, res) => {
    const format = parse(z.enum(CORPUS_EXPORT_FORMATS).default("jsonl"), req.query.format);
    const collection =
      req.query.collection === undefined ? undefined : parse(CollectionNameSchema, req.query.collection);
    const catalog = await corpus.catalog();
    res.type(EXPORT_TYPES[format]);
    res.attachment(`${collection ?? "corpus"}.${format}`);
    await exportCorpus(catalog, format, res, collection);
  });

  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (!(err instanceof AppError))
      logger.error("corpus request failed", { path: req.path, ...errorDetail(err) });
    const body = toUserError(err, lang(req));
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(statusOf(body.code)).json({ error: body });
  });

  return router;
}
