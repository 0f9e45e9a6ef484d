// Debian's Chromium driven by playwright-core, kept off the network; tests skip (and say so) without it.
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildClient, clientNeedsBuild } from "../../server/prestart";
import { CLIENT_DIR, startTestServer, type TestServer, type TestServerOptions } from "./server";

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

/** What the tests of a browser suite share, set by the beforeAll that browserSuite registers. */
export interface BrowserSuite {
  readonly server: TestServer;
  readonly browser: Browser;
}

export interface BrowserSuiteOptions {
  /**
   * The server's environment. A function is called when the server starts, so it may name a fake provider that a
   * beforeAll registered before browserSuite started.
   */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Makes the server's temp dir; a copy of the shipped corpus by default. */
  dir?: () => string;
  /** startTestServer's other options; the built client is always served. */
  server?: Omit<TestServerOptions, "clientDir">;
}

/**
 * Registers, in the calling describe, a beforeAll that starts a test server serving the built client and launches
 * Chromium, and an afterAll that closes them (the browser first). With vitest's default "stack" order, hooks the
 * file registers after this call run after the start and before the close, so they may use the handle.
 */
export function browserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const env = typeof options.env === "function" ? options.env() : options.env;
    server = await startTestServer(env, options.dir?.(), { ...options.server, clientDir: CLIENT_DIR });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server)
        throw new Error("browserSuite: no server (used before its beforeAll, or it failed to start)");
      return server;
    },
    get browser() {
      if (!browser)
        throw new Error("browserSuite: no browser (used before its beforeAll, or it failed to start)");
      return browser;
    },
  };
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

/** The words of a text, without citation numbers and Markdown marks: what a reader sees, in order. */
export function readableWords(text: string): string[] {
  return text
    .replace(/\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\]/g, " ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !/^\d+$/.test(w));
}
