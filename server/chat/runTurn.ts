// Runs one chat turn through the graph and maps its streams to the protocol's events, in one place: the
// socket server and the `ask` CLI both use it, so what they report cannot drift apart.
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { graphWithCheckpointer } from "../../graphs/chat/graph";
import type { ChatConfiguration, ChatContext, GraphEvent } from "../../graphs/chat/config";
import { shownPassages, toConversation, type ConversationTurn } from "../../graphs/chat/prompts";
import { startTurn, type ChatStateValue } from "../../graphs/chat/state";
import type { Retriever } from "../../corpus/retrieval/types";
import type { ConversationAttachment } from "../../corpus/retrieval/attachments";
import { chatRetriever } from "./chatRetriever";
import type { Config } from "../config";
import type { ModelGateway, Payer } from "../models/gateway";
import type { Annotation } from "../../contract/annotation";
import type { Grounding } from "../../contract/grounding";
import { withoutCutSentence } from "../../contract/groundingCheck";
import type { RefineReport } from "../../contract/refine";
import { grounderFor, type Grounder } from "../quality/grounder";
import { refineConfiguration } from "../models/refineSettings";
import {
  discardsPartialAnswer,
  draftTransition,
  STOPPED_DETAIL,
  type AnnotationEvent,
  type DoneEvent,
  type Fallback,
  type SourcesEvent,
  type StepEvent,
  type Timings,
  type TokenEvent,
  type Usage,
} from "../../contract/protocol";
import { resolveSettings, usedSettings, type ChatSettings, type UsedSettings } from "../../contract/settings";
import type { Lang } from "../../contract/errors";
import type { Source } from "../../contract/corpus";

export interface TurnDeps {
  config: Config;
  gateway: ModelGateway;
  retriever: Retriever;
  /** Keeps each thread's conversation (LangGraph's SQLite checkpointer in the server); none in the CLI. */
  checkpointer?: BaseCheckpointSaver;
  /** The asker's daily budget for paid models (server/limits/budget.ts); none: no budget applies. */
  payer?: Payer;
  /** Grounds the answer (the offline check, and GROUNDING_JUDGE when set); one for the config by default. */
  grounder?: Grounder;
}

export interface TurnInput {
  messageId: string;
  question: string;
  /** The thread: with a checkpointer, its earlier turns come from the checkpoint. */
  threadId?: string;
  /** Earlier turns, when there is no checkpointer to remember them. */
  history?: ConversationTurn[];
  /** The answer this turn replaces as a new version of its turn ("regenerate"): left out of the model's history. */
  regenerates?: string;
  /**
   * The stored answers from the thread's start to the question's parent (contract/answerVersions.ts, `pathBefore`):
   * the model's history is that path. Without it, the question follows the newest message.
   */
  path?: string[];
  settings?: ChatSettings;
  /** Texts attached to the thread's messages: their best passages come first among the sources. */
  attachments?: ConversationAttachment[];
  /** The reader's language: the offline extractive model frames its quotes in it (Romanian by default). */
  displayLang?: Lang;
}

/** Where the turn's events go (a socket, the CLI's stderr, a test's array). */
export interface TurnSink {
  step(e: StepEvent): void;
  sources(e: SourcesEvent): void;
  annotation(e: AnnotationEvent): void;
  token(e: TokenEvent): void;
}

export interface TurnResult {
  answer: string;
  model: string;
  fallbacks: Fallback[];
  sources: Source[];
  annotation: { annotation: Annotation; model: string } | null;
  timings: Timings;
  usage?: Usage;
  annotationUsage?: Usage;
  stopped: boolean;
  /** Null for a turn that failed before it had an answer to ground. */
  grounding: Grounding | null;
  refine: RefineReport | null;
  /** The temperature, top-k and filters the turn used. */
  settings: UsedSettings;
}

type StreamChunk =
  | ["custom", GraphEvent]
  // Nodes return plain partial states (no Overwrite values), so updates read as such.
  | ["updates", Record<string, Partial<ChatStateValue> | undefined>];

/** Runs the turn; resolves with the result (also when stopped), rejects on an unrecoverable error. */
export async function runTurn(
  deps: TurnDeps,
  input: TurnInput,
  sink: TurnSink,
  signal?: AbortSignal,
): Promise<TurnResult> {
  const { config, gateway, retriever } = deps;
  const settings = resolveSettings(input.settings, { temperature: config.TEMPERATURE, topK: config.TOP_K });
  const configurable: ChatConfiguration = {
    answerChain: gateway.answerChain(settings.model),
    annotateChain: gateway.annotateChain(settings.model),
    temperature: settings.temperature,
    topK: settings.topK,
    filters: settings.filters,
    ...(input.displayLang ? { displayLang: input.displayLang } : {}),
  };
  const refine = refineConfiguration(config, gateway, settings.chain, settings.model);
  if (refine) configurable.refine = refine;
  const context: ChatContext = {
    models: gateway.paidBy(deps.payer),
    retriever: chatRetriever(retriever, input.attachments),
    ...(signal ? { stop: signal } : {}),
  };
  const { messageId } = input;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  const sources = new Map<string, Source>();
  let annotation: TurnResult["annotation"] = null;
  // The answer as the client sees it: every streamed token, discarded when the answer's model fails (the rule both
  // ends follow, contract/protocol.ts). What is stored, also when the user stops mid-answer.
  let answer = "";
  let model = configurable.answerChain[0]!;
  let usage: Usage | undefined;
  let annotationUsage: Usage | undefined;
  let firstTokenMs: number | undefined;
  let answerDone = false;
  // A draft → refine answer's draft, while the refined answer streams in its place (contract/protocol.ts).
  let draft = "";
  let refineReport: RefineReport | null = null;
  // In the order they happened, also those of a branch that a stop cut short.
  const fallbacks: Fallback[] = [];
  const timings: Partial<Timings> = {};
  let stopped = false;

  const onCustom = (e: GraphEvent) => {
    if (e.type === "token") {
      if (firstTokenMs === undefined) firstTokenMs = elapsed();
      answer += e.text;
      sink.token({ messageId, text: e.text });
    } else if (e.type === "step") {
      if (e.step === "answer") answerDone = e.status === "end";
      if (e.failure) fallbacks.push(e.failure);
      // The model the answer moved to: the one a stopped turn reports.
      if (e.step === "fallback" && e.status === "end" && e.node === "answer" && e.detail) model = e.detail;
      if (discardsPartialAnswer(e, answerDone)) answer = "";
      const transition = draftTransition(e);
      if (transition === "set-aside") [draft, answer] = [answer, ""];
      else if (transition === "restore") answer = draft;
      const { step, status, ms, detail, node } = e;
      sink.step({ messageId, step, status, ms, detail, ...(node ? { node } : {}) });
    } else if (e.type === "sources") {
      for (const p of e.sources) sources.set(p.id, { ...p });
      sink.sources({ messageId, sources: e.sources });
    } else {
      if (e.target === "message") annotation = { annotation: e.annotation, model: e.model };
      else {
        const source = sources.get(e.target);
        if (source) source.annotation = e.annotation;
      }
      sink.annotation({ messageId, target: e.target, annotation: e.annotation, model: e.model });
    }
  };

  try {
    const checkpointed = Boolean(deps.checkpointer && input.threadId);
    const graph = graphWithCheckpointer(checkpointed ? deps.checkpointer : undefined);
    const stream = await graph.stream(
      startTurn(input.question, checkpointed ? [] : toConversation(input.history ?? []), {
        answerId: messageId,
        regenerates: input.regenerates,
        path: input.path,
      }),
      {
        configurable: { ...configurable, ...(checkpointed ? { thread_id: input.threadId } : {}) },
        context,
        streamMode: ["custom", "updates"],
        // The conversation changes only when a turn completes (the answer node adds it), and a turn is never
        // resumed halfway, so its checkpoint is written once, at the end, not after every step before the answer.
        durability: "exit",
        // No `signal` here: the stop reaches the model calls through the context (ChatContext.stop), so that a
        // stopped run has written its checkpoint when this stream ends, and a deletion after it deletes that too.
      },
    );
    for await (const chunk of stream as AsyncIterable<StreamChunk>) {
      if (chunk[0] === "custom") onCustom(chunk[1]);
      else {
        const update = chunk[1];
        const fromAnswer = update.answer;
        if (fromAnswer?.answerModel) {
          model = fromAnswer.answerModel;
          // Tokens as the provider reported them, priced by the gateway (server/models/pricing.json).
          usage = fromAnswer.usage ?? undefined;
          refineReport = fromAnswer.refine ?? null;
        }
        if (update.annotate?.annotationUsage) annotationUsage = update.annotate.annotationUsage;
        for (const u of Object.values(update)) if (u?.timings) Object.assign(timings, u.timings);
      }
    }
  } catch (err) {
    // A stop (or a client that left) ends the turn with what was streamed; anything else is an error.
    if (!signal?.aborted) throw err;
    stopped = true;
  }
  // A stop that came as the run's last step ended (nothing left to fail) is still the user's stop.
  if (signal?.aborted) stopped = true;

  const grounding = await groundTurn(deps, input.messageId, [...sources.values()], answer, model, sink, {
    stopped,
    signal,
    lang: input.displayLang ?? "ro",
  });
  const totalMs = elapsed();
  return {
    answer,
    model,
    fallbacks,
    sources: [...sources.values()],
    annotation,
    timings: {
      retrieveMs: timings.retrieveMs ?? 0,
      annotateMs: timings.annotateMs ?? 0,
      firstTokenMs: firstTokenMs ?? totalMs,
      totalMs,
    },
    usage,
    ...(annotationUsage ? { annotationUsage } : {}),
    stopped,
    grounding,
    refine: refineReport,
    settings: usedSettings(settings),
  };
}

/**
 * The answer's grounding against the passages it was shown: offline, or with the judge as a visible `grounding` step.
 * A stopped answer is graded offline only (the user asked for it to end), without the sentence Stop cut short.
 */
async function groundTurn(
  deps: TurnDeps,
  messageId: string,
  sources: Source[],
  answer: string,
  model: string,
  sink: TurnSink,
  turn: { stopped: boolean; signal?: AbortSignal; lang: Lang },
): Promise<Grounding | null> {
  const graded = turn.stopped ? withoutCutSentence(answer) : answer;
  if (!graded.trim()) return null;
  const grounder = deps.grounder ?? grounderFor(deps.config, deps.gateway);
  const options = { answeredBy: model, offlineOnly: turn.stopped, signal: turn.signal };
  const judged = grounder.willJudge(options);
  const started = performance.now();
  if (judged) sink.step({ messageId, step: "grounding", status: "start", detail: grounder.judge });
  try {
    const grounding = await grounder.ground(graded, shownPassages(sources), options);
    if (judged) {
      const ms = Math.round(performance.now() - started);
      const status = grounding.note ? "error" : "end";
      // The step says the judge's failure in the asker's language (the grounding carries both).
      const note = turn.lang === "en" ? (grounding.noteEn ?? grounding.note) : grounding.note;
      sink.step({ messageId, step: "grounding", status, ms, detail: note ?? grounder.judge });
    }
    return grounding;
  } catch (err) {
    // Stopped while the judge worked: the offline measure stands.
    if (!turn.signal?.aborted) throw err;
    if (judged) sink.step({ messageId, step: "grounding", status: "error", detail: STOPPED_DETAIL });
    return grounderFor(deps.config, deps.gateway).ground(graded, shownPassages(sources), {
      offlineOnly: true,
    });
  }
}

/** The `chat:done` payload for a finished turn. */
export function doneEvent(messageId: string, result: TurnResult): DoneEvent {
  return {
    messageId,
    model: result.model,
    timings: result.timings,
    usage: result.usage,
    ...(result.annotationUsage ? { annotationUsage: result.annotationUsage } : {}),
    fallbacks: result.fallbacks,
    ...(result.stopped ? { stopped: true } : {}),
    ...(result.grounding ? { grounding: result.grounding } : {}),
    ...(result.refine ? { refine: result.refine } : {}),
    settings: result.settings,
  };
}
