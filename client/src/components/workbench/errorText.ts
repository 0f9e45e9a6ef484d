// The one place the workbench turns a failed call into words: the server's message (already in the UI's
// language), or the page's own words when the server could not be reached or did not answer as it should.
import { ApiError } from "../../api";
import type { Translate } from "../../i18n";

export function errorText(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (err.error.code === "client:network") return t("wb.error.network");
    if (err.error.code.startsWith("client:")) return t("wb.error.server", { status: err.status });
    return err.error.message;
  }
  if (err instanceof TypeError) return t("wb.error.network");
  return err instanceof Error ? err.message : String(err);
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === "AbortError";
}
