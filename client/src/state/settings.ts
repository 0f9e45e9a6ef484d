// The user's per-message overrides of the server defaults (model, temperature, top-k), kept in localStorage.
// Unset fields are not sent, so the server's configured defaults apply.
import type { ChatSettings, ModelInfo, ModelsResponse } from "../../../server/protocol";

export interface SettingsOverrides {
  model?: string;
  temperature?: number;
  topK?: number;
}

// The bounds of server/protocol.ts ChatSettingsSchema.
export const TEMPERATURE_RANGE = { min: 0, max: 2, step: 0.1 } as const;
export const TOP_K_RANGE = { min: 1, max: 50 } as const;

const STORAGE_KEY = "echochamber.settings";

/** The models a user can pick to answer: the chain's chat models. */
export function answeringModels(models: ModelsResponse | undefined): ModelInfo[] {
  return models ? models.chain.filter((m) => m.capabilities.includes("chat")) : [];
}

/** The settings to send with a message: only what differs from nothing-set, and only values the server accepts. */
export function toChatSettings(
  overrides: SettingsOverrides,
  models: ModelsResponse | undefined,
): ChatSettings | undefined {
  const settings: ChatSettings = {};
  // A model saved earlier that is no longer in the chain would be refused; the default answers instead.
  if (overrides.model && answeringModels(models).some((m) => m.id === overrides.model && m.configured)) {
    settings.model = overrides.model;
  }
  if (overrides.temperature !== undefined) settings.temperature = clampTemperature(overrides.temperature);
  if (overrides.topK !== undefined) settings.topK = clampTopK(overrides.topK);
  return Object.keys(settings).length > 0 ? settings : undefined;
}

export function clampTemperature(value: number): number {
  const clamped = Math.min(TEMPERATURE_RANGE.max, Math.max(TEMPERATURE_RANGE.min, value));
  return Math.round(clamped * 10) / 10;
}

export function clampTopK(value: number): number {
  return Math.min(TOP_K_RANGE.max, Math.max(TOP_K_RANGE.min, Math.round(value)));
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
  return overrides;
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
