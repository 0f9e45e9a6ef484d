// Starting an annotation run: the models a person may pick (the chain first, then the offline ones, then other
// configured providers), temperature and repeats within the contract's bounds, the RunSettings sent for the
// estimate and the start, and the estimate's figures as the page shows them. No React, no fetch.
import { TEMPERATURE_RANGE, clampTo } from "../../../contract/settings";
import {
  isOfflineModel,
  RunSettingsSchema,
  WORKBENCH_LIMITS,
  type EstimateResponse,
  type RunSettings,
  type WorkbenchModel,
  type WorkbenchModelsResponse,
} from "../../../contract/workbench";

export interface RunDraft {
  models: string[];
  temperature: number;
  repeats: number;
}

/** The lexicon is free, instant and always there: the model checked when the page opens. */
export const DEFAULT_RUN_MODEL = "offline:lexicon";

const rank = (m: WorkbenchModel) => (m.inChain ? 0 : m.offline ? 1 : 2);

/** The models in the order the form lists them; the server's order is kept within each group. */
export function runnableModels(models: readonly WorkbenchModel[]): WorkbenchModel[] {
  return models
    .map((m, i) => ({ m, i }))
    .sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i)
    .map(({ m }) => m);
}

export function initialRunDraft(info: WorkbenchModelsResponse | undefined): RunDraft {
  const ids = info?.models.map((m) => m.id) ?? [];
  return {
    models: ids.includes(DEFAULT_RUN_MODEL) ? [DEFAULT_RUN_MODEL] : ids.slice(0, 1),
    temperature: info?.defaults.temperature ?? 0,
    repeats: info?.defaults.repeats ?? 1,
  };
}

function maxModels(info: WorkbenchModelsResponse | undefined): number {
  return Math.min(info?.limits.maxModels ?? WORKBENCH_LIMITS.maxModels, WORKBENCH_LIMITS.maxModels);
}

function maxRepeats(info: WorkbenchModelsResponse | undefined): number {
  return Math.min(info?.limits.maxRepeats ?? WORKBENCH_LIMITS.maxRepeats, WORKBENCH_LIMITS.maxRepeats);
}

/** Checks or unchecks a model; past the limit a new model is not added (the form says why). */
export function toggleModel(
  draft: RunDraft,
  id: string,
  on: boolean,
  info: WorkbenchModelsResponse | undefined,
): RunDraft {
  const has = draft.models.includes(id);
  if (on === has) return draft;
  if (!on) return { ...draft, models: draft.models.filter((m) => m !== id) };
  if (draft.models.length >= maxModels(info)) return draft;
  return { ...draft, models: [...draft.models, id] };
}

export function atModelLimit(draft: RunDraft, info: WorkbenchModelsResponse | undefined): boolean {
  return draft.models.length >= maxModels(info);
}

/** A typed temperature as a number ("0,7" is Romanian for 0.7), or undefined when it is none ("", "abc"). */
function typedTemperature(typed: string): number | undefined {
  const value = Number(typed.trim().replace(",", "."));
  return typed.trim() === "" || !Number.isFinite(value) ? undefined : value;
}

/**
 * True when the typed temperature is not a number: the form says so and does not start (the draft keeps its
 * last good value, which must not be sent as if the person had chosen it).
 */
export function temperatureInvalid(typed: string): boolean {
  return typedTemperature(typed) === undefined;
}

/** A typed temperature clamped into range; text that is no number keeps the previous value (see temperatureInvalid). */
export function withTemperature(draft: RunDraft, typed: string): RunDraft {
  const value = typedTemperature(typed);
  if (value === undefined) return draft;
  return { ...draft, temperature: Math.round(clampTo(TEMPERATURE_RANGE, value) * 100) / 100 };
}

export function withRepeats(
  draft: RunDraft,
  typed: string,
  info: WorkbenchModelsResponse | undefined,
): RunDraft {
  const value = Math.round(Number(typed));
  if (!Number.isFinite(value)) return draft;
  return { ...draft, repeats: Math.min(maxRepeats(info), Math.max(1, value)) };
}

/** The settings of the run, or undefined when no model is chosen (the schema would refuse it). */
export function runSettings(datasetId: string, draft: RunDraft): RunSettings | undefined {
  const parsed = RunSettingsSchema.safeParse({
    datasetId,
    models: draft.models,
    temperature: draft.temperature,
    repeats: draft.repeats,
  });
  return parsed.success ? parsed.data : undefined;
}

/** One key per distinct estimate request, so the page asks again only when something changed. */
export function estimateKey(settings: RunSettings | undefined): string {
  return settings
    ? JSON.stringify([settings.datasetId, settings.models, settings.temperature, settings.repeats])
    : "";
}

export type CostKind = "free" | "unknown" | "priced";

/** How to show a cost: priced (a dollar figure), free (free tier or local model), unknown (no price known). */
export function costKind(pricing: WorkbenchModel["pricing"], usd: number): CostKind {
  if (pricing === "unknown") return "unknown";
  if (pricing === "free" || pricing === "local" || usd === 0) return "free";
  return "priced";
}

/** Whether every chosen model costs nothing (offline or local): the total then says "gratuit", as its rows do. */
export function estimateFree(estimate: EstimateResponse): boolean {
  return (
    estimate.models.length > 0 && estimate.models.every((m) => costKind(m.pricing, m.costUsd) === "free")
  );
}

/** Which of the chosen models are offline (they count no tokens): "all", "some" or "none". */
export function estimateOffline(estimate: EstimateResponse): "all" | "some" | "none" {
  const offline = estimate.models.filter((m) => isOfflineModel(m.model)).length;
  return offline === 0 ? "none" : offline === estimate.models.length ? "all" : "some";
}

/** Whether any chosen model has no known price (the total is then a lower bound). */
export function estimateHasUnknownPrice(estimate: EstimateResponse): boolean {
  return estimate.models.some((m) => m.pricing === "unknown");
}

/** Providers a run may name any model of (the server's `providers`, configured ones only). */
export function configuredProviders(info: WorkbenchModelsResponse | undefined): string[] {
  return (info?.providers ?? []).filter((p) => p.configured).map((p) => p.provider);
}

/**
 * Model ids typed by hand ("openai:gpt-4o-mini, ollama:qwen2.5:3b"): the ones of a configured provider, and the
 * ones the form must refuse (not `provider:model`, or a provider that is not configured).
 */
export function typedModels(
  text: string,
  providers: readonly string[],
): { ids: string[]; refused: string[] } {
  const ids: string[] = [];
  const refused: string[] = [];
  for (const id of text.split(/[,\s]+/).filter(Boolean)) {
    const provider = /^([a-z-]+):.+$/.exec(id)?.[1];
    if (provider && providers.includes(provider)) {
      if (!ids.includes(id)) ids.push(id);
    } else refused.push(id);
  }
  return { ids, refused };
}

/** The models of the run: the checked ones, then the typed ones not already checked. */
export function withTypedModels(draft: RunDraft, typed: readonly string[]): RunDraft {
  const models = [...draft.models, ...typed.filter((id) => !draft.models.includes(id))];
  return models.length === draft.models.length ? draft : { ...draft, models };
}
