// What one tab tells the others, over a real BroadcastChannel (Node has the browser's): delivered to the other tabs
// and not back to the sender, checked on arrival (what another version of the app says is ignored), and stopped; and what
// it means for the thread shown (a deletion there is said as a deletion, in both languages).
import { afterEach, describe, expect, it, vi } from "vitest";
import { translate } from "../../client/src/i18n";
import { chatReducer, initialChatState } from "../../client/src/state/chat";
import {
  listenToOtherTabs,
  newsForThread,
  tellOtherTabs,
  type TabNews,
} from "../../client/src/state/tabNews";

const opened: BroadcastChannel[] = [];
function tab(): BroadcastChannel {
  const channel = new BroadcastChannel("echochamber.tabs.test");
  opened.push(channel);
  return channel;
}

/** Waits until `heard` has `count` entries, or a short while (messages cross an event-loop turn). */
async function settle(heard: unknown[], count: number): Promise<void> {
  for (let i = 0; i < 50 && heard.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 30));
}

afterEach(() => {
  for (const channel of opened.splice(0)) channel.close();
});

describe("news between tabs", () => {
  it("reaches the other tabs, not the sender", async () => {
    const sender = tab();
    const other = tab();
    const heardBySender: TabNews[] = [];
    const heardByOther: TabNews[] = [];
    listenToOtherTabs((n) => heardBySender.push(n), sender);
    listenToOtherTabs((n) => heardByOther.push(n), other);
    tellOtherTabs({ type: "turn", threadId: "t-1" }, sender);
    tellOtherTabs({ type: "threads", removed: "t-2" }, sender);
    await settle(heardByOther, 2);
    expect(heardByOther).toEqual([
      { type: "turn", threadId: "t-1" },
      { type: "threads", removed: "t-2" },
    ]);
    expect(heardBySender).toEqual([]);
  });

  it("ignores what it does not understand, and stops listening when asked", async () => {
    const sender = tab();
    const other = tab();
    const heard: TabNews[] = [];
    const stop = listenToOtherTabs((n) => heard.push(n), other);
    sender.postMessage({ type: "turn" });
    sender.postMessage({ type: "unknown", threadId: "t-1" });
    sender.postMessage("turn t-1");
    tellOtherTabs({ type: "threads" }, sender);
    await settle(heard, 1);
    expect(heard).toEqual([{ type: "threads" }]);
    stop();
    tellOtherTabs({ type: "turn", threadId: "t-3" }, sender);
    await settle(heard, 2);
    expect(heard).toHaveLength(1);
  });

  it("does nothing without a channel, and a closed one does not throw", () => {
    expect(() => tellOtherTabs({ type: "threads" }, null)).not.toThrow();
    expect(() => listenToOtherTabs(() => {}, null)()).not.toThrow();
    const closed = tab();
    closed.close();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(() => tellOtherTabs({ type: "threads" }, closed)).not.toThrow();
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});

describe("what another tab's news means for the thread shown", () => {
  it("a deletion of the thread shown is said as one; a turn there is read again; other threads are no news", () => {
    expect(newsForThread({ type: "threads", removed: "t-1" }, "t-1")).toBe("deleted");
    expect(newsForThread({ type: "turn", threadId: "t-1" }, "t-1")).toBe("changed");
    expect(newsForThread({ type: "threads", removed: "t-2" }, "t-1")).toBeNull();
    expect(newsForThread({ type: "threads" }, "t-1")).toBeNull();
    expect(newsForThread({ type: "turn", threadId: "t-2" }, "t-1")).toBeNull();
    expect(newsForThread({ type: "threads", removed: "t-1" }, undefined)).toBeNull();
  });

  it("says the deletion in the page's language, not that the thread does not exist", () => {
    const shown = chatReducer(initialChatState, { type: "thread:open", threadId: "t-1" });
    for (const [lang, text] of [
      ["ro", "Conversația a fost ștearsă în alt tab."],
      ["en", "This conversation was deleted in another tab."],
    ] as const) {
      const error = { code: "thread:deleted", message: translate(lang, "error.threadDeleted") };
      expect(chatReducer(shown, { type: "thread:missing", threadId: "t-1", error })).toEqual({
        messages: [],
        notice: { code: "thread:deleted", message: text },
      });
    }
  });
});
