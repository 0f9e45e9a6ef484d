// The message being written survives a reload of its tab (as in Open WebUI): kept in sessionStorage, one per tab, and
// dropped when it is sent or emptied. No React.
import { safeStorage } from "../i18n";

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
