// How pages name a document's platform and day, in the UI's language: "Știri" for `stiri`, "fără dată" for a date
// that is only the import day. Apart from the corpus page's words (i18nCorpus.ts), which i18n.ts gathers: these need
// the language type from i18n.ts, and the words must not. The platform names live in contract/, where the server's
// methods paragraph reads them too.
import type { Lang } from "./i18n";

export { PLATFORM_NAMES, platformName } from "../../contract/corpusNames";

const NO_DATE: Record<Lang, string> = { ro: "fără dată", en: "no date" };

/** A document's day as pages show it: "fără dată" when the date is only the import's (`dateImputed`). */
export function documentDate(lang: Lang, doc: { date: string; dateImputed?: boolean }): string {
  if (doc.dateImputed) return NO_DATE[lang];
  return doc.date.slice(0, 10);
}
