// A comparison stopped before its end has figures but no recommendation (a model that answered one case would rank
// on it), and "of the whole suite" counts every row the model was to make; a finished run's reasons name both pass
// rates, so the table's "passed of the cases that apply" and the reasons' "of the whole suite" read as one story.
import { describe, expect, it } from "vitest";
import { recommend } from "../../server/compare/recommend";
import { reportMarkdown } from "../../server/compare/reportMarkdown";
import type { CompareRun, ResultRow } from "../../server/compare/runner";
import type { CompareRunRecord } from "../../server/compare/runStore";
import { figuresOf } from "../../server/compare/runView";
import { parseSuite } from "../../server/compare/suite";
import { summarize } from "../../server/compare/summary";

const suite = parseSuite({
  name: "Mică",
  cases: [
    ...["c1", "c2", "c3", "c4"].map((id) => ({
      id,
      criterion: "romana",
      prompt: `Întrebarea ${id}?`,
      assert: [{ type: "language" }],
    })),
    { id: "a1", criterion: "adnotare", annotate: "Un comentariu.", expected: { ton: "negativ" } },
  ],
});

function row(caseId: string, model: string, pass: boolean, status: ResultRow["status"] = "ok"): ResultRow {
  return {
    caseId,
    criterion: caseId.startsWith("a") ? "adnotare" : "romana",
    kind: caseId.startsWith("a") ? "annotation" : "prompt",
    model,
    temperature: 0,
    run: 1,
    status: status === "ok" && !pass ? "fail" : status,
    pass: status === "n/a" ? null : pass,
    score: pass ? 1 : 0,
    text: "Un răspuns.",
    annotation: null,
    latencyMs: 100,
    ttftMs: 10,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    finishReason: "stop",
    refused: false,
    jsonValid: null,
    assertions: [],
    error: null,
  };
}

const FAST = "ollama:rapid";
const SLOW = "openai-compatible:lent";

function run(rows: ResultRow[], interrupted: boolean): CompareRun {
  return {
    suite,
    models: [FAST, SLOW],
    runs: 1,
    temperatures: [0.2],
    concurrency: 1,
    timeoutMs: 1000,
    startedAt: "2099-01-01T00:00:00.000Z",
    finishedAt: "2099-01-01T00:01:00.000Z",
    interrupted,
    warmups: [],
    rows,
  };
}

// Stopped after the fast model's five rows (three passed) and the slow model's one (passed).
const STOPPED_ROWS = [
  ...["c1", "c2", "c3"].map((id) => row(id, FAST, true)),
  row("c4", FAST, false),
  row("a1", FAST, false),
  row("c1", SLOW, true),
];

describe("a comparison its user stopped", () => {
  const results = summarize(run(STOPPED_ROWS, true));

  it("has no recommendation, though one model answered every case it was given", () => {
    expect(results.interrupted).toBe(true);
    expect(results.recommendation).toBeNull();
  });

  it("counts 'of the whole suite' over the rows each model was to make, not the ones it made", () => {
    const slow = results.models.find((m) => m.model === SLOW)!;
    expect(slow.passRate).toBe(1);
    expect(slow.suiteScore).toBeCloseTo(1 / 5);
    expect(results.models.find((m) => m.model === FAST)!.suiteScore).toBeCloseTo(3 / 5);
  });

  it("hides a recommendation stored for a stopped run before this rule, and report.md says to run it whole", () => {
    const stored = { ...results, recommendation: recommend(results.models) };
    const record = { status: "done", results: stored } as unknown as CompareRunRecord;
    expect(figuresOf(record, null)?.recommendation).toBeNull();
    const report = reportMarkdown(figuresOf(record, null)!, { rows: STOPPED_ROWS });
    expect(report).toContain("Fără recomandare: rularea s-a oprit înainte de final");
    expect(report).not.toContain("Model principal (MODEL_PRIMARY)");
  });
});

describe("a finished comparison's reasons", () => {
  // The slow model passes every prompt case but cannot do the annotation case (n/a): 100% of what applies, 80% of all.
  const rows = [
    ...["c1", "c2", "c3", "c4"].map((id) => row(id, FAST, id === "c1" || id === "c2")),
    row("a1", FAST, true),
    ...["c1", "c2", "c3", "c4"].map((id) => row(id, SLOW, true)),
    row("a1", SLOW, false, "n/a"),
  ];
  const results = summarize(run(rows, false));

  it("recommends, and gives the pass rate over the cases that apply beside the whole suite's", () => {
    const rec = results.recommendation!;
    expect(rec.primary).toBe(SLOW);
    expect(rec.reasons[0]).toContain(
      "calitate 0,80: a trecut 80% din toate cazurile suitei („n/a” și erorile numărate ca netrecute), adică 100% din cazurile care i se aplică (coloana „Trecute din cazurile aplicabile”)",
    );
    expect(rec.ranking.find((e) => e.model === SLOW)).toMatchObject({ suiteScore: 0.8, passRate: 1 });
  });

  it("says the same in English, and leaves the second figure out when the two agree", () => {
    const en = recommend(results.models, "en");
    expect(en.reasons[0]).toContain(
      'quality 0.80: it passed 80% of all the suite\'s cases ("n/a" and errors counted as not passed), that is 100% of the cases that apply to it (the "Passed of the cases that apply" column)',
    );
    // Every case applies to the fallback (the fast model): one figure.
    const fallbackReason = en.reasons.find((r) => r.startsWith("Fallback:")) ?? "";
    expect(fallbackReason).toContain(`Fallback: ${FAST}`);
    expect(fallbackReason).toContain("it passed 60% of all the suite's cases");
    expect(fallbackReason).not.toContain("of the cases that apply to it");
  });
});
