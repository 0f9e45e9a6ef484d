// The socket side of the chat: validates `chat:send` and `chat:stop` at the edge, runs one turn at a time
// per socket, relays the turn's events and stores both messages (the answer as it streams), so a reload, a
// reconnect or a crash of the server loses nothing that had been said.
import { invalidInput } from "../http/zodIssue";
import { randomUUID } from "node:crypto";
import type { Server, Socket } from "socket.io";
import type { Retriever } from "../../corpus/retrieval/types";
import type { Config } from "../config";
import { AppError, pickLang, toUserError, type Lang } from "../../contract/errors";
import { errorDetail, type Logger } from "../log";
import type { ModelGateway, Payer } from "../models/gateway";
import type { SessionUser } from "../../contract/auth";
import {
  ChatSendSchema,
  ChatStopSchema,
  RequestLangSchema,
  type AckResult,
  type ChatSendPayload,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "../../contract/protocol";
import type { Storage } from "../storage/types";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { HISTORY_MESSAGES as HISTORY, type ConversationTurn } from "../../graphs/chat/prompts";
import { pathBefore } from "../../contract/answerVersions";
import { CODEBOOK_VERSION } from "../../contract/annotation";
import type { StoredMessage } from "../../contract/threads";
import { canSee, socketUser } from "../identity";
import { createAnswerRecorder, teeSink } from "./answerRecorder";
import { createTurnOutbox } from "./outbox";
import { assertRefineModels, refineModels } from "../models/refineSettings";
import { doneEvent, runTurn } from "./runTurn";
import {
  checkAttachments,
  conversationAttachments,
  regeneratedAttachments,
  storedAttachments,
} from "../attachments/attachments";
import { DEFAULT_ATTACHMENT_QUESTION } from "../../contract/attachments";
import type { ConversationAttachment } from "../../corpus/retrieval/attachments";

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** What instances tell each other (socket.io's serverSideEmit over the adapter; docs/deploy.md). */
interface PeerEvents {
  /** Stop this turn if it runs here; the reply says whether it did. */
  "chat:stopTurn": (messageId: string, reply: (stopped: boolean) => void) => void;
  "chat:threadBusy": (threadId: string, reply: (busy: boolean) => void) => void;
}
type ChatIo = Server<ClientToServerEvents, ServerToClientEvents, PeerEvents>;

export interface ChatServiceDeps {
  config: Config;
  gateway: ModelGateway;
  retriever: Retriever;
  storage: Storage;
  logger: Logger;
  /** LangGraph's checkpointer: keeps each thread's conversation for later turns. */
  checkpointer?: BaseCheckpointSaver;
  /** Checks a send before its turn starts (the session still valid, the rate limits); throws to refuse it. */
  admitTurn?: (socket: ChatSocket) => Promise<void>;
  /** Who pays for the turn's calls to paid models (the user's daily budget); none: no budget. */
  payerFor?: (user: SessionUser) => Payer | undefined;
  /** Other instances share the sockets (REDIS_URL): a stop for a turn that runs elsewhere is passed on to them. */
  clustered?: boolean;
}

interface RunningTurn {
  messageId: string;
  /** Known once the thread is found or made (a new thread cannot be busy). */
  threadId?: string;
  controller: AbortController;
  done: Promise<void>;
}

/** Answers one connection may have written at once, each in its own thread. */
export const TURNS_PER_SOCKET = 3;

/** How many earlier messages of the thread go to the answering model. */
const HISTORY_MESSAGES = HISTORY;

/**
 * The language of one chat request: its own `lang` (the page's language when it was sent), else the handshake's. Read
 * before the payload is validated, so that a malformed request is refused in the reader's language too.
 */
function requestLang(payload: unknown, connectedIn: Lang): Lang {
  const own = RequestLangSchema.safeParse((payload as { lang?: unknown } | null | undefined)?.lang);
  return own.success ? own.data : connectedIn;
}

/**
 * A question names the answers it is placed by (contract/answerVersions.ts): the one it replaces as a new version of
 * its turn (`regenerates`, any of the thread's) and the one it was asked after (`follows`). Each must be an answer of
 * the thread that has ended (a second tab may have changed the thread since this one looked, or it is still written).
 */
function assertEndedAnswer(stored: StoredMessage[], answerId: string | undefined): void {
  if (answerId === undefined) return;
  const answer = stored.find((m) => m.id === answerId);
  if (!answer || answer.role !== "assistant" || answer.status === "streaming")
    throw new AppError("chat:unknown_answer");
}

/**
 * The stored conversation for the model (no checkpointer): the path to the question's parent, each question with its
 * finished answer (an answer that stopped or failed never reaches the model, nor its question), the last ones.
 */
function storedHistory(path: StoredMessage[]): ConversationTurn[] {
  const finished = (m: StoredMessage | undefined) => m?.role === "assistant" && m.status === "done";
  return path
    .filter((m, i) => (m.role === "user" ? finished(path[i + 1]) : finished(m)))
    .slice(-HISTORY_MESSAGES)
    .map((m) => ({ role: m.role, text: m.text, id: m.id }));
}

export class ChatService {
  /**
   * Turns in progress, by socket id. A person may leave an answer being written and ask in another thread (it
   * goes on and is stored); past TURNS_PER_SOCKET at once, a send is refused.
   */
  private readonly running = new Map<string, Set<RunningTurn>>();
  /** The same turns by the id of the answer they write: what `chat:stop` names. */
  private readonly byMessage = new Map<string, RunningTurn>();
  /**
   * And by thread: one answer at a time in a thread, whichever socket asks (two tabs, or a tab that reconnected
   * while its answer still runs). Two turns at once would each write the thread's checkpoint at their end, and
   * the later write would drop the other's exchange from the conversation the model sees.
   */
  private readonly byThread = new Map<string, RunningTurn>();
  private io: ChatIo | null = null;

  constructor(private readonly deps: ChatServiceDeps) {}

  /** Resolves once the last process's interrupted answers are marked; a turn starts only after it. */
  private recovered: Promise<unknown> = Promise.resolve();

  /**
   * At start-up: answers that were still streaming when the last process died are marked "interrupted", so that
   * the thread shows what had been said and offers to regenerate it. One server process a database.
   */
  recoverInterrupted(): Promise<number> {
    const recovery = this.deps.storage.interruptStreaming().then((count) => {
      if (count > 0) this.deps.logger.warn("answers interrupted by the last shutdown", { count });
      return count;
    });
    // A failed recovery is logged by the caller; turns still start.
    this.recovered = recovery.catch(() => 0);
    return recovery;
  }

  /** The server's socket.io, for stops that must reach the instance running the turn. */
  attachIo(io: Server<ClientToServerEvents, ServerToClientEvents>): void {
    if (!this.deps.clustered) return;
    this.io = io as unknown as ChatIo;
    this.io.on("chat:stopTurn", (messageId, reply) => reply(this.stopHere(messageId)));
    this.io.on("chat:threadBusy", (threadId, reply) => reply(this.byThread.has(threadId)));
  }

  /** Stops the turn writing this answer if it runs on this instance. */
  private stopHere(messageId: string): boolean {
    const turn = this.byMessage.get(messageId);
    if (!turn) return false;
    turn.controller.abort();
    return true;
  }

  /**
   * Stops the turn writing this answer, wherever it runs: here, or (clustered) on the instance that runs it. Whoever
   * knows the answer's id may stop it (a random id, given only to those who can read its thread), from any socket:
   * a second tab, or a client that reconnected to another instance.
   */
  async stop(messageId: string): Promise<boolean> {
    return this.stopHere(messageId) || this.askPeers("chat:stopTurn", messageId);
  }

  /** Whether a turn writes in this thread on another instance (clustered). */
  private busyElsewhere(threadId: string): Promise<boolean> {
    return this.askPeers("chat:threadBusy", threadId);
  }

  /**
   * Asks the other instances (clustered; none otherwise) and says whether one of them answered yes. An instance
   * that did not answer in time (5 s, the adapter's limit) is taken as a no: the answers that came are enough.
   */
  private async askPeers(event: "chat:stopTurn" | "chat:threadBusy", id: string): Promise<boolean> {
    const io = this.io;
    if (!io) return false;
    const replies = await new Promise<boolean[]>((resolve) => {
      io.serverSideEmit(event, id, (err: Error | null, answers: boolean[]) => {
        if (err) this.deps.logger.warn(`${event}: not every instance replied`, errorDetail(err));
        resolve(answers ?? []);
      });
    });
    return replies.some(Boolean);
  }

  /**
   * Ends the answer being written in this thread, before the thread is deleted: here, the turn is stopped and
   * stored before this resolves (so that its checkpoint is not written after the thread's is deleted); on
   * another instance it is stopped, and that turn deletes the checkpoint it wrote when it finds its thread gone.
   */
  async endThread(threadId: string): Promise<void> {
    const here = this.byThread.get(threadId);
    if (here) {
      here.controller.abort();
      await here.done.catch(() => undefined);
      return;
    }
    if (!this.io) return;
    const streaming = (await this.deps.storage.listMessages(threadId)).filter(
      (m) => m.role === "assistant" && m.status === "streaming",
    );
    await Promise.all(streaming.map((m) => this.stop(m.id)));
  }

  attach(socket: ChatSocket): void {
    const connectedIn = pickLang((socket.handshake.auth as { lang?: unknown } | undefined)?.lang);
    socket.on("chat:send", (payload, ack) => {
      const reply = typeof ack === "function" ? ack : undefined;
      const lang = requestLang(payload, connectedIn);
      this.start(socket, payload, lang).then(
        ({ ids, begin }) => {
          // The ack goes out before the turn's first event.
          reply?.({ ok: true, data: ids });
          begin();
        },
        (err: unknown) => {
          const error = toUserError(err, lang);
          if (!(err instanceof AppError)) this.deps.logger.error("chat:send failed", errorDetail(err));
          if (reply) reply({ ok: false, error });
          else socket.emit("chat:error", error);
        },
      );
    });
    socket.on("chat:stop", (payload, ack) => {
      const parsed = ChatStopSchema.safeParse(payload);
      const lang = requestLang(payload, connectedIn);
      const reply = (result: AckResult<{ stopped: boolean }>) => {
        if (typeof ack === "function") ack(result);
      };
      if (!parsed.success) {
        reply({
          ok: false,
          error: toUserError(new AppError("input:invalid", { detail: "messageId" }), lang),
        });
        return;
      }
      this.stop(parsed.data.messageId).then(
        (stopped) =>
          reply(
            stopped
              ? { ok: true, data: { stopped: true } }
              : { ok: false, error: toUserError(new AppError("chat:not_found"), lang) },
          ),
        (err: unknown) => {
          this.deps.logger.error("chat:stop failed", errorDetail(err));
          reply({ ok: false, error: toUserError(err, lang) });
        },
      );
    });
    // A client that leaves mid-stream does not lose the answer: the turn finishes and is stored, and the
    // thread can be reloaded. Only an explicit stop cancels the model call.
  }

  /**
   * Validates a send and stores the user's message and the empty answer; `begin` then starts the turn (after the
   * ack). The socket's turn slot is taken before the first await, so two quick sends cannot both pass.
   */
  private async start(
    socket: ChatSocket,
    payload: unknown,
    lang: Lang,
  ): Promise<{ ids: { threadId: string; messageId: string }; begin: () => void }> {
    const { config, storage, gateway } = this.deps;
    const parsed = ChatSendSchema.safeParse(payload);
    if (!parsed.success) throw invalidInput(parsed.error);
    const send: ChatSendPayload = parsed.data;
    const attached = checkAttachments(send.attachments ?? [], config);
    // A message with an attachment and no text asks the default question (docs/decisions.md, "Attachments").
    const text = send.text.trim() || (attached.length ? DEFAULT_ATTACHMENT_QUESTION : "");
    if (!text) throw new AppError("input:empty");
    if (text.length > config.MAX_MESSAGE_CHARS) {
      throw new AppError("input:too_long", { limit: config.MAX_MESSAGE_CHARS, length: text.length });
    }
    if (send.settings?.model) gateway.assertKnown(send.settings.model);
    if (send.settings?.chain) {
      assertRefineModels(config, gateway, send.settings.chain);
      refineModels(config, send.settings.chain, send.settings.model);
    }
    // A new version, or a question placed after an answer, needs the thread of that answer.
    if ((send.regenerates || send.follows) && !send.threadId) throw new AppError("chat:unknown_answer");
    if (send.threadId && this.byThread.has(send.threadId)) throw new AppError("chat:thread_busy");
    const mine = this.running.get(socket.id) ?? new Set<RunningTurn>();
    if (mine.size >= TURNS_PER_SOCKET) throw new AppError("chat:busy", { limit: TURNS_PER_SOCKET });

    const messageId = randomUUID();
    const controller = new AbortController();
    const turn: RunningTurn = { messageId, controller, done: Promise.resolve() };
    this.running.set(socket.id, mine.add(turn));
    this.byMessage.set(messageId, turn);
    if (send.threadId) this.claimThread(turn, send.threadId);
    try {
      if (send.threadId && (await this.busyElsewhere(send.threadId))) throw new AppError("chat:thread_busy");
      await this.recovered;
      await this.deps.admitTurn?.(socket);
      const user = socketUser(socket);
      const thread = send.threadId
        ? await storage.getThread(send.threadId)
        : await storage.createThread((send.text.trim() || attached[0]?.name || text).slice(0, 80), user.id);
      // Another user's thread is "not found", as an unknown id is: ids cannot be probed.
      if (!thread || !canSee(user, thread.userId)) throw new AppError("thread:not_found");
      this.claimThread(turn, thread.id);
      const stored = send.threadId ? await storage.listMessages(thread.id) : [];
      // A new version of a turn is placed by the answer it replaces; its `follows` is not needed.
      const marks = send.regenerates
        ? { regenerates: send.regenerates }
        : send.follows
          ? { follows: send.follows }
          : {};
      assertEndedAnswer(stored, marks.regenerates);
      assertEndedAnswer(stored, marks.follows);
      // The messages the question is asked after: the model sees this path only, and searches its attachments.
      const before = pathBefore(stored, marks);
      const path = before.filter((m) => m.role === "assistant").map((m) => m.id);
      // A regenerate without attachments of its own asks with those of the question it answers again.
      const asked =
        attached.length || !send.regenerates ? attached : regeneratedAttachments(stored, send.regenerates);
      // Every attachment of the thread is searched, this message's and the earlier ones'.
      const attachments = conversationAttachments(before, asked);
      // With LangGraph's checkpointer the thread's conversation lives in its checkpoint; without one, in our tables.
      const history = this.deps.checkpointer ? [] : storedHistory(before);

      const userMessageId = randomUUID();
      const createdAt = new Date().toISOString();
      await storage.addMessage({
        id: userMessageId,
        threadId: thread.id,
        role: "user",
        text,
        createdAt,
        status: "done",
        ...marks,
        ...(asked.length ? { attachments: storedAttachments(asked) } : {}),
      });
      // The answer exists from now on: a server that dies before the first token still leaves a trace of it.
      const answer: StoredMessage = {
        id: messageId,
        threadId: thread.id,
        role: "assistant",
        text: "",
        createdAt,
        status: "streaming",
        codebookVersion: CODEBOOK_VERSION,
      };
      await storage.saveMessage(answer);
      const begin = () => {
        turn.done = this.run(
          socket,
          {
            threadId: thread.id,
            userMessageId,
            messageId,
            text,
            history,
            path,
            send,
            lang,
            answer,
            user,
            attachments,
          },
          controller,
        ).finally(() => this.release(socket.id, turn));
      };
      return { ids: { threadId: thread.id, messageId }, begin };
    } catch (err) {
      this.release(socket.id, turn);
      throw err;
    }
  }

  private claimThread(turn: RunningTurn, threadId: string): void {
    turn.threadId = threadId;
    this.byThread.set(threadId, turn);
  }

  private release(socketId: string, turn: RunningTurn): void {
    const mine = this.running.get(socketId);
    mine?.delete(turn);
    if (mine?.size === 0) this.running.delete(socketId);
    this.byMessage.delete(turn.messageId);
    if (turn.threadId && this.byThread.get(turn.threadId) === turn) this.byThread.delete(turn.threadId);
  }

  private async run(
    socket: ChatSocket,
    t: {
      threadId: string;
      userMessageId: string;
      messageId: string;
      text: string;
      history: ConversationTurn[];
      path: string[];
      send: ChatSendPayload;
      lang: Lang;
      answer: StoredMessage;
      user: SessionUser;
      attachments: ConversationAttachment[];
    },
    controller: AbortController,
  ): Promise<void> {
    const { storage, logger } = this.deps;
    const outbox = createTurnOutbox(t.messageId, socket);
    const recorder = createAnswerRecorder(storage, t.answer, {
      onError: (err) =>
        logger.error("saving the streamed answer failed", { messageId: t.messageId, ...errorDetail(err) }),
    });
    try {
      const result = await runTurn(
        { ...this.deps, payer: this.deps.payerFor?.(t.user) },
        {
          messageId: t.messageId,
          question: t.text,
          threadId: t.threadId,
          history: t.history,
          settings: t.send.settings,
          regenerates: t.send.regenerates,
          path: t.path,
          ...(t.attachments.length ? { attachments: t.attachments } : {}),
          displayLang: t.lang,
        },
        teeSink(outbox, recorder),
        controller.signal,
      );
      const done = doneEvent(t.messageId, result);
      const { messageId: _omit, ...doneStored } = done;
      await recorder.finish({
        text: result.answer,
        status: result.stopped ? "stopped" : "done",
        sources: result.sources,
        annotation: result.annotation,
        done: doneStored,
      });
      await this.forgetIfDeleted(t.threadId);
      outbox.flush();
      socket.emit("chat:done", done);
      logger.info("turn done", {
        messageId: t.messageId,
        model: result.model,
        totalMs: result.timings.totalMs,
        fallbacks: result.fallbacks.length,
      });
    } catch (err) {
      logger.error("turn failed", { messageId: t.messageId, ...errorDetail(err) });
      const error = toUserError(err, t.lang);
      // A failed turn keeps no text (a fallback may have discarded it, and no model finished it); its sources stay.
      await recorder.finish({ text: "", status: "error" });
      outbox.flush();
      socket.emit("chat:error", { messageId: t.messageId, ...error });
    }
  }

  /**
   * A thread deleted while its answer was written (on another instance, which could not wait for the turn to end):
   * the checkpoint the turn wrote at its end is deleted too, so nothing of the thread is kept. On a single instance
   * the deletion waits for the turn (endThread), so no turn needs to look.
   */
  private async forgetIfDeleted(threadId: string): Promise<void> {
    const { storage, checkpointer, logger } = this.deps;
    if (!this.io || !checkpointer || (await storage.getThread(threadId))) return;
    await checkpointer
      .deleteThread(threadId)
      .catch((err: unknown) =>
        logger.error("deleting a deleted thread's checkpoint failed", errorDetail(err)),
      );
  }

  /** Stops every running turn and waits for them to be stored. */
  async shutdown(): Promise<void> {
    const turns = [...this.running.values()].flatMap((mine) => [...mine]);
    for (const turn of turns) turn.controller.abort();
    await Promise.allSettled(turns.map((t) => t.done));
  }
}
