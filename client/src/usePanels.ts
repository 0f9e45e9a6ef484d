// The screen's frame around the chat: the thread list (a column on a wide screen, a drawer on a phone, remembered
// open or closed) and presentation mode, which folds the list away while it is on without changing what is
// remembered.
import { useCallback, useLayoutEffect, useState } from "react";
import { safeStorage } from "./i18n";
import {
  applyPresentation,
  loadPresentation,
  savePresentation,
  type Presentation,
} from "./state/presentation";

/**
 * Below this width the thread list is a drawer, the source panel covers the chat and the corpus page's document is a
 * sheet over its list (the stylesheets' `max-width: 900px`).
 */
export const PHONE_QUERY = "(max-width: 900px)";
const SIDEBAR_KEY = "echochamber.sidebar";

export function isPhone(): boolean {
  return typeof matchMedia === "function" && matchMedia(PHONE_QUERY).matches;
}

function rememberedSidebarOpen(): boolean {
  if (isPhone()) return false;
  return safeStorage()?.getItem(SIDEBAR_KEY) !== "closed";
}

export interface Panels {
  sidebarOpen: boolean;
  /** Opens or closes the thread list; on a wide screen outside presentation mode the choice is remembered. */
  toggleSidebar(): void;
  /** Closes the thread list when it is a drawer (after a thread is picked on a phone). */
  closeDrawer(): void;
  presentation: Presentation;
  changePresentation(next: Presentation): void;
}

export function usePanels(): Panels {
  const [presentation, setPresentation] = useState<Presentation>(loadPresentation);
  const [sidebarOpen, setSidebarOpen] = useState(() => !presentation.on && rememberedSidebarOpen());

  useLayoutEffect(() => {
    applyPresentation(presentation);
    savePresentation(presentation);
  }, [presentation]);
  // Presentation mode folds the thread list away (a room needs the conversation, not the presenter's other threads);
  // leaving it brings back the list as the presenter had it.
  const changePresentation = useCallback(
    (next: Presentation) => {
      if (next.on !== presentation.on) setSidebarOpen(next.on ? false : rememberedSidebarOpen());
      setPresentation(next);
    },
    [presentation.on],
  );

  const toggleSidebar = useCallback(() => {
    setSidebarOpen((open) => {
      if (!isPhone() && !presentation.on) {
        try {
          safeStorage()?.setItem(SIDEBAR_KEY, open ? "closed" : "open");
        } catch (err) {
          console.warn("could not remember the sidebar", err);
        }
      }
      return !open;
    });
  }, [presentation.on]);
  const closeDrawer = useCallback(() => {
    if (isPhone()) setSidebarOpen(false);
  }, []);

  return { sidebarOpen, toggleSidebar, closeDrawer, presentation, changePresentation };
}
