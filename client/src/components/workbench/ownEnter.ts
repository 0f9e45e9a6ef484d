// Enter on a button of the review card presses that button: the card's own Enter (save the row, or ask about the
// empty fields; ReviewView's keys on the window) must not take it, nor cancel the button's click.
import type { KeyboardEvent } from "react";

export const ownEnter = (e: KeyboardEvent<HTMLElement>) => {
  if (e.key === "Enter") e.stopPropagation();
};
