// Run-time configuration of the chat graph, read from `config.configurable` by `ensureConfiguration`; nodes
// never name a model themselves. Also the typed custom events that nodes write to the stream.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Passage } from "../../contract/corpus";
import type { Retriever } from "../../corpus/retrieval/types";
import type { ModelRegistry } from "../../server/models/registry";
import type { Filters } from "../../contract/settings";
import type { StepName } from "../../contract/protocol";
import type { Annotation } from "../../contract/annotation";

export interface ChatConfiguration {
  retriever: Retriever;
  registry: ModelRegistry;
  /** Models that answer, in order; the last is offline. */
  answerChain: string[];
  /** Models that annotate, in order; the last is offline. */
  annotateChain: string[];
  temperature: number;
  topK: number;
  filters?: Filters;
  /** A model that has not produced its first token by then is abandoned. */
  firstTokenTimeoutMs: number;
  /** A model call that has not completed by then is abandoned. */
  modelTimeoutMs: number;
}

const DEFAULTS = { temperature: 0.2, topK: 5, firstTokenTimeoutMs: 15_000, modelTimeoutMs: 60_000 };

/** Reads the configuration with its defaults; throws if the retriever or the registry is missing. */
export function ensureConfiguration(config: LangGraphRunnableConfig): ChatConfiguration {
  const c = (config.configurable ?? {}) as Partial<ChatConfiguration>;
  if (!c.retriever || !c.registry)
    throw new Error("chat graph: configurable.retriever and configurable.registry are required");
  return {
    retriever: c.retriever,
    registry: c.registry,
    answerChain: c.answerChain?.length ? c.answerChain : c.registry.answerChain(),
    annotateChain: c.annotateChain?.length ? c.annotateChain : c.registry.annotateChain(),
    temperature: c.temperature ?? DEFAULTS.temperature,
    topK: c.topK ?? DEFAULTS.topK,
    filters: c.filters,
    firstTokenTimeoutMs: c.firstTokenTimeoutMs ?? DEFAULTS.firstTokenTimeoutMs,
    modelTimeoutMs: c.modelTimeoutMs ?? DEFAULTS.modelTimeoutMs,
  };
}

/** Custom stream events (stream mode "custom"); the server maps them to the socket protocol. */
export type GraphEvent =
  | { type: "step"; step: StepName; status: "start" | "end" | "error"; ms?: number; detail?: string }
  | { type: "sources"; sources: Passage[] }
  | { type: "annotation"; target: string; annotation: Annotation; model: string }
  /** A piece of the answer as the model streams it (only the answer node writes these). */
  | { type: "token"; text: string };

export function emit(config: LangGraphRunnableConfig, event: GraphEvent): void {
  config.writer?.(event);
}
