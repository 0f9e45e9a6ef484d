// Copying text from a page: the clipboard API where the page may use it (a secure context: https or localhost),
// else the older copy command on a hidden selection, which plain-http pages on a LAN (a class's room) still allow.

/** Copies `text`; resolves to whether it reached the clipboard (the caller says so, it never throws). */
export async function copyText(text: string): Promise<boolean> {
  if (typeof navigator !== "undefined" && navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (err) {
      // A denied permission or an unfocused page: the selection below may still work.
      console.warn("clipboard refused", err);
    }
  }
  if (typeof document === "undefined") return false;
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "sr-only";
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch (err) {
    console.warn("copy command refused", err);
  }
  area.remove();
  return copied;
}
