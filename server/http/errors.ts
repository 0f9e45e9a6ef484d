// How access and limit errors answer over HTTP (the routers' own maps handle their codes): the status, and the
// retry-after header for a refusal that ends after a while (rate limits, login throttling, a day's budget).
import type { Response } from "express";
import { AppError, type ErrorCode } from "../../contract/errors";

export const ACCESS_STATUS: Partial<Record<ErrorCode, number>> = {
  "auth:required": 401,
  "auth:invalid": 401,
  "auth:invalid_code": 401,
  "auth:forbidden": 403,
  "auth:origin": 403,
  "auth:login_disabled": 400,
  "auth:throttled": 429,
  "limit:rate": 429,
  "budget:exhausted": 429,
  "input:body_too_large": 413,
  "account:unavailable": 404,
  "account:not_found": 404,
  "account:invalid_name": 400,
  "account:too_many": 400,
  "account:self": 409,
  "account:last_admin": 409,
};

/** Sets retry-after when the error says how many seconds to wait. */
export function setRetryAfter(res: Response, err: unknown): void {
  if (err instanceof AppError && typeof err.params.seconds === "number") {
    res.set("Retry-After", String(err.params.seconds));
  }
}

/**
 * An error that a library raised with an HTTP status of the client's making (a body too large, a malformed URL):
 * as a coded AppError with that status, so the client gets a clear message and never a stack trace.
 */
export function clientHttpError(err: unknown): { error: AppError; status: number } | null {
  const status = (err as { status?: unknown } | null)?.status;
  if (err instanceof AppError || typeof status !== "number" || status < 400 || status >= 500) return null;
  if (status === 413) return { error: new AppError("input:body_too_large"), status };
  return { error: new AppError("input:invalid", { detail: `HTTP ${status}` }), status };
}
