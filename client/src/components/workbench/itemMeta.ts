// An item's metadata as the item panel lists it: a corpus document's platform by its name and an undated document's
// day as "fără dată" (the mark itself is not listed); an upload's columns as they are.
import { DATE_IMPUTED_META } from "../../../../contract/corpus";
import type { Lang } from "../../i18n";
import { documentDate, platformName } from "../../corpusNames";

export function itemMetaEntries(meta: Record<string, string>, lang: Lang): [string, string][] {
  // Only data sets drawn from the corpus carry the mark; without it "platform" and "date" may be any upload's columns.
  if (!(DATE_IMPUTED_META in meta)) return Object.entries(meta);
  return Object.entries(meta)
    .filter(([key]) => key !== DATE_IMPUTED_META)
    .map(([key, value]): [string, string] => {
      if (key === "platform") return [key, platformName(lang, value)];
      if (key === "date")
        return [key, documentDate(lang, { date: value, dateImputed: meta[DATE_IMPUTED_META] === "true" })];
      return [key, value];
    });
}
