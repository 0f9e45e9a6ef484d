// REST for threads, answers' ratings and people's corrections of annotations (DESIGN.md, "REST"). Every row belongs
// to a user: a member reads and changes their own, an admin everyone's; another user's thread or message is "not
// found", exactly as an unknown id, so ids cannot be probed.
import { randomUUID } from "node:crypto";
import { Router } from "express";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { z } from "zod";
import { AnnotationSchema, CODEBOOK_VERSION } from "../../contract/annotation";
import { ChatFeedbackQuerySchema } from "../../contract/chatFeedback";
import { hasRole, NEEDED_ROLE, type SessionUser } from "../../contract/auth";
import { AppError, pickLang } from "../../contract/errors";
import type { StoredMessage, Thread } from "../../contract/threads";
import {
  THREAD_SEARCH_LIMIT,
  ThreadSearchQuerySchema,
  type ThreadSearchHit,
} from "../../contract/threadSearch";
import { canSee, ownerFilter, ownerMark, userOf } from "../identity";
import { requireRole } from "../auth/middleware";
import { parseBody } from "../http/parseBody";
import type { Storage } from "../storage/types";
import { withoutAttachmentTexts } from "../attachments/attachments";
import { threadToMarkdown } from "./exportThread";
import { ratingsView } from "./feedbackView";

const FeedbackSchema = z
  .object({
    messageId: z.string().min(1).max(100),
    value: z.enum(["up", "down"]),
    comment: z.string().max(2000).optional(),
  })
  .strict();

const RenameSchema = z.object({ title: z.string().trim().min(1).max(200) }).strict();

const LabelSchema = z
  .object({
    messageId: z.string().min(1).max(100),
    target: z.string().min(1).max(300),
    annotation: AnnotationSchema,
    annotator: z.string().trim().max(100).optional(),
  })
  .strict();

export interface ChatRoutesDeps {
  storage: Storage;
  checkpointer?: BaseCheckpointSaver;
  /** Ends the answer being written in a thread (ChatService.endThread), before the thread is deleted. */
  endThread?: (threadId: string) => Promise<void>;
  /** The accounts' names by id, so that an admin's list says whose each thread is; none without accounts. */
  accountNames?: () => Promise<Map<string, string>>;
}

/** An admin's list says whose each thread is that is not the admin's own. */
function withOwners(threads: Thread[], viewer: SessionUser, names: Map<string, string>): Thread[] {
  return threads.map((thread) => {
    const owner = ownerMark(thread.userId, viewer, names);
    return owner ? { ...thread, owner } : thread;
  });
}

export function chatRouter({ storage, checkpointer, endThread, accountNames }: ChatRoutesDeps): Router {
  const router = Router();

  const threadOf = async (user: SessionUser, id: string): Promise<Thread> => {
    const thread = await storage.getThread(id);
    if (!thread || !canSee(user, thread.userId)) throw new AppError("thread:not_found");
    return thread;
  };
  /** An answer (or question) of a thread the user may see. */
  const messageOf = async (user: SessionUser, id: string): Promise<StoredMessage> => {
    const message = await storage.getMessage(id);
    const thread = message && (await storage.getThread(message.threadId));
    if (!message || !thread || !canSee(user, thread.userId)) throw new AppError("chat:not_found");
    return message;
  };

  router.get("/threads", async (req, res) => {
    const user = userOf(req);
    const threads = await storage.listThreads(ownerFilter(user));
    res.json({
      threads:
        user.role === "admin" && accountNames ? withOwners(threads, user, await accountNames()) : threads,
    });
  });

  // Search over the titles and messages of the threads the list shows (a member's own, an admin's everyone's). Before
  // /threads/:id, which would take "search" for an id.
  router.get("/threads/search", async (req, res) => {
    const user = userOf(req);
    const { q, limit = THREAD_SEARCH_LIMIT, mine } = parseBody(ThreadSearchQuerySchema, req.query);
    const hits = await storage.searchThreads(q, {
      ...(mine ? { userId: user.id } : ownerFilter(user)),
      limit,
    });
    const names = user.role === "admin" && accountNames ? await accountNames() : undefined;
    const threads: ThreadSearchHit[] = names
      ? hits.map((hit) => ({ ...hit, thread: withOwners([hit.thread], user, names)[0] ?? hit.thread }))
      : hits;
    res.json({ threads });
  });

  router.get("/threads/:id", async (req, res) => {
    const thread = await threadOf(userOf(req), String(req.params.id));
    res.json({ thread, messages: withoutAttachmentTexts(await storage.listMessages(thread.id)) });
  });

  router.patch("/threads/:id", async (req, res) => {
    const { title } = parseBody(RenameSchema, req.body);
    const { id } = await threadOf(userOf(req), String(req.params.id));
    const thread = await storage.renameThread(id, title);
    if (!thread) throw new AppError("thread:not_found");
    res.json({ thread });
  });

  // A user deletes their own threads; an admin anyone's.
  router.delete("/threads/:id", async (req, res) => {
    const { id } = await threadOf(userOf(req), String(req.params.id));
    // An answer still being written would store its checkpoint after this deletion: it ends first.
    await endThread?.(id);
    if (!(await storage.deleteThread(id))) throw new AppError("thread:not_found");
    await checkpointer?.deleteThread(id);
    res.status(204).end();
  });

  router.get("/threads/:id/export", async (req, res) => {
    const thread = await threadOf(userOf(req), String(req.params.id));
    const messages = await storage.listMessages(thread.id);
    const safeName = thread.title.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 60) || "conversatie";
    if (req.query.format === "md") {
      res.type("text/markdown; charset=utf-8");
      res.attachment(`${safeName}.md`);
      // A download link sends the browser's Accept-Language, not the page's: the page says its language in `lang`.
      res.send(
        threadToMarkdown(thread, messages, pickLang(req.query.lang ?? req.headers["accept-language"])),
      );
      return;
    }
    res.attachment(`${safeName}.json`);
    res.json({ thread, messages });
  });

  // A person's correction of an annotation shown in the chat: stored as a human label (gold for evaluate). With
  // accounts, the annotator is the account's name, whatever the page typed.
  router.post("/labels", requireRole(NEEDED_ROLE.annotate), async (req, res) => {
    const { messageId, target, annotation, annotator } = parseBody(LabelSchema, req.body);
    const user = userOf(req);
    const message = await messageOf(user, messageId);
    if (message.role !== "assistant") throw new AppError("chat:not_found");
    const source = target === "message" ? undefined : message.sources?.find((s) => s.id === target);
    if (target !== "message" && !source) throw new AppError("input:invalid", { detail: "target" });
    const question = (await storage.listMessages(message.threadId))
      .filter((m) => m.role === "user" && m.createdAt <= message.createdAt)
      .at(-1);
    const label = {
      id: randomUUID(),
      messageId,
      target,
      text: source ? source.text : (question?.text ?? ""),
      annotation,
      correctedModel: message.annotation?.model,
      annotator: user.kind === "user" ? user.name : annotator || "anonim",
      userId: user.id,
      codebookVersion: CODEBOOK_VERSION,
      createdAt: new Date().toISOString(),
    };
    await storage.addLabel(label);
    res.status(201).json({ label });
  });

  router.get("/labels", requireRole(NEEDED_ROLE.annotate), async (req, res) => {
    res.json({ labels: await storage.listLabels(ownerFilter(userOf(req))) });
  });

  // Rating an answer is part of chatting: a guest may rate the answers of their own threads.
  router.post("/feedback", async (req, res) => {
    const feedback = parseBody(FeedbackSchema, req.body);
    const user = userOf(req);
    await messageOf(user, feedback.messageId);
    await storage.addFeedback(feedback, user.id);
    res.status(201).json({ ok: true });
  });

  // The teacher's view of the chat's ratings: an admin's (the local user's with AUTH=off). A member rates in the chat and
  // sees their own rating there; the class's list is refused with its own code, as the workbench's class progress.
  router.get("/chat/feedback", async (req, res) => {
    const user = userOf(req);
    if (!hasRole(user.role, NEEDED_ROLE.ratings)) throw new AppError("feedback:forbidden");
    const query = parseBody(ChatFeedbackQuerySchema, req.query);
    const names = accountNames ? await accountNames() : new Map<string, string>();
    res.json(ratingsView(await storage.listRatedAnswers(), query, user, names));
  });

  return router;
}
