// The chat graph with scripted models: the wiring (annotate beside answer), each branch walking its own chain, the
// visible fallback, and the conversation kept by a checkpointer.
import { describe, expect, it } from "vitest";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { FakeListChatModel, FakeStreamingChatModel } from "@langchain/core/utils/testing";
import { MemorySaver } from "@langchain/langgraph";
import { CutStreamChatModel, HangingChatModel, RecordingChatModel } from "../support/fakeModels";
import { graph, graphWithCheckpointer } from "../../graphs/chat/graph";
import { startTurn } from "../../graphs/chat/state";
import type { ChatContext, ChatModels, GraphEvent } from "../../graphs/chat/config";
import { AppError } from "../../contract/errors";
import { ModelGateway } from "../../server/models/gateway";
import { annotateLexicon } from "../../server/models/offline/lexicon";
import { fixedRetriever, testConfig } from "../support/fixtures";

/** The real gateway, whose chat models are the given fakes (other ids are built as usual). */
class FakeGateway extends ModelGateway {
  constructor(
    private readonly fakes: Record<string, BaseChatModel>,
    env: Record<string, string> = {},
  ) {
    super(testConfig(env));
  }
  protected override chatModel(id: string, temperature: number): Promise<BaseChatModel> {
    const fake = this.fakes[id];
    return fake ? Promise.resolve(fake) : super.chatModel(id, temperature);
  }
}

function settings(answerChain: string[], annotateChain = ["offline:lexicon"]) {
  return { answerChain, annotateChain, temperature: 0.2, topK: 3 };
}

async function runGraph(
  models: ChatModels,
  answerChain: string[],
  options: { annotateChain?: string[]; question?: string } = {},
) {
  const custom: GraphEvent[] = [];
  const tokens: string[] = [];
  const context: ChatContext = { models, retriever: fixedRetriever() };
  const stream = await graph.stream(
    { question: options.question ?? "Ce se spune despre pensiile speciale?" },
    {
      configurable: settings(answerChain, options.annotateChain),
      context,
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
    const gateway = new FakeGateway({
      "fake:a": new FakeListChatModel({ responses: ["Pensiile speciale au crescut [1]."] }),
    });
    const { custom, tokens, final } = await runGraph(gateway, ["fake:a"]);
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
    const gateway = new FakeGateway({
      "fake:broken": new FakeStreamingChatModel({ thrownErrorString: "boom" }),
      "fake:ok": new FakeListChatModel({ responses: ["Răspuns de rezervă [2]."] }),
    });
    const { custom, final } = await runGraph(gateway, ["fake:broken", "fake:ok"]);
    const steps = custom.filter((e) => e.type === "step").map((e) => `${e.step}:${e.status}`);
    expect(steps).toContain("answer:error");
    expect(steps.indexOf("fallback:start")).toBeGreaterThan(steps.indexOf("answer:error"));
    expect(final.answerText).toBe("Răspuns de rezervă [2].");
    expect(final.answerModel).toBe("fake:ok");
    expect(final.fallbacks).toEqual([expect.objectContaining({ model: "fake:broken", node: "answer" })]);
  });

  it("ends in the offline extractive model, which cites the passages", async () => {
    const gateway = new FakeGateway({
      "fake:broken": new FakeStreamingChatModel({ thrownErrorString: "down" }),
    });
    const { final } = await runGraph(gateway, ["fake:broken", "offline:extractive"]);
    expect(final.answerModel).toBe("offline:extractive");
    expect(String(final.answerText)).toMatch(/\[[123]\]/);
    expect(String(final.answerText)).toMatch(/extractiv/i);
  });

  it("fails with chain:exhausted when every model of the chain fails", async () => {
    const gateway = new FakeGateway({
      "fake:broken": new FakeStreamingChatModel({ thrownErrorString: "down" }),
    });
    await expect(runGraph(gateway, ["fake:broken"])).rejects.toMatchObject({ code: "chain:exhausted" });
  });

  it("replaces a partial answer when the stream is cut: the final answer is the retry's only", async () => {
    const gateway = new FakeGateway({
      "fake:cut": new CutStreamChatModel(["Început ", "de ", "răspuns "]),
      "fake:ok": new FakeListChatModel({ responses: ["Răspunsul complet [1]."] }),
    });
    const { custom, tokens, final } = await runGraph(gateway, ["fake:cut", "fake:ok"]);
    expect(tokens.join("")).toContain("Început de răspuns");
    expect(final.answerText).toBe("Răspunsul complet [1].");
    expect(final.fallbacks).toEqual([
      expect.objectContaining({ model: "fake:cut", reason: "provider:server_error" }),
    ]);
    expect(custom.some((e) => e.type === "step" && e.step === "fallback" && e.status === "start")).toBe(true);
  });

  it("abandons a model that sends no first token within the bound", async () => {
    const gateway = new FakeGateway(
      {
        "fake:hang": new HangingChatModel({}),
        "fake:ok": new FakeListChatModel({ responses: ["Gata [1]."] }),
      },
      { FIRST_TOKEN_TIMEOUT_MS: "150" },
    );
    const started = Date.now();
    const { final } = await runGraph(gateway, ["fake:hang", "fake:ok"], { question: "pensii" });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(final.answerText).toBe("Gata [1].");
    expect(final.fallbacks).toEqual([
      expect.objectContaining({ model: "fake:hang", reason: "provider:first_token_timeout" }),
    ]);
  });

  it("with a checkpointer, remembers the conversation of a thread and starts every turn afresh", async () => {
    const recorder = new RecordingChatModel("Răspuns [1].");
    const gateway = new FakeGateway({
      "fake:broken": new FakeStreamingChatModel({ thrownErrorString: "down" }),
      "fake:rec": recorder,
    });
    const checkpointed = graphWithCheckpointer(new MemorySaver());
    const turn = async (question: string, thread: string) => {
      let final: Record<string, unknown> = {};
      const stream = await checkpointed.stream(startTurn(question), {
        configurable: { thread_id: thread, ...settings(["fake:broken", "fake:rec"]) },
        context: { models: gateway, retriever: fixedRetriever() },
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
});

/** Scripted models, timed by the test: an answer that fails or streams, an annotation that takes its time. */
function scriptedModels(script: {
  answer: Record<string, "fail" | string>;
  annotate: Record<string, { afterMs: number; fail?: boolean }>;
}): ChatModels & { log: string[] } {
  const log: string[] = [];
  const t0 = performance.now();
  const at = (what: string) => log.push(`${what}@${Math.round(performance.now() - t0)}`);
  return {
    log,
    async streamAnswer(model, _messages, { onToken }) {
      const reply = script.answer[model];
      if (reply === undefined || reply === "fail") {
        at(`answer-fail:${model}`);
        throw new AppError("provider:server_error");
      }
      at(`token:${model}`);
      onToken(reply);
      return { text: reply };
    },
    async annotate(model, texts, { signal }) {
      const plan = script.annotate[model] ?? { afterMs: 0 };
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, plan.afterMs);
        signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
      if (plan.fail) {
        at(`annotate-fail:${model}`);
        throw new AppError("provider:timeout");
      }
      at(`annotated:${model}`);
      return { annotations: texts.map((t) => annotateLexicon(t)) };
    },
  };
}

function timeOf(log: string[], what: string): number {
  const entry = log.find((l) => l.startsWith(`${what}@`));
  if (!entry) throw new Error(`${what} never happened: ${log.join(", ")}`);
  return Number(entry.split("@")[1]);
}

describe("each branch walks its own chain", () => {
  it("a failed answer goes to its next model at once, while the annotation is still being made", async () => {
    const models = scriptedModels({
      answer: { "m:primary": "fail", "m:fallback": "Răspunsul rezervei [1]." },
      annotate: { "m:slow": { afterMs: 400 } },
    });
    const { custom, tokens, final } = await runGraph(models, ["m:primary", "m:fallback"], {
      annotateChain: ["m:slow", "offline:lexicon"],
    });
    expect(tokens.join("")).toBe("Răspunsul rezervei [1].");
    // The fallback's token came long before the slow annotation finished.
    expect(timeOf(models.log, "token:m:fallback")).toBeLessThan(100);
    expect(timeOf(models.log, "annotated:m:slow")).toBeGreaterThanOrEqual(390);
    const fallbackStep = custom.find(
      (e) => e.type === "step" && e.step === "fallback" && e.status === "start",
    );
    expect(fallbackStep).toMatchObject({ node: "answer", failure: { model: "m:primary", node: "answer" } });
    expect(final.fallbacks).toEqual([expect.objectContaining({ node: "answer", model: "m:primary" })]);
    expect((final.messageAnnotation as { model: string }).model).toBe("m:slow");
  });

  it("a failed annotator goes to its next model while the answer streams, and leaves the answer alone", async () => {
    const models = scriptedModels({
      answer: { "m:primary": "Răspunsul principal [1]." },
      annotate: { "m:hung": { afterMs: 200, fail: true } },
    });
    const { custom, final } = await runGraph(models, ["m:primary"], {
      annotateChain: ["m:hung", "offline:lexicon"],
    });
    expect(final.answerText).toBe("Răspunsul principal [1].");
    expect(final.answerModel).toBe("m:primary");
    expect((final.messageAnnotation as { model: string }).model).toBe("offline:lexicon");
    expect(final.fallbacks).toEqual([
      expect.objectContaining({ node: "annotate", model: "m:hung", reason: "provider:timeout" }),
    ]);
    const steps = custom.filter((e) => e.type === "step").map((e) => `${e.step}:${e.status}`);
    // The answer had finished before the annotator failed; the fallback belongs to annotate.
    expect(steps.indexOf("answer:end")).toBeLessThan(steps.indexOf("fallback:start"));
    expect(custom.find((e) => e.type === "step" && e.step === "fallback")).toMatchObject({
      node: "annotate",
    });
  });

  it("both branches fail side by side: each records its own fallback, in the run's state", async () => {
    const models = scriptedModels({
      answer: { "m:b": "Gata [1]." },
      annotate: { "m:a": { afterMs: 50, fail: true } },
    });
    const { final } = await runGraph(models, ["m:a", "m:b"], { annotateChain: ["m:a", "offline:lexicon"] });
    const fallbacks = final.fallbacks as { node: string }[];
    expect(fallbacks.map((f) => f.node).sort()).toEqual(["annotate", "answer"]);
  });
});
