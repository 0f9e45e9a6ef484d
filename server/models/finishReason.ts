// Why a model stopped writing, in one vocabulary whatever the provider's spelling (OpenAI "length", Gemini
// "MAX_TOKENS"...).
import type { FinishReason } from "../../contract/compare";

export type { FinishReason };

export function normalizeFinishReason(raw: unknown): FinishReason | null {
  if (typeof raw !== "string" || raw === "") return null;
  const value = raw.toLowerCase();
  if (value === "stop" || value === "end_turn" || value === "stop_sequence") return "stop";
  if (value === "length" || value === "max_tokens") return "length";
  if (["content_filter", "safety", "recitation", "prohibited_content", "blocklist", "spii"].includes(value)) {
    return "content_filter";
  }
  if (value === "tool_calls" || value === "function_call") return "tool_calls";
  return "other";
}

/** The finish reason in a message's metadata, whichever key the provider used. */
export function finishReasonOf(metadata: Record<string, unknown> | undefined): FinishReason | null {
  if (!metadata) return null;
  return normalizeFinishReason(metadata.finish_reason ?? metadata.finishReason ?? metadata.stop_reason);
}
