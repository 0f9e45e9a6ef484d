// The answer recorder: an answer is saved as it streams, coalesced (not a write per token), the fallback's discarded
// text is not kept, the end is always the last write, and a failed save does not stop the turn.
import { describe, expect, it } from "vitest";
import { createAnswerRecorder, teeSink } from "../../server/chat/answerRecorder";
import type { StoredMessage } from "../../contract/threads";
import type { Annotation } from "../../contract/annotation";

const START: StoredMessage = {
  id: "a1",
  threadId: "t1",
  role: "assistant",
  text: "",
  createdAt: "2099-01-01T00:00:00.000Z",
  status: "streaming",
  codebookVersion: "1.1.0",
};

const LABELS: Annotation = {
  ton: "neutru",
  populism: false,
  anti_elitism: false,
  popor_central: false,
  tema: "pensii",
  tinta: null,
  incredere: 0.5,
  justificare: "Test.",
};

/** A recorder whose saves are recorded and whose timer fires only when the test says so. */
function harness(options: { maxPendingChars?: number; failing?: boolean } = {}) {
  const saves: StoredMessage[] = [];
  const errors: unknown[] = [];
  let timer: (() => void) | null = null;
  const recorder = createAnswerRecorder(
    {
      saveMessage: async (m) => {
        if (options.failing) throw new Error("disk full");
        saves.push(m);
      },
    },
    START,
    {
      maxPendingChars: options.maxPendingChars ?? 1000,
      onError: (err) => errors.push(err),
      setTimer: (run) => {
        timer = run;
        return run;
      },
      clearTimer: () => {
        timer = null;
      },
    },
  );
  const token = (text: string) => recorder.token({ messageId: "a1", text });
  const fire = async () => {
    const run = timer;
    timer = null;
    run?.();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { recorder, saves, errors, token, fire, timerSet: () => timer !== null };
}

describe("the answer recorder", () => {
  it("saves a burst of tokens once, when its interval ends, not once a token", async () => {
    const { saves, token, fire, timerSet } = harness();
    for (const piece of ["Pensiile ", "speciale ", "sunt ", "discutate."]) token(piece);
    expect(saves).toHaveLength(0);
    expect(timerSet()).toBe(true);
    await fire();
    expect(saves.map((m) => m.text)).toEqual(["Pensiile speciale sunt discutate."]);
    expect(saves[0]).toMatchObject({ status: "streaming", codebookVersion: "1.1.0" });
  });

  it("saves at once when much text waits, without waiting for the interval", async () => {
    const { saves, token } = harness({ maxPendingChars: 10 });
    token("12345");
    token("67890");
    await Promise.resolve();
    expect(saves.map((m) => m.text)).toEqual(["1234567890"]);
  });

  it("keeps sources and annotations, and drops a failed model's text when its fallback starts", async () => {
    const { recorder, saves, token, fire } = harness();
    recorder.sources({
      messageId: "a1",
      sources: [
        {
          id: "s1",
          docId: "d1",
          text: "Pasaj",
          score: 1,
          meta: { source: "x", date: "", platform: "", url: "" },
        },
      ],
    });
    recorder.annotation({ messageId: "a1", target: "message", annotation: LABELS, model: "offline:lexicon" });
    recorder.annotation({ messageId: "a1", target: "s1", annotation: LABELS, model: "offline:lexicon" });
    token("Text de la modelul care a căzut");
    recorder.step({ messageId: "a1", step: "fallback", status: "start" });
    token("Text nou");
    await fire();
    expect(saves.at(-1)).toMatchObject({
      text: "Text nou",
      annotation: { annotation: LABELS, model: "offline:lexicon" },
      sources: [{ id: "s1", annotation: LABELS }],
    });
  });

  it("sets a draft aside while its refinement streams, and brings it back when the refinement fails", async () => {
    const { recorder, saves, token, fire } = harness();
    token("Ciorna.");
    recorder.step({ messageId: "a1", step: "refine", status: "start" });
    token("Rafinat pe");
    await fire();
    expect(saves.at(-1)?.text).toBe("Rafinat pe");
    recorder.step({ messageId: "a1", step: "refine", status: "error" });
    await fire();
    expect(saves.at(-1)?.text).toBe("Ciorna.");
  });

  it("leaves the answer alone when the annotation's branch falls back, even mid-answer", async () => {
    const { recorder, saves, token, fire } = harness();
    token("Răspuns în curs");
    recorder.step({ messageId: "a1", step: "fallback", status: "start", node: "annotate" });
    await fire();
    expect(saves.at(-1)?.text).toBe("Răspuns în curs");
  });

  it("leaves a finished answer alone when the annotation's model falls back", async () => {
    const { recorder, saves, token, fire } = harness();
    token("Răspuns complet.");
    recorder.step({ messageId: "a1", step: "answer", status: "end" });
    recorder.step({ messageId: "a1", step: "fallback", status: "start" });
    await fire();
    expect(saves.at(-1)?.text).toBe("Răspuns complet.");
  });

  it("writes the end last, and nothing after it", async () => {
    const { recorder, saves, token, fire } = harness();
    token("Parțial");
    await recorder.finish({ text: "Final.", status: "done" });
    token(" târziu");
    await fire();
    expect(saves.map((m) => [m.text, m.status])).toEqual([["Final.", "done"]]);
  });

  it("reports a failed save and goes on", async () => {
    const { recorder, errors, token, fire } = harness({ failing: true });
    token("Ceva");
    await fire();
    await expect(recorder.finish({ status: "done" })).resolves.toBeUndefined();
    expect(errors).toHaveLength(2);
    expect(recorder.current()).toMatchObject({ text: "Ceva", status: "done" });
  });
});

describe("teeSink", () => {
  it("gives every event to each sink, in order", () => {
    const seen: string[] = [];
    const sink = (name: string) => ({
      step: () => seen.push(`${name}:step`),
      sources: () => seen.push(`${name}:sources`),
      annotation: () => seen.push(`${name}:annotation`),
      token: () => seen.push(`${name}:token`),
    });
    const tee = teeSink(sink("a"), sink("b"));
    tee.token({ messageId: "m", text: "x" });
    tee.step({ messageId: "m", step: "retrieve", status: "start" });
    expect(seen).toEqual(["a:token", "b:token", "a:step", "b:step"]);
  });
});
