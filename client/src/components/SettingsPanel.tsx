// Per-message settings: the answering model (from the server's chain), temperature and top-k, and the corpus
// filters (platforms, sources with a search, a date range) from GET /api/corpus. Unset values follow the
// server's defaults, which the summary line shows with the number of active filters.
import { memo, useEffect, useId, useRef, useState } from "react";
import type { CorpusResponse, ModelsResponse } from "../../../contract/api";
import { isReversedRange, type Filters } from "../../../contract/settings";
import { formatCount, formatDecimal } from "../format";
import { platformName } from "../corpusNames";
import { useI18n } from "../i18nContext";
import { countOf, NOUNS } from "../plural";
import { ChainFields } from "./ChainFields";
import {
  TEMPERATURE_RANGE,
  TOP_K_RANGE,
  activeFilterCount,
  answeringModels,
  clampTemperature,
  clampTopK,
  searchFacet,
  toggleFilterValue,
  withDate,
  type DateDraft,
  type SettingsOverrides,
} from "../state/settings";

interface Props {
  models: ModelsResponse | undefined;
  modelsError: boolean;
  corpus: CorpusResponse | undefined;
  value: SettingsOverrides;
  onChange: (value: SettingsOverrides) => void;
}

/** How many sources are listed before the search narrows them. */
const SOURCES_SHOWN = 60;

export function FilterFields({
  corpus,
  filters,
  onChange,
}: {
  corpus: CorpusResponse;
  filters: Filters | undefined;
  onChange: (filters: Filters | undefined) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const [query, setQuery] = useState("");
  const platforms = filters?.platform ?? [];
  const sources = filters?.source ?? [];
  const matches = searchFacet(corpus.sources, query, sources);
  // The date fields as typed: a backwards range stays in them, with its error, and is not applied.
  const applied: DateDraft = { dateFrom: filters?.dateFrom ?? "", dateTo: filters?.dateTo ?? "" };
  const [draft, setDraft] = useState<DateDraft>(applied);
  useEffect(() => {
    // The filters changed from outside (cleared, reset): the fields show them.
    setDraft({ dateFrom: applied.dateFrom, dateTo: applied.dateTo });
  }, [applied.dateFrom, applied.dateTo]);
  const setDate = (field: keyof DateDraft, date: string) => {
    const next = withDate(filters, draft, field, date);
    setDraft(next.draft);
    if (!next.reversed) onChange(next.filters);
  };

  return (
    <fieldset className="filters" data-testid="filters">
      <legend>{t("filters.title")}</legend>

      <span className="field-label">{t("filters.platform")}</span>
      <div className="facet-chips" role="group" aria-label={t("filters.platform")}>
        {corpus.platforms.map((p) => (
          <label key={p.value} className={`facet-chip${platforms.includes(p.value) ? " on" : ""}`}>
            <input
              type="checkbox"
              data-testid="filter-platform"
              value={p.value}
              checked={platforms.includes(p.value)}
              onChange={(e) => onChange(toggleFilterValue(filters, "platform", p.value, e.target.checked))}
            />
            {platformName(lang, p.value)} <span className="count">{formatCount(p.count, lang)}</span>
          </label>
        ))}
      </div>

      <label className="field-label" htmlFor={`${id}-source-search`}>
        {t("filters.source")}
        {sources.length > 0 && (
          <span className="count"> · {countOf(sources.length, NOUNS.selectedSource, lang)}</span>
        )}
      </label>
      <div className="source-picker">
        <input
          id={`${id}-source-search`}
          type="search"
          data-testid="filter-source-search"
          value={query}
          placeholder={t("filters.sourceSearch", { n: countOf(corpus.sources.length, NOUNS.source, lang) })}
          onChange={(e) => setQuery(e.target.value)}
        />
        <ul className="source-options" aria-label={t("filters.source")}>
          {matches.slice(0, SOURCES_SHOWN).map((s) => (
            <li key={s.value}>
              <label>
                <input
                  type="checkbox"
                  data-testid="filter-source"
                  value={s.value}
                  checked={sources.includes(s.value)}
                  onChange={(e) => onChange(toggleFilterValue(filters, "source", s.value, e.target.checked))}
                />
                <span className="source-option-name">{s.value}</span>
                <span className="count">{formatCount(s.count, lang)}</span>
              </label>
            </li>
          ))}
          {matches.length === 0 && <li className="muted">{t("filters.noSource")}</li>}
          {matches.length > SOURCES_SHOWN && (
            <li className="muted">{t("filters.more", { n: matches.length - SOURCES_SHOWN })}</li>
          )}
        </ul>
      </div>

      <DateRangeFields
        draft={draft}
        min={corpus.dateMin ?? undefined}
        max={corpus.dateMax ?? undefined}
        onDate={setDate}
      />
      {activeFilterCount(filters) > 0 && (
        <button type="button" className="link-button" onClick={() => onChange(undefined)}>
          {t("filters.clear")}
        </button>
      )}
    </fieldset>
  );
}

/** The period's two fields; a backwards range is marked on them, with why, and the fields keep what was typed. */
export function DateRangeFields({
  draft,
  min,
  max,
  onDate,
}: {
  draft: DateDraft;
  min?: string;
  max?: string;
  onDate: (field: keyof DateDraft, date: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const reversed = isReversedRange(draft);
  const invalid = reversed ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {};
  return (
    <>
      <span className="field-label">{t("filters.dates")}</span>
      <div className="date-range">
        <label>
          {t("filters.from")}{" "}
          <input
            type="date"
            data-testid="filter-date-from"
            value={draft.dateFrom}
            min={min}
            max={max}
            onChange={(e) => onDate("dateFrom", e.target.value)}
            {...invalid}
          />
        </label>
        <label>
          {t("filters.to")}{" "}
          <input
            type="date"
            data-testid="filter-date-to"
            value={draft.dateTo}
            min={min}
            max={max}
            onChange={(e) => onDate("dateTo", e.target.value)}
            {...invalid}
          />
        </label>
      </div>
      {reversed && (
        <p id={`${id}-error`} className="inline-error" role="alert" data-testid="filter-date-error">
          {t("filters.reversed", { from: draft.dateFrom, to: draft.dateTo })}
        </p>
      )}
    </>
  );
}

function SettingsPanelView({ models, modelsError, corpus, value, onChange }: Props) {
  const { t, lang } = useI18n();
  const id = useId();
  const chain = answeringModels(models);
  const defaults = models?.defaults;
  const modelKnown = value.model !== undefined && chain.some((m) => m.id === value.model);
  const model = (modelKnown ? value.model : undefined) ?? defaults?.model ?? "—";
  const temperature = value.temperature ?? defaults?.temperature ?? 0.2;
  const topK = value.topK ?? defaults?.topK ?? 5;
  const filterCount = activeFilterCount(value.filters);
  const ref = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);

  // A popover: a click elsewhere or Esc closes it.
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (ref.current && e.target instanceof Node && !ref.current.contains(e.target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) {
        e.preventDefault();
        setOpen(false);
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <details
      ref={ref}
      className="settings"
      data-testid="settings"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>
        <span aria-hidden="true">⚙</span> {t("settings.title")}
        <span className="settings-summary">
          <code>{model}</code> · t={formatDecimal(temperature, lang)} · k={topK}
          {filterCount > 0 && (
            <span className="chip filter-chip" data-testid="filter-count">
              {countOf(filterCount, NOUNS.filter, lang)}
            </span>
          )}
        </span>
      </summary>
      {/* The body exists only while open: it holds long lists, and the composer re-renders as answers stream. */}
      {open && (
        <div className="settings-body">
          {modelsError && <p className="inline-error">{t("settings.modelsError")}</p>}
          <div className="settings-grid">
            <label htmlFor={`${id}-model`}>{t("settings.model")}</label>
            <select
              id={`${id}-model`}
              data-testid="settings-model"
              value={modelKnown ? value.model : ""}
              onChange={(e) => onChange({ ...value, model: e.target.value || undefined })}
            >
              <option value="">{t("settings.default", { model: defaults?.model ?? "—" })}</option>
              {chain.map((m) => (
                <option key={m.id} value={m.id} disabled={!m.configured}>
                  {m.configured ? m.id : `${m.id} (${t("settings.notConfigured")})`}
                </option>
              ))}
            </select>

            <label htmlFor={`${id}-temperature`}>
              {t("settings.temperature")}{" "}
              <output htmlFor={`${id}-temperature`}>{formatDecimal(temperature, lang)}</output>
            </label>
            <input
              id={`${id}-temperature`}
              type="range"
              min={TEMPERATURE_RANGE.min}
              max={TEMPERATURE_RANGE.max}
              step={TEMPERATURE_RANGE.step}
              value={temperature}
              onChange={(e) => onChange({ ...value, temperature: clampTemperature(Number(e.target.value)) })}
            />

            <label htmlFor={`${id}-topk`}>{t("settings.topK")}</label>
            <input
              id={`${id}-topk`}
              type="number"
              data-testid="settings-topk"
              min={TOP_K_RANGE.min}
              max={TOP_K_RANGE.max}
              step={1}
              value={topK}
              onChange={(e) => {
                const n = Number(e.target.value);
                if (e.target.value !== "" && Number.isFinite(n)) onChange({ ...value, topK: clampTopK(n) });
              }}
            />
          </div>
          <ChainFields
            models={models}
            value={value.chain}
            onChange={(chain) => {
              const next: SettingsOverrides = { ...value };
              if (chain) next.chain = chain;
              else delete next.chain;
              onChange(next);
            }}
          />
          {corpus ? (
            <FilterFields
              corpus={corpus}
              filters={value.filters}
              onChange={(filters) => {
                const next: SettingsOverrides = { ...value };
                if (filters) next.filters = filters;
                else delete next.filters;
                onChange(next);
              }}
            />
          ) : null}
          <button type="button" className="link-button" onClick={() => onChange({})}>
            {t("settings.reset")}
          </button>
        </div>
      )}
    </details>
  );
}

/** Re-renders only when its own inputs change (the composer around it re-renders with every streamed frame). */
export const SettingsPanel = memo(SettingsPanelView);
