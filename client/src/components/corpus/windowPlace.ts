// The reader's place on the corpus page when its layout changes under them: the list of documents narrows when a
// document opens beside it and widens when it closes, which would move the result they were reading.

/** The nearest ancestor whose content scrolls (the page's layout), or the document's scrolling element. */
function scrollerOf(el: Element): Element {
  for (let box = el.parentElement; box; box = box.parentElement) {
    const overflow = getComputedStyle(box).overflowY;
    if (overflow === "auto" || overflow === "scroll") return box;
  }
  return document.scrollingElement ?? document.documentElement;
}

/** Scrolls, at once, so that the element's top is back where it was in the window (`top`, measured before). */
export function keepInWindow(el: Element, top: number): void {
  const moved = el.getBoundingClientRect().top - top;
  if (Math.abs(moved) >= 1) scrollerOf(el).scrollBy({ top: moved, behavior: "instant" });
}

/**
 * Scrolls back just enough for the element's top to be in the window: a pane that keeps to the list beside it is
 * pushed up when the list ends in the window (a result near its end opened it).
 */
export function revealTop(el: Element, margin = 8): void {
  const scroller = scrollerOf(el);
  const windowTop = scroller === document.scrollingElement ? 0 : scroller.getBoundingClientRect().top;
  const hidden = windowTop + margin - el.getBoundingClientRect().top;
  if (hidden > 0) scroller.scrollBy({ top: -hidden, behavior: "instant" });
}
