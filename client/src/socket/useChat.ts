// The one hook that owns the socket.io connection: it forwards server events to the pure chat reducer
// (state/chat.ts), batching tokens per frame, sends and stops messages, opens stored threads, and after a
// reconnect merges the stored thread back in so that nothing is lost or shown twice. The logic lives in the
// reducer; this file only wires events to actions.
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { SOCKET_TRANSPORT } from "./transport";
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from "../../../contract/protocol";
import type { ChatSettings } from "../../../contract/settings";
import { DEFAULT_ATTACHMENT_QUESTION, type Attachment } from "../../../contract/attachments";
import type { UserError } from "../../../contract/errors";
import { ApiError, fetchThread } from "../api";
import { translate, type Lang, type MessageKey } from "../i18n";
import {
  chatReducer,
  hasDetachedAnswers,
  initialChatState,
  isStoppable,
  liveAnswer,
  questionOf,
  type ChatAction,
  type ChatState,
} from "../state/chat";
import { listenToOtherTabs, newsForThread, tellOtherTabs } from "../state/tabNews";
import { createTokenBuffer, nextFrame } from "../state/tokenBuffer";
import { whenConnected } from "./whenConnected";
import { chatSendPayload, chatStopPayload } from "./chatRequests";
import { endsSession, notifySignedOut, socketErrorCode } from "../sessionEvents";

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionState = "connecting" | "connected" | "reconnecting";

/** What a send may carry besides its text and settings. */
export interface SendExtras {
  /** Texts attached to the message (contract/attachments.ts). */
  attachments?: Attachment[];
  /** The answer the question is asked after: the last one shown (its place in the thread's tree). */
  follows?: string;
}

export interface ChatApi {
  state: ChatState;
  connection: ConnectionState;
  /** Sends a message; resolves true when the server accepted it, false when it was refused or not sent. */
  /** `regenerates`: an ended answer, which this send replaces as a new version of its turn. */
  send(text: string, settings?: ChatSettings, regenerates?: string, extra?: SendExtras): Promise<boolean>;
  /**
   * Asks the server to stop the answer being written in the thread shown (the server stops it whichever
   * connection started it); false when there is none, or while the connection is down.
   */
  stop(): boolean;
  /** Starts a new conversation (the server makes a new thread on the next send). */
  reset(): void;
  /** Shows a stored thread (from the list, or the one in the address after a reload). */
  openThread(threadId: string): void;
  dismissNotice(): void;
}

const ACK_TIMEOUT_MS = 15_000;
/** How long a message sent while the socket connects waits for it before it is refused as offline. */
const CONNECT_WAIT_MS = 10_000;
const SERVER_DISCONNECT_RETRY_MS = 2_000;
/** How often the stored thread is read while an answer cut off by a reconnect has not appeared in it. */
const DETACHED_POLL_MS = 2_000;
/** Past this, an answer cut off by a reconnect is given up (the server stores every turn within its own timeouts). */
const DETACHED_GIVE_UP_MS = 5 * 60_000;

let localCounter = 0;
// Not crypto.randomUUID: it exists only in secure contexts, and a classroom demo may run over plain http on a LAN.
function newLocalId(): string {
  localCounter += 1;
  return `local-${Date.now().toString(36)}-${localCounter}`;
}

export function useChat(lang: Lang): ChatApi {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const socketRef = useRef<ChatSocket | null>(null);
  const stateRef = useRef(state);
  const langRef = useRef(lang);

  // Set as the screen changes, not after it is painted: a key pressed the moment an answer appears reads
  // the state that shows it.
  useLayoutEffect(() => {
    stateRef.current = state;
  }, [state]);

  const clientError = useCallback(
    (code: string, key: MessageKey): UserError => ({ code, message: translate(langRef.current, key) }),
    [],
  );

  /**
   * Reads a thread from the server and merges it; the reducer ignores it if another thread is open by then.
   * `quiet`: a failure is only logged (polling tries again soon; a notice every two seconds would be noise).
   */
  const loadThread = useCallback(
    async (threadId: string, signal?: AbortSignal, quiet = false): Promise<void> => {
      try {
        const { messages } = await fetchThread(threadId, signal);
        dispatch({ type: "thread:loaded", threadId, messages });
      } catch (err) {
        if (signal?.aborted) return;
        if (err instanceof ApiError && err.status === 404) {
          dispatch({ type: "thread:missing", threadId, error: err.error });
          return;
        }
        console.error("could not load the thread", err);
        if (quiet) return;
        dispatch({
          type: "chat:error",
          event: { code: "client:thread_load", message: translate(langRef.current, "error.threadLoad") },
        });
      }
    },
    [],
  );
  const loadRef = useRef<AbortController | null>(null);
  // The thread of each turn this tab started, until it ends: the other tabs are told which thread changed.
  const turnThreads = useRef(new Map<string, string>());
  const turnEnded = useCallback((messageId: string) => {
    const threadId = turnThreads.current.get(messageId);
    if (!threadId) return;
    turnThreads.current.delete(messageId);
    tellOtherTabs({ type: "turn", threadId });
  }, []);

  // Another tab's turn on the thread shown here is read from the server and merged in; its deletion there is said
  // as such (the server would only answer that no such thread exists).
  useEffect(
    () =>
      listenToOtherTabs((news) => {
        const { threadId } = stateRef.current;
        const meaning = newsForThread(news, threadId);
        if (!threadId || !meaning) return;
        if (meaning === "changed") void loadThread(threadId, undefined, true);
        else {
          loadRef.current?.abort();
          dispatch({
            type: "thread:missing",
            threadId,
            error: clientError("thread:deleted", "error.threadDeleted"),
          });
        }
      }),
    [loadThread, clientError],
  );

  useEffect(() => {
    const auth: HandshakeAuth = { lang: langRef.current };
    const socket: ChatSocket = io({ ...SOCKET_TRANSPORT, auth: { ...auth } });
    socketRef.current = socket;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const tokens = createTokenBuffer((event) => dispatch({ type: "chat:token", event }), nextFrame);
    // Every other event first flushes queued tokens, so the reducer sees events in the order they came.
    const forward = (action: ChatAction) => {
      tokens.flush();
      dispatch(action);
    };

    let connectedBefore = false;
    socket.on("connect", () => {
      setConnection("connected");
      if (connectedBefore) {
        // socket.recovered: the server kept the session and replays what was missed, so the stream goes on.
        // Either way the stored thread is merged in: a turn that finished meanwhile appears, once.
        forward({ type: "connection:restored", recovered: socket.recovered });
        const { threadId } = stateRef.current;
        if (threadId) void loadThread(threadId);
      }
      connectedBefore = true;
    });
    socket.on("connect_error", (err) => {
      setConnection("reconnecting");
      forward({ type: "connection:unreachable" });
      // Refused at the handshake for want of a session: back to the login (socket.io does not retry that).
      if (endsSession(socketErrorCode(err))) notifySignedOut();
    });
    socket.on("disconnect", (reason) => {
      tokens.flush();
      setConnection("reconnecting");
      forward({ type: "connection:lost" });
      // socket.io reconnects by itself except when the server closed the connection on purpose.
      if (reason === "io server disconnect")
        retry = setTimeout(() => socket.connect(), SERVER_DISCONNECT_RETRY_MS);
    });
    socket.on("chat:step", (event) => forward({ type: "chat:step", event }));
    socket.on("chat:sources", (event) => forward({ type: "chat:sources", event }));
    socket.on("chat:annotation", (event) => forward({ type: "chat:annotation", event }));
    socket.on("chat:token", (event) => tokens.push(event));
    socket.on("chat:done", (event) => {
      forward({ type: "chat:done", event });
      turnEnded(event.messageId);
    });
    socket.on("chat:error", (event) => {
      forward({ type: "chat:error", event });
      if (event.messageId) turnEnded(event.messageId);
    });

    return () => {
      clearTimeout(retry);
      tokens.dispose();
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [loadThread, turnEnded]);

  // An answer cut off by a reconnect that could not replay its events is read from the stored thread until the
  // server has stored it (it never cancels a turn because its client left).
  const detached = hasDetachedAnswers(state);
  useEffect(() => {
    if (!detached) return;
    const since = Date.now();
    const timer = setInterval(() => {
      const { threadId } = stateRef.current;
      if (Date.now() - since > DETACHED_GIVE_UP_MS || !threadId) {
        dispatch({
          type: "connection:abandoned",
          error: clientError("client:disconnected", "error.disconnected"),
        });
        return;
      }
      void loadThread(threadId, undefined, true);
    }, DETACHED_POLL_MS);
    return () => clearInterval(timer);
  }, [detached, loadThread, clientError]);

  // Every request names the page's language (chatRequests.ts): a switch applies to the next turn, even one asked
  // while an answer begun in the other language is still written, with no reconnect. The handshake's language (a
  // default for requests without one) follows for the next connection.
  useEffect(() => {
    langRef.current = lang;
    const socket = socketRef.current;
    if (socket) socket.auth = { lang } satisfies HandshakeAuth;
  }, [lang]);

  /** Sends a question on a connected socket and settles its message with the server's answer. */
  const emitSend = useCallback(
    (
      socket: ChatSocket,
      localId: string,
      threadId: string | undefined,
      text: string,
      settings?: ChatSettings,
      regenerates?: string,
      extra?: SendExtras,
    ): Promise<boolean> => {
      const payload = chatSendPayload(langRef.current, {
        text,
        threadId,
        settings,
        regenerates,
        follows: extra?.follows,
        attachments: extra?.attachments,
      });
      return new Promise((resolve) => {
        socket.timeout(ACK_TIMEOUT_MS).emit("chat:send", payload, (err, result) => {
          if (err) {
            dispatch({ type: "ack:error", localId, error: clientError("client:no_ack", "error.noAck") });
            resolve(false);
          } else if (result.ok) {
            dispatch({
              type: "ack:ok",
              localId,
              threadId: result.data.threadId,
              messageId: result.data.messageId,
            });
            turnThreads.current.set(result.data.messageId, result.data.threadId);
            tellOtherTabs({ type: "turn", threadId: result.data.threadId });
            resolve(true);
          } else {
            dispatch({ type: "ack:error", localId, error: result.error });
            resolve(false);
          }
        });
      });
    },
    [clientError],
  );

  const send = useCallback(
    (text: string, settings?: ChatSettings, regenerates?: string, extra?: SendExtras): Promise<boolean> => {
      const socket = socketRef.current;
      const localId = newLocalId();
      // A regenerate without attachments asks with its question's (the server does the same): shown on the new version.
      const attachments = extra?.attachments?.length
        ? extra.attachments.map((a) => ({ name: a.name, chars: a.text.trim().length }))
        : regenerates
          ? questionOf(stateRef.current, regenerates)?.attachments
          : undefined;
      dispatch({
        type: "send",
        localId,
        text: text || (attachments?.length ? DEFAULT_ATTACHMENT_QUESTION : ""),
        ...(regenerates ? { regenerates } : {}),
        ...(extra?.follows ? { follows: extra.follows } : {}),
        attachments,
      });
      if (!socket) {
        dispatch({ type: "ack:error", localId, error: clientError("client:offline", "error.offline") });
        return Promise.resolve(false);
      }
      // Sent while connecting: the question shows as pending and leaves once the socket connects, to the thread it
      // was written in.
      const { threadId } = stateRef.current;
      return whenConnected(socket, CONNECT_WAIT_MS).then((connected) => {
        if (connected) return emitSend(socket, localId, threadId, text, settings, regenerates, extra);
        dispatch({ type: "ack:error", localId, error: clientError("client:offline", "error.offline") });
        return false;
      });
    },
    [clientError, emitSend],
  );

  const stop = useCallback((): boolean => {
    const live = liveAnswer(stateRef.current);
    if (!live || !isStoppable(live)) return false;
    if (live.stopRequested) return true;
    dispatch({ type: "stop", messageId: live.id });
    socketRef.current?.emit("chat:stop", chatStopPayload(langRef.current, live.id), (result) => {
      // The server no longer runs it (its done was lost, e.g. across a reconnect): end it here rather than
      // spin forever. A done that already arrived makes this a no-op in the reducer.
      if (!result.ok) dispatch({ type: "chat:error", event: { messageId: live.id, ...result.error } });
    });
    return true;
  }, []);

  const reset = useCallback(() => {
    loadRef.current?.abort();
    dispatch({ type: "reset" });
  }, []);

  const openThread = useCallback(
    (threadId: string) => {
      loadRef.current?.abort();
      const controller = new AbortController();
      loadRef.current = controller;
      dispatch({ type: "thread:open", threadId });
      void loadThread(threadId, controller.signal);
    },
    [loadThread],
  );

  const dismissNotice = useCallback(() => dispatch({ type: "notice:dismiss" }), []);

  return { state, connection, send, stop, reset, openThread, dismissNotice };
}
