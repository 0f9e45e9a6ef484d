import { afterEach, describe, expect, it, vi } from "vitest";
import { linkedAbort } from "../../server/abort";

describe("linkedAbort", () => {
  it("follows its parent, with the parent's reason", () => {
    const parent = new AbortController();
    const linked = linkedAbort(parent.signal);
    expect(linked.signal.aborted).toBe(false);
    parent.abort("stop");
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toBe("stop");
  });

  it("aborts on its own without touching the parent", () => {
    const parent = new AbortController();
    const linked = linkedAbort(parent.signal);
    linked.abort("deadline");
    expect(linked.signal.reason).toBe("deadline");
    expect(parent.signal.aborted).toBe(false);
  });

  it("starts aborted under an aborted parent, and works without one", () => {
    expect(linkedAbort(AbortSignal.abort("gone")).signal.reason).toBe("gone");
    const alone = linkedAbort();
    alone.abort("deadline");
    expect(alone.signal.aborted).toBe(true);
  });

  it("stops following once released, so the parent keeps no listener of finished work", () => {
    const parent = new AbortController();
    const linked = linkedAbort(parent.signal);
    linked.release();
    parent.abort("late");
    expect(linked.signal.aborted).toBe(false);
  });

  describe("with a deadline", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("aborts with the deadline's reason when it passes, and says it timed out", () => {
      vi.useFakeTimers();
      const linked = linkedAbort(new AbortController().signal, { ms: 100, reason: () => "deadline" });
      vi.advanceTimersByTime(99);
      expect(linked.signal.aborted).toBe(false);
      vi.advanceTimersByTime(1);
      expect(linked.signal.reason).toBe("deadline");
      expect(linked.timedOut).toBe(true);
    });

    it("a stop of the parent is not a timeout", () => {
      vi.useFakeTimers();
      const parent = new AbortController();
      const linked = linkedAbort(parent.signal, { ms: 100, reason: () => "deadline" });
      parent.abort("stop");
      vi.advanceTimersByTime(100);
      expect(linked.signal.reason).toBe("stop");
      expect(linked.timedOut).toBe(false);
    });

    it("is cleared on release, so finished work keeps no timer", () => {
      vi.useFakeTimers();
      const linked = linkedAbort(undefined, { ms: 100, reason: () => "deadline" });
      expect(vi.getTimerCount()).toBe(1);
      linked.release();
      expect(vi.getTimerCount()).toBe(0);
      vi.advanceTimersByTime(100);
      expect(linked.signal.aborted).toBe(false);
    });
  });
});
