// The order in which a turn's events leave the socket, and when. Steps, sources and annotations wait for the event
// loop's next turn: they then leave while the answering model thinks, not between the graph's steps before its
// request goes out. A failed step is not kept waiting, nor is a token: whatever was queued before it goes first,
// then it, at once; the tokens that follow a token within the same turn of the event loop leave together as one
// `chat:token` (a fast model, such as the offline one, then costs two socket packets, not one per piece, and the
// first token does not wait behind the processing of the rest of the burst).
import type { Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "../../contract/protocol";
import type { TurnSink } from "./runTurn";

/** Where the events go: the turn's socket. */
export type EventTarget = Pick<Socket<ClientToServerEvents, ServerToClientEvents>, "emit">;

/** A turn's sink that sends to the socket. */
export interface TurnOutbox extends TurnSink {
  /** Sends everything still waiting (before `chat:done` or `chat:error`). */
  flush(): void;
}

export function createTurnOutbox(
  messageId: string,
  target: EventTarget,
  schedule: (run: () => void) => void = setImmediate,
): TurnOutbox {
  const queued: Array<() => void> = [];
  let pendingText = "";
  // Open from a token sent at once until the scheduled flush: tokens arriving meanwhile wait for it.
  let tokenWindow = false;
  let scheduled = false;
  const sendText = (text: string) => target.emit("chat:token", { messageId, text });
  const sendQueued = () => {
    for (const run of queued.splice(0)) run();
  };
  const flush = () => {
    scheduled = false;
    tokenWindow = false;
    sendQueued();
    if (pendingText) sendText(pendingText);
    pendingText = "";
  };
  const scheduleFlush = () => {
    if (scheduled) return;
    scheduled = true;
    schedule(flush);
  };
  const later = (run: () => void) => {
    // Text already waiting was made before this event: it stays before it.
    if (pendingText) {
      const text = pendingText;
      pendingText = "";
      queued.push(() => sendText(text));
    }
    queued.push(run);
    scheduleFlush();
  };
  const now = (run: () => void) => {
    sendQueued();
    if (pendingText) sendText(pendingText);
    pendingText = "";
    run();
  };
  return {
    // A failure is shown at once: the client learns of it when the server does.
    step: (e) => (e.status === "error" ? now : later)(() => target.emit("chat:step", e)),
    sources: (e) => later(() => target.emit("chat:sources", e)),
    annotation: (e) => later(() => target.emit("chat:annotation", e)),
    token: ({ text }) => {
      if (tokenWindow) {
        pendingText += text;
        return;
      }
      sendQueued();
      sendText(text);
      tokenWindow = true;
      scheduleFlush();
    },
    flush,
  };
}
