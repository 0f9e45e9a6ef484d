// "Folosește în chat": the recommendation of a comparison applied in this browser (the chat's model and temperature
// overrides, as the settings panel keeps them), and the .env lines that apply it on the server, as the CLI's
// `compare --write-config` writes them. Never for a run stopped before its end: it has no recommendation.
import type { CompareResults } from "../../../contract/compare";
import type { ModelsResponse } from "../../../contract/api";
import { answeringModels, clampTemperature, type SettingsOverrides } from "./settings";

export interface ApplyChoice {
  primary: string;
  fallback: string | null;
  temperature: number;
  /** Whether the chat of this server offers the primary (else only the .env lines can apply it). */
  inChat: boolean;
}

/** What the button would apply, or null when there is nothing to apply (stopped run, no primary). */
export function applyChoice(
  results: Pick<CompareResults, "interrupted" | "recommendation"> | null | undefined,
  models: ModelsResponse | undefined,
): ApplyChoice | null {
  const rec = results?.recommendation;
  if (!results || results.interrupted || !rec?.primary || rec.temperature === null) return null;
  const inChat = answeringModels(models).some((m) => m.id === rec.primary && m.configured);
  return { primary: rec.primary, fallback: rec.fallback, temperature: rec.temperature, inChat };
}

/** The chat's overrides with the recommended model and temperature, one model answering (no draft → refine). */
export function appliedOverrides(overrides: SettingsOverrides, choice: ApplyChoice): SettingsOverrides {
  return {
    ...overrides,
    model: choice.primary,
    temperature: clampTemperature(choice.temperature),
    chain: { mode: "single" },
  };
}

/** The .env lines `compare --write-config` would write for this recommendation. */
export function envLines(choice: Pick<ApplyChoice, "primary" | "fallback" | "temperature">): string {
  return [
    `MODEL_PRIMARY=${choice.primary}`,
    `MODEL_FALLBACK=${choice.fallback ?? ""}`,
    `TEMPERATURE=${String(choice.temperature)}`,
  ].join("\n");
}
