// The message being written survives a reload of its tab (as in Open WebUI): kept in sessionStorage, one per tab, and
// dropped when it is sent or emptied. No React.

const KEY = "echochamber.draft";
/** A draft longer than this is not kept (the input refuses to send it anyway); storage stays small. */
const MAX_KEPT = 20_000;

/** This tab's sessionStorage, or none where the browser refuses it (sandboxed frames, private modes). */
export function tabStorage(): Pick<Storage, "getItem" | "setItem" | "removeItem"> | undefined {
  try {
    return typeof sessionStorage === "undefined" ? undefined : sessionStorage;
  } catch {
    // Reading sessionStorage throws in some sandboxed iframes: no draft is kept there.
    return undefined;
  }
}

export function loadDraft(storage = tabStorage()): string {
  return storage?.getItem(KEY) ?? "";
}

export function saveDraft(text: string, storage = tabStorage()): void {
  try {
    if (text === "" || text.length > MAX_KEPT) storage?.removeItem(KEY);
    else storage?.setItem(KEY, text);
  } catch {
    // A full storage keeps the draft on screen only; nothing else depends on it.
  }
}
