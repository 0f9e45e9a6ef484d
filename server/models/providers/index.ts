// The providers a model id can name, what each needs from the configuration, and their clients. Each provider's
// client is a module of its own, imported on first use, so that an offline run never loads an SDK.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AppError } from "../../../contract/errors";
import type { Config } from "../../config";
import type { ChatModelOptions, ProviderClient } from "./client";

export {
  DEFAULT_BASE_URLS,
  trimSlashes,
  type ChatModelOptions,
  type JsonRequestOptions,
  type ProviderClient,
  type RawOutput,
  type TokenUsage,
} from "./client";

export const PROVIDERS = [
  "google-genai",
  "openai",
  "openrouter",
  "ollama",
  "openai-compatible",
  "offline",
] as const;
export type Provider = (typeof PROVIDERS)[number];
export type RemoteProvider = Exclude<Provider, "offline">;

function isProvider(value: string): value is Provider {
  return (PROVIDERS as readonly string[]).includes(value);
}

/** Splits `provider:model` at the first colon, so model names keep their own colons (`ollama:qwen2.5:3b`). */
export function parseModelId(id: string): { provider: Provider; model: string } {
  const colon = id.indexOf(":");
  const provider = colon > 0 ? id.slice(0, colon).trim() : "";
  const model = colon > 0 ? id.slice(colon + 1).trim() : "";
  if (!isProvider(provider) || model === "") throw new AppError("input:unknown_model", { model: id });
  return { provider, model };
}

/** The environment variable each provider cannot do without, when there is one. */
const REQUIRED: Partial<Record<Provider, keyof Config>> = {
  "google-genai": "GOOGLE_API_KEY",
  openai: "OPENAI_API_KEY",
  openrouter: "OPENROUTER_API_KEY",
  "openai-compatible": "OPENAI_COMPATIBLE_BASE_URL",
};

/** The environment variable a model's provider still needs, or null when it has what it needs (or is no model). */
export function missingConfiguration(id: string, config: Config): string | null {
  let provider: Provider;
  try {
    provider = parseModelId(id).provider;
  } catch {
    // Not a model id at all: no provider, so no variable to name.
    return null;
  }
  const required = REQUIRED[provider];
  return required && !config[required] ? required : null;
}

/** Whether the config has what the provider needs: a key where one is required, a base URL where there is no default. */
export function isConfigured(id: string, config: Config): boolean {
  try {
    parseModelId(id);
  } catch {
    // An id that does not parse names no configured model; callers only ask yes or no.
    return false;
  }
  return missingConfiguration(id, config) === null;
}

const LOADERS: Record<RemoteProvider, () => Promise<ProviderClient>> = {
  "google-genai": async () => (await import("./googleGenai")).client,
  openai: async () => (await import("./openai")).client,
  openrouter: async () => (await import("./openrouter")).client,
  ollama: async () => (await import("./ollama")).client,
  "openai-compatible": async () => (await import("./openaiCompatible")).client,
};

const loaded = new Map<RemoteProvider, Promise<ProviderClient>>();

/** The client module of a provider, imported once. */
export function providerClient(provider: RemoteProvider): Promise<ProviderClient> {
  let client = loaded.get(provider);
  if (!client) {
    client = LOADERS[provider]();
    loaded.set(provider, client);
  }
  return client;
}

/**
 * The provider and model of a non-offline id that the config can reach; throws input:unknown_model for an offline
 * or unknown id, provider:auth for a provider without its key (a missing base URL is an unknown model).
 */
export function remoteModel(id: string, config: Config): { provider: RemoteProvider; model: string } {
  const { provider, model } = parseModelId(id);
  if (provider === "offline") throw new AppError("input:unknown_model", { model: id });
  if (!isConfigured(id, config)) {
    if (provider === "openai-compatible") throw new AppError("input:unknown_model", { model: id });
    throw new AppError("provider:auth", { model: id });
  }
  return { provider, model };
}

/** A chat model for a non-offline id (offline models are built by the gateway). */
export async function createChatModel(
  id: string,
  config: Config,
  options: ChatModelOptions,
): Promise<BaseChatModel> {
  const { provider, model } = remoteModel(id, config);
  return (await providerClient(provider)).chatModel(model, config, options);
}
