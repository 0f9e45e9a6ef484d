// What the workbench's routes (./routes.ts) make of a request and of an error: the HTTP status of each error code, a
// body or query parsed against its schema (refused with the zod issue in the asker's language), the queries the
// routes share, a reader's failure as a malformed file, and a review label as the store keeps it.
import { z } from "zod";
import { AppError, type ErrorCode } from "../../contract/errors";
import { EXPORT_FORMATS, JOB_KINDS, JOB_STATUSES, type ReviewLabels } from "../../contract/workbench";
import { invalidInput } from "../http/zodIssue";

const STATUS: Partial<Record<ErrorCode, number>> = {
  "input:invalid": 400,
  "input:empty": 400,
  "input:unknown_model": 400,
  "upload:missing_file": 400,
  "upload:not_found": 404,
  "dataset:not_found": 404,
  "run:not_found": 404,
  "item:not_found": 404,
  "label:conflict": 409,
  "label:evidence_too_many": 422,
  "label:evidence_outside": 422,
  "label:evidence_overlap": 422,
  "guidelines:conflict": 409,
  "job:not_found": 404,
  "dataset:busy": 409,
  "dataset:blind_export": 403,
  "dataset:blind_filter": 403,
  "dataset:progress_forbidden": 403,
  "dataset:guidelines_forbidden": 403,
  "dataset:guidelines_too_long": 413,
  "dataset:overlap_forbidden": 403,
  "dataset:overlap_invalid": 400,
  "job:not_running": 409,
  "job:not_resumable": 409,
  "dataset:too_large": 413,
  // A data set drawn by keywords waits for the live catalog (being built): ask again in a few seconds (503, as the
  // corpus page answers the same wait).
  "corpus:catalog_missing": 503,
};

export function statusOf(code: string): number {
  if (code in STATUS) return STATUS[code as ErrorCode]!;
  if (code.startsWith("dataset:")) return 422;
  if (code.startsWith("provider:")) return 502;
  return 500;
}

/** A file that breaks a reader in a way it does not code itself (a damaged XLSX, bytes a decoder refuses). */
export function asMalformed(err: unknown, file: string): unknown {
  if (err instanceof AppError) return err;
  return new AppError("dataset:malformed", {
    file,
    detail: err instanceof Error ? err.message.slice(0, 200) : "",
  });
}

export function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error);
}

export const IdxSchema = z.coerce.number().int().min(0);
export const ItemQuerySchema = z
  .object({
    annotator: z.string().trim().min(1).max(100).optional(),
    blind: z.enum(["0", "1", "true", "false"]).optional(),
  })
  .strict();
/** The format defaults to CSV (a missing `format` used to be parsed as `{}` and refused). */
export const ExportQuerySchema = z.object({ format: z.enum(EXPORT_FORMATS).default("csv") }).strict();
export const JobsQuerySchema = z
  .object({ status: z.enum(JOB_STATUSES).optional(), kind: z.enum(JOB_KINDS).optional() })
  .strict();

/** A review label as stored: booleans as "true"/"false", like every other label. */
export function labelStrings(labels: ReviewLabels): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
}
