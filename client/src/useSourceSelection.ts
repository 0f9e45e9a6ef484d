// Which cited source of which answer the side panel shows, and the focus going back to the citation or source that
// opened it when it closes (the panel takes the focus on open), so that a keyboard user lands where they were.
import { useCallback, useEffect, useRef, useState } from "react";
import { sourceDomId } from "./components/SourceList";
import { findAnswer, type ChatState } from "./state/chat";

export interface Selection {
  messageId: string;
  n: number;
}

export function useSourceSelection(state: ChatState) {
  const [selected, setSelected] = useState<Selection>();
  const selectedAnswer = selected ? findAnswer(state, selected.messageId) : undefined;

  // Found again by what it is, not kept as an element: the answer redraws its citations when one is selected.
  const panelOpener = useRef<string | null>(null);
  const openSource = useCallback((messageId: string, n: number) => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && !active.closest(".source-panel")) {
      const message = CSS.escape(messageId);
      panelOpener.current = active.matches("[data-testid=citation]")
        ? `[data-message-id="${message}"] [data-testid="citation"][data-n="${n}"]`
        : active.matches(".source-open")
          ? `#${CSS.escape(sourceDomId(messageId, n))} .source-open`
          : null;
    }
    setSelected({ messageId, n });
    document
      .getElementById(sourceDomId(messageId, n))
      ?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, []);

  const panelOpen = Boolean(selected && selectedAnswer?.sources[selected.n - 1]);
  const panelWasOpen = useRef(false);
  useEffect(() => {
    if (panelWasOpen.current && !panelOpen) {
      const opener = panelOpener.current ? document.querySelector<HTMLElement>(panelOpener.current) : null;
      opener?.focus({ preventScroll: true });
      panelOpener.current = null;
    }
    panelWasOpen.current = panelOpen;
  }, [panelOpen]);

  return { selected, setSelected, selectedAnswer, panelOpen, openSource };
}
