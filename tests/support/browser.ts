// Debian's Chromium driven by playwright-core, kept off the network; tests skip (and say so) without it.
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { buildClient, clientNeedsBuild } from "../../server/prestart";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  process.stderr.write(`SKIPPED browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium)\n`);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-default-apps",
      "--disable-extensions",
    ],
  });
}

/** Builds client/dist when it is missing or stale, so browser tests test the current sources. */
export async function ensureClientBuilt(): Promise<void> {
  if (clientNeedsBuild()) await buildClient();
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions and console errors of the page: a test can assert there were none. */
  errors: string[];
}

/** A page in its own context (own localStorage), Romanian by default, recording the page's errors. */
export async function openPage(
  browser: Browser,
  url: string,
  options: { viewport?: { width: number; height: number }; colorScheme?: "light" | "dark" } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? "light",
    locale: "ro-RO",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  await page.goto(url);
  return { page, context, errors };
}

/**
 * Checks exactly these models on the compare form. The form opens with the configured models checked (the main model
 * and its fallback, or the offline default): this waits for them, unchecks them, then checks the test's own.
 */
export async function chooseCompareModels(page: Page, models: readonly string[]): Promise<void> {
  const checked = page.locator('[data-testid="compare-model"]:checked');
  await checked.first().waitFor({ timeout: 10_000 });
  const box = (model: string) => page.locator(`[data-testid="compare-model"][value="${model}"]`);
  const preselected = await checked.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
  for (const model of preselected) await box(model).uncheck();
  for (const model of models) await box(model).check();
}

/** The words of a text, without citation numbers and Markdown marks: what a reader sees, in order. */
export function readableWords(text: string): string[] {
  return text
    .replace(/\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\]/g, " ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !/^\d+$/.test(w));
}

/** The data-testid of the element holding the focus now; null on the page's body or an element without one. */
export const focusedTestId = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);

/** Where an element is in the window (its client rectangle), with the window's size. */
export const windowBox = (
  locator: Locator,
): Promise<{ top: number; bottom: number; left: number; right: number; width: number; height: number }> =>
  locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return {
      top: box.top,
      bottom: box.bottom,
      left: box.left,
      right: box.right,
      width: window.innerWidth,
      height: window.innerHeight,
    };
  });

/** The corpus result (its data-id) holding the focus, or null when the focus is elsewhere. */
export const focusedCorpusResult = (page: Page): Promise<string | null> =>
  page.evaluate(
    () => document.activeElement?.closest("[data-testid=corpus-result]")?.getAttribute("data-id") ?? null,
  );
