// The "Compară modele" page's pure derivations: table rows, chart bars, heatmap, case columns, polling and the
// chat comparison's disagreement highlighting.
import { describe, expect, it } from "vitest";
import type { CaseView, CompareResults, ModelSummary } from "../../contract/compare";
import type { ChatCompareResponse } from "../../contract/compareChat";
import {
  answerMark,
  caseColumns,
  chosenModels,
  comparisonFromSearch,
  compareChatColumns,
  criterionHeatmap,
  differingFields,
  distributionGroups,
  formOfRequest,
  groupedBars,
  niceMax,
  pageFromSearch,
  parseTemperatures,
  temperaturesText,
  progressShare,
  runSteps,
  shouldPoll,
  summaryRows,
  urlWithComparison,
  urlWithPage,
} from "../../client/src/state/compare";
import { checkGrounding } from "../../contract/groundingCheck";

function model(id: string, over: Partial<ModelSummary> = {}): ModelSummary {
  return {
    model: id,
    provider: id.split(":")[0]!,
    abilities: { chat: "any", annotate: true },
    available: true,
    warmup: null,
    calls: { total: 4, ok: 4, fail: 0, error: 0, na: 0 },
    latency: { mean: 100, p50: 90, p95: 150, n: 4 },
    ttftMs: { mean: 40, p50: 30, p95: 60, n: 4 },
    tokensPerSecond: 50,
    tokens: { input: 10, output: 20 },
    cost: { usd: 0, pricing: "local" },
    jsonValidRate: 0.5,
    jsonChecked: 2,
    passRate: 0.75,
    suiteScore: 0.75,
    passRateByCriterion: { romana: 1, json: null },
    annotation: { macroF1: 0.8, kappa: 0.6, n: 2, fields: {} },
    stability: { byTemperature: [] },
    finishReasons: {},
    refusals: 0,
    truncations: 0,
    errors: {},
    byTemperature: [],
    ...over,
  };
}

const results: CompareResults = {
  version: 1,
  suite: {
    id: "t",
    name: "T",
    cases: 2,
    criteria: [
      { id: "romana", label: "Limba română" },
      { id: "json", label: "JSON" },
    ],
  },
  startedAt: "",
  finishedAt: "",
  interrupted: false,
  options: { models: ["a:x", "b:y"], runs: 1, temperatures: [0], concurrency: 1, timeoutMs: 1000 },
  models: [
    model("a:x"),
    model("b:y", {
      latency: { mean: 400, p50: 300, p95: 800, n: 4 },
      ttftMs: null,
      jsonValidRate: null,
      annotation: null,
      passRateByCriterion: { romana: 0.5, json: 1 },
    }),
  ],
  recommendation: {
    primary: "a:x",
    fallback: "b:y",
    temperature: 0,
    why: "w",
    reasons: [],
    ranking: [],
    rule: "r",
  },
};

describe("summary table", () => {
  it("has one row per model with percentiles, rates, annotation and roles", () => {
    const rows = summaryRows(results);
    expect(rows.map((r) => [r.model, r.role])).toEqual([
      ["a:x", "primary"],
      ["b:y", "fallback"],
    ]);
    expect(rows[0]).toMatchObject({
      latencyP50: 90,
      latencyP95: 150,
      ttftP50: 30,
      ttftP95: 60,
      macroF1: 0.8,
    });
    expect(rows[1]).toMatchObject({
      latencyP95: 800,
      ttftP50: null,
      jsonValidRate: null,
      macroF1: null,
      kappa: null,
    });
  });

  it("has no roles before the recommendation", () => {
    expect(summaryRows({ ...results, recommendation: null }).every((r) => r.role === null)).toBe(true);
  });
});

describe("charts", () => {
  it("lays out grouped bars scaled to a nice maximum, null as an empty bar", () => {
    const layout = groupedBars(distributionGroups(results, "latency"), { width: 400, height: 100 });
    expect(layout.max).toBe(1000);
    expect(layout.bars).toHaveLength(4);
    const b95 = layout.bars.find((b) => b.group === "b:y" && b.series === "p95")!;
    expect(b95.height).toBeCloseTo(80);
    expect(b95.y).toBeCloseTo(20);
    const a50 = layout.bars.find((b) => b.group === "a:x" && b.series === "p50")!;
    expect(a50.height).toBeCloseTo(9);
    // The second model's bars are in the right half.
    expect(b95.x).toBeGreaterThan(200);
    const ttft = groupedBars(distributionGroups(results, "ttftMs"), { height: 100 });
    expect(ttft.bars.filter((b) => b.group === "b:y").every((b) => b.height === 0 && b.value === null)).toBe(
      true,
    );
  });

  it("clamps rates to a fixed maximum", () => {
    const layout = groupedBars([{ label: "m", values: [{ series: "s", value: 1.5 }] }], {
      height: 50,
      max: 1,
    });
    expect(layout.bars[0]!.height).toBe(50);
  });

  it("rounds axis bounds", () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(130)).toBe(200);
    expect(niceMax(800)).toBe(1000);
    expect(niceMax(0.7)).toBe(1);
    expect(niceMax(2.1)).toBe(2.5);
  });

  it("builds the heatmap of pass rates per criterion and model", () => {
    const map = criterionHeatmap(results);
    expect(map.models).toEqual(["a:x", "b:y"]);
    expect(map.cells).toEqual([
      [1, 0.5],
      [null, 1],
    ]);
  });
});

describe("answers side by side", () => {
  const view: CaseView = {
    id: "c1",
    criterion: "romana",
    criterionLabel: "Limba română",
    title: "t",
    kind: "prompt",
    input: "q",
    answers: [
      answer("b:y", true, "ok"),
      answer("a:x", false, "fail"),
      answer("a:x", true, "ok", 2),
      answer("b:y", null, "n/a", 2),
    ],
  };
  function answer(m: string, pass: boolean | null, status: "ok" | "fail" | "n/a" | "error", run = 1) {
    return {
      model: m,
      temperature: 0,
      run,
      status,
      pass,
      score: null,
      text: "x",
      annotation: null,
      latencyMs: 1,
      ttftMs: 1,
      finishReason: null,
      jsonValid: null,
      assertions: [],
      error: null,
    };
  }

  it("gives one column per model in the request's order with pass counts (n/a left out)", () => {
    const cols = caseColumns(view, ["a:x", "b:y", "c:z"]);
    expect(cols.map((c) => [c.model, c.answers.length, c.passed, c.judged])).toEqual([
      ["a:x", 2, 1, 2],
      ["b:y", 2, 1, 1],
      ["c:z", 0, 0, 0],
    ]);
  });

  it("marks answers", () => {
    expect(answerMark({ status: "ok", pass: true })).toBe("pass");
    expect(answerMark({ status: "fail", pass: false })).toBe("fail");
    expect(answerMark({ status: "error", pass: false })).toBe("error");
    expect(answerMark({ status: "n/a", pass: null })).toBe("na");
  });
});

describe("the comparison in the chat", () => {
  const annotation = {
    ton: "negativ" as const,
    populism: true,
    anti_elitism: true,
    popor_central: true,
    tema: "coruptie" as const,
    tinta: "Parlamentul",
    incredere: 0.8,
    justificare: "j",
  };
  const response: ChatCompareResponse = {
    question: "q",
    temperature: 0,
    topK: 5,
    sources: [],
    retrieveMs: 3,
    answers: [
      {
        model: "offline:extractive",
        answer: "A [1]",
        annotation,
        annotationModel: "offline:lexicon",
        timings: { firstTokenMs: 5, totalMs: 20, annotateMs: 2 },
        finishReason: "stop",
      },
      {
        model: "b:y",
        answer: "",
        annotation: { ...annotation, ton: "neutru", populism: false },
        annotationModel: "b:y",
        timings: { firstTokenMs: null, totalMs: 30, annotateMs: 4 },
        finishReason: null,
        error: { code: "provider:timeout", message: "prea lent" },
      },
    ],
    differences: [
      {
        field: "ton",
        values: [
          { model: "offline:extractive", value: "negativ" },
          { model: "b:y", value: "neutru" },
        ],
      },
      {
        field: "populism",
        values: [
          { model: "offline:extractive", value: true },
          { model: "b:y", value: false },
        ],
      },
    ],
  };

  it("highlights exactly the fields the models disagree on", () => {
    expect([...differingFields(response.differences)]).toEqual(["ton", "populism"]);
    const cols = compareChatColumns(response);
    expect(cols).toHaveLength(2);
    const flagged = cols[0]!.fields.filter((f) => f.differs).map((f) => f.field);
    expect(flagged).toEqual(["ton", "populism"]);
    expect(cols[0]!.fields.find((f) => f.field === "tinta")).toMatchObject({
      value: "Parlamentul",
      differs: false,
    });
    expect(cols[1]).toMatchObject({ error: "prea lent", firstTokenMs: null, totalMs: 30 });
  });

  it("shows no fields for a model without an annotation", () => {
    const cols = compareChatColumns({
      ...response,
      answers: [
        { ...response.answers[0]!, annotation: null, annotationError: { code: "internal", message: "m" } },
      ],
      differences: [],
    });
    expect(cols[0]).toMatchObject({ fields: [], annotationError: "m" });
  });

  it("carries each answer's grounding to its column, and none for a model without an answer", () => {
    const grounding = checkGrounding("Pensiile cresc cu 9 procente [7].", [
      { n: 1, text: "Pensiile cresc." },
    ]);
    const cols = compareChatColumns({
      ...response,
      answers: [{ ...response.answers[0]!, grounding }, response.answers[1]!],
    });
    expect(cols[0]!.grounding?.invalidCitations).toEqual([7]);
    expect(cols[1]!.grounding).toBeNull();
  });
});

describe("form and polling", () => {
  it("parses temperatures in both decimal styles", () => {
    expect(parseTemperatures("0 0,7")).toEqual([0, 0.7]);
    // The suite's defaults fill the field as the page's language writes decimals, and read back the same.
    expect(temperaturesText([0, 0.7], "ro")).toBe("0 0,7");
    expect(temperaturesText([0, 0.7], "en")).toBe("0 0.7");
    expect(parseTemperatures(temperaturesText([0, 0.7, 1.25], "ro"))).toEqual([0, 0.7, 1.25]);
    expect(parseTemperatures("0, 0.7")).toEqual([0, 0.7]);
    expect(parseTemperatures("0,0.7;1")).toEqual([0, 0.7, 1]);
    expect(parseTemperatures("3")).toBeNull();
    expect(parseTemperatures("abc")).toBeNull();
    expect(parseTemperatures("  ")).toBeNull();
  });

  it("merges checked and typed models without repeats, in chain order", () => {
    expect(chosenModels(["a", "b", "c"], new Set(["c", "a"]), "x, a")).toEqual(["a", "c", "x"]);
  });

  it("polls only while running and reports steps and progress", () => {
    expect(shouldPoll({ status: "running" })).toBe(true);
    expect(shouldPoll({ status: "done" })).toBe(false);
    expect(shouldPoll(undefined)).toBe(false);
    expect(progressShare({ done: 3, total: 12 })).toBe(0.25);
    expect(progressShare({ done: 0, total: 0 })).toBe(0);
    expect(
      runSteps({ status: "running", progress: { done: 1, total: 4 } }, false).map((s) => s.state),
    ).toEqual(["done", "running", "pending"]);
    expect(runSteps({ status: "done", progress: { done: 4, total: 4 } }, false).map((s) => s.state)).toEqual([
      "done",
      "done",
      "done",
    ]);
    expect(runSteps(undefined, true)[0]!.state).toBe("running");
  });

  it("keeps the page in the address", () => {
    expect(pageFromSearch("?page=compare&thread=t")).toBe("compare");
    expect(pageFromSearch("?thread=t")).toBe("chat");
    expect(urlWithPage("http://h/?thread=t", "compare")).toBe("/?thread=t&page=compare");
    expect(urlWithPage("http://h/?page=compare&thread=t", "chat")).toBe("/?thread=t");
  });

  it("keeps the comparison in the address beside the workbench's run, and drops absurd ids", () => {
    expect(comparisonFromSearch("?page=compare&comparison=abc-1&run=w")).toBe("abc-1");
    expect(comparisonFromSearch("?page=annotate&dataset=d&run=w")).toBeUndefined();
    expect(comparisonFromSearch(`?comparison=${"x".repeat(101)}`)).toBeUndefined();
    expect(comparisonFromSearch("?comparison=a%0Ab")).toBeUndefined();
    expect(urlWithComparison("http://h/?page=compare&run=w", "c1")).toBe(
      "/?page=compare&run=w&comparison=c1",
    );
    expect(urlWithComparison("http://h/?page=compare&comparison=c1&run=w", undefined)).toBe(
      "/?page=compare&run=w",
    );
  });

  it("fills the form from a restored run's request: chain models ticked, the others typed", () => {
    const suite = { id: "default", name: "Implicit", cases: 3, criteria: [], defaults: {} };
    const form = formOfRequest(
      {
        models: ["offline:lexicon", "ollama:x", "offline:extractive"],
        suite,
        runs: 2,
        temperatures: [0, 0.7],
        concurrency: 2,
      },
      ["offline:extractive", "offline:lexicon"],
    );
    expect([...form.checked].sort()).toEqual(["offline:extractive", "offline:lexicon"]);
    expect(form.extra).toBe("ollama:x");
    expect(form).toMatchObject({ suiteId: "default", runs: 2, temperatures: "0 0.7" });
  });
});
