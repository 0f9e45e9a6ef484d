// The one hook that owns the socket.io connection: it forwards server events to the pure chat reducer
// (state/chat.ts), batching tokens per frame, and sends and stops messages. The logic lives in the reducer.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type {
  ChatSendPayload,
  ChatSettings,
  ClientToServerEvents,
  HandshakeAuth,
  ServerToClientEvents,
  UserError,
} from "../../../server/protocol";
import { translate, type Lang, type MessageKey } from "../i18n";
import {
  chatReducer,
  initialChatState,
  isBusy,
  liveAnswer,
  type ChatAction,
  type ChatState,
} from "../state/chat";
import { createTokenBuffer, nextFrame } from "../state/tokenBuffer";

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionState = "connecting" | "connected" | "reconnecting";

export interface ChatApi {
  state: ChatState;
  connection: ConnectionState;
  /** Sends a message; resolves true when the server accepted it, false when it was refused or not sent. */
  send(text: string, settings?: ChatSettings): Promise<boolean>;
  /** Asks the server to stop the answer being streamed. */
  stop(): void;
  /** Starts a new conversation (the server makes a new thread on the next send). */
  reset(): void;
  dismissNotice(): void;
}

const ACK_TIMEOUT_MS = 15_000;
const SERVER_DISCONNECT_RETRY_MS = 2_000;

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

  useEffect(() => {
    stateRef.current = state;
  }, [state]);

  const clientError = useCallback(
    (code: string, key: MessageKey): UserError => ({ code, message: translate(langRef.current, key) }),
    [],
  );

  useEffect(() => {
    const auth: HandshakeAuth = { lang: langRef.current };
    const socket: ChatSocket = io({ auth: { ...auth } });
    socketRef.current = socket;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const tokens = createTokenBuffer((event) => dispatch({ type: "chat:token", event }), nextFrame);
    // Every other event first flushes queued tokens, so the reducer sees events in the order they came.
    const forward = (action: ChatAction) => {
      tokens.flush();
      dispatch(action);
    };

    socket.on("connect", () => setConnection("connected"));
    socket.on("connect_error", () => setConnection("reconnecting"));
    socket.on("disconnect", (reason) => {
      tokens.flush();
      setConnection("reconnecting");
      forward({ type: "connection:lost", error: clientError("client:disconnected", "error.disconnected") });
      // socket.io reconnects by itself except when the server closed the connection on purpose.
      if (reason === "io server disconnect")
        retry = setTimeout(() => socket.connect(), SERVER_DISCONNECT_RETRY_MS);
    });
    socket.on("chat:step", (event) => forward({ type: "chat:step", event }));
    socket.on("chat:sources", (event) => forward({ type: "chat:sources", event }));
    socket.on("chat:annotation", (event) => forward({ type: "chat:annotation", event }));
    socket.on("chat:token", (event) => tokens.push(event));
    socket.on("chat:done", (event) => forward({ type: "chat:done", event }));
    socket.on("chat:error", (event) => forward({ type: "chat:error", event }));

    return () => {
      clearTimeout(retry);
      tokens.dispose();
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [clientError]);

  // Errors come back in the handshake's language: a new language applies at the next connection, made now
  // when no answer would be cut by it.
  useEffect(() => {
    langRef.current = lang;
    const socket = socketRef.current;
    if (!socket) return;
    const auth: HandshakeAuth = { lang };
    if (socket.auth && typeof socket.auth === "object" && socket.auth.lang === lang) return;
    socket.auth = { ...auth };
    if (socket.connected && !isBusy(stateRef.current)) {
      socket.disconnect();
      socket.connect();
    }
  }, [lang]);

  const send = useCallback(
    (text: string, settings?: ChatSettings): Promise<boolean> => {
      const socket = socketRef.current;
      const localId = newLocalId();
      dispatch({ type: "send", localId, text });
      if (!socket?.connected) {
        dispatch({ type: "ack:error", localId, error: clientError("client:offline", "error.offline") });
        return Promise.resolve(false);
      }
      const { threadId } = stateRef.current;
      const payload: ChatSendPayload = { text };
      if (threadId) payload.threadId = threadId;
      if (settings) payload.settings = settings;
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

  const stop = useCallback(() => {
    const live = liveAnswer(stateRef.current);
    if (!live || live.stopRequested) return;
    dispatch({ type: "stop", messageId: live.id });
    socketRef.current?.emit("chat:stop", { messageId: live.id }, (result) => {
      // The server no longer runs it (its done was lost, e.g. across a reconnect): end it here rather than
      // spin forever. A done that already arrived makes this a no-op in the reducer.
      if (!result.ok) dispatch({ type: "chat:error", event: { messageId: live.id, ...result.error } });
    });
  }, []);

  const reset = useCallback(() => dispatch({ type: "reset" }), []);
  const dismissNotice = useCallback(() => dispatch({ type: "notice:dismiss" }), []);

  return { state, connection, send, stop, reset, dismissNotice };
}
