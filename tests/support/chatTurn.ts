// What the fault tests share: a fake provider whose replies are scripted per kind of request (annotations, which ask
// for structured output, or answers), a port nothing listens on, and one chat turn over socket.io read back as the
// client saw it and as the server stored it.
import { createServer, type AddressInfo } from "node:net";
import type { Annotation } from "../../contract/annotation";
import type { DoneEvent, Fallback, StepEvent } from "../../contract/protocol";
import type { StoredMessage } from "../../contract/threads";
import type { Config } from "../../server/config";
import { ModelGateway } from "../../server/models/gateway";
import type { GeminiBody } from "./fakeGemini";
import type { FakeReply, FakeServer, OpenAIChatBody, RecordedRequest } from "./fakeOpenAI";
import { record, send, type RecordedEvent, type TestServer } from "./server";

export const VALID: Annotation = {
  ton: "negativ",
  populism: false,
  anti_elitism: true,
  popor_central: false,
  tema: "pensii",
  tinta: "magistrații",
  incredere: 0.7,
  justificare: "Textul critică pensiile speciale ale magistraților.",
  dovezi: ["pensiile speciale"],
};

export type Kind = "answer" | "annotate";

/** A fake whose replies are scripted per kind of request. */
export interface RoutedFake {
  fake: FakeServer;
  script(kind: Kind, ...replies: FakeReply[]): void;
  setDefault(kind: Kind, reply: FakeReply): void;
  count(kind: Kind): number;
  bodies(kind: Kind): unknown[];
  requests(kind: Kind): RecordedRequest[];
  reset(): void;
}

export const openAIKind = (r: RecordedRequest): Kind => {
  const body = (r.body ?? {}) as OpenAIChatBody;
  return body.response_format || body.tools ? "annotate" : "answer";
};

export const geminiKind = (r: RecordedRequest): Kind =>
  (r.body as GeminiBody | undefined)?.generationConfig?.responseMimeType === "application/json"
    ? "annotate"
    : "answer";

/** Routes a fake's replies by kind: answers get `answerText`, annotations VALID, unless scripted otherwise. */
export function routed(
  fake: FakeServer,
  kindOf: (r: RecordedRequest) => Kind,
  answerText: string,
): RoutedFake {
  const queues: Record<Kind, FakeReply[]> = { answer: [], annotate: [] };
  const defaults: Record<Kind, FakeReply> = { answer: {}, annotate: {} };
  const install = () => {
    queues.answer.length = 0;
    queues.annotate.length = 0;
    defaults.answer = { text: answerText };
    defaults.annotate = { json: VALID };
    fake.setDefault((r) => queues[kindOf(r)].shift() ?? defaults[kindOf(r)]);
  };
  install();
  const requests = (kind: Kind) => fake.requests.filter((r) => kindOf(r) === kind);
  return {
    fake,
    script: (kind, ...replies) => queues[kind].push(...replies),
    setDefault: (kind, reply) => {
      defaults[kind] = reply;
    },
    count: (kind) => requests(kind).length,
    bodies: (kind) => requests(kind).map((r) => r.body),
    requests,
    reset: () => {
      fake.reset();
      install();
    },
  };
}

/** The app's gateway with one chain per branch, so that a fault reaches only the branch it is aimed at. */
export class BranchGateway extends ModelGateway {
  constructor(
    config: Config,
    private readonly chains: Record<Kind, string[]>,
  ) {
    super(config);
  }
  override answerChain(): string[] {
    return this.chains.answer;
  }
  override annotateChain(): string[] {
    return this.chains.annotate;
  }
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Turn {
  events: RecordedEvent[];
  /** Milliseconds from the send to each event, in the same order as `events`. */
  times: number[];
  done: DoneEvent;
  steps: StepEvent[];
  /** Every streamed token, joined. */
  streamed: string;
  /** Tokens streamed after the answer's last fallback started: what the client shows in the end. */
  shown: string;
  /** The assistant message as stored, read back through the REST API. */
  message: StoredMessage;
  stored: string;
  fallbacks: Fallback[];
}

/** One turn on a fresh socket; `received` collects every payload and REST body (for the secret checks). */
export async function chatTurn(server: TestServer, text: string, received: string[] = []): Promise<Turn> {
  const socket = await server.connect();
  const rec = record(socket);
  const started = performance.now();
  const times: number[] = [];
  socket.onAny(() => times.push(performance.now() - started));
  const ack = await send(socket, { text });
  if (!ack.ok) throw new Error(`send refused: ${ack.error.message}`);
  const events = await rec.finished;
  socket.disconnect();
  received.push(...events.map((e) => JSON.stringify(e.payload)));
  const error = events.find((e) => e.event === "chat:error");
  if (error) throw new Error(`turn failed: ${JSON.stringify(error.payload)}`);
  const done = events.find((e) => e.event === "chat:done")!.payload as unknown as DoneEvent;
  const steps = events.filter((e) => e.event === "chat:step").map((e) => e.payload as unknown as StepEvent);
  const tokens = (list: RecordedEvent[]) =>
    list
      .filter((e) => e.event === "chat:token")
      .map((e) => String(e.payload.text))
      .join("");
  const lastFallback = events.findLastIndex(
    (e) =>
      e.event === "chat:step" &&
      e.payload.step === "fallback" &&
      e.payload.status === "start" &&
      e.payload.node === "answer",
  );
  const response = await fetch(`${server.url}/api/threads/${ack.data.threadId}`);
  const body = await response.text();
  received.push(body);
  const message = (JSON.parse(body) as { messages: StoredMessage[] }).messages.at(-1)!;
  return {
    events,
    times,
    done,
    steps,
    streamed: tokens(events),
    shown: tokens(events.slice(lastFallback + 1)),
    message,
    stored: message.text,
    fallbacks: done.fallbacks,
  };
}

/** The fallbacks of one branch, as `node:model:reason`. */
export function fallbacksOf(turn: Turn, node: Kind): string[] {
  return turn.fallbacks.filter((f) => f.node === node).map((f) => `${f.model}:${f.reason}`);
}
