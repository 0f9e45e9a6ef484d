// The one place the workbench turns a failed call into words: the server's message (already in the UI's
// language), or the page's own words when the server could not be reached or did not answer as it should.
import { inLanguage } from "../../../../contract/errors";
import { ApiError } from "../../api";
import type { Lang, Translate } from "../../i18n";
import { keptError } from "../../keptError";

export function errorText(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (err.error.code === "client:network") return t("wb.error.network");
    if (err.error.code.startsWith("client:")) return t("wb.error.server", { status: err.status });
    return err.error.message;
  }
  if (err instanceof TypeError) return t("wb.error.network");
  return err instanceof Error ? err.message : String(err);
}

/**
 * The same, said in `lang` from the server's code and parameters, for an error kept on screen: a switch of language
 * says it again (kept as words, "Ghidul de adnotare este prea lung…" stayed Romanian on the English page).
 */
export function errorSaid(err: unknown, t: Translate, lang: Lang): string {
  if (err instanceof ApiError && !err.error.code.startsWith("client:"))
    return inLanguage(keptError(err), lang);
  return errorText(err, t);
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === "AbortError";
}
