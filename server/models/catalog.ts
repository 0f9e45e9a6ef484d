// Which models the configuration offers and in what order: MODEL_PRIMARY, MODEL_FALLBACK..., then the offline models
// that end every chain. Pure functions of the config, and ModelCatalog, the gateway's (gateway.ts) catalog half.
import type { ModelCapability, ModelInfo } from "../../contract/api";
import { AppError } from "../../contract/errors";
import type { Config } from "../config";
import { isConfigured, missingConfiguration, parseModelId, remoteModel } from "./providers";

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

/**
 * The catalog of a configuration: the models it lists and the chain each branch of a turn calls in order (answer,
 * annotate). The gateway is one, plus the call path.
 */
export class ModelCatalog {
  constructor(protected readonly config: Config) {}

  /** Every model of the configured chain, in order, always ending in the offline models. */
  list(): ModelInfo[] {
    return listModels(this.config);
  }

  configurationWarnings(): ConfigurationWarning[] {
    return configurationWarnings(this.config);
  }

  /** Throws input:unknown_model unless the id is one of the configured chain's models. */
  assertKnown(id: string): void {
    if (!this.list().some((m) => m.id === id)) throw new AppError("input:unknown_model", { model: id });
  }

  /** Throws input:unknown_model, or provider:auth for a provider without its key, unless the model can annotate. */
  assertCanAnnotate(id: string): void {
    if (id !== OFFLINE_ANNOTATOR) remoteModel(id, this.config);
  }

  /** The models that answer, in order; a requested model goes first and the rest of the chain follows it. */
  answerChain(requested?: string): string[] {
    return chainFor(this.config, "chat", requested, OFFLINE_CHAT);
  }

  /** The models that annotate, in order, ending in the offline lexicon. */
  annotateChain(requested?: string): string[] {
    return chainFor(this.config, "annotate", requested, OFFLINE_ANNOTATOR);
  }
}
