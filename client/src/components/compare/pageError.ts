// What the compare page keeps of an error, so that a switch of language says it again in the new one: the server's
// refusal as its code and parameters (contract/errors.ts words each code in both languages; keptError.ts), or one of
// the page's own sentences by its key and figures. Kept as words, "Modelul „x” nu este configurat…" stayed Romanian
// on the English page until the form was sent again.
import { inLanguage } from "../../../../contract/errors";
import type { UserError } from "../../../../contract/errors";
import type { Lang, Translate } from "../../i18n";
import { keptError } from "../../keptError";
import { fileTooLarge } from "../../state/ownSuite";

export type PageError =
  | { kind: "server"; error: UserError }
  | { kind: "noModels" }
  | { kind: "stillChecking" }
  | { kind: "fileUnreadable" }
  | { kind: "fileTooLarge"; bytes: number };

/** A caught error (a refused request, the network), kept as what it is. */
export function serverError(err: unknown): PageError {
  return { kind: "server", error: keptError(err) };
}

/** The error in `lang`, said now. */
export function sayPageError(error: PageError, t: Translate, lang: Lang): string {
  switch (error.kind) {
    case "server":
      return inLanguage(error.error, lang);
    case "noModels":
      return t("compare.noModels");
    case "stillChecking":
      return t("compare.own.stillChecking");
    case "fileUnreadable":
      return t("compare.own.unreadable");
    case "fileTooLarge":
      return t("compare.own.tooLarge", fileTooLarge(error.bytes, lang) ?? { size: "", limit: "" });
  }
}
