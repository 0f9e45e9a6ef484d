// The socket.io chat protocol (DESIGN.md, "The chat protocol"), defined once. The server validates inbound
// payloads with these zod schemas; the client imports the same module.
import { z } from "zod";
import type { Annotation } from "./annotation";
import { AttachmentsSchema } from "./attachments";
import type { Source } from "./corpus";
import type { UserError } from "./errors";
import type { Grounding } from "./grounding";
import type { RefineReport } from "./refine";
import { ChatSettingsSchema, type UsedSettings } from "./settings";
import type { Usage } from "./usage";
import type { CorpusServerToClientEvents } from "./corpusPage";
import type { JobClientToServerEvents, JobServerToClientEvents } from "./workbench";

export type { Usage } from "./usage";

/**
 * `draft` and `refine` are the two parts of a draft → refine answer (contract/refine.ts); `grounding` is the LLM
 * judge checking the answer against its sources, when one is configured. Older clients show them as unknown steps.
 */
export const STEP_NAMES = [
  "retrieve",
  "annotate",
  "answer",
  "fallback",
  "draft",
  "refine",
  "grounding",
] as const;
export type StepName = (typeof STEP_NAMES)[number];

/**
 * The reader's language, carried by each chat request: the turn's framing and every error of the request come back in
 * it. The handshake's language (HandshakeAuth) is only the default for a request without one (older clients), so a
 * switch takes effect at the next request, even while an answer started in the other language is still written.
 */
export const RequestLangSchema = z.enum(["ro", "en"]);

// The length limit is checked after parsing (it is configurable), so the schema only bounds the payload size.
export const ChatSendSchema = z
  .object({
    threadId: z.string().min(1).max(100).optional(),
    text: z.string().max(1_000_000),
    settings: ChatSettingsSchema.optional(),
    /**
     * "Regenerate" (or a question edited): the id of an answer of the thread that has ended, which this send replaces
     * as a new version of its turn (contract/answerVersions.ts); the later turns stay on that answer's branch.
     */
    regenerates: z.string().min(1).max(100).optional(),
    /**
     * The answer this question is asked after (the last one the reader sees): an ended answer of the thread. Without
     * it, the question follows the thread's newest message. Not needed beside `regenerates`, which places the send.
     */
    follows: z.string().min(1).max(100).optional(),
    /** Long texts the question is about (contract/attachments.ts); with one, `text` may be empty. */
    attachments: AttachmentsSchema.optional(),
    lang: RequestLangSchema.optional(),
  })
  .strict();
export type ChatSendPayload = z.infer<typeof ChatSendSchema>;

export const ChatStopSchema = z
  .object({ messageId: z.string().min(1).max(100), lang: RequestLangSchema.optional() })
  .strict();
export type ChatStopPayload = z.infer<typeof ChatStopSchema>;

export interface Fallback {
  /** The model that failed. */
  model: string;
  /** Why, as an error code (e.g. "provider:rate_limit"). */
  reason: string;
  /** How long the failed attempt took. */
  ms: number;
  /** The node whose model call failed. */
  node: "annotate" | "answer";
}

export interface Timings {
  retrieveMs: number;
  annotateMs: number;
  firstTokenMs: number;
  totalMs: number;
}

export type AckResult<T> = { ok: true; data: T } | { ok: false; error: UserError };

export interface StepEvent {
  messageId: string;
  step: StepName;
  status: "start" | "end" | "error";
  ms?: number;
  detail?: string;
  /**
   * The branch a `fallback` step belongs to: annotate and answer each walk their own model chain, side by side.
   * Optional, so that events and clients from before it still read.
   */
  node?: Fallback["node"];
}

/**
 * Whether a step event discards the answer streamed so far, which the next model's answer then replaces (never
 * mixed with it): the answer's own fallback starting. A fallback without its branch is read as the answer's while the
 * answer has not finished. The server's transcript and the client's view both follow this one rule.
 */
export function discardsPartialAnswer(
  e: Pick<StepEvent, "step" | "status" | "node">,
  answerFinished: boolean,
): boolean {
  if (e.step !== "fallback" || e.status !== "start") return false;
  return e.node ? e.node === "answer" : !answerFinished;
}

/**
 * What a step does to a draft → refine answer: the refine step's start sets the draft streamed so far aside (the
 * refined answer streams in its place, never mixed with it), and its error brings the draft back as the answer.
 */
export function draftTransition(e: Pick<StepEvent, "step" | "status">): "set-aside" | "restore" | null {
  if (e.step !== "refine") return null;
  if (e.status === "start") return "set-aside";
  return e.status === "error" ? "restore" : null;
}

/** A model tried again after a transient failure, before its first token (the answer step's detail meanwhile). */
export interface RetryNotice {
  model: string;
  attempt: number;
  /** The failure's code ("provider:rate_limit"). */
  reason: string;
  delayMs: number;
}

/** The grounding step's detail when the user's stop ended the judge (the page says it in its own language). */
export const STOPPED_DETAIL = "oprit";

const RETRY_DETAIL = /^(.+) \(reîncercare (\d+) după ([a-z_]+:[a-z_]+), (\d+) ms\)$/;

/**
 * The answer step's detail while its model is retried: "m (reîncercare 1 după provider:rate_limit, 500 ms)", as the
 * CLI prints it; the page reads it back with `readRetryDetail` and says it in its own language.
 */
export function retryDetail(r: RetryNotice): string {
  return `${r.model} (reîncercare ${r.attempt} după ${r.reason}, ${r.delayMs} ms)`;
}

export function readRetryDetail(detail: string): RetryNotice | null {
  const m = RETRY_DETAIL.exec(detail);
  return m ? { model: m[1]!, attempt: Number(m[2]), reason: m[3]!, delayMs: Number(m[4]) } : null;
}

export interface SourcesEvent {
  messageId: string;
  sources: Source[];
}

export interface AnnotationEvent {
  messageId: string;
  /** "message" for the user's message, otherwise the id of a source. */
  target: string;
  annotation: Annotation;
  model: string;
}

export interface TokenEvent {
  messageId: string;
  text: string;
}

export interface DoneEvent {
  messageId: string;
  model: string;
  timings: Timings;
  usage?: Usage;
  /** Tokens and cost of the turn's annotation (the message and its passages), when a provider model made it. */
  annotationUsage?: Usage;
  fallbacks: Fallback[];
  /** True when the user stopped the answer before it finished. */
  stopped?: boolean;
  /** How far the answer's sentences are supported by the sources they cite (contract/grounding.ts). */
  grounding?: Grounding;
  /** The two parts of a draft → refine answer, when the turn used one (contract/refine.ts). */
  refine?: RefineReport;
  /** The temperature, top-k and filters the turn used (answers stored before they were recorded have none). */
  settings?: UsedSettings;
}

export interface ErrorEvent {
  messageId?: string;
  code: string;
  message: string;
}

/** The chat's events, the workbench's job events (contract/workbench/) and the corpus page's (contract/corpusPage.ts). */
export interface ServerToClientEvents extends JobServerToClientEvents, CorpusServerToClientEvents {
  "chat:step": (e: StepEvent) => void;
  "chat:sources": (e: SourcesEvent) => void;
  "chat:annotation": (e: AnnotationEvent) => void;
  "chat:token": (e: TokenEvent) => void;
  "chat:done": (e: DoneEvent) => void;
  "chat:error": (e: ErrorEvent) => void;
}

export interface ClientToServerEvents extends JobClientToServerEvents {
  "chat:send": (
    payload: ChatSendPayload,
    ack: (result: AckResult<{ threadId: string; messageId: string }>) => void,
  ) => void;
  "chat:stop": (payload: ChatStopPayload, ack?: (result: AckResult<{ stopped: boolean }>) => void) => void;
}

/**
 * The handshake's `auth` object: the UI's language when the connection was made, the default for a request that does
 * not name its own (`lang` on chat:send and chat:stop).
 */
export interface HandshakeAuth {
  lang?: "ro" | "en";
}
