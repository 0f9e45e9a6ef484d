// The corpus page's words (issue #14), in Romanian and English; spread into the dictionaries of i18n.ts. Each panel's
// words are in their own file beside this one (./i18nCorpusImport.ts, …Job, …Report, …Browse, …Overview, …Removed);
// the names of platforms and the "no date" of an undated document are in corpusNames.ts.
import { corpusImportEn, corpusImportRo } from "./i18nCorpusImport";
import { corpusJobEn, corpusJobRo } from "./i18nCorpusJob";
import { corpusReportEn, corpusReportRo } from "./i18nCorpusReport";
import { corpusBrowseEn, corpusBrowseRo } from "./i18nCorpusBrowse";
import { corpusOverviewEn, corpusOverviewRo } from "./i18nCorpusOverview";
import { corpusRemovedEn, corpusRemovedRo } from "./i18nCorpusRemoved";

export const corpusRo = {
  ...corpusRemovedRo,
  ...corpusImportRo,
  ...corpusJobRo,
  ...corpusReportRo,
  ...corpusBrowseRo,
  ...corpusOverviewRo,
  "nav.corpus": "Corpus",
  "corpus.title": "Corpusul",
  "corpus.summary": "{documents} în {collections} · {chunks} în index",
  "corpus.builtAt": "index construit {when}",
  "corpus.loading": "Se încarcă corpusul…",
  "corpus.live":
    "Conversația răspunde din acest corpus; un import nou intră în uz imediat ce e gata, fără repornire.",
  "corpus.changed": "Conversația folosește acum indexul nou (versiunea {version}).",
  "corpus.error.load": "Starea corpusului nu a putut fi citită: {message}",
} as const;

export type CorpusMessageKey = keyof typeof corpusRo;

export const corpusEn: Record<CorpusMessageKey, string> = {
  ...corpusRemovedEn,
  ...corpusImportEn,
  ...corpusJobEn,
  ...corpusReportEn,
  ...corpusBrowseEn,
  ...corpusOverviewEn,
  "nav.corpus": "Corpus",
  "corpus.title": "The corpus",
  "corpus.summary": "{documents} in {collections} · {chunks} in the index",
  "corpus.builtAt": "index built {when}",
  "corpus.loading": "Loading the corpus…",
  "corpus.live":
    "The chat answers from this corpus; a new import is used as soon as it is ready, without a restart.",
  "corpus.changed": "The chat now uses the new index (version {version}).",
  "corpus.error.load": "The corpus's state could not be read: {message}",
};
