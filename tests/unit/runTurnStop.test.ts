// A stopped turn ends after its graph run: the checkpoint the run writes at its end (durability "exit") is written
// when runTurn resolves, so that a thread deleted right after the stop (endThread, then the checkpointer's
// deleteThread) deletes it too, and nothing of the thread is kept.
import { describe, expect, it } from "vitest";
import { AIMessage } from "@langchain/core/messages";
import { FakeStreamingChatModel } from "@langchain/core/utils/testing";
import { MemorySaver } from "@langchain/langgraph";
import { graph } from "../../graphs/chat/graph";
import type { ChatModels } from "../../graphs/chat/config";
import { AppError } from "../../contract/errors";
import type { StepEvent } from "../../contract/protocol";
import { runTurn, type TurnSink } from "../../server/chat/runTurn";
import type { Retriever } from "../../corpus/retrieval/types";
import { ModelGateway } from "../../server/models/gateway";
import { annotateLexicon } from "../../server/models/offline/lexicon";
import { OneModelGateway } from "../support/fakeModels";
import { fixedRetriever, testConfig } from "../support/fixtures";

/** A checkpointer whose writes take their time, as a database's do under load. */
class SlowSaver extends MemorySaver {
  readonly log: string[] = [];
  override async put(...args: Parameters<MemorySaver["put"]>) {
    this.log.push("put");
    await new Promise((resolve) => setTimeout(resolve, 80));
    const written = await super.put(...args);
    this.log.push("written");
    return written;
  }
}

describe("runTurn stopped", () => {
  it("resolves once the stopped run's checkpoint is written, never before", async () => {
    const slow = new FakeStreamingChatModel({
      sleep: 30,
      responses: [
        new AIMessage("Un răspuns lung, scris încet, literă cu literă, până când cineva îl oprește."),
      ],
    });
    const checkpointer = new SlowSaver();
    const controller = new AbortController();
    let tokens = 0;
    const sink: TurnSink = {
      step: () => undefined,
      sources: () => undefined,
      annotation: () => undefined,
      token: () => {
        if (++tokens === 3) controller.abort();
      },
    };
    const result = await runTurn(
      { config: testConfig(), gateway: new OneModelGateway(slow), retriever: fixedRetriever(), checkpointer },
      { messageId: "m1", question: "Ce se spune despre pensii?", threadId: "t1" },
      sink,
      controller.signal,
    );
    const resolvedAfter = [...checkpointer.log];
    expect(result.stopped).toBe(true);
    expect(result.answer.length).toBeGreaterThan(0);
    expect(result.answer.length).toBeLessThan(20);
    // The run's one checkpoint was written before runTurn resolved, and nothing is written after.
    expect(resolvedAfter).toEqual(["put", "written"]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(checkpointer.log).toEqual(resolvedAfter);
  });

  it("ends at once when stopped during retrieval: no sources, no model called, the search left to itself", async () => {
    // A search that answers only when the test says (a provider's query embedding that takes its time).
    let answerSearch: () => void = () => undefined;
    let searched = false;
    const slowSearch: Retriever = {
      ...fixedRetriever(),
      search: () =>
        new Promise((resolve) => {
          answerSearch = () => {
            searched = true;
            resolve([]);
          };
        }),
    };
    const checkpointer = new SlowSaver();
    const controller = new AbortController();
    const steps: StepEvent[] = [];
    let sources = 0;
    const sink: TurnSink = {
      step: (e) => {
        steps.push(e);
        if (e.step === "retrieve" && e.status === "start") controller.abort();
      },
      sources: () => void sources++,
      annotation: () => undefined,
      token: () => undefined,
    };
    const result = await runTurn(
      { config: testConfig(), gateway: new ModelGateway(testConfig()), retriever: slowSearch, checkpointer },
      { messageId: "m2", question: "Ce se spune despre pensii?", threadId: "t2" },
      sink,
      controller.signal,
    );
    expect(result.stopped).toBe(true);
    expect(searched).toBe(false);
    expect(sources).toBe(0);
    expect(result.sources).toEqual([]);
    expect(steps.filter((e) => e.step !== "retrieve" && e.step !== "grounding")).toEqual([]);
    // The run ended, its checkpoint written, before runTurn resolved.
    expect(checkpointer.log).toEqual(["put", "written"]);
    answerSearch();
  });
});

describe("a branch of the chat graph", () => {
  it("ends when its sibling failed, even with a turn's stop that never fires", async () => {
    let annotatorStopped = false;
    let annotatorStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (annotatorStarted = resolve));
    const models: ChatModels = {
      // The answer's only model fails once the annotator is at work beside it.
      async streamAnswer() {
        await started;
        throw new AppError("provider:server_error");
      },
      annotate: (_model, texts, { signal }) =>
        new Promise((resolve, reject) => {
          annotatorStarted();
          // A provider annotator that takes its time: it ends only when told to stop.
          const stop = () => {
            annotatorStopped = true;
            reject(new Error("aborted"));
          };
          if (signal?.aborted) stop();
          else signal?.addEventListener("abort", stop);
          if (!signal) resolve({ annotations: texts.map((t) => annotateLexicon(t)) });
        }),
    };
    const run = async () => {
      const stream = await graph.stream(
        { question: "Ce se spune despre pensii?" },
        {
          configurable: { answerChain: ["fake:a"], annotateChain: ["fake:slow"], temperature: 0.2, topK: 3 },
          context: { models, retriever: fixedRetriever(), stop: new AbortController().signal },
          streamMode: "values",
        },
      );
      for await (const _ of stream) void _;
    };
    await expect(run()).rejects.toMatchObject({ code: "chain:exhausted" });
    await expect.poll(() => annotatorStopped, { timeout: 2_000 }).toBe(true);
  });
});
