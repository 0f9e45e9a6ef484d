// A stopped turn ends after its graph run: the checkpoint the run writes at its end (durability "exit") is written
// when runTurn resolves, so that a thread deleted right after the stop (endThread, then the checkpointer's
// deleteThread) deletes it too, and nothing of the thread is kept.
import { describe, expect, it } from "vitest";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage } from "@langchain/core/messages";
import { FakeStreamingChatModel } from "@langchain/core/utils/testing";
import { MemorySaver } from "@langchain/langgraph";
import { runTurn, type TurnSink } from "../../server/chat/runTurn";
import { ModelGateway } from "../../server/models/gateway";
import { fixedRetriever, testConfig } from "../support/fixtures";

class SlowGateway extends ModelGateway {
  constructor(private readonly slow: BaseChatModel) {
    super(testConfig());
  }
  override answerChain(): string[] {
    return ["fake:slow"];
  }
  protected override chatModel(id: string, temperature: number): Promise<BaseChatModel> {
    return id === "fake:slow" ? Promise.resolve(this.slow) : super.chatModel(id, temperature);
  }
}

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
      { config: testConfig(), gateway: new SlowGateway(slow), retriever: fixedRetriever(), checkpointer },
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
});
