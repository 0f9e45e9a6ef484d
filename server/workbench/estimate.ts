// The cost of a run before it starts: calls, tokens and dollars per model, from the data set's size, the codebook
// prompt that goes with every call, and the price table (server/models/pricing.ts). Pure; the route feeds it.
import { createHash } from "node:crypto";
import type { EstimateResponse, ModelEstimate } from "../../contract/workbench";
import { LEXICON_MODEL } from "../annotation/annotators";
import { codebookPrompt } from "../codebook/codebookPrompt";
import { LEXICON_VERSION } from "../models/offline/lexicon";
import { priceOf, priceUsage } from "../models/pricing";

/** A common rule of thumb for Latin-script text; Romanian diacritics make it a little pessimistic. */
export const CHARS_PER_TOKEN = 4;
/** The JSON answer with a one-sentence justification and a few evidence strings. */
export const OUTPUT_TOKENS_PER_CALL = 150;
/** Message framing and the output schema, per call. */
export const OVERHEAD_TOKENS_PER_CALL = 60;

export interface EstimateInput {
  datasetId: string;
  rows: number;
  /** Characters of all the rows' texts together. */
  chars: number;
  models: string[];
  repeats: number;
  /** Characters of the system prompt (the codebook); measured by default. */
  promptChars?: number;
}

export function estimateRun(input: EstimateInput): EstimateResponse {
  const promptChars = input.promptChars ?? codebookPrompt().length;
  const models: ModelEstimate[] = input.models.map((model) => {
    const calls = input.rows * input.repeats;
    if (model === LEXICON_MODEL) {
      return { model, calls, inputTokens: 0, outputTokens: 0, costUsd: 0, pricing: "local" };
    }
    const perCall = Math.ceil(promptChars / CHARS_PER_TOKEN) + OVERHEAD_TOKENS_PER_CALL;
    const inputTokens = input.repeats * (input.rows * perCall + Math.ceil(input.chars / CHARS_PER_TOKEN));
    const outputTokens = calls * OUTPUT_TOKENS_PER_CALL;
    const priced = priceUsage(model, { inputTokens, outputTokens });
    return { model, calls, inputTokens, outputTokens, costUsd: priced.costUsd, pricing: priced.pricing };
  });
  const total = models.reduce(
    (sum, m) => ({
      calls: sum.calls + m.calls,
      inputTokens: sum.inputTokens + m.inputTokens,
      outputTokens: sum.outputTokens + m.outputTokens,
      costUsd: Math.round((sum.costUsd + m.costUsd) * 1e10) / 1e10,
    }),
    { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  );
  return {
    datasetId: input.datasetId,
    rows: input.rows,
    repeats: input.repeats,
    models,
    total,
    basis: {
      charsPerToken: CHARS_PER_TOKEN,
      promptChars,
      overheadTokens: OVERHEAD_TOKENS_PER_CALL,
      outputTokens: OUTPUT_TOKENS_PER_CALL,
    },
  };
}

/** The first 12 hex digits of the SHA-256 of what instructs the model: the codebook prompt, or the lexicon's version. */
export function promptHash(model: string): string {
  const prompt = model === LEXICON_MODEL ? `lexicon ${LEXICON_VERSION}` : codebookPrompt();
  return createHash("sha256").update(prompt).digest("hex").slice(0, 12);
}

export { priceOf };
