// Debian's Chromium driven by playwright-core, kept off the network; tests skip (and say so) without it.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
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
