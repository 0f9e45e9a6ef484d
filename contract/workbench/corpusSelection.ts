// What a data set drawn from the corpus was drawn with (the search words, the chat's filters, the sample), kept as data in its source
// field ("corpus:{...}"), so that each page and the methods paragraph describe it in the reader's language, with the
// platforms' names. Data sets made before this kept a Romanian sentence there; it is shown as it is.
import { z } from "zod";
import { filterParts } from "../filterText";
import type { Lang } from "../errors";
import { formatNumber } from "../numbers";
import { FiltersSchema } from "../settings";
import { CorpusQuerySchema, CorpusSampleSchema, type CorpusDatasetRequest } from "./datasets";

const PREFIX = "corpus:";

const CorpusSelectionSchema = z
  .object({
    q: CorpusQuerySchema.optional(),
    filters: FiltersSchema.optional(),
    sample: CorpusSampleSchema.optional(),
  })
  .strict();
export type CorpusSelection = z.infer<typeof CorpusSelectionSchema>;

/** The source field of a data set drawn with this request. */
export function encodeCorpusSelection(
  request: Pick<CorpusDatasetRequest, "q" | "filters" | "sample">,
): string {
  const selection: CorpusSelection = {};
  if (request.q) selection.q = request.q;
  if (request.filters) selection.filters = request.filters;
  if (request.sample) selection.sample = request.sample;
  return PREFIX + JSON.stringify(selection);
}

/** The selection a source field holds; null for a file name or an older data set's sentence. */
export function decodeCorpusSelection(sourceFile: string): CorpusSelection | null {
  if (!sourceFile.startsWith(PREFIX)) return null;
  try {
    const parsed = CorpusSelectionSchema.safeParse(JSON.parse(sourceFile.slice(PREFIX.length)));
    return parsed.success ? parsed.data : null;
  } catch {
    // Not JSON after the prefix: a file really named "corpus:…", shown as it is.
    return null;
  }
}

const WORDS = {
  ro: {
    corpus: "corpus",
    words: (q: string) => `cuvinte: „${q}”`,
    sample: (size: number, seed: number) =>
      `eșantion aleator de ${formatNumber(size, "ro")} (sămânța ${seed})`,
  },
  en: {
    corpus: "corpus",
    words: (q: string) => `keywords: "${q}"`,
    sample: (size: number, seed: number) => `random sample of ${formatNumber(size, "en")} (seed ${seed})`,
  },
} as const;

/**
 * "corpus (cuvinte: „pensii speciale”; platforme: Știri; eșantion aleator de 1.200 (sămânța 7))", in the reader's
 * language.
 */
export function describeCorpusSelection(selection: CorpusSelection, lang: Lang): string {
  const w = WORDS[lang];
  const parts = [
    selection.q ? w.words(selection.q) : "",
    ...filterParts(selection.filters, lang),
    selection.sample ? w.sample(selection.sample.size, selection.sample.seed) : "",
  ].filter(Boolean);
  return `${w.corpus}${parts.length ? ` (${parts.join("; ")})` : ""}`;
}

/** A data set's source as people read it: a file's name, or the corpus selection in the reader's language. */
export function datasetSourceText(sourceFile: string, lang: Lang): string {
  const selection = decodeCorpusSelection(sourceFile);
  return selection ? describeCorpusSelection(selection, lang) : sourceFile;
}
