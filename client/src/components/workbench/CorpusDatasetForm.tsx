// A new data set from the corpus: words to search for (the Corpus page's Explore search: stems, "exact phrases"), the
// chat's filters (platforms, sources, dates — prefilled with the ones the chat uses now), all matching texts or a
// seeded random sample of them (the same seed draws the same texts again). How many texts match is said as the
// person types, before anything is made.
import { useEffect, useState } from "react";
import type { CorpusResponse } from "../../../../contract/api";
import type { Lang } from "../../../../contract/errors";
import type { Filters } from "../../../../contract/settings";
import {
  CorpusCountSchema,
  CorpusDatasetSchema,
  describeCorpusSelection,
  type DatasetSummary,
} from "../../../../contract/workbench";
import { ApiError } from "../../api";
import type { Translate } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { countOf, type Noun } from "../../plural";
import { DEFAULT_SAMPLE_SEED, DEFAULT_SAMPLE_SIZE, randomSeed } from "../../state/datasetMapping";
import { effectiveFilters } from "../../state/settings";
import { countCorpusSelection, createCorpusDataset } from "../../workbenchApi";
import { FilterFields } from "../SettingsPanel";
import { errorText, isAbort } from "./errorText";

const TEXT: Noun = { ro: ["text", "texte"], en: ["text", "texts"] };
/** Typing pauses this long before the texts are counted. */
const COUNT_DELAY_MS = 400;
/** While the corpus's catalog is being built, the count is asked again after this long. */
const CATALOG_RETRY_MS = 3000;

/** "142 de texte se potrivesc", "1 text se potrivește", "Niciun text nu se potrivește", in the reader's language. */
export function matchesLine(matches: number, t: Translate, lang: Lang): string {
  if (matches === 0) return t("wb.corpus.noMatch");
  if (matches === 1) return t("wb.corpus.matchOne");
  return t("wb.corpus.matches", { count: countOf(matches, TEXT, lang) });
}

type CountState = { matches: number } | { error: string } | undefined;

export function CorpusDatasetForm({
  corpus,
  chatFilters,
  initialQuery,
  onCreated,
}: {
  corpus: CorpusResponse | undefined;
  chatFilters: Filters | undefined;
  /** Words to start with (the Corpus page's Explore sends its search here). */
  initialQuery?: string;
  onCreated: (dataset: DatasetSummary) => void;
}) {
  const { t, lang } = useI18n();
  const [filters, setFilters] = useState<Filters | undefined>(chatFilters);
  const [query, setQuery] = useState(initialQuery ?? "");
  const [count, setCount] = useState<CountState>();
  const [countRetry, setCountRetry] = useState(0);
  const [name, setName] = useState("");
  const [sampled, setSampled] = useState(true);
  const [size, setSize] = useState(200);
  const [seed, setSeed] = useState(DEFAULT_SAMPLE_SEED);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  // The texts that match, counted once typing pauses (and again while the catalog is being built).
  useEffect(() => {
    const words = query.trim();
    const chosen = effectiveFilters(filters, corpus);
    const selection = CorpusCountSchema.safeParse({
      ...(words ? { q: words } : {}),
      ...(chosen ? { filters: chosen } : {}),
    });
    if (!selection.success) {
      setCount(undefined);
      return;
    }
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const timer = setTimeout(() => {
      countCorpusSelection(selection.data, controller.signal)
        .then((res) => setCount({ matches: res.matches }))
        .catch((err: unknown) => {
          if (controller.signal.aborted || isAbort(err)) return;
          setCount({ error: errorText(err, t) });
          if (err instanceof ApiError && err.error.code === "corpus:catalog_missing")
            retry = setTimeout(() => setCountRetry((n) => n + 1), CATALOG_RETRY_MS);
        });
    }, COUNT_DELAY_MS);
    return () => {
      clearTimeout(timer);
      if (retry) clearTimeout(retry);
      controller.abort();
    };
    // t follows lang; a count already said is not asked again for a switch of language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, filters, corpus, countRetry]);

  async function create() {
    setError(undefined);
    const chosen = effectiveFilters(filters, corpus);
    const sample = sampled ? { size, seed } : undefined;
    const words = query.trim() || undefined;
    // Without a name, the data set is named by its selection in the reader's language (the server would use Romanian).
    const described = describeCorpusSelection({ q: words, filters: chosen, sample }, lang);
    const request = CorpusDatasetSchema.safeParse({
      name: name.trim() || (described.length > 200 ? `${described.slice(0, 199)}…` : described),
      ...(words ? { q: words } : {}),
      ...(chosen ? { filters: chosen } : {}),
      ...(sample ? { sample } : {}),
      reviewSample: { size: Math.min(DEFAULT_SAMPLE_SIZE, sampled ? size : DEFAULT_SAMPLE_SIZE), seed },
    });
    if (!request.success) {
      setError(t("wb.corpus.invalid"));
      return;
    }
    setBusy(true);
    try {
      const { dataset } = await createCorpusDataset(request.data);
      onCreated(dataset);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="wb-card wb-corpus" aria-labelledby="wb-corpus-title">
      <h3 id="wb-corpus-title">{t("wb.corpus.title")}</h3>
      <p className="hint">{t("wb.corpus.hint")}</p>
      <label className="field wide">
        <span>{t("wb.corpus.query")}</span>
        <input
          type="search"
          data-testid="corpus-query"
          value={query}
          maxLength={200}
          placeholder={t("corpus.explore.searchPlaceholder")}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      <p className="hint">{t("wb.corpus.queryHint")}</p>
      {corpus ? (
        <FilterFields corpus={corpus} filters={filters} onChange={setFilters} />
      ) : (
        <p className="hint">{t("wb.corpus.loading")}</p>
      )}
      <div className="wb-row">
        <label className="check">
          <input type="checkbox" checked={sampled} onChange={(e) => setSampled(e.target.checked)} />
          {t("wb.corpus.sample")}
        </label>
        {sampled && (
          <>
            <label className="field">
              <span>{t("wb.corpus.size")}</span>
              <input
                type="number"
                min={1}
                data-testid="corpus-sample-size"
                value={size}
                onChange={(e) => setSize(Math.max(1, Math.round(Number(e.target.value) || 1)))}
              />
            </label>
            <label className="field">
              <span>{t("wb.mapping.seed")}</span>
              <input
                type="number"
                min={0}
                data-testid="corpus-sample-seed"
                value={seed}
                onChange={(e) => setSeed(Math.max(0, Math.round(Number(e.target.value) || 0)))}
              />
            </label>
            <button type="button" className="ghost-button small" onClick={() => setSeed(randomSeed())}>
              {t("wb.mapping.newSeed")}
            </button>
          </>
        )}
        <label className="field">
          <span>{t("wb.mapping.name")}</span>
          <input
            type="text"
            data-testid="corpus-name"
            value={name}
            maxLength={200}
            placeholder={t("wb.corpus.namePlaceholder")}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
      </div>
      <p className="hint" data-testid="corpus-query-count" aria-live="polite">
        {count === undefined ? "" : "error" in count ? count.error : matchesLine(count.matches, t, lang)}
      </p>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        className="send-button"
        data-testid="corpus-create"
        disabled={busy}
        onClick={() => void create()}
      >
        {busy ? t("wb.upload.creating") : t("wb.corpus.create")}
      </button>
    </section>
  );
}
