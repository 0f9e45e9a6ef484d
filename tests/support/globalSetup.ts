// Runs once before the test files: builds the client for the browser tests (only where they can run).
import { ensureClientBuilt, hasChromium } from "./browser";

export default async function setup(): Promise<void> {
  if (hasChromium) await ensureClientBuilt();
}
