// Asks the browser to confirm before the page is closed or reloaded while `active`: what the page holds only in
// memory (passwords just generated, a label not yet saved) would be lost. The browser words the question itself.
import { useEffect } from "react";

export function useLeaveWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older Chromium asks only when returnValue is set.
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, [active]);
}
