// What one tab tells the others, over a real BroadcastChannel (Node has the browser's): delivered to the other tabs
// and not back to the sender, checked on arrival (what another version of the app says is ignored), and stopped.
import { afterEach, describe, expect, it, vi } from "vitest";
import { listenToOtherTabs, tellOtherTabs, type TabNews } from "../../client/src/state/tabNews";

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
