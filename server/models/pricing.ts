// Cost estimates from the price table in pricing.json (USD per million tokens, with each price's source and date).
// Local and free models cost 0 and say why; a model missing from the table costs 0 and says it is unknown.
import type { PricedUsage, PricingBasis } from "../../contract/compare";
import type { Usage } from "../../contract/protocol";
import table from "./pricing.json" with { type: "json" };
import { parseModelId } from "./providers";

export interface ModelPrice {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
  source: string;
  asOf: string;
}

const PRICES: Record<string, ModelPrice> = table.models;
const PER_TOKENS = 1_000_000;

export function priceOf(modelId: string): { basis: PricingBasis; price?: ModelPrice } {
  const price = PRICES[modelId];
  if (price) return { basis: "table", price };
  let provider: string;
  try {
    provider = parseModelId(modelId).provider;
  } catch {
    // Not a provider:model id (a test's fake model, say): nothing to price.
    return { basis: "unknown" };
  }
  if (provider === "offline" || provider === "ollama" || provider === "openai-compatible")
    return { basis: "local" };
  if (provider === "openrouter" && modelId.endsWith(":free")) return { basis: "free" };
  return { basis: "unknown" };
}

/**
 * Whether calls to the model spend money, so that a user's daily budget applies: priced in the table, or a remote
 * provider's model that is neither free nor local (its cost unknown, its tokens still counted). A string that names
 * no provider (a test's stand-in) costs nothing.
 */
export function isPaid(modelId: string): boolean {
  const { basis } = priceOf(modelId);
  if (basis === "table") return true;
  if (basis !== "unknown") return false;
  try {
    parseModelId(modelId);
    return true;
  } catch {
    return false;
  }
}

/** The usage with `costUsd` (float noise rounded away) and the basis of that figure. */
export function priceUsage(modelId: string, usage: Usage): PricedUsage {
  const { basis, price } = priceOf(modelId);
  const cost = price ? (usage.inputTokens * price.input + usage.outputTokens * price.output) / PER_TOKENS : 0;
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    costUsd: Math.round(cost * 1e10) / 1e10,
    pricing: basis,
  };
}
