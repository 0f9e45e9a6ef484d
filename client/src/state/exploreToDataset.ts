// A corpus data set's selection handed from the Corpus page's Explore to the "Adnotare" page's corpus form, through the
// address (?page=annotate&corpusDraft={"q":…,"filters":…}): the form opens with Explore's words and filters, so the
// data set holds what Explore showed. Explore's collection has no counterpart in a data set's selection and is left out.
import { CorpusCountSchema, type CorpusCountRequest } from "../../../contract/workbench";
import type { ExploreQuery } from "./corpusExplore";

const PARAM = "corpusDraft";
/** The workbench's own place in the address: the form shows on the list, not on a data set left open. */
const WORKBENCH_PLACE = ["dataset", "run", "view"];

/** Explore's words and filters as a data set's selection; null without words (nothing to hand over). */
export function draftFromExplore(query: ExploreQuery): CorpusCountRequest | null {
  const parsed = CorpusCountSchema.safeParse({
    q: query.q,
    filters: {
      ...(query.platform.length ? { platform: query.platform } : {}),
      ...(query.source.length ? { source: query.source } : {}),
      ...(query.dateFrom ? { dateFrom: query.dateFrom } : {}),
      ...(query.dateTo ? { dateTo: query.dateTo } : {}),
    },
  });
  if (!parsed.success || !parsed.data.q) return null;
  const { q, filters } = parsed.data;
  return filters && Object.keys(filters).length > 0 ? { q, filters } : { q };
}

/** The address of the "Adnotare" page with the draft for its corpus form. Returns path + search + hash. */
export function urlWithCorpusDraft(href: string, draft: CorpusCountRequest): string {
  const url = new URL(href);
  url.searchParams.set("page", "annotate");
  for (const name of WORKBENCH_PLACE) url.searchParams.delete(name);
  url.searchParams.set(PARAM, JSON.stringify(draft));
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The draft in an address; null when there is none or it is not a valid selection. */
export function corpusDraftFromSearch(search: string): CorpusCountRequest | null {
  const raw = new URLSearchParams(search).get(PARAM);
  if (!raw) return null;
  try {
    const parsed = CorpusCountSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The address without the draft (read once: the form then owns the words). */
export function urlWithoutCorpusDraft(href: string): string {
  const url = new URL(href);
  url.searchParams.delete(PARAM);
  return `${url.pathname}${url.search}${url.hash}`;
}
