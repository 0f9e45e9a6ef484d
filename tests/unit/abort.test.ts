import { describe, expect, it } from "vitest";
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
});
