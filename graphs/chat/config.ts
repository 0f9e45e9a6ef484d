// What the chat graph needs from whoever runs it, declared here and implemented by the server: the settings of a
// run (`configurable`, plain data, read by `ensureConfiguration`) and the services it calls (LangGraph's run-time
// `context`: a model gateway and a retriever, read by `chatContext`). Nodes never name a model themselves. Also the
// typed custom events that nodes write to the stream.
import type { BaseMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { abortError, linkedAbort, untilAborted } from "../../contract/abort";
import type { Annotation } from "../../contract/annotation";
import type { Passage } from "../../contract/corpus";
import type { Lang } from "../../contract/errors";
import type { Fallback, StepName, Usage } from "../../contract/protocol";
import type { RefineRule } from "../../contract/refine";
import type { Filters } from "../../contract/settings";

/** The settings of one run. The server resolves every default before the run (contract/settings.ts). */
export interface ChatConfiguration {
  /** Models that answer, in order; the last is offline. */
  answerChain: string[];
  /** Models that annotate, in order; the last is offline. */
  annotateChain: string[];
  temperature: number;
  topK: number;
  filters?: Filters;
  /** Draft → refine instead of one answering chain (contract/refine.ts); absent: the answer chain answers. */
  refine?: RefineConfiguration;
  /**
   * The reader's language: a display hint for the offline extractive model's framing, passed to the model calls and
   * never into a prompt (Romanian when absent).
   */
  displayLang?: Lang;
}

/** How a draft → refine answer is made: the drafting chain, the refining model, and when refining is needed. */
export interface RefineConfiguration {
  /** The drafting model first, then the rest of the answer chain (a failed draft falls back as an answer would). */
  draftChain: string[];
  /** The model that refines; when it fails, the draft stands. */
  refineModel: string;
  rule: RefineRule;
  /** The annotator that reads the question's topic when the rule flags topics (the server names it). */
  topicAnnotator: string;
}

export interface RetryNotice {
  attempt: number;
  delayMs: number;
  code: string;
}

/**
 * The model calls the graph makes. Each call applies its own deadlines, retries and circuit breaker, and rejects with
 * an AppError (contract/errors.ts) whose code says why the model failed; the graph then moves to the next model.
 */
export interface ChatModels {
  streamAnswer(
    model: string,
    messages: BaseMessage[],
    options: {
      temperature: number;
      signal?: AbortSignal;
      onToken: (text: string) => void;
      onRetry?: (notice: RetryNotice) => void;
      /** The reader's language, for an offline model's framing only (ChatConfiguration.displayLang). */
      displayLang?: Lang;
    },
  ): Promise<{ text: string; usage?: Usage; firstTokenMs?: number; ms?: number }>;
  annotate(
    model: string,
    texts: string[],
    options: { signal?: AbortSignal },
  ): Promise<{ annotations: Annotation[]; usage?: Usage }>;
}

export interface ChatRetriever {
  search(query: string, options: { k: number; filters?: Filters }): Promise<Passage[]>;
}

/** The services of a run: `context` of graph.stream(), never checkpointed. A type, so that it reads as a record. */
export type ChatContext = {
  models: ChatModels;
  retriever: ChatRetriever;
  /**
   * The turn's stop. Given to the model calls here, not to graph.stream(): a stream given a signal ends the moment it
   * fires, while its run goes on to write the checkpoint behind it. Through the nodes, a stop fails the call under
   * way, the run ends (its checkpoint written) and only then does the stream.
   */
  stop?: AbortSignal;
};

/** The run's settings; throws when one is missing (the server always passes them all). */
export function ensureConfiguration(config: LangGraphRunnableConfig): ChatConfiguration {
  const c = (config.configurable ?? {}) as Partial<ChatConfiguration>;
  if (
    !c.answerChain?.length ||
    !c.annotateChain?.length ||
    c.temperature === undefined ||
    c.topK === undefined
  ) {
    throw new Error("chat graph: configurable needs answerChain, annotateChain, temperature and topK");
  }
  return {
    answerChain: c.answerChain,
    annotateChain: c.annotateChain,
    temperature: c.temperature,
    topK: c.topK,
    filters: c.filters,
    ...(c.refine ? { refine: c.refine } : {}),
    ...(c.displayLang ? { displayLang: c.displayLang } : {}),
  };
}

/** The run's services; throws when they are missing. */
export function chatContext(config: LangGraphRunnableConfig): ChatContext {
  const c = (config.context ?? {}) as Partial<ChatContext>;
  if (!c.models || !c.retriever) throw new Error("chat graph: context needs models and retriever");
  return { models: c.models, retriever: c.retriever, ...(c.stop ? { stop: c.stop } : {}) };
}

// Each run signal's union with the turn's stop, made once (the nodes of a step share their run's signal).
const unions = new WeakMap<AbortSignal, AbortSignal>();

/**
 * The signal a node's work follows: the turn's stop (ChatContext.stop) or the run's own, whichever fires first. The
 * run's own ends a branch when its sibling failed (LangGraph aborts the step's other tasks), so that a failed answer
 * does not wait for a slow annotator.
 */
export function stopSignal(config: LangGraphRunnableConfig): AbortSignal | undefined {
  const stop = (config.context as Partial<ChatContext> | undefined)?.stop;
  const run = config.signal;
  if (!stop || !run) return stop ?? run;
  let union = unions.get(run);
  if (!union) {
    // linkedAbort, not AbortSignal.any (contract/abort.ts says why); never released: it lasts as long as the run.
    union = linkedAbort([stop, run]).signal;
    unions.set(run, union);
  }
  return union;
}

/** What a stop throws when its signal carries no reason of its own. */
const TURN_STOPPED = "The turn was stopped.";

/** Ends the node's work at once when the turn was stopped (or its run ended): nothing runs, nothing is emitted. */
export function throwIfStopped(config: LangGraphRunnableConfig): void {
  const signal = stopSignal(config);
  if (signal?.aborted) throw abortError(signal, TURN_STOPPED);
}

/**
 * `work`'s value, or a rejection as soon as the node's signal fires (the work goes on by itself, its result unused):
 * for work that takes no signal of its own, such as the retriever's search (a provider's embedding may take seconds).
 */
export function untilStopped<T>(config: LangGraphRunnableConfig, work: Promise<T>): Promise<T> {
  return untilAborted(stopSignal(config), work, TURN_STOPPED);
}

/** Custom stream events (stream mode "custom"); the server maps them to the socket protocol. */
export type GraphEvent =
  | {
      type: "step";
      step: StepName;
      status: "start" | "end" | "error";
      ms?: number;
      detail?: string;
      /** The branch a fallback step belongs to. */
      node?: Fallback["node"];
      /** On a fallback's start: the failed call it replaces. */
      failure?: Fallback;
    }
  | { type: "sources"; sources: Passage[] }
  | { type: "annotation"; target: string; annotation: Annotation; model: string }
  /** A piece of the answer as the model streams it (only the answer node writes these). */
  | { type: "token"; text: string };

export function emit(config: LangGraphRunnableConfig, event: GraphEvent): void {
  config.writer?.(event);
}
