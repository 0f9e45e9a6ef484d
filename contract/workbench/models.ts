// Workbench payloads of the models, the codebook and the cost estimate (GET /models, GET /codebook, POST /estimate),
// and the settings of a run.
import { z } from "zod";
import { TemperatureSchema } from "../settings";
import { WORKBENCH_LIMITS } from "./base";
import { Id } from "./strings";

/** One of the built-in models (`offline:lexicon`, …): no network, no tokens counted, no temperature taken. */
export function isOfflineModel(model: string): boolean {
  return model.startsWith("offline:");
}

/**
 * The temperature a run's models used: null when every model is offline, as none of them takes one (their outcomes
 * store none, and the export leaves the cell empty). The page shows null as "— (offline)", the methods paragraph says
 * so in words: one meaning everywhere.
 */
export function runTemperature(run: { models: readonly string[]; temperature: number }): number | null {
  return run.models.every(isOfflineModel) ? null : run.temperature;
}

/** GET /models: what a run may use. */
export interface WorkbenchModel {
  id: string;
  provider: string;
  offline: boolean;
  /** Part of the configured chain (MODEL_PRIMARY, MODEL_FALLBACK). */
  inChain: boolean;
  /** Where its cost estimate comes from (server/models/pricing.json). */
  pricing: "table" | "free" | "local" | "unknown";
  /** USD per million tokens, when the price table has the model. */
  price?: { input: number; output: number };
}

export interface WorkbenchModelsResponse {
  models: WorkbenchModel[];
  /** Providers a run may name any model of (`provider:model`), and whether each is configured. */
  providers?: { provider: string; configured: boolean }[];
  defaults: { temperature: number; repeats: number; concurrency: number };
  limits: { maxUploadBytes: number; maxRows: number; maxModels: number; maxRepeats: number };
}

/** GET /codebook: the codebook in use (server/codebook/codebook.ts). */
export interface CodebookResponse {
  version: string;
  title: string;
  /** docs/codebook.md, exactly. */
  markdown: string;
  fields: { name: string; values: string; definition: string; rules: string[] }[];
  changelog: { version: string; date: string; changes: string[] }[];
}

const ModelIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z-]+:.+$/, "provider:model")
  .max(200);

export const RunSettingsSchema = z
  .object({
    datasetId: Id,
    models: z.array(ModelIdSchema).min(1).max(WORKBENCH_LIMITS.maxModels),
    /** Ignored by models without a temperature (the lexicon). Default 0. */
    temperature: TemperatureSchema.optional(),
    /** How often every row is annotated by every model. Default 1. */
    repeats: z.number().int().min(1).max(WORKBENCH_LIMITS.maxRepeats).optional(),
    /** Calls in flight for this run at most (the job pool's limit still applies). Default: the pool's size. */
    concurrency: z.number().int().min(1).max(WORKBENCH_LIMITS.maxConcurrency).optional(),
  })
  .strict();
export type RunSettings = z.infer<typeof RunSettingsSchema>;

/** POST /estimate takes RunSettings. */
export interface ModelEstimate {
  model: string;
  /** Model calls (rows × repeats); an upper bound, since cached answers cost nothing. */
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  pricing: WorkbenchModel["pricing"];
}

export interface EstimateResponse {
  datasetId: string;
  rows: number;
  repeats: number;
  models: ModelEstimate[];
  total: { calls: number; inputTokens: number; outputTokens: number; costUsd: number };
  /** How the figures were made, for the page to say in its language: tokens ≈ characters / charsPerToken, and every
   * call carries the codebook prompt (promptChars) and overheadTokens of framing, and answers about outputTokens. */
  basis: { charsPerToken: number; promptChars: number; overheadTokens: number; outputTokens: number };
}
