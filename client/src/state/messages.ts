// The messages the chat shows, as data: a question, and an answer with its steps, sources, annotations, streamed
// text and outcome. The reducers (chat.ts) and the stored thread's reading (storedThread.ts) both build them.
import type { Annotation } from "../../../contract/annotation";
import type { StoredAttachment } from "../../../contract/attachments";
import type { Grounding } from "../../../contract/grounding";
import type { RefineReport } from "../../../contract/refine";
import type { UsedSettings } from "../../../contract/settings";
import type { Fallback, StepName, Timings, Usage } from "../../../contract/protocol";
import type { Source } from "../../../contract/corpus";
import type { UserError } from "../../../contract/errors";

/** An annotation with the model that produced it (unknown when it came inline with a source). */
export interface AttributedAnnotation {
  annotation: Annotation;
  model?: string;
}

export interface UserMessage {
  role: "user";
  /** Made by the client when sending; the server's messageId names the answer, not this. */
  id: string;
  text: string;
  /** pending: sent, no ack yet; sent: acknowledged; failed: refused or never acknowledged. */
  status: "pending" | "sent" | "failed";
  error?: UserError;
  annotation?: AttributedAnnotation;
  /** Sent by "regenerate" (or an edited question): the answer it replaces as a new version of its turn. */
  regenerates?: string;
  /** The answer it was asked after (the last one shown then): its place in the thread's tree. */
  follows?: string;
  /** The texts attached to it, by name and size (their text went to the server). */
  attachments?: Pick<StoredAttachment, "name" | "chars">[];
}

export type StepState = "running" | "done" | "error" | "cancelled";

export interface StepRow {
  /** Stable React key: the step's name and its position among the rows. */
  key: string;
  name: StepName;
  state: StepState;
  ms?: number;
  detail?: string;
  /** A fallback's branch: annotate and answer each move along their own model chain. */
  node?: Fallback["node"];
}

/** "interrupted": the server stopped (a crash) before the answer ended; the text is what had been said. */
export type AnswerStatus = "streaming" | "done" | "stopped" | "error" | "interrupted";

export interface AssistantMessage {
  role: "assistant";
  /** The server's messageId (from the ack); every server event names it. */
  id: string;
  /** The id of the user message this answers. */
  replyTo: string;
  /** The answer as streamed so far, or final. Replaced (not appended to) when a fallback model takes over. */
  text: string;
  /** How many times a fallback cleared a partial answer. */
  replacedCount: number;
  steps: StepRow[];
  sources: Source[];
  /** Annotations of the sources, by source id, from `chat:annotation` events. */
  sourceAnnotations: Record<string, AttributedAnnotation>;
  status: AnswerStatus;
  /** The user asked to stop; the server confirms with `chat:done { stopped: true }`. */
  stopRequested: boolean;
  model?: string;
  timings?: Timings;
  usage?: Usage;
  fallbacks: Fallback[];
  /** How far its sentences are supported by the sources they cite (from `chat:done`, or stored). */
  grounding?: Grounding;
  /** A draft → refine answer's two parts (from `chat:done`, or stored). */
  refine?: RefineReport;
  /** The temperature, top-k and filters it was answered with (from `chat:done`, or stored; older answers: none). */
  settings?: UsedSettings;
  /** While a draft → refine answer's refinement streams: the draft it will replace. */
  draft?: string;
  error?: UserError;
  /**
   * The connection dropped while this answer streamed. "lost": waiting for the socket to come back;
   * "unreachable": a reconnect failed, the server does not answer (stopped, or the network is down: the page cannot
   * tell which, so it does not say the answer goes on); "detached": it came back without the server's missed events, so the answer is read from the stored thread
   * once the server has finished it (the server never cancels a turn because its client left).
   */
  interrupted?: "lost" | "unreachable" | "detached";
}

export type ChatMessage = UserMessage | AssistantMessage;
