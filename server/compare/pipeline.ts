// Draft → refine as an entry of a comparison, written `draft>refine` (quote it in a shell): the drafting model answers
// the case as the chat would, the rule of the run decides on the draft (its words, its groundedness against the case's
// sources, the prompt's topic), and only then the refining model revises it, as the chat's answer branch does
// (graphs/chat/refine.ts). Each part is measured and priced on its own; the answer's figures are the combined ones.
import type { BaseMessage } from "@langchain/core/messages";
import type { AnswerParts, PartFigures } from "../../contract/compareQuality";
import { checkGrounding } from "../../contract/groundingCheck";
import { keptReason, refineReason, wordCount, type RefineRule } from "../../contract/refine";
import { buildRefineMessages, shownPassages } from "../../graphs/chat/prompts";
import { OFFLINE_ANNOTATOR } from "../models/catalog";
import { priceUsage } from "../models/pricing";
import { parseModelId } from "../models/providers";
import { annotateOnce, passagesOf, streamAnswer, type CallContext, type CallOutcome } from "./calls";
import type { PromptCase } from "./suite";

export interface Pipeline {
  draft: string;
  refine: string;
}

/** `a>b` as its two models, or null for a single model id. Throws input:unknown_model for a part that names none. */
export function parsePipeline(id: string): Pipeline | null {
  const parts = id.split(">").map((p) => p.trim());
  if (parts.length !== 2) return null;
  const [draft, refine] = parts as [string, string];
  parseModelId(draft);
  parseModelId(refine);
  return { draft, refine };
}

export function isPipeline(id: string): boolean {
  return id.includes(">");
}

function part(model: string, outcome: CallOutcome): PartFigures {
  const priced = outcome.usage ? priceUsage(model, outcome.usage) : null;
  return {
    model,
    ms: outcome.latencyMs,
    ttftMs: outcome.ttftMs,
    inputTokens: priced?.inputTokens ?? null,
    outputTokens: priced?.outputTokens ?? null,
    costUsd: priced?.costUsd ?? null,
  };
}

/** The prompt's topic as the offline lexicon reads it, when the rule flags topics. */
async function topicOf(c: PromptCase, rule: RefineRule, ctx: CallContext): Promise<string | null> {
  if (!rule.topics?.length) return null;
  const outcome = await annotateOnce(OFFLINE_ANNOTATOR, c.prompt, { ...ctx, temperature: 0 });
  return outcome.annotation?.tema ?? null;
}

export interface PipelineOutcome extends CallOutcome {
  parts: AnswerParts;
  costUsd: number | null;
}

/** One answer of a draft → refine entry; failures come back as data, as for any call of a comparison. */
export async function draftRefineOnce(
  pipeline: Pipeline,
  c: PromptCase,
  messages: BaseMessage[],
  ctx: CallContext,
  rule: RefineRule,
): Promise<PipelineOutcome> {
  const draft = await streamAnswer(pipeline.draft, messages, ctx, { maxTokens: c.maxTokens });
  const draftPart = part(pipeline.draft, draft);
  if (draft.failure !== null) {
    const parts = { draft: draftPart, refine: null, refined: false, reason: "ciorna a eșuat" };
    return { ...draft, parts, costUsd: draftPart.costUsd };
  }
  const grounding = c.sources ? checkGrounding(draft.text, shownPassages(passagesOf(c.sources))) : null;
  const facts = {
    words: wordCount(draft.text),
    grounding: grounding?.score ?? 1,
    topic: await topicOf(c, rule, ctx),
  };
  const reason = refineReason(rule, facts);
  if (!reason) {
    const parts = { draft: draftPart, refine: null, refined: false, reason: keptReason(facts) };
    return { ...draft, parts, costUsd: draftPart.costUsd };
  }
  const issues = grounding?.unsupported.map(({ sentence, reason: why }) => ({ sentence, reason: why })) ?? [];
  const refined = await streamAnswer(
    pipeline.refine,
    buildRefineMessages(messages, draft.text, issues),
    ctx,
    {
      maxTokens: c.maxTokens,
    },
  );
  const refinePart = part(pipeline.refine, refined);
  const costUsd = (draftPart.costUsd ?? 0) + (refinePart.costUsd ?? 0);
  const combined = {
    latencyMs: draft.latencyMs + refined.latencyMs,
    ttftMs: draft.ttftMs,
    usage:
      draft.usage || refined.usage
        ? {
            inputTokens: (draft.usage?.inputTokens ?? 0) + (refined.usage?.inputTokens ?? 0),
            outputTokens: (draft.usage?.outputTokens ?? 0) + (refined.usage?.outputTokens ?? 0),
          }
        : null,
  };
  if (refined.failure !== null) {
    // The refinement failed: the draft stands, as in the chat.
    const parts = {
      draft: draftPart,
      refine: refinePart,
      refined: false,
      reason: `${reason}; rafinarea a eșuat, rămâne ciorna`,
      refineError: refined.error?.code ?? "provider:error",
    };
    return { ...draft, ...combined, parts, costUsd };
  }
  const parts = { draft: draftPart, refine: refinePart, refined: true, reason };
  return { ...refined, ...combined, parts, costUsd };
}
