// The grounding's words in the UI's language: why a sentence is marked, and the answer's one-line summary.
import type { UnsupportedSentence } from "../../../contract/grounding";
import type { Translate } from "../i18n";

/** Why a sentence is not supported, from its kind (the server's Romanian reason is the judge's own words). */
export function groundingReason(t: Translate, u: UnsupportedSentence): string {
  switch (u.kind) {
    case "invalid_citation":
      return t("grounding.kind.invalid_citation", { detail: u.detail ?? "" });
    case "no_citation":
      return t("grounding.kind.no_citation");
    case "number":
      return t("grounding.kind.number", { detail: u.detail ?? "" });
    case "date":
      return t("grounding.kind.date", { detail: u.detail ?? "" });
    case "name":
      return t("grounding.kind.name", { detail: u.detail ?? "" });
    case "weak_support":
      return t("grounding.kind.weak_support", { pct: Math.round(Number(u.detail ?? 0) * 100) });
    case "judge":
      return t("grounding.kind.judge", { reason: u.reason });
  }
}
