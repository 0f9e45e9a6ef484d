// Attachments being written into a message, as data: reading a picked file as text (contract/attachments.ts), the
// paste rule that turns a long paste into an attachment, and the checks a new one
// passes (how many, how long, not empty). Pure: the composer calls these and shows what they say.
import {
  ATTACHMENT_NAME_MAX,
  MAX_ATTACHMENTS,
  PASTE_ATTACHMENT_FROM,
  type Attachment,
} from "../../../contract/attachments";

export { decodeTextFile, type Decoded } from "../../../contract/attachments";

/** An attachment in the composer: what will be sent, and a key for the list. */
export interface DraftAttachment extends Attachment {
  id: string;
  /** Pasted text, or a file's (named by the file). */
  kind: "paste" | "file";
}

/** What the UI says when an attachment is refused (i18n keys attach.error.*). */
export type AttachmentProblem =
  | { code: "empty"; name: string }
  | { code: "binary"; name: string }
  | { code: "tooLong"; name: string; length: number; limit: number }
  | { code: "tooMany"; limit: number };

/**
 * Whether a paste becomes an attachment instead of text in the input: when it is PASTE_ATTACHMENT_FROM characters
 * or longer, or when it would take the message over its limit (the text typed so far, less what the paste
 * replaces, plus the paste).
 */
export function pasteBecomesAttachment(
  pasted: string,
  draft: { length: number; selected: number },
  maxChars: number,
): boolean {
  if (!pasted.trim()) return false;
  return pasted.length >= PASTE_ATTACHMENT_FROM || draft.length - draft.selected + pasted.length > maxChars;
}

/** The name a pasted text is sent under: "text lipit", then "text lipit 2", … (in the UI's language). */
export function pastedName(base: string, list: readonly DraftAttachment[]): string {
  const taken = new Set(list.map((a) => a.name));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base} ${n}`)) n++;
  return `${base} ${n}`;
}

/** The list with one more attachment, or the reason it is refused; the text is kept as it was given. */
export function addAttachment(
  list: readonly DraftAttachment[],
  next: DraftAttachment,
  maxChars: number,
): { ok: true; list: DraftAttachment[] } | { ok: false; problem: AttachmentProblem } {
  const name = next.name.trim().slice(0, ATTACHMENT_NAME_MAX) || "text";
  if (list.length >= MAX_ATTACHMENTS)
    return { ok: false, problem: { code: "tooMany", limit: MAX_ATTACHMENTS } };
  const length = next.text.trim().length;
  if (length === 0) return { ok: false, problem: { code: "empty", name } };
  if (length > maxChars) return { ok: false, problem: { code: "tooLong", name, length, limit: maxChars } };
  return { ok: true, list: [...list, { ...next, name }] };
}

/** What a send carries of the composer's attachments. */
export function toPayload(list: readonly DraftAttachment[]): Attachment[] {
  return list.map(({ name, text }) => ({ name, text }));
}

/** A chip's size: the characters the server will count (it trims). */
export function attachmentChars(a: Pick<Attachment, "text">): number {
  return a.text.trim().length;
}
