// A stopped answer's grounding leaves out the sentence Stop cut short: that fragment is not a claim without a
// citation ("afirmație fără citare"); the sentences finished before the stop are graded as ever.
import { describe, expect, it } from "vitest";
import { AIMessage } from "@langchain/core/messages";
import { FakeStreamingChatModel } from "@langchain/core/utils/testing";
import { withoutCutSentence } from "../../contract/groundingCheck";
import { runTurn, type TurnSink } from "../../server/chat/runTurn";
import { OneModelGateway } from "../support/fakeModels";
import { fixedRetriever, testConfig } from "../support/fixtures";

describe("withoutCutSentence", () => {
  it("drops the unfinished last sentence and keeps finished ones", () => {
    expect(withoutCutSentence("Pensiile cresc [1]. Guvernul a mai anunțat că salariul")).toBe(
      "Pensiile cresc [1].",
    );
    expect(withoutCutSentence("Pensiile cresc. [1]")).toBe("Pensiile cresc. [1]");
    expect(withoutCutSentence("Pensiile cresc cu 5% [1]!")).toBe("Pensiile cresc cu 5% [1]!");
    expect(withoutCutSentence("Ce spun oamenii?")).toBe("Ce spun oamenii?");
    // A line the model ended is finished, with or without a full stop (a list item).
    expect(withoutCutSentence("- pensiile cresc [1]\n")).toBe("- pensiile cresc [1]\n");
    expect(withoutCutSentence("- pensiile cresc [1]\n- salariul minim")).toBe("- pensiile cresc [1]");
    expect(withoutCutSentence("Guvernul a mai anunțat")).toBe("");
  });
});

describe("runTurn stopped mid-sentence", () => {
  it("grades the finished sentences only, not the one Stop cut", async () => {
    const slow = new FakeStreamingChatModel({
      sleep: 5,
      responses: [
        new AIMessage(
          "Oamenii discută despre pensii [1]. Guvernul a mai anunțat că salariul minim crește de la anul viitor pentru toți angajații din țară.",
        ),
      ],
    });
    const controller = new AbortController();
    let streamed = "";
    const sink: TurnSink = {
      step: () => undefined,
      sources: () => undefined,
      annotation: () => undefined,
      token: (e) => {
        streamed += e.text;
        if (streamed.includes("salariul minim")) controller.abort();
      },
    };
    const result = await runTurn(
      { config: testConfig(), gateway: new OneModelGateway(slow), retriever: fixedRetriever() },
      { messageId: "m1", question: "Ce se spune despre pensii?", threadId: "t1" },
      sink,
      controller.signal,
    );
    expect(result.stopped).toBe(true);
    expect(result.answer).toContain("Guvernul a mai anunțat că salariul minim");
    expect(result.answer).not.toContain("angajații");
    expect(result.grounding).not.toBeNull();
    const flagged = result.grounding!.unsupported.map((u) => u.sentence);
    expect(flagged.some((s) => s.includes("Guvernul"))).toBe(false);
    expect(result.grounding!.claims).toBe(1);
  });
});
