// The user's per-message overrides of the server defaults (model, temperature, top-k) and the corpus filters
// (platform, source, dates), kept in localStorage. Unset fields are not sent, so the server's defaults apply.
import {
  TEMPERATURE_RANGE,
  TOP_K_RANGE,
  clampTo,
  isReversedRange,
  type ChatSettings,
  type Filters,
} from "../../../contract/settings";
import type { CorpusResponse, ModelInfo, ModelsResponse } from "../../../contract/api";
import { ChainSettingsSchema, type ChainSettings } from "../../../contract/refine";
import { foldText } from "./search";

export interface SettingsOverrides {
  model?: string;
  temperature?: number;
  topK?: number;
  filters?: Filters;
  /** Draft → refine or one model; unset follows the server's default. */
  chain?: ChainSettings;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export { TEMPERATURE_RANGE, TOP_K_RANGE };

const STORAGE_KEY = "echochamber.settings";

/** The models a user can pick to answer: the chain's chat models. */
export function answeringModels(models: ModelsResponse | undefined): ModelInfo[] {
  return models ? models.chain.filter((m) => m.capabilities.includes("chat")) : [];
}

/** The settings to send with a message: only what differs from nothing-set, and only values the server accepts. */
export function toChatSettings(
  overrides: SettingsOverrides,
  models: ModelsResponse | undefined,
  corpus?: Pick<CorpusResponse, "platforms" | "sources">,
): ChatSettings | undefined {
  const settings: ChatSettings = {};
  // A model saved earlier that is no longer in the chain would be refused; the default answers instead.
  if (overrides.model && answeringModels(models).some((m) => m.id === overrides.model && m.configured)) {
    settings.model = overrides.model;
  }
  if (overrides.temperature !== undefined) settings.temperature = clampTemperature(overrides.temperature);
  if (overrides.topK !== undefined) settings.topK = clampTopK(overrides.topK);
  const filters = effectiveFilters(overrides.filters, corpus);
  if (filters) settings.filters = filters;
  const chain = effectiveChain(overrides.chain, models);
  if (chain) settings.chain = chain;
  return Object.keys(settings).length > 0 ? settings : undefined;
}

/**
 * The chain choice worth sending: "single", or draft → refine with models the server offers (the chain's chat models,
 * or its configured drafting and refining ones); a saved model no longer offered is left to the server's default.
 */
export function effectiveChain(
  chain: ChainSettings | undefined,
  models: ModelsResponse | undefined,
): ChainSettings | undefined {
  if (!chain) return undefined;
  if (chain.mode === "single") return { mode: "single" };
  const offered = new Set([
    ...answeringModels(models)
      .filter((m) => m.configured)
      .map((m) => m.id),
    ...[models?.defaults.chain?.draft, models?.defaults.chain?.refine].filter((m): m is string => !!m),
  ]);
  const draft = chain.draft && offered.has(chain.draft) ? chain.draft : undefined;
  const refine = chain.refine && offered.has(chain.refine) ? chain.refine : undefined;
  return { mode: "draft-refine", ...(draft ? { draft } : {}), ...(refine ? { refine } : {}) };
}

/**
 * The filters worth sending: empty lists and malformed dates dropped, and, once the corpus is known, values it
 * no longer has (a saved source from another corpus would silently match nothing). A backwards range (saved before
 * the panel refused one) is left out: the server refuses it, and putting it in order would filter by dates nobody
 * chose. Undefined when nothing filters.
 */
export function effectiveFilters(
  filters: Filters | undefined,
  corpus?: Pick<CorpusResponse, "platforms" | "sources">,
): Filters | undefined {
  if (!filters) return undefined;
  const known = (values: string[] | undefined, facet: { value: string }[] | undefined) => {
    const kept = (values ?? []).filter((v) => v && (!facet || facet.some((f) => f.value === v)));
    return kept.length > 0 ? [...new Set(kept)] : undefined;
  };
  const platform = known(filters.platform, corpus?.platforms);
  const source = known(filters.source, corpus?.sources);
  let dateFrom = filters.dateFrom && DATE.test(filters.dateFrom) ? filters.dateFrom : undefined;
  let dateTo = filters.dateTo && DATE.test(filters.dateTo) ? filters.dateTo : undefined;
  if (isReversedRange({ dateFrom, dateTo })) dateFrom = dateTo = undefined;
  const out: Filters = {
    ...(platform ? { platform } : {}),
    ...(source ? { source } : {}),
    ...(dateFrom ? { dateFrom } : {}),
    ...(dateTo ? { dateTo } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The two date fields as typed ("" when empty), which may differ from the filters applied. */
export interface DateDraft {
  dateFrom: string;
  dateTo: string;
}

/**
 * The filters after one date field changed to `date` ("" clears it), with the other field as typed: the new
 * filters, or `reversed` when the range would run backwards — then nothing is applied and the panel says why.
 */
export function withDate(
  filters: Filters | undefined,
  draft: DateDraft,
  field: keyof DateDraft,
  date: string,
): { draft: DateDraft; filters: Filters | undefined; reversed: boolean } {
  const next: DateDraft = { ...draft, [field]: date };
  if (isReversedRange({ dateFrom: next.dateFrom || undefined, dateTo: next.dateTo || undefined })) {
    return { draft: next, filters, reversed: true };
  }
  const updated: Filters = { ...filters };
  for (const key of ["dateFrom", "dateTo"] as const) {
    if (next[key]) updated[key] = next[key];
    else delete updated[key];
  }
  return {
    draft: next,
    filters: Object.keys(updated).length > 0 ? updated : undefined,
    reversed: false,
  };
}

/** How many filters are active (each platform/source list and each date counts once), for the summary line. */
export function activeFilterCount(filters: Filters | undefined): number {
  if (!filters) return 0;
  return (
    (filters.platform?.length ? 1 : 0) +
    (filters.source?.length ? 1 : 0) +
    (filters.dateFrom ? 1 : 0) +
    (filters.dateTo ? 1 : 0)
  );
}

/** Adds or removes one value of a multi-select filter; an emptied list disappears. */
export function toggleFilterValue(
  filters: Filters | undefined,
  field: "platform" | "source",
  value: string,
  on: boolean,
): Filters | undefined {
  const current = filters?.[field] ?? [];
  const next = on ? [...new Set([...current, value])] : current.filter((v) => v !== value);
  const rest: Filters = { ...filters };
  delete rest[field];
  const updated: Filters = next.length > 0 ? { ...rest, [field]: next } : rest;
  return Object.keys(updated).length > 0 ? updated : undefined;
}

/** Facet values matching a search, diacritics and case ignored; the selected ones first. */
export function searchFacet(
  facet: readonly { value: string; count: number }[],
  query: string,
  selected: readonly string[] = [],
): { value: string; count: number }[] {
  const q = foldText(query.trim());
  const hits = q ? facet.filter((f) => foldText(f.value).includes(q)) : [...facet];
  const chosen = new Set(selected);
  return [...hits.filter((f) => chosen.has(f.value)), ...hits.filter((f) => !chosen.has(f.value))];
}

export function clampTemperature(value: number): number {
  return Math.round(clampTo(TEMPERATURE_RANGE, value) * 10) / 10;
}

export function clampTopK(value: number): number {
  return clampTo(TOP_K_RANGE, Math.round(value));
}

/** Reads saved overrides, ignoring anything malformed. */
export function parseOverrides(raw: string | null): SettingsOverrides {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    console.warn("ignoring malformed saved settings", err);
    return {};
  }
  if (typeof value !== "object" || value === null) return {};
  const record = value as Record<string, unknown>;
  const overrides: SettingsOverrides = {};
  if (typeof record.model === "string" && record.model) overrides.model = record.model;
  if (typeof record.temperature === "number" && Number.isFinite(record.temperature)) {
    overrides.temperature = clampTemperature(record.temperature);
  }
  if (typeof record.topK === "number" && Number.isFinite(record.topK))
    overrides.topK = clampTopK(record.topK);
  const filters = parseFilters(record.filters);
  if (filters) overrides.filters = filters;
  const chain = ChainSettingsSchema.safeParse(record.chain);
  if (chain.success) overrides.chain = chain.data;
  return overrides;
}

function parseFilters(value: unknown): Filters | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.length > 0) : undefined;
  const date = (v: unknown) => (typeof v === "string" && DATE.test(v) ? v : undefined);
  return effectiveFilters({
    platform: strings(record.platform),
    source: strings(record.source),
    dateFrom: date(record.dateFrom),
    dateTo: date(record.dateTo),
  });
}

export function loadOverrides(storage: Pick<Storage, "getItem"> | undefined): SettingsOverrides {
  return parseOverrides(storage?.getItem(STORAGE_KEY) ?? null);
}

export function saveOverrides(
  overrides: SettingsOverrides,
  storage: Pick<Storage, "setItem"> | undefined,
): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(overrides));
  } catch (err) {
    console.warn("could not save the settings", err);
  }
}
