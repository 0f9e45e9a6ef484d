// The browser tests' shared set-up: a test server serving the built client and Chromium, started in a beforeAll and
// closed in an afterAll of the calling describe. Apart from ./browser.ts, which the run's global set-up imports
// (hasChromium, ensureClientBuilt), so that the global set-up does not load the server.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser";
import { CLIENT_DIR, startTestServer, type TestServer, type TestServerOptions } from "./server";

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
