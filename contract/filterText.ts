// The chat's corpus filters in words, in the reader's language, with the platforms' names ("platforme: Știri;
// date: 2024-01-01 – …"): a stored answer's details and its export, and a workbench data set's selection, say them so.
import { platformName } from "./corpusNames";
import type { Lang } from "./errors";
import type { Filters } from "./settings";

const WORDS = {
  ro: { platforms: "platforme", sources: "surse", dates: "date" },
  en: { platforms: "platforms", sources: "sources", dates: "dates" },
} as const;

/** Each active filter as "name: values"; none for no filter. An open end of the date range is "…". */
export function filterParts(filters: Filters | undefined, lang: Lang): string[] {
  const w = WORDS[lang];
  const f = filters ?? {};
  return [
    f.platform?.length ? `${w.platforms}: ${f.platform.map((p) => platformName(lang, p)).join(", ")}` : "",
    f.source?.length ? `${w.sources}: ${f.source.join(", ")}` : "",
    f.dateFrom || f.dateTo ? `${w.dates}: ${f.dateFrom ?? "…"} – ${f.dateTo ?? "…"}` : "",
  ].filter(Boolean);
}

/** The active filters in one line ("platforme: Știri; surse: Ziarul X"), "" for none. */
export function describeFilters(filters: Filters | undefined, lang: Lang): string {
  return filterParts(filters, lang).join("; ");
}
