// Which models a browser may have the server call, one rule for every page (compare, the annotation workbench, the
// chat's comparison): a model of the configured chain, or any model of an "open" provider — one the operator named,
// by setting its key or address, or by putting one of its models in the chain. Ollama needs no key and has a default
// address, so without OLLAMA_BASE_URL or an Ollama model in the chain nobody said an Ollama server runs: offering it
// would send every call to a refused connection (docs/providers.md, "Modele alese din browser").
import { AppError } from "../../contract/errors";
import type { Config } from "../config";
import { listModels } from "./catalog";
import { PROVIDERS, isConfigured, parseModelId, type Provider, type RemoteProvider } from "./providers";

/** The variable that names each provider's server or account. */
const NAMED_BY: Record<RemoteProvider, keyof Config> = {
  "google-genai": "GOOGLE_API_KEY",
  openai: "OPENAI_API_KEY",
  openrouter: "OPENROUTER_API_KEY",
  ollama: "OLLAMA_BASE_URL",
  "openai-compatible": "OPENAI_COMPATIBLE_BASE_URL",
};

const isRemote = (p: Provider): p is RemoteProvider => p !== "offline";

/** Whether a client may name any model of this provider (not only the chain's). */
export function isOpenProvider(provider: RemoteProvider, config: Config): boolean {
  if (!isConfigured(`${provider}:x`, config)) return false;
  if (config[NAMED_BY[provider]]) return true;
  return listModels(config).some((m) => m.provider === provider && m.configured);
}

/** Every remote provider with whether a client may name its models, in PROVIDERS order. */
export function providerChoices(config: Config): { provider: RemoteProvider; configured: boolean }[] {
  return PROVIDERS.filter(isRemote).map((provider) => ({
    provider,
    configured: isOpenProvider(provider, config),
  }));
}

/** Whether the server may call `id` for a client: a configured model of the chain, or a model of an open provider. */
export function mayCallForClient(id: string, config: Config): boolean {
  if (listModels(config).some((m) => m.id === id && m.configured)) return true;
  let provider: Provider;
  try {
    provider = parseModelId(id).provider;
  } catch {
    // Not a provider:model id: nothing to call.
    return false;
  }
  return isRemote(provider) && isOpenProvider(provider, config);
}

/** Throws input:unknown_model unless the server may call `id` for a client. */
export function assertClientModel(id: string, config: Config): void {
  if (!mayCallForClient(id, config)) throw new AppError("input:unknown_model", { model: id });
}

/**
 * The refusal of the models a client named that the server may not call, all of them at once: "input:unknown_model"
 * for one, "input:unknown_models" for several, each quoted as its language quotes (the page says it again in the
 * other language from the parameters).
 */
export function unknownModels(ids: string[]): AppError {
  if (ids.length === 1) return new AppError("input:unknown_model", { model: ids[0]! });
  return new AppError("input:unknown_models", {
    models: ids.map((id) => `„${id}”`).join(", "),
    modelsEn: ids.map((id) => `"${id}"`).join(", "),
  });
}
