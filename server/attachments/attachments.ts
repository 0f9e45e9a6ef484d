// The server's side of message attachments: the checks a send's attachments pass (the configured length, not
// empty, text) and their letters normalised as the corpus's are (NFC, comma-below ș ț), what a user message stores of them, the thread's earlier attachments for later turns, and the
// socket buffer that a message with its attachments must fit in.
import {
  MAX_ATTACHMENTS,
  attachmentInfo,
  type Attachment,
  type StoredAttachment,
} from "../../contract/attachments";
import { AppError } from "../../contract/errors";
import { normalizeLetters } from "../../contract/text";
import type { StoredMessage } from "../../contract/threads";
import type { ConversationAttachment } from "../../corpus/retrieval/attachments";
import type { Config } from "../config";

/**
 * The attachments of a send, trimmed, checked and with the corpus's letters (a pasted or old text's cedilla ş ţ
 * become ș ț, so that quotes and searches match the corpus); throws a typed error naming the first bad one.
 */
export function checkAttachments(
  attachments: readonly Attachment[],
  config: Pick<Config, "ATTACHMENT_MAX_CHARS">,
): Attachment[] {
  if (attachments.length > MAX_ATTACHMENTS) {
    throw new AppError("input:too_many_attachments", { limit: MAX_ATTACHMENTS });
  }
  return attachments.map(({ name, text }) => {
    const trimmed = normalizeLetters(text).trim();
    if (!trimmed) throw new AppError("input:attachment_empty", { name });
    if (trimmed.length > config.ATTACHMENT_MAX_CHARS) {
      throw new AppError("input:attachment_too_long", {
        name,
        limit: config.ATTACHMENT_MAX_CHARS,
        length: trimmed.length,
      });
    }
    // The browser refuses binary files already; a client that did not is refused here.
    if (trimmed.includes("\u0000")) throw new AppError("input:attachment_binary", { name });
    return { name, text: trimmed };
  });
}

/**
 * The attachments a regenerate asks with when it sends none: those of the question whose answer it replaces (the
 * stored user message before that answer), so the new version shows them and searches them as its own.
 */
export function regeneratedAttachments(stored: readonly StoredMessage[], answerId: string): Attachment[] {
  const at = stored.findIndex((m) => m.id === answerId);
  const question = stored.slice(0, Math.max(at, 0)).findLast((m) => m.role === "user");
  return (question?.attachments ?? [])
    .filter((a): a is Required<StoredAttachment> => typeof a.text === "string" && a.text.length > 0)
    .map((a) => ({ name: a.name, text: a.text }));
}

/** What the user message stores: each attachment's name, size and text (later turns search it). */
export function storedAttachments(attachments: readonly Attachment[]): StoredAttachment[] {
  return attachments.map((a) => ({ name: a.name, chars: a.text.length, text: a.text }));
}

/**
 * The attachments a turn searches: every earlier user message's of the thread, oldest first, then this message's
 * (marked current). The storage is where they live, so they outlast a reload and a restart, with or without
 * LangGraph's checkpointer.
 */
export function conversationAttachments(
  earlier: readonly StoredMessage[],
  current: readonly Attachment[],
): ConversationAttachment[] {
  // An earlier message's attachment sent again (a regenerate asks with its question's) is searched once, as current.
  const again = new Set(current.map((a) => a.text));
  const before = earlier
    .filter((m) => m.role === "user")
    .flatMap((m) => m.attachments ?? [])
    .filter((a): a is Required<StoredAttachment> => typeof a.text === "string" && a.text.length > 0)
    .filter((a) => !again.has(a.text))
    .map((a) => ({ name: a.name, text: a.text }));
  return [...before, ...current.map((a) => ({ ...a, current: true }))];
}

/** A thread's messages as GET /api/threads/:id sends them: attachments by name and size, without their text. */
export function withoutAttachmentTexts(messages: StoredMessage[]): StoredMessage[] {
  return messages.map((m) => (m.attachments ? { ...m, attachments: m.attachments.map(attachmentInfo) } : m));
}

/**
 * socket.io's largest accepted message, in bytes: a send with the message and every attachment at their limits,
 * three bytes a character at worst in UTF-8, and room for the rest of the payload; never below the former 2 MB.
 * Also the largest body of POST /api/compare/chat, which carries the same message and attachments.
 */
export function socketBufferBytes(
  config: Pick<Config, "ATTACHMENT_MAX_CHARS" | "MAX_MESSAGE_CHARS">,
): number {
  const chars = MAX_ATTACHMENTS * config.ATTACHMENT_MAX_CHARS + config.MAX_MESSAGE_CHARS;
  return Math.max(2e6, chars * 3 + 64 * 1024);
}
