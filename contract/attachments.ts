// Texts attached to a chat message (a pasted speech, a .txt/.md/.csv file) and their bounds, defined once: the
// socket payload's schema, the server's configuration and the composer all read these numbers. Also how a file's
// bytes become text, shared by the browser and the `ask --attach` CLI (TextDecoder exists in both).
import { z } from "zod";
import { normalizeLetters } from "./text";

/** Attachments one message may carry. */
export const MAX_ATTACHMENTS = 3;
/** ATTACHMENT_MAX_CHARS: the default, and the range the configuration accepts. */
export const ATTACHMENT_CHARS = { default: 200_000, min: 100, max: 1_000_000 } as const;
/** A name longer than this is cut (a file name, or "text lipit"). */
export const ATTACHMENT_NAME_MAX = 200;

/**
 * The paste rule: a paste becomes an attachment when it is at least this long, or when it would take the message
 * over its limit. 2,000 characters is about a page of text: longer than any question, short enough that a pasted
 * article never fills the input box (docs/decisions.md, "Attachments").
 */
export const PASTE_ATTACHMENT_FROM = 2_000;

/**
 * The question a message with an attachment and no text asks. Open WebUI asks for a prompt; we send this one
 * instead, so that dropping a file and pressing Enter gives a summary with citations.
 */
export const DEFAULT_ATTACHMENT_QUESTION = "Rezumă textul atașat.";

// The schema bounds the payload only: the configured limit is checked after parsing (it is configurable).
export const AttachmentSchema = z
  .object({
    name: z.string().trim().min(1).max(ATTACHMENT_NAME_MAX),
    text: z.string().max(ATTACHMENT_CHARS.max),
  })
  .strict();
export type Attachment = z.infer<typeof AttachmentSchema>;

export const AttachmentsSchema = z.array(AttachmentSchema).max(MAX_ATTACHMENTS);

/**
 * An attachment as a message keeps it: its name and length in characters, and its text where the reader needs it
 * (storage and the JSON export keep it; GET /api/threads/:id leaves it out, the chip needs only name and size).
 */
export interface StoredAttachment {
  name: string;
  chars: number;
  text?: string;
}

/** What a thread's reading shows of an attachment: its name and size, not its text. */
export function attachmentInfo(a: StoredAttachment): StoredAttachment {
  return { name: a.name, chars: a.chars };
}

export type Decoded =
  { ok: true; text: string; encoding: "utf-8" | "windows-1250" } | { ok: false; problem: "empty" | "binary" };

/**
 * A file's bytes as text: UTF-8 when they are valid UTF-8 (a BOM is dropped), otherwise windows-1250, the
 * encoding of Romanian texts saved by older Windows programs (ş, ţ, ă, î, â all exist in it). The letters are
 * normalised as the corpus's are (NFC, ş ţ as comma-below ș ț: normalizeLetters). NUL bytes mean a binary file (a
 * .docx, a PDF renamed .txt): refused rather than shown as noise.
 */
export function decodeTextFile(bytes: Uint8Array): Decoded {
  if (bytes.includes(0)) return { ok: false, problem: "binary" };
  let decoded: Decoded;
  try {
    decoded = { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    decoded = { ok: true, text: new TextDecoder("windows-1250").decode(bytes), encoding: "windows-1250" };
  }
  return decoded.text.trim()
    ? { ...decoded, text: normalizeLetters(decoded.text) }
    : { ok: false, problem: "empty" };
}

/** The `meta.platform` of a source drawn from an attachment (its `meta.attachment` is true as well). */
export const ATTACHMENT_PLATFORM = "attachment";

/** The id prefix of an attachment's passages: `attachment:<n>#<chunk>`, never a corpus id. */
export const ATTACHMENT_ID_PREFIX = "attachment:";
