// The address bar as the app's navigation history: a new place (a page, a thread, a workbench data set, run or view,
// a comparison) is a new history entry, so the browser's Back and Forward move between places inside the app;
// what only refines the place shown (filters, sort, search text) replaces the current entry instead.
import { useEffect, useLayoutEffect, useRef } from "react";

/** "push": a new place, Back returns to the one before; "replace": the same place, refined. */
export type AddressChange = "push" | "replace";

/** The address as path + search + hash (what the URL helpers of client/src/state/ return). */
export function currentAddress(): string {
  return `${location.pathname}${location.search}${location.hash}`;
}

/** Writes `next` (path + search + hash) into the address; nothing when it is there already (no duplicate entries). */
export function setAddress(next: string, change: AddressChange): void {
  if (next === currentAddress()) return;
  if (change === "push") history.pushState(null, "", next);
  else history.replaceState(null, "", next);
}

/**
 * Goes to a new place from outside the component that shows places (the account menu in the top bar opening the
 * accounts page): a new history entry, announced as Back and Forward are, so that `useAddressMoves` reads it.
 */
export function openAddress(next: string): void {
  if (next === currentAddress()) return;
  setAddress(next, "push");
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/**
 * Calls `onMove` with the new search string when Back or Forward changes the address (popstate), so that a page
 * re-reads its place from the address. The latest `onMove` is called; the listener is added once.
 */
export function useAddressMoves(onMove: (search: string) => void): void {
  const latest = useRef(onMove);
  useLayoutEffect(() => {
    latest.current = onMove;
  });
  useEffect(() => {
    const listener = () => latest.current(location.search);
    window.addEventListener("popstate", listener);
    return () => window.removeEventListener("popstate", listener);
  }, []);
}
