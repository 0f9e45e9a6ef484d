// "Sari la conținut": the first stop of the Tab key, seen only when focused, so that a keyboard user reaches the
// page's content without walking the header, the page tabs and the thread list (about a dozen stops, two more per
// saved conversation).
import type { MouseEvent } from "react";
import { useI18n } from "../i18nContext";

/**
 * Focuses the page's main region (each page's `<main id="main">`, one shown at a time); the next Tab goes into its
 * content. Done by hand rather than by the fragment, which would put "#main" in the address the pages keep.
 */
function skipToContent(event: MouseEvent<HTMLAnchorElement>): void {
  const main = document.getElementById("main");
  if (!main) return;
  event.preventDefault();
  if (!main.hasAttribute("tabindex")) main.setAttribute("tabindex", "-1");
  main.focus();
}

export function SkipLink() {
  const { t } = useI18n();
  return (
    <a className="skip-link" href="#main" data-testid="skip-link" onClick={skipToContent}>
      {t("app.skipToContent")}
    </a>
  );
}
