// What one tab tells the other tabs of the same browser: a thread's turn began or ended, the thread list changed.
// A person with the same thread open in two tabs (or the presenter's laptop beside the projector's tab) then sees a
// turn asked in the other tab without a reload. Over a BroadcastChannel, which only reaches the same origin in the
// same browser profile; another browser or another person is not told (the server keeps nobody else's threads in
// view). No React.
import { z } from "zod";

const CHANNEL = "echochamber.tabs";

const TabNewsSchema = z.discriminatedUnion("type", [
  /** A turn of this thread was accepted or has ended (answered, stopped or failed): its stored copy changed. */
  z.object({ type: z.literal("turn"), threadId: z.string().min(1).max(100) }),
  /** A thread was renamed or deleted (`removed`: its id). */
  z.object({ type: z.literal("threads"), removed: z.string().min(1).max(100).optional() }),
]);
export type TabNews = z.infer<typeof TabNewsSchema>;

/** The part of a BroadcastChannel used here, so that tests can pass a pair of their own. */
export interface NewsChannel {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

let shared: NewsChannel | null | undefined;

/** The browser's channel, opened once; null where there is none (an old browser, some embedded views). */
function sharedChannel(): NewsChannel | null {
  if (shared === undefined) {
    const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
    // Node's channel (rendered tests) would keep the process alive; a browser's has no such method.
    (channel as { unref?: () => void } | null)?.unref?.();
    shared = channel;
  }
  return shared;
}

/** Tells the other tabs (never this one: a channel does not deliver to its own sender). */
export function tellOtherTabs(news: TabNews, channel: NewsChannel | null = sharedChannel()): void {
  try {
    channel?.postMessage(news);
  } catch (err) {
    // A closed channel (the page is being unloaded) has nobody left to tell.
    console.warn("could not tell the other tabs", err);
  }
}

/**
 * What news from another tab means for the thread shown here: "deleted" (the other tab deleted it: say so, there is
 * nothing to read again), "changed" (a turn began or ended there: read it again), or null (another thread's news).
 */
export function newsForThread(news: TabNews, threadId: string | undefined): "deleted" | "changed" | null {
  if (!threadId) return null;
  if (news.type === "threads") return news.removed === threadId ? "deleted" : null;
  return news.threadId === threadId ? "changed" : null;
}

/** Calls `onNews` with each valid message from another tab; returns the function that stops listening. */
export function listenToOtherTabs(
  onNews: (news: TabNews) => void,
  channel: NewsChannel | null = sharedChannel(),
): () => void {
  if (!channel) return () => {};
  const listener = (event: MessageEvent) => {
    // Another version of the app in another tab (before a reload) may say something this one does not know.
    const parsed = TabNewsSchema.safeParse(event.data);
    if (parsed.success) onNews(parsed.data);
  };
  channel.addEventListener("message", listener);
  return () => channel.removeEventListener("message", listener);
}
