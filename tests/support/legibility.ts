// How readable a page's small print is, as a browser test measures it: the smallest text size among the elements a
// selector finds (against the body's), and the lowest contrast of their text against what is painted behind them.
import type { Page } from "playwright-core";

export interface Legibility {
  /** How many elements with text the selector found. */
  count: number;
  /** The smallest font size among them, as a share of the body's. */
  minSizeRatio: number;
  /** The lowest WCAG contrast ratio of their text colour against the first opaque background behind them. */
  minContrast: number;
}

export async function legibility(page: Page, selector: string): Promise<Legibility> {
  return page.evaluate((sel) => {
    const rgb = (c: string): number[] | undefined => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return undefined;
      const parts = m[1]!
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      if (parts.length > 3 && parts[3] === 0) return undefined;
      return parts.slice(0, 3);
    };
    const luminance = ([r, g, b]: number[]) => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c) return c;
      }
      return [255, 255, 255];
    };
    const body = parseFloat(getComputedStyle(document.body).fontSize);
    let count = 0;
    let minSizeRatio = Infinity;
    let minContrast = Infinity;
    for (const el of document.querySelectorAll(sel)) {
      if (!el.textContent?.trim() || el.getClientRects().length === 0) continue;
      count++;
      const style = getComputedStyle(el);
      minSizeRatio = Math.min(minSizeRatio, parseFloat(style.fontSize) / body);
      const fg = luminance(rgb(style.color) ?? [0, 0, 0]);
      const bg = luminance(background(el));
      minContrast = Math.min(minContrast, (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05));
    }
    return { count, minSizeRatio, minContrast };
  }, selector);
}
