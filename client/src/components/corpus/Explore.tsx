// Browsing and searching the indexed documents: full-text search (diacritics folded, inflections by their stem,
// "exact phrases"), the chat's filters (platform, source, dates) and a collection, pages of results with the words
// found marked; a document opens beside the list (on a phone over it: DocumentPane.tsx) with its metadata, link and
// annotation, and closing it brings the reader back to its result. Each document can be deleted from the corpus (after
// a confirmation naming it): a job like a collection's removal, whose progress the page shows.
import { useEffect, useRef, useState } from "react";
import type { CorpusJobResponse, CorpusStatus } from "../../../../contract/corpusPage";
import type { DocumentHit, DocumentsPage } from "../../../../contract/corpusExplore";
import type { CorpusResponse } from "../../../../contract/api";
import type { Filters } from "../../../../contract/settings";
import { inLanguage, type UserError } from "../../../../contract/errors";
import { fetchDocuments, removeDocument } from "../../corpusApi";
import { formatCount } from "../../format";
import { countOf, NOUNS } from "../../plural";
import { TONE_KEYS, topicLabel } from "../../i18n";
import { documentDate, platformName } from "../../corpusNames";
import { useI18n } from "../../i18nContext";
import { openAddress, setAddress } from "../../address";
import { draftFromExplore, urlWithCorpusDraft } from "../../state/exploreToDataset";
import {
  exploreFromSearch,
  fromChatFilters,
  pageAt,
  pageRange,
  urlWithExplore,
  withChange,
  type ExploreQuery,
  type ExploreSort,
} from "../../state/corpusExplore";
import { keptError } from "../../keptError";
import { DocumentPane, Segments } from "./DocumentPane";
import { useOpenDocument } from "./useOpenDocument";

function Labels({ hit }: { hit: DocumentHit }) {
  const { t, lang } = useI18n();
  if (!hit.labels) return null;
  return (
    <span className="corpus-labels">
      <span className={`tone-chip tone-${hit.labels.ton}`}>{t(TONE_KEYS[hit.labels.ton])}</span>
      {hit.labels.populism && <span className="populist-chip">{t("annotation.populist")}</span>}
      <span className="muted">{topicLabel(lang, hit.labels.tema)}</span>
    </span>
  );
}

interface Props {
  status: CorpusStatus;
  facets: CorpusResponse | undefined;
  chatFilters: Filters | undefined;
  /** A corpus job runs or waits: a document cannot be deleted now (the server would answer 409 corpus:busy). */
  busy?: boolean;
  /** A document's deletion was started: its job, which the page follows. */
  onRemoveStarted?(response: CorpusJobResponse): void;
}

export function Explore({ status, facets, chatFilters, busy = false, onRemoveStarted }: Props) {
  const { t, lang } = useI18n();
  const [removeError, setRemoveError] = useState<UserError>();
  const { open, openDocument, closeDocument, dropDocument } = useOpenDocument();
  // One deletion asked at a time: a second confirm while the first is sent starts nothing.
  const removing = useRef(false);
  const remove = async (hit: DocumentHit) => {
    if (removing.current) return;
    const name = hit.title ?? hit.id;
    if (!window.confirm(t("corpus.explore.confirmDelete", { name, collection: hit.collection }))) return;
    removing.current = true;
    setRemoveError(undefined);
    try {
      const started = await removeDocument(hit.id);
      dropDocument(hit.id);
      onRemoveStarted?.(started);
    } catch (err) {
      setRemoveError(keptError(err));
    } finally {
      removing.current = false;
    }
  };
  // The query lives in the address too: a reload or a shared link shows the same documents.
  const [query, setQuery] = useState<ExploreQuery>(() => exploreFromSearch(location.search));
  const [typed, setTyped] = useState(query.q);
  const [sourceTyped, setSourceTyped] = useState(query.source[0] ?? "");
  useEffect(() => setAddress(urlWithExplore(location.href, query), "replace"), [query]);
  const [page, setPage] = useState<DocumentsPage>();
  const [error, setError] = useState<UserError>();

  // The text is searched once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setQuery((q) => (q.q === typed ? q : withChange(q, { q: typed }))), 300);
    return () => clearTimeout(timer);
  }, [typed]);

  const ready = status.catalog === "ready";
  useEffect(() => {
    if (!ready) return;
    const controller = new AbortController();
    setError(undefined);
    fetchDocuments(query, controller.signal)
      .then(setPage)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(keptError(err));
      });
    return () => controller.abort();
  }, [query, status.version, ready]);

  // The words and filters searched now, as a workbench data set's selection (the button below hands them over).
  const draft = draftFromExplore(query);
  const range = page ? pageRange(page.offset, page.documents.length, page.total) : undefined;
  return (
    <section className="corpus-card" aria-labelledby="corpus-explore-title">
      <h3 id="corpus-explore-title" tabIndex={-1}>
        {t("corpus.explore.title")}
      </h3>
      <div className="corpus-filters">
        <label className="field wide">
          <span>{t("corpus.explore.search")}</span>
          <input
            type="search"
            value={typed}
            placeholder={t("corpus.explore.searchPlaceholder")}
            data-testid="corpus-search"
            onChange={(e) => setTyped(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("filters.platform")}</span>
          <select
            value={query.platform[0] ?? ""}
            onChange={(e) =>
              setQuery(withChange(query, { platform: e.target.value ? [e.target.value] : [] }))
            }
          >
            <option value="">—</option>
            {(facets?.platforms ?? []).map((p) => (
              <option key={p.value} value={p.value}>
                {platformName(lang, p.value)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("filters.source")}</span>
          {/* Searchable: a corpus has hundreds of sources; the list narrows as one types. */}
          <input
            type="search"
            value={sourceTyped}
            list="corpus-explore-sources"
            placeholder={t("corpus.explore.sourcePlaceholder")}
            data-testid="corpus-filter-source"
            onChange={(e) => {
              const typedSource = e.target.value;
              setSourceTyped(typedSource);
              const known = (facets?.sources ?? []).find((s) => s.value === typedSource.trim());
              if (typedSource.trim() === "") setQuery(withChange(query, { source: [] }));
              else if (known) setQuery(withChange(query, { source: [known.value] }));
            }}
          />
          <datalist id="corpus-explore-sources">
            {(facets?.sources ?? []).map((s) => (
              <option key={s.value} value={s.value} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>{t("corpus.doc.collection")}</span>
          <select
            value={query.collection[0] ?? ""}
            data-testid="corpus-filter-collection"
            onChange={(e) =>
              setQuery(withChange(query, { collection: e.target.value ? [e.target.value] : [] }))
            }
          >
            <option value="">—</option>
            {status.collections.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("filters.from")}</span>
          <input
            type="date"
            value={query.dateFrom}
            min={facets?.dateMin ?? undefined}
            max={facets?.dateMax ?? undefined}
            onChange={(e) => setQuery(withChange(query, { dateFrom: e.target.value }))}
          />
        </label>
        <label className="field">
          <span>{t("filters.to")}</span>
          <input
            type="date"
            value={query.dateTo}
            min={facets?.dateMin ?? undefined}
            max={facets?.dateMax ?? undefined}
            onChange={(e) => setQuery(withChange(query, { dateTo: e.target.value }))}
          />
        </label>
        <label className="field">
          <span>{t("corpus.explore.sort")}</span>
          <select
            value={query.sort}
            onChange={(e) => setQuery(withChange(query, { sort: e.target.value as ExploreSort | "" }))}
          >
            <option value="">—</option>
            {(["relevance", "newest", "oldest"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`corpus.explore.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="ghost-button small"
          onClick={() => {
            const next = fromChatFilters(query, chatFilters);
            setSourceTyped(next.source[0] ?? "");
            setQuery(next);
          }}
        >
          {t("corpus.explore.useChatFilters")}
        </button>
      </div>
      {!ready && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> {t("corpus.explore.catalog")}
        </p>
      )}
      {ready && error && <p className="corpus-error">{inLanguage(error, lang)}</p>}
      <div className={`corpus-explore${open ? " with-doc" : ""}`}>
        <div className="corpus-results">
          {page && (
            <p className="hint" data-testid="corpus-results-total" data-total={page.total}>
              {t("corpus.explore.results", { total: countOf(page.total, NOUNS.document, lang) })}
            </p>
          )}
          {page && page.total > 0 && draft && (
            <p className="hint">
              <button
                type="button"
                className="ghost-button small"
                data-testid="corpus-explore-to-dataset"
                onClick={() => openAddress(urlWithCorpusDraft(location.href, draft))}
              >
                {t("corpus.explore.toDataset")}
              </button>{" "}
              {query.collection.length > 0 && t("corpus.explore.toDatasetNoCollection")}
            </p>
          )}
          {page?.total === 0 && <p className="hint">{t("corpus.explore.noResults")}</p>}
          {removeError && (
            <p className="corpus-error" role="alert" data-testid="corpus-document-delete-error">
              {inLanguage(removeError, lang)}
            </p>
          )}
          <ol className="corpus-result-list">
            {page?.documents.map((hit) => (
              <li
                key={hit.id}
                data-testid="corpus-result"
                data-id={hit.id}
                className={hit.id === open ? "active" : undefined}
              >
                <button
                  type="button"
                  className="corpus-result"
                  onClick={(e) => openDocument(hit.id, e.currentTarget)}
                >
                  {hit.title && <strong className="corpus-result-title">{hit.title}</strong>}
                  <span className="corpus-result-snippet">
                    <Segments segments={hit.snippet} />
                  </span>
                  <span className="corpus-result-meta">
                    {hit.source} · {platformName(lang, hit.platform)} · {documentDate(lang, hit)} ·{" "}
                    <code>{hit.collection}</code>
                  </span>
                  <Labels hit={hit} />
                </button>
                <button
                  type="button"
                  className="ghost-button small corpus-result-delete"
                  data-testid="corpus-document-delete"
                  aria-label={t("corpus.explore.deleteLabel", { name: hit.title ?? hit.id })}
                  title={busy ? t("corpus.explore.deleteBusy") : undefined}
                  disabled={busy}
                  onClick={() => void remove(hit)}
                >
                  {t("corpus.explore.delete")}
                </button>
              </li>
            ))}
          </ol>
          {page && page.total > page.limit && range && (
            <div className="corpus-pager">
              <button
                type="button"
                className="ghost-button small"
                disabled={page.offset === 0}
                onClick={() => setQuery(pageAt(query, -1, page.total))}
              >
                {t("corpus.explore.prev")}
              </button>
              <span className="hint">
                {t("corpus.explore.page", {
                  from: range.from,
                  to: range.to,
                  total: formatCount(range.total, lang),
                })}
              </span>
              <button
                type="button"
                className="ghost-button small"
                disabled={range.to >= page.total}
                onClick={() => setQuery(pageAt(query, 1, page.total))}
              >
                {t("corpus.explore.next")}
              </button>
            </div>
          )}
        </div>
        {open && <DocumentPane id={open} q={query.q} onClose={closeDocument} />}
      </div>
    </section>
  );
}
