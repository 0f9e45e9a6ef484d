import { afterEach, describe, expect, it, vi } from "vitest";
import { LATE, abortError, linkedAbort, settleWithin, untilAborted } from "../../contract/abort";

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

  it("follows the first of several parents to abort, with its reason", () => {
    const stop = new AbortController();
    const run = new AbortController();
    const linked = linkedAbort([stop.signal, run.signal]);
    expect(linked.signal.aborted).toBe(false);
    run.abort("sibling failed");
    stop.abort("stop");
    expect(linked.signal.reason).toBe("sibling failed");
    expect(linkedAbort([new AbortController().signal, AbortSignal.abort("gone")]).signal.reason).toBe("gone");
  });

  it("released, follows none of its parents", () => {
    const stop = new AbortController();
    const run = new AbortController();
    const linked = linkedAbort([stop.signal, run.signal]);
    linked.release();
    stop.abort("late");
    run.abort("late");
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

describe("abortError", () => {
  it("is the signal's reason when that is an error", () => {
    const reason = new Error("stopped by the user");
    expect(abortError(AbortSignal.abort(reason))).toBe(reason);
  });

  it("is an AbortError with the reason's text, or the text given for a reason that says nothing", () => {
    const said = abortError(AbortSignal.abort("stop"));
    expect([said.name, said.message]).toEqual(["AbortError", "stop"]);
    const silent = abortError(AbortSignal.abort(42), "The turn was stopped.");
    expect([silent.name, silent.message]).toEqual(["AbortError", "The turn was stopped."]);
  });
});

describe("untilAborted", () => {
  it("gives the work's value, or its rejection, while the signal stays quiet", async () => {
    const controller = new AbortController();
    await expect(untilAborted(controller.signal, Promise.resolve("passages"))).resolves.toBe("passages");
    await expect(untilAborted(controller.signal, Promise.reject(new Error("index missing")))).rejects.toThrow(
      "index missing",
    );
  });

  it("rejects as soon as the signal fires, without waiting for the work", async () => {
    const controller = new AbortController();
    const never = new Promise<string>(() => undefined);
    const raced = untilAborted(controller.signal, never, "The turn was stopped.");
    controller.abort(7);
    await expect(raced).rejects.toMatchObject({ name: "AbortError", message: "The turn was stopped." });
  });

  it("rejects at once under a signal already aborted, the work's own failure caught (no unhandled rejection)", async () => {
    const work = Promise.reject(new Error("late failure"));
    await expect(untilAborted(AbortSignal.abort(new Error("stopped")), work)).rejects.toThrow("stopped");
  });

  it("is the work itself without a signal", () => {
    const work = Promise.resolve(1);
    expect(untilAborted(undefined, work)).toBe(work);
  });
});

describe("settleWithin", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("gives the work's value when it settles in time, and clears its timer", async () => {
    vi.useFakeTimers();
    await expect(settleWithin(Promise.resolve("ok"), 100)).resolves.toBe("ok");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("passes the work's rejection on", async () => {
    await expect(settleWithin(Promise.reject(new Error("down")), 100)).rejects.toThrow("down");
  });

  it("gives LATE for work that does not settle within the time", async () => {
    vi.useFakeTimers();
    const settled = settleWithin(new Promise<string>(() => undefined), 100);
    await vi.advanceTimersByTimeAsync(100);
    await expect(settled).resolves.toBe(LATE);
  });
});
