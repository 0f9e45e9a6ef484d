// Chat settings and their bounds, defined once: the socket payload's schema, the configuration's defaults and the
// settings panel's sliders all read these numbers, so a bound is never copied by hand.
import { z } from "zod";
import { ChainSettingsSchema } from "./refine";

/** Temperature a user may ask for; the slider's step. */
export const TEMPERATURE_RANGE = { min: 0, max: 2, step: 0.1 } as const;
/** Passages retrieved per question. */
export const TOP_K_RANGE = { min: 1, max: 50 } as const;
/** Defaults when neither the environment nor the user says otherwise. */
export const SETTING_DEFAULTS = { temperature: 0.2, topK: 5 } as const;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a date range runs backwards (its end before its start); an open end never does. */
export function isReversedRange(range: { dateFrom?: string; dateTo?: string }): boolean {
  return !!range.dateFrom && !!range.dateTo && range.dateFrom > range.dateTo;
}

/**
 * The refinement every schema that takes a date range applies: a range whose end comes before its start matches
 * nothing, and putting it in order silently would answer from dates the user did not ask for, so it is refused, in
 * Romanian with its English in `params.en` (server/http/zodIssue.ts says it in the reader's language).
 */
export function refuseReversedRange(
  range: { dateFrom?: string; dateTo?: string },
  ctx: z.RefinementCtx,
): void {
  if (!isReversedRange(range)) return;
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    path: ["dateTo"],
    message: `data de sfârșit (${range.dateTo}) este înaintea datei de început (${range.dateFrom})`,
    params: { en: `the end date (${range.dateTo}) is before the start date (${range.dateFrom})` },
  });
}

export const FiltersSchema = z
  .object({
    platform: z.array(z.string().min(1)).optional(),
    source: z.array(z.string().min(1)).optional(),
    dateFrom: z.string().regex(ISO_DAY).optional(),
    dateTo: z.string().regex(ISO_DAY).optional(),
  })
  .strict()
  .superRefine(refuseReversedRange);
export type Filters = z.infer<typeof FiltersSchema>;

export const TemperatureSchema = z.number().min(TEMPERATURE_RANGE.min).max(TEMPERATURE_RANGE.max);
export const TopKSchema = z.number().int().min(TOP_K_RANGE.min).max(TOP_K_RANGE.max);

export const ChatSettingsSchema = z
  .object({
    model: z.string().min(1).max(200).optional(),
    temperature: TemperatureSchema.optional(),
    topK: TopKSchema.optional(),
    filters: FiltersSchema.optional(),
    /** Draft → refine, or one model (contract/refine.ts); the configuration's choice when absent. */
    chain: ChainSettingsSchema.optional(),
  })
  .strict();
export type ChatSettings = z.infer<typeof ChatSettingsSchema>;

export type ResolvedSettings = ChatSettings & { temperature: number; topK: number };

/**
 * The settings a turn was answered with (its model is `DoneEvent.model`): the temperature and top-k after defaults,
 * and the corpus filters when any applied. Kept with the stored answer, so that an export shows how it was made.
 */
export interface UsedSettings {
  temperature: number;
  topK: number;
  filters?: Filters;
}

/** What of resolved settings a turn records: no `filters` when none filter. */
export function usedSettings(settings: ResolvedSettings): UsedSettings {
  const f = settings.filters;
  const filters =
    f && (f.platform?.length || f.source?.length || f.dateFrom || f.dateTo) ? { filters: f } : {};
  return { temperature: settings.temperature, topK: settings.topK, ...filters };
}

/**
 * A turn's settings: what the user asked for, else the deployment's defaults (TEMPERATURE and TOP_K, which start from
 * SETTING_DEFAULTS). The one place where a default meets a user's choice; the graph and the gateway get the result.
 */
export function resolveSettings(
  settings: ChatSettings | undefined,
  defaults: { temperature: number; topK: number } = SETTING_DEFAULTS,
): ResolvedSettings {
  return {
    ...settings,
    temperature: settings?.temperature ?? defaults.temperature,
    topK: settings?.topK ?? defaults.topK,
  };
}

/** A number clamped into a range (what the UI does with a typed value). */
export function clampTo(range: { min: number; max: number }, value: number): number {
  return Math.min(range.max, Math.max(range.min, value));
}
