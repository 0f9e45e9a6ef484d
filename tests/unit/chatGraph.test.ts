import { describe, expect, it } from "vitest";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { FakeListChatModel, FakeStreamingChatModel } from "@langchain/core/utils/testing";
import { END, MemorySaver } from "@langchain/langgraph";
import { CutStreamChatModel, HangingChatModel, RecordingChatModel } from "../support/fakeModels";
import { graphWithCheckpointer } from "../../graphs/chat/graph";
import { startTurn } from "../../graphs/chat/state";
import { graph, returnToFailedNodes, routeAfterAnnotate, routeAfterAnswer } from "../../graphs/chat/graph";
import type { GraphEvent } from "../../graphs/chat/config";
import { ModelRegistry, type ChatModelOptions } from "../../server/models/registry";
import { fixedRetriever, testConfig } from "../support/fixtures";

/** A registry whose chat models are the given fakes (other ids fall through to the real registry). */
class FakeRegistry extends ModelRegistry {
  constructor(private readonly fakes: Record<string, BaseChatModel>) {
    super(testConfig());
  }
  override chatModel(id: string, options?: ChatModelOptions): BaseChatModel {
    return this.fakes[id] ?? super.chatModel(id, options);
  }
}

async function runGraph(
  registry: ModelRegistry,
  answerChain: string[],
  question = "Ce se spune despre pensiile speciale?",
) {
  const custom: GraphEvent[] = [];
  const tokens: string[] = [];
  const stream = await graph.stream(
    { question },
    {
      configurable: {
        retriever: fixedRetriever(),
        registry,
        answerChain,
        annotateChain: ["offline:lexicon"],
        topK: 3,
      },
      streamMode: ["custom", "values"],
    },
  );
  let final: Record<string, unknown> = {};
  for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
    if (mode === "custom") {
      const event = chunk as GraphEvent;
      // Tokens are custom events, as runTurn reads them; the other events are kept for the assertions.
      if (event.type === "token") tokens.push(event.text);
      else custom.push(event);
    }
    if (mode === "values") final = chunk as Record<string, unknown>;
  }
  return { custom, tokens, final };
}

describe("chat graph", () => {
  it("runs retrieve, then annotate beside answer, streaming the answer tokens from the answer node", async () => {
    const registry = new FakeRegistry({
      "fake:a": new FakeListChatModel({ responses: ["Pensiile speciale au crescut [1]."] }),
    });
    const { custom, tokens, final } = await runGraph(registry, ["fake:a"]);
    const steps = custom.filter((e) => e.type === "step").map((e) => `${e.step}:${e.status}`);
    expect(steps.slice(0, 2)).toEqual(["retrieve:start", "retrieve:end"]);
    expect([...steps.slice(2)].sort()).toEqual([
      "annotate:end",
      "annotate:start",
      "answer:end",
      "answer:start",
    ]);
    // The answer does not wait for the annotations: its model is called before annotate starts.
    expect(steps.indexOf("answer:start")).toBeLessThan(steps.indexOf("annotate:start"));
    expect(tokens.join("")).toBe("Pensiile speciale au crescut [1].");
    expect(final.answerText).toBe("Pensiile speciale au crescut [1].");
    expect(final.answerModel).toBe("fake:a");
    // One annotation for the message and one per passage.
    const targets = custom.filter((e) => e.type === "annotation").map((e) => e.target);
    expect(targets).toEqual(["message", "p1#0", "p2#0", "p3#0"]);
  });

  it("falls back to the next model when the answering model fails, and records why", async () => {
    const registry = new FakeRegistry({
      "fake:broken": new FakeStreamingChatModel({ thrownErrorString: "boom" }),
      "fake:ok": new FakeListChatModel({ responses: ["Răspuns de rezervă [2]."] }),
    });
    const { custom, final } = await runGraph(registry, ["fake:broken", "fake:ok"]);
    const steps = custom.filter((e) => e.type === "step").map((e) => `${e.step}:${e.status}`);
    expect(steps).toContain("answer:error");
    expect(steps.indexOf("fallback:start")).toBeGreaterThan(steps.indexOf("answer:error"));
    expect(final.answerText).toBe("Răspuns de rezervă [2].");
    expect(final.answerModel).toBe("fake:ok");
    expect(final.fallbacks).toEqual([expect.objectContaining({ model: "fake:broken", node: "answer" })]);
  });

  it("ends in the offline extractive model, which cites the passages", async () => {
    const registry = new FakeRegistry({
      "fake:broken": new FakeStreamingChatModel({ thrownErrorString: "down" }),
    });
    const { final } = await runGraph(registry, ["fake:broken", "offline:extractive"]);
    expect(final.answerModel).toBe("offline:extractive");
    expect(String(final.answerText)).toMatch(/\[[123]\]/);
    expect(String(final.answerText)).toMatch(/extractiv/i);
  });

  it("fails with chain:exhausted when every model of the chain fails", async () => {
    const registry = new FakeRegistry({
      "fake:broken": new FakeStreamingChatModel({ thrownErrorString: "down" }),
    });
    await expect(runGraph(registry, ["fake:broken"])).rejects.toMatchObject({ code: "chain:exhausted" });
  });

  it("replaces a partial answer when the stream is cut: the final answer is the retry's only", async () => {
    const registry = new FakeRegistry({
      "fake:cut": new CutStreamChatModel(["Început ", "de ", "răspuns "]),
      "fake:ok": new FakeListChatModel({ responses: ["Răspunsul complet [1]."] }),
    });
    const { custom, tokens, final } = await runGraph(registry, ["fake:cut", "fake:ok"]);
    expect(tokens.join("")).toContain("Început de răspuns");
    expect(final.answerText).toBe("Răspunsul complet [1].");
    expect(final.fallbacks).toEqual([
      expect.objectContaining({ model: "fake:cut", reason: "provider:server_error" }),
    ]);
    expect(custom.some((e) => e.type === "step" && e.step === "fallback" && e.status === "start")).toBe(true);
  });

  it("abandons a model that sends no first token within the bound", async () => {
    const registry = new FakeRegistry({
      "fake:hang": new HangingChatModel({}),
      "fake:ok": new FakeListChatModel({ responses: ["Gata [1]."] }),
    });
    const started = Date.now();
    const stream = await graph.stream(
      { question: "pensii" },
      {
        configurable: {
          retriever: fixedRetriever(),
          registry,
          answerChain: ["fake:hang", "fake:ok"],
          annotateChain: ["offline:lexicon"],
          firstTokenTimeoutMs: 150,
        },
        streamMode: "values",
      },
    );
    let final: Record<string, unknown> = {};
    for await (const v of stream) final = v as Record<string, unknown>;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(final.answerText).toBe("Gata [1].");
    expect(final.fallbacks).toEqual([
      expect.objectContaining({ model: "fake:hang", reason: "provider:first_token_timeout" }),
    ]);
  });

  it("with a checkpointer, remembers the conversation of a thread and starts every turn afresh", async () => {
    const recorder = new RecordingChatModel("Răspuns [1].");
    const registry = new FakeRegistry({
      "fake:broken": new FakeStreamingChatModel({ thrownErrorString: "down" }),
      "fake:rec": recorder,
    });
    const checkpointed = graphWithCheckpointer(new MemorySaver());
    const turn = async (question: string, thread: string) => {
      let final: Record<string, unknown> = {};
      const stream = await checkpointed.stream(startTurn(question), {
        configurable: {
          thread_id: thread,
          retriever: fixedRetriever(),
          registry,
          answerChain: ["fake:broken", "fake:rec"],
          annotateChain: ["offline:lexicon"],
        },
        streamMode: "values",
      });
      for await (const v of stream) final = v as Record<string, unknown>;
      return final;
    };
    const first = await turn("Prima întrebare despre pensii", "t1");
    expect(first.fallbacks).toHaveLength(1);
    const second = await turn("A doua întrebare", "t1");
    // The chain starts again at the primary, and only this turn's fallback is listed.
    expect(second.fallbacks).toHaveLength(1);
    expect(second.messages).toHaveLength(4);
    const sent = recorder.calls.at(-1)!.map((m) => m.text);
    expect(sent).toContain("Prima întrebare despre pensii");
    expect(sent).toContain("Răspuns [1].");
    // Another thread starts with an empty conversation.
    const other = await turn("Altă conversație", "t2");
    expect(other.messages).toHaveLength(2);
    expect(recorder.calls.at(-1)!.map((m) => m.text)).not.toContain("Prima întrebare despre pensii");
  });

  it("routes each node by its own failure, and the fallback back to every node that failed", () => {
    const failed = (node: "annotate" | "answer") => ({ node, model: "m", reason: "provider:error", ms: 1 });
    const state = (failures: ReturnType<typeof failed>[], resumeAt: ("annotate" | "answer")[] = []) =>
      ({ failures, resumeAt }) as never;
    expect(routeAfterAnnotate(state([]))).toBe(END);
    expect(routeAfterAnswer(state([]))).toBe(END);
    // The answer's failure does not send a finished annotation to the fallback, nor the other way round.
    expect(routeAfterAnnotate(state([failed("answer")]))).toBe(END);
    expect(routeAfterAnswer(state([failed("answer")]))).toBe("fallback");
    expect(routeAfterAnnotate(state([failed("annotate")]))).toBe("fallback");
    expect(routeAfterAnswer(state([failed("annotate")]))).toBe(END);
    expect(returnToFailedNodes(state([], ["annotate"]))).toEqual(["annotate"]);
    expect(returnToFailedNodes(state([], ["annotate", "answer"]))).toEqual(["annotate", "answer"]);
  });
});
