// Tokens a model call used and what they cost: the answer's, the annotation's, each part of a draft → refine.
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Estimated cost of the call, from server/models/pricing.json. */
  costUsd?: number;
  /** Where the cost comes from: the price table, a free tier, a local model (0), or unknown (0, not priced). */
  pricing?: "table" | "free" | "local" | "unknown";
}
