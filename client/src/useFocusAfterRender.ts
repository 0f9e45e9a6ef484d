// Focus to give back once React has shown an element again: a confirmation taken back (Esc, Cancel) puts focus on
// the button that opened it, which is not in the page until the next render. Focusing right away finds no element;
// focusing on a timer leaves a moment with focus on <body> (a screen reader says nothing useful, and a key pressed
// then is lost). A layout effect runs after the commit, before the browser paints or handles the next event.
import { useLayoutEffect, useRef, type RefObject } from "react";

export function useFocusAfterRender(): (target: RefObject<HTMLElement | null>) => void {
  const pending = useRef<RefObject<HTMLElement | null> | null>(null);
  useLayoutEffect(() => {
    // Asked once: a button still absent (or disabled) after this render is not focused on some later one.
    const target = pending.current?.current;
    pending.current = null;
    target?.focus();
  });
  return (target) => {
    pending.current = target;
  };
}
