// Which document of "Explorează documentele" is open, and the reader's place around it: the result that opened it
// stays where it was in the window while the list narrows or widens beside the document, and gets the focus back
// when the document closes (as a mail client's preview pane does).
import { useLayoutEffect, useRef, useState } from "react";
import { keepInWindow } from "./windowPlace";

/** A result's button, found again by its document's id (the list redraws). */
const resultButton = (id: string) =>
  document.querySelector<HTMLElement>(
    `[data-testid="corpus-result"][data-id="${CSS.escape(id)}"] button.corpus-result`,
  );

export function useOpenDocument() {
  const [open, setOpen] = useState<string>();
  const opener = useRef<string>(undefined);
  // Where the opener was in the window just before the change, to be put back there after it.
  const openerTop = useRef<number>(undefined);
  const returnFocus = useRef(false);

  const openDocument = (id: string, button: HTMLElement) => {
    if (id === open) {
      document.getElementById("corpus-doc-title")?.focus({ preventScroll: true });
      return;
    }
    opener.current = id;
    openerTop.current = button.getBoundingClientRect().top;
    setOpen(id);
  };
  const closeDocument = () => {
    openerTop.current = opener.current
      ? resultButton(opener.current)?.getBoundingClientRect().top
      : undefined;
    returnFocus.current = true;
    setOpen(undefined);
  };
  /** Closes a document that was deleted, without moving the focus (it is on the delete button beside its result). */
  const dropDocument = (id: string) => {
    if (opener.current === id) openerTop.current = resultButton(id)?.getBoundingClientRect().top;
    setOpen((current) => (current === id ? undefined : current));
  };

  useLayoutEffect(() => {
    const button = opener.current ? resultButton(opener.current) : null;
    if (button && openerTop.current !== undefined) keepInWindow(button, openerTop.current);
    openerTop.current = undefined;
    if (open || !returnFocus.current) return;
    returnFocus.current = false;
    // A result no longer listed (another page of results) leaves the focus on the list's heading.
    const target = button ?? document.getElementById("corpus-explore-title");
    target?.focus({ preventScroll: true });
    target?.scrollIntoView({ block: "nearest" });
  }, [open]);

  return { open, openDocument, closeDocument, dropDocument };
}
