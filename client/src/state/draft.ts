// The message being written survives a reload of its tab (as in Open WebUI): kept in sessionStorage, one per tab, and
// dropped when it is sent or emptied; its attachments too (a pasted speech is not lost to a reload). No React.
import { z } from "zod";
import { AttachmentSchema, MAX_ATTACHMENTS } from "../../../contract/attachments";
import { safeStorage } from "../i18n";
import type { DraftAttachment } from "./attachments";

const KEY = "echochamber.draft";
/** A draft longer than this is not kept (the input refuses to send it anyway); storage stays small. */
const MAX_KEPT = 20_000;

type DraftStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export function loadDraft(storage: DraftStorage | undefined = safeStorage("session")): string {
  return storage?.getItem(KEY) ?? "";
}

export function saveDraft(text: string, storage: DraftStorage | undefined = safeStorage("session")): void {
  try {
    if (text === "" || text.length > MAX_KEPT) storage?.removeItem(KEY);
    else storage?.setItem(KEY, text);
  } catch {
    // A full storage keeps the draft on screen only; nothing else depends on it.
  }
}

const ATTACHMENTS_KEY = "echochamber.draft.attachments";

const KeptAttachmentsSchema = z
  .array(AttachmentSchema.extend({ id: z.string().min(1), kind: z.enum(["paste", "file"]) }))
  .max(MAX_ATTACHMENTS);

/** The attachments of the message being written in this tab; none when nothing (or nothing readable) is kept. */
export function loadDraftAttachments(
  storage: DraftStorage | undefined = safeStorage("session"),
): DraftAttachment[] {
  const kept = storage?.getItem(ATTACHMENTS_KEY);
  if (!kept) return [];
  try {
    const parsed = KeptAttachmentsSchema.safeParse(JSON.parse(kept));
    return parsed.success ? parsed.data : [];
  } catch (err) {
    if (err instanceof SyntaxError) return [];
    throw err;
  }
}

export function saveDraftAttachments(
  attachments: DraftAttachment[],
  storage: DraftStorage | undefined = safeStorage("session"),
): void {
  try {
    if (attachments.length === 0) storage?.removeItem(ATTACHMENTS_KEY);
    else storage?.setItem(ATTACHMENTS_KEY, JSON.stringify(attachments));
  } catch {
    // A storage too full for the texts (a few hundred thousand characters) keeps them on screen only; an older kept
    // list must not come back instead of them after a reload.
    storage?.removeItem(ATTACHMENTS_KEY);
  }
}
