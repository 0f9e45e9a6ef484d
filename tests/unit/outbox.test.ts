import { describe, expect, it } from "vitest";
import { createTurnOutbox, type EventTarget } from "../../server/chat/outbox";

/** An outbox whose sends are recorded and whose scheduled flush runs only when the test says so. */
function harness() {
  const sent: string[] = [];
  const target = {
    emit: (event: string, payload: { text?: string; step?: string; status?: string }) => {
      sent.push(
        event === "chat:token"
          ? `token:${payload.text}`
          : event === "chat:step"
            ? `step:${payload.step}:${payload.status}`
            : event,
      );
      return true;
    },
  } as unknown as EventTarget;
  let pending: (() => void) | undefined;
  const outbox = createTurnOutbox("m1", target, (run) => {
    pending = run;
  });
  const tick = () => {
    const run = pending;
    pending = undefined;
    run?.();
  };
  const step = (step: "retrieve" | "answer", status: "start" | "end") =>
    outbox.step({ messageId: "m1", step, status });
  const token = (text: string) => outbox.token({ messageId: "m1", text });
  return { sent, outbox, tick, step, token };
}

describe("the turn's outbox", () => {
  it("holds steps, sources and annotations until the event loop's next turn, in order", () => {
    const { sent, outbox, tick, step } = harness();
    step("retrieve", "start");
    outbox.sources({ messageId: "m1", sources: [] });
    step("retrieve", "end");
    expect(sent).toEqual([]);
    tick();
    expect(sent).toEqual(["step:retrieve:start", "chat:sources", "step:retrieve:end"]);
  });

  it("sends a token at once, after what was queued before it", () => {
    const { sent, step, token } = harness();
    step("answer", "start");
    token("Primul");
    expect(sent).toEqual(["step:answer:start", "token:Primul"]);
  });

  it("joins the tokens that follow within the same turn of the event loop into one packet", () => {
    const { sent, tick, token } = harness();
    token("Unu");
    token(" doi");
    token(" trei");
    expect(sent).toEqual(["token:Unu"]);
    tick();
    expect(sent).toEqual(["token:Unu", "token: doi trei"]);
    // The next token after the flush leaves at once again.
    token(" patru");
    expect(sent.at(-1)).toBe("token: patru");
  });

  it("sends a failed step at once, after everything made before it", () => {
    const { sent, outbox, step, token } = harness();
    step("answer", "start");
    token("parțial");
    token(" tăiat");
    outbox.step({ messageId: "m1", step: "answer", status: "error", detail: "provider:network" });
    expect(sent).toEqual(["step:answer:start", "token:parțial", "token: tăiat", "step:answer:error"]);
  });

  it("keeps waiting text before an event that comes after it, and flush sends everything", () => {
    const { sent, outbox, step, token } = harness();
    token("a");
    token("b");
    step("answer", "end");
    token("c");
    expect(sent).toEqual(["token:a"]);
    outbox.flush();
    expect(sent).toEqual(["token:a", "token:b", "step:answer:end", "token:c"]);
  });
});
