// The chat asked from a page, for the browser tests that check what an answer cites (kept apart from ./browser.ts,
// which the global set-up imports outside any test).
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { StoredMessage } from "../../contract/threads";

/**
 * Asks the chat in a new thread and waits for the answer; returns its sources as the server stored them (the thread
 * read back over REST), so that a test sees which documents the answer cited.
 */
export async function askInNewThread(
  page: Page,
  serverUrl: string,
  question: string,
): Promise<StoredMessage["sources"]> {
  await page.getByTestId("nav-chat").click();
  await page.getByTestId("new-thread").click();
  await page.getByTestId("chat-input").fill(question);
  await page.getByTestId("chat-input").press("Enter");
  const answer = page.getByTestId("message-assistant").last();
  await expect.poll(() => answer.getAttribute("data-status"), { timeout: 30_000 }).toBe("done");
  const threadId = new URL(page.url()).searchParams.get("thread") ?? "";
  const { messages } = (await (await fetch(`${serverUrl}/api/threads/${threadId}`)).json()) as {
    messages: StoredMessage[];
  };
  return messages.filter((m) => m.role === "assistant").at(-1)?.sources ?? [];
}
