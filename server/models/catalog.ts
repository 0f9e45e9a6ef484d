// Which models the configuration offers and in what order: MODEL_PRIMARY, MODEL_FALLBACK..., then the offline models
// that end every chain. Pure functions of the config; the gateway (gateway.ts) answers with them.
import type { ModelCapability, ModelInfo } from "../../contract/api";
import type { Config } from "../config";
import { isConfigured, missingConfiguration, parseModelId } from "./providers";

export const OFFLINE_CHAT = "offline:extractive";
export const OFFLINE_ANNOTATOR = "offline:lexicon";
export const OFFLINE_EMBEDDINGS = "offline:hash";

const OFFLINE_MODELS: Record<string, ModelCapability[]> = {
  [OFFLINE_CHAT]: ["chat"],
  [OFFLINE_ANNOTATOR]: ["annotate"],
  [OFFLINE_EMBEDDINGS]: ["embed"],
};

export function isOffline(id: string): boolean {
  return id.startsWith("offline:");
}

/** What a model can do; throws input:unknown_model for an unknown provider. */
export function capabilitiesOf(id: string): ModelCapability[] {
  const offline = OFFLINE_MODELS[id];
  if (offline) return offline;
  parseModelId(id);
  return ["chat", "annotate"];
}

/** Every model of the configured chain, in order, always ending in the offline models. */
export function listModels(config: Config): ModelInfo[] {
  const ids = [...new Set([config.MODEL_PRIMARY, ...config.MODEL_FALLBACK, OFFLINE_CHAT, OFFLINE_ANNOTATOR])];
  return ids.map((id) => {
    const { provider } = parseModelId(id);
    return {
      id,
      provider,
      capabilities: capabilitiesOf(id),
      configured: provider === "offline" ? id in OFFLINE_MODELS : isConfigured(id, config),
      offline: provider === "offline",
    };
  });
}

/**
 * The models that can do `capability`, in order; a requested model goes first and the rest of the chain follows it.
 * Never empty: `last` (an offline model) when nothing else is usable.
 */
export function chainFor(
  config: Config,
  capability: ModelCapability,
  requested: string | undefined,
  last: string,
): string[] {
  const usable = listModels(config)
    .filter((m) => m.capabilities.includes(capability) && m.configured)
    .map((m) => m.id);
  if (requested && usable.includes(requested)) return [requested, ...usable.filter((id) => id !== requested)];
  return usable.length ? usable : [last];
}

/** A model configured in MODEL_PRIMARY / MODEL_FALLBACK that cannot be used, and what it lacks. */
export interface ConfigurationWarning {
  model: string;
  missing: string;
  message: string;
}

/** One warning per configured model that is left out of the chain because its provider lacks a variable. */
export function configurationWarnings(config: Config): ConfigurationWarning[] {
  const ids = [...new Set([config.MODEL_PRIMARY, ...config.MODEL_FALLBACK])];
  return ids.flatMap((model) => {
    const missing = missingConfiguration(model, config);
    if (!missing) return [];
    const message = `Modelul „${model}” este lăsat în afara lanțului: lipsește ${missing} (setați-o în .env).`;
    return [{ model, missing, message }];
  });
}
