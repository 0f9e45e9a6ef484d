// Whether a turn drafts and refines, and with which models: the message's chain settings, else the configuration's
// (DRAFT_MODEL and REFINE_MODEL both set turn it on), with the rule from REFINE_*. The one place where those meet.
import type { ChainSettings, RefineRule } from "../../contract/refine";
import { AppError } from "../../contract/errors";
import type { RefineConfiguration } from "../../graphs/chat/config";
import type { Config } from "../config";
import { OFFLINE_ANNOTATOR } from "./catalog";
import type { ModelGateway } from "./gateway";

type RefineConfig = Pick<
  Config,
  "DRAFT_MODEL" | "REFINE_MODEL" | "REFINE_MAX_DRAFT_WORDS" | "REFINE_MIN_GROUNDING" | "REFINE_TOPICS"
>;

/** The rule of the configuration (REFINE_MAX_DRAFT_WORDS, REFINE_MIN_GROUNDING, REFINE_TOPICS). */
export function refineRule(config: RefineConfig): RefineRule {
  return {
    maxDraftWords: config.REFINE_MAX_DRAFT_WORDS,
    minGrounding: config.REFINE_MIN_GROUNDING,
    ...(config.REFINE_TOPICS.length ? { topics: config.REFINE_TOPICS } : {}),
  };
}

/** The chain mode a message gets when it does not choose. */
export function defaultChain(config: RefineConfig): ChainSettings {
  return config.DRAFT_MODEL && config.REFINE_MODEL
    ? { mode: "draft-refine", draft: config.DRAFT_MODEL, refine: config.REFINE_MODEL }
    : { mode: "single" };
}

/** The drafting and refining models of a turn, or null for a single-model turn. Throws chain:refine_models. */
export function refineModels(
  config: RefineConfig,
  chain: ChainSettings | undefined,
  model?: string,
): { draft: string; refine: string } | null {
  const mode = chain?.mode ?? defaultChain(config).mode;
  if (mode === "single") return null;
  const draft = chain?.draft ?? config.DRAFT_MODEL ?? model;
  const refine = chain?.refine ?? config.REFINE_MODEL;
  if (!draft || !refine) throw new AppError("chain:refine_models");
  return { draft, refine };
}

/**
 * Throws input:unknown_model unless the message's drafting and refining models are ones the server offers: the
 * configured chain's, or DRAFT_MODEL / REFINE_MODEL (an arbitrary id must not reach a provider with the server's key).
 */
export function assertRefineModels(config: RefineConfig, gateway: ModelGateway, chain?: ChainSettings): void {
  for (const id of [chain?.draft, chain?.refine]) {
    if (id && id !== config.DRAFT_MODEL && id !== config.REFINE_MODEL) gateway.assertKnown(id);
  }
}

/** What the graph gets in `configurable.refine`, or undefined for a single-model turn. */
export function refineConfiguration(
  config: RefineConfig,
  gateway: ModelGateway,
  chain: ChainSettings | undefined,
  model?: string,
): RefineConfiguration | undefined {
  const models = refineModels(config, chain, model);
  if (!models) return undefined;
  const rest = gateway.answerChain().filter((id) => id !== models.draft);
  return {
    draftChain: [models.draft, ...rest],
    refineModel: models.refine,
    rule: refineRule(config),
    topicAnnotator: OFFLINE_ANNOTATOR,
  };
}
