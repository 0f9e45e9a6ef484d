// The client's side of grounded answers and draft → refine: the reducer sets a draft aside while the refinement
// streams (and brings it back when it fails), keeps the grounding of chat:done; the answer's unsupported sentences and
// invalid citations are marked where they stand; the chain setting is sent only with models the server offers.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ModelsResponse } from "../../contract/api";
import type { CaseAnswer, CaseView } from "../../contract/compare";
import { blindPairs, choiceForKey, judgedKeys } from "../../client/src/state/blind";
import type { Grounding } from "../../contract/grounding";
import type { DoneEvent, StepEvent } from "../../contract/protocol";
import { AnswerMarkdown } from "../../client/src/components/AnswerMarkdown";
import { I18nProvider } from "../../client/src/i18nContext";
import {
  chatReducer,
  initialChatState,
  type AssistantMessage,
  type ChatState,
} from "../../client/src/state/chat";
import { blockOffsets, sentenceMarks } from "../../client/src/state/groundingMarks";
import { splitMarkdownBlocks } from "../../client/src/state/markdownBlocks";
import { toChatSettings } from "../../client/src/state/settings";
import { answerFromStored } from "../../client/src/state/storedThread";

function started(): ChatState {
  let state = chatReducer(initialChatState, { type: "send", localId: "u1", text: "Întrebare" });
  state = chatReducer(state, { type: "ack:ok", localId: "u1", threadId: "t1", messageId: "m1" });
  return state;
}

const step = (e: Omit<StepEvent, "messageId">): StepEvent => ({ messageId: "m1", ...e });
const answer = (state: ChatState) => state.messages.find((m) => m.role === "assistant") as AssistantMessage;

const GROUNDING: Grounding = {
  score: 1 / 3,
  invalidCitations: [7],
  unsupported: [
    { sentence: "Pensiile cresc cu 7% [1].", reason: "cifra", kind: "number", detail: "7%" },
    { sentence: "Taxa **scade** [7].", reason: "citare", kind: "invalid_citation", detail: "[7]" },
  ],
  claims: 3,
  method: "lexical",
};

describe("draft → refine in the reducer", () => {
  it("sets the draft aside when the refinement starts, and brings it back when it fails", () => {
    let state = started();
    state = chatReducer(state, {
      type: "chat:step",
      event: step({ step: "draft", status: "start", detail: "a:mic" }),
    });
    state = chatReducer(state, { type: "chat:token", event: { messageId: "m1", text: "Ciorna lungă." } });
    state = chatReducer(state, { type: "chat:step", event: step({ step: "draft", status: "end", ms: 5 }) });
    state = chatReducer(state, {
      type: "chat:step",
      event: step({ step: "refine", status: "start", detail: "b:mare — x" }),
    });
    expect(answer(state)).toMatchObject({ text: "", draft: "Ciorna lungă." });
    state = chatReducer(state, {
      type: "chat:token",
      event: { messageId: "m1", text: "Rafinat pe jumătate" },
    });
    state = chatReducer(state, {
      type: "chat:step",
      event: step({ step: "refine", status: "error", detail: "b:mare: provider:timeout" }),
    });
    expect(answer(state).text).toBe("Ciorna lungă.");
    expect(answer(state).draft).toBeUndefined();
  });

  it("keeps the grounding and the refine report of chat:done, also in a stored answer", () => {
    let state = started();
    state = chatReducer(state, { type: "chat:token", event: { messageId: "m1", text: "Text." } });
    const refine = {
      draft: { model: "a:mic", ms: 10, text: "Text." },
      refined: false,
      reason: "nicio regulă",
      combined: { ms: 10 },
    };
    const done: DoneEvent = {
      messageId: "m1",
      model: "a:mic",
      timings: { retrieveMs: 1, annotateMs: 1, firstTokenMs: 2, totalMs: 12 },
      fallbacks: [],
      grounding: GROUNDING,
      refine,
    };
    state = chatReducer(state, { type: "chat:done", event: done });
    expect(answer(state)).toMatchObject({ status: "done", grounding: GROUNDING, refine });
    const { messageId: _id, ...stored } = done;
    const rebuilt = answerFromStored(
      {
        id: "m1",
        threadId: "t1",
        role: "assistant",
        text: "Text.",
        createdAt: "",
        status: "done",
        done: stored,
      },
      "u1",
    );
    expect(rebuilt).toMatchObject({ grounding: GROUNDING, refine });
    expect(rebuilt.steps.map((s) => s.name)).toEqual(["retrieve", "draft", "answer"]);
  });
});

describe("the marks of unsupported sentences", () => {
  const text = "Introducere corectă [1].\n\n- Pensiile cresc cu 7% [1].\n- Taxa **scade** [7].";

  it("locates each sentence in the answer and in its block", () => {
    const marks = sentenceMarks(text, GROUNDING, (u) => u.kind);
    expect(marks.map((m) => text.slice(m.start, m.end))).toEqual([
      "Pensiile cresc cu 7% [1].",
      "Taxa **scade** [7].",
    ]);
    const blocks = splitMarkdownBlocks(text);
    expect(blockOffsets(text, blocks).map((at, i) => text.slice(at, at + blocks[i]!.length))).toEqual(blocks);
  });

  it("renders marked sentences with a flag that says why, and an invalid citation marked", () => {
    const html = renderToStaticMarkup(
      <I18nProvider>
        <AnswerMarkdown text={text} messageId="m1" sourceCount={5} onCite={() => {}} grounding={GROUNDING} />
      </I18nProvider>,
    );
    // The second sentence is cut in three by its bold word.
    expect(html.match(/<mark/g)).toHaveLength(4);
    expect(html).toContain('data-kind="number"');
    expect(html.match(/data-testid="grounding-flag"/g)).toHaveLength(2);
    expect(html).toContain("cifra „7%” nu apare în sursele citate");
    expect(html).toMatch(/class="citation citation-invalid"[^>]*data-n="7"/);
    // Without grounding, nothing is marked (and the first sentence never is).
    const plain = renderToStaticMarkup(
      <I18nProvider>
        <AnswerMarkdown text={text} messageId="m1" sourceCount={5} onCite={() => {}} />
      </I18nProvider>,
    );
    expect(plain).not.toContain("<mark");
    expect(html.indexOf("<mark")).toBeGreaterThan(html.indexOf("Introducere"));
  });
});

describe("the chain setting", () => {
  const models = {
    chain: [
      {
        id: "openai:mic",
        provider: "openai",
        capabilities: ["chat", "annotate"],
        configured: true,
        offline: false,
      },
      {
        id: "offline:extractive",
        provider: "offline",
        capabilities: ["chat"],
        configured: true,
        offline: true,
      },
    ],
    embeddings: "offline:hash",
    defaults: {
      model: "openai:mic",
      temperature: 0.2,
      topK: 5,
      chain: { mode: "single", refine: "openai:mare", rule: { maxDraftWords: 150 } },
    },
    limits: { maxMessageChars: 4000 },
  } satisfies ModelsResponse;

  it("sends draft → refine with offered models only", () => {
    expect(
      toChatSettings({ chain: { mode: "draft-refine", draft: "openai:mic", refine: "openai:mare" } }, models),
    ).toEqual({ chain: { mode: "draft-refine", draft: "openai:mic", refine: "openai:mare" } });
    expect(
      toChatSettings({ chain: { mode: "draft-refine", draft: "x:gone", refine: "openai:mare" } }, models),
    ).toEqual({ chain: { mode: "draft-refine", refine: "openai:mare" } });
    expect(toChatSettings({ chain: { mode: "single" } }, models)).toEqual({ chain: { mode: "single" } });
  });
});

describe("the blind pairs", () => {
  const answer = (model: string, text: string, extra: Partial<CaseAnswer> = {}): CaseAnswer => ({
    model,
    temperature: 0,
    run: 1,
    status: "ok",
    pass: true,
    score: 1,
    text,
    annotation: null,
    latencyMs: 1,
    ttftMs: 1,
    finishReason: "stop",
    jsonValid: null,
    assertions: [],
    error: null,
    ...extra,
  });
  const cases: CaseView[] = [
    {
      id: "c1",
      criterion: "romana",
      criterionLabel: "Română",
      title: "Caz",
      kind: "prompt",
      input: "Întrebare",
      sources: ["Sursa"],
      answers: [
        answer("m:a", "A"),
        answer("m:b", "B"),
        answer("m:c", "C"),
        answer("m:d", "", { status: "error" }),
      ],
    },
    {
      id: "c2",
      criterion: "adnotare",
      criterionLabel: "Adnotare",
      title: "Adnotare",
      kind: "annotation",
      input: "Text",
      answers: [answer("m:a", "{}"), answer("m:b", "{}")],
    },
  ];

  it("pairs every two models that answered a prompt case, keeps sides and order stable, leaves judged pairs out", () => {
    const pairs = blindPairs(cases, new Set(), "run-1");
    expect(pairs).toHaveLength(3);
    expect(pairs.every((p) => p.caseId === "c1" && p.sources?.[0] === "Sursa")).toBe(true);
    expect(blindPairs(cases, new Set(), "run-1")).toEqual(pairs);
    const first = pairs[0]!;
    const judged = judgedKeys([
      { caseId: "c1", temperature: 0, run: 1, a: first.right.model, b: first.left.model },
    ]);
    expect(blindPairs(cases, judged, "run-1").map((p) => p.key)).not.toContain(first.key);
    // Across seeds the sides differ for some pair: the order gives no model away.
    const sides = (seed: string) => blindPairs(cases, new Set(), seed).map((p) => `${p.key}:${p.left.model}`);
    expect(["s1", "s2", "s3", "s4", "s5"].map(sides).some((s, _i, all) => s.join() !== all[0]!.join())).toBe(
      true,
    );
  });

  it("reads A, B and tie from the keyboard, not with a modifier", () => {
    expect(choiceForKey({ key: "a" })).toBe("a");
    expect(choiceForKey({ key: "B" })).toBe("b");
    expect(choiceForKey({ key: "ArrowRight" })).toBe("b");
    expect(choiceForKey({ key: "e" })).toBe("tie");
    expect(choiceForKey({ key: "ArrowDown" })).toBe("tie");
    expect(choiceForKey({ key: "a", ctrlKey: true })).toBeNull();
    expect(choiceForKey({ key: "x" })).toBeNull();
  });
});
