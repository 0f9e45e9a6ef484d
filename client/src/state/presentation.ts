// Presentation mode, for showing the app to a room on a projector: every text and control larger (the page's sizes
// are in rem, so one root font size scales them), the thread list folded away. Kept per tab in sessionStorage, so
// the projector's tab stays in it through a reload while the presenter's own tab does not. No React.
import { safeStorage } from "../i18n";

/** The text sizes offered, in percent of the normal size; a step of A+ / A− moves one place. */
export const PRESENT_SCALES = [125, 150, 175, 200] as const;
export type PresentScale = (typeof PRESENT_SCALES)[number];
/** What a room at the back of a classroom reads comfortably on a 1280-pixel projector. */
export const DEFAULT_PRESENT_SCALE: PresentScale = 150;

export interface Presentation {
  on: boolean;
  scale: PresentScale;
}

const KEY = "echochamber.presentation";

type PresentationStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

function isScale(value: number): value is PresentScale {
  return (PRESENT_SCALES as readonly number[]).includes(value);
}

/** The tab's presentation state: `"150"` means on at 150%, anything else (or nothing) off. */
export function loadPresentation(
  storage: PresentationStorage | undefined = safeStorage("session"),
): Presentation {
  const scale = Number(storage?.getItem(KEY));
  return isScale(scale) ? { on: true, scale } : { on: false, scale: DEFAULT_PRESENT_SCALE };
}

export function savePresentation(
  presentation: Presentation,
  storage: PresentationStorage | undefined = safeStorage("session"),
): void {
  try {
    if (presentation.on) storage?.setItem(KEY, String(presentation.scale));
    else storage?.removeItem(KEY);
  } catch {
    // A full or refused storage only means a reload leaves presentation mode; the page still shows it now.
  }
}

/** The next size up or down; the ends stay where they are. */
export function stepScale(scale: PresentScale, direction: 1 | -1): PresentScale {
  const index = PRESENT_SCALES.indexOf(scale) + direction;
  return PRESENT_SCALES[Math.min(PRESENT_SCALES.length - 1, Math.max(0, index))];
}

/** Sets the root's size and a `data-present` attribute that the styles key on (or removes both). */
export function applyPresentation(
  presentation: Presentation,
  root: HTMLElement = document.documentElement,
): void {
  if (presentation.on) {
    root.dataset.present = String(presentation.scale);
    root.style.fontSize = `${presentation.scale}%`;
  } else {
    delete root.dataset.present;
    root.style.removeProperty("font-size");
  }
}
