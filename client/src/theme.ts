// Light/dark theme: the operating system's preference until the user picks one, which is then remembered.
// The CSS follows prefers-color-scheme by itself; an explicit choice sets data-theme on <html>.
import { safeStorage } from "./i18n";

export type Theme = "light" | "dark";

const STORAGE_KEY = "echochamber.theme";

export function savedTheme(): Theme | undefined {
  const saved = safeStorage()?.getItem(STORAGE_KEY);
  return saved === "light" || saved === "dark" ? saved : undefined;
}

/** The theme in effect: the saved choice, else the system's. */
export function loadTheme(): Theme {
  const prefersDark = typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
  return savedTheme() ?? (prefersDark ? "dark" : "light");
}

/** Applies a theme to the page; `remember` keeps it for the next visit. */
export function applyTheme(theme: Theme, remember = true): void {
  document.documentElement.dataset.theme = theme;
  if (!remember) return;
  try {
    safeStorage()?.setItem(STORAGE_KEY, theme);
  } catch (err) {
    console.warn("could not save the theme", err);
  }
}
