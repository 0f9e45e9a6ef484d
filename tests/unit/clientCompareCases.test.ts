// Every case of a comparison in one table (client/src/state/compareCases.ts): a model's mark on a case across runs
// and temperatures, the filters "only failures", "only differences" and "people disagree with the checks" (the rules
// written in docs/compare.md), the people's verdicts in a cell, the search that ignores case and Romanian diacritics
// (cedilla and comma-below alike), and the answers' excerpts.
import { LIVE_CASES_MS, liveCasesWait } from "../../client/src/components/compare/useLiveCases";
import { describe, expect, it } from "vitest";
import type { Annotation } from "../../contract/annotation";
import type { CaseAnswer, CaseView } from "../../contract/compare";
import type { ErrorCode } from "../../contract/errors";
import {
  answerKey,
  caseCell,
  caseRows,
  cellHuman,
  comparedFields,
  answerText,
  excerpt,
  filterCounts,
  hasFailure,
  isCaseFilter,
  matchesSearch,
  modelsDiffer,
  peopleDisagree,
  searchKey,
  visibleRows,
  withHumanVerdicts,
} from "../../client/src/state/compareCases";

function answer(model: string, over: Partial<CaseAnswer> = {}): CaseAnswer {
  return {
    model,
    temperature: 0,
    run: 1,
    status: "ok",
    pass: true,
    score: 1,
    text: "Un răspuns.",
    annotation: null,
    latencyMs: 100,
    ttftMs: 20,
    finishReason: "stop",
    jsonValid: null,
    assertions: [],
    error: null,
    ...over,
  };
}
const passed = (model: string, run = 1) => answer(model, { run });
const failed = (model: string, run = 1) => answer(model, { run, status: "fail", pass: false });
const errored = (model: string, code: ErrorCode = "provider:server_error", run = 1) =>
  answer(model, { run, status: "error", pass: false, text: "", error: { code, message: `Eroare ${code}` } });
const na = (model: string) => answer(model, { status: "n/a", pass: null, text: "", note: "nu adnotează" });

function view(id: string, answers: CaseAnswer[], over: Partial<CaseView> = {}): CaseView {
  return {
    id,
    criterion: "romana",
    criterionLabel: "Limba română",
    title: `Cazul ${id}`,
    kind: "prompt",
    input: `Întrebarea ${id}?`,
    answers,
    ...over,
  };
}

const labels = (over: Partial<Annotation> = {}): Annotation => ({
  ton: "negativ",
  populism: true,
  anti_elitism: true,
  popor_central: true,
  tema: "coruptie",
  tinta: null,
  incredere: 0.8,
  justificare: "j",
  ...over,
});
const annotated = (model: string, a: Annotation, ok: boolean, run = 1) =>
  answer(model, { run, annotation: a, text: JSON.stringify(a), status: ok ? "ok" : "fail", pass: ok });

const MODELS = ["a:x", "b:y"];

describe("a model's cell on a case", () => {
  it("counts passed of judged answers across runs, errors as not passed, n/a left out", () => {
    const v = view("c", [passed("a:x", 1), passed("a:x", 2), failed("a:x", 3), errored("b:y"), na("b:y")]);
    expect(caseCell(v, "a:x", false)).toMatchObject({ mark: "mixed", passed: 2, judged: 3, errors: 0 });
    expect(caseCell(v, "b:y", false)).toMatchObject({ mark: "error", passed: 0, judged: 1, errors: 1 });
  });

  it("is pass, fail, n/a, and waited for or empty depending on whether the run goes on", () => {
    expect(caseCell(view("c", [passed("a:x"), passed("a:x", 2)]), "a:x", false).mark).toBe("pass");
    expect(caseCell(view("c", [failed("a:x"), errored("a:x", "provider:error", 2)]), "a:x", false).mark).toBe(
      "fail",
    );
    expect(caseCell(view("c", [na("a:x")]), "a:x", false).mark).toBe("na");
    expect(caseCell(view("c", []), "a:x", true).mark).toBe("pending");
    expect(caseCell(view("c", []), "a:x", false).mark).toBe("none");
  });

  it("says when every failed call ran out of time", () => {
    const v = view("c", [
      errored("a:x", "provider:timeout"),
      errored("a:x", "provider:first_token_timeout", 2),
    ]);
    expect(caseCell(v, "a:x", false).timedOut).toBe(true);
    expect(
      caseCell(
        view("c", [errored("a:x", "provider:timeout"), errored("a:x", "provider:auth", 2)]),
        "a:x",
        false,
      ).timedOut,
    ).toBe(false);
    expect(caseCell(view("c", [passed("a:x")]), "a:x", false).timedOut).toBe(false);
  });

  it("quotes the model's first answer that is not n/a", () => {
    const v = view("c", [na("a:x"), answer("a:x", { run: 2, text: "Al doilea." })]);
    expect(caseCell(v, "a:x", false).shown?.text).toBe("Al doilea.");
    expect(caseCell(view("c", [na("a:x")]), "a:x", false).shown?.status).toBe("n/a");
  });
});

describe("only failures", () => {
  it("keeps a case where a judged answer failed or a call failed, not one with only passes and n/a", () => {
    expect(hasFailure(view("c", [passed("a:x"), failed("b:y")]))).toBe(true);
    expect(hasFailure(view("c", [passed("a:x"), errored("b:y")]))).toBe(true);
    expect(hasFailure(view("c", [passed("a:x"), na("b:y")]))).toBe(false);
    expect(hasFailure(view("c", []))).toBe(false);
  });
});

describe("only differences", () => {
  it("is a different share of passed answers between two models that answered", () => {
    expect(modelsDiffer(view("c", [passed("a:x"), failed("b:y")]), MODELS)).toBe(true);
    expect(modelsDiffer(view("c", [passed("a:x"), errored("b:y")]), MODELS)).toBe(true);
    // 3/3 beside 2/3
    const threeRuns = [1, 2, 3].map((r) => passed("a:x", r));
    expect(
      modelsDiffer(view("c", [...threeRuns, passed("b:y", 1), passed("b:y", 2), failed("b:y", 3)]), MODELS),
    ).toBe(true);
    // 1/2 beside 2/4: the same share
    const half = [
      passed("a:x", 1),
      failed("a:x", 2),
      passed("b:y", 1),
      failed("b:y", 2),
      passed("b:y", 3),
      failed("b:y", 4),
    ];
    expect(modelsDiffer(view("c", half), MODELS)).toBe(false);
  });

  it("agrees when both pass or both fail, and needs two models that answered (n/a and missing left out)", () => {
    expect(modelsDiffer(view("c", [passed("a:x"), passed("b:y")]), MODELS)).toBe(false);
    expect(modelsDiffer(view("c", [failed("a:x"), errored("b:y")]), MODELS)).toBe(false);
    expect(modelsDiffer(view("c", [failed("a:x"), na("b:y")]), MODELS)).toBe(false);
    expect(modelsDiffer(view("c", [failed("a:x")]), MODELS)).toBe(false);
    expect(modelsDiffer(view("c", [passed("a:x"), failed("b:y")]), ["a:x"])).toBe(false);
  });

  it("on an annotation case, is also different labels on the gold fields, even when both failed", () => {
    const gold = { kind: "annotation" as const, expected: { ton: "pozitiv", populism: false } };
    const both = (a: Annotation, b: Annotation) =>
      view("c", [annotated("a:x", a, false), annotated("b:y", b, false)], gold);
    expect(modelsDiffer(both(labels(), labels({ ton: "neutru" })), MODELS)).toBe(true);
    // A field without gold does not count.
    expect(modelsDiffer(both(labels(), labels({ tema: "pensii" })), MODELS)).toBe(false);
    expect(modelsDiffer(both(labels(), labels()), MODELS)).toBe(false);
  });

  it("compares every review field of an annotation case without gold, and the sets of labels across runs", () => {
    expect(comparedFields({})).toEqual(["ton", "populism", "anti_elitism", "popor_central", "tema"]);
    expect(comparedFields({ expected: { ton: "negativ" } })).toEqual(["ton"]);
    const noGold = (a: CaseAnswer[]) => view("c", a, { kind: "annotation" });
    expect(
      modelsDiffer(
        noGold([annotated("a:x", labels(), true), annotated("b:y", labels({ tema: "pensii" }), true)]),
        MODELS,
      ),
    ).toBe(true);
    // a:x gave two labellings over its runs, b:y one of them: not the same set.
    expect(
      modelsDiffer(
        noGold([
          annotated("a:x", labels(), true, 1),
          annotated("a:x", labels({ ton: "neutru" }), true, 2),
          annotated("b:y", labels(), true, 1),
          annotated("b:y", labels(), true, 2),
        ]),
        MODELS,
      ),
    ).toBe(true);
    // An answer without an annotation (an invalid output) takes no part in the labels' test.
    expect(
      modelsDiffer(
        noGold([
          annotated("a:x", labels(), true),
          annotated("b:y", labels(), true),
          answer("b:y", { run: 2, status: "ok" }),
        ]),
        MODELS,
      ),
    ).toBe(false);
  });
});

describe("the search", () => {
  const c = view("rezumat-stiri", [], {
    title: "Rezumat în română al unei ştiri",
    input: "Ce spun  comentariile despre   taxa pe mașinile vechi?",
    inputEn: "What do the comments say?",
  });

  it("ignores case and diacritics, cedilla ş ţ and comma-below ș ț alike", () => {
    expect(searchKey("ŞTIRI  Ţară\nșție ț")).toBe("stiri tara stie t");
    for (const q of ["stiri", "știri", "ştiri", "ȘTIRI", "romana", "MAȘINILE", "maşinile", "masinile"])
      expect(matchesSearch(c, q), q).toBe(true);
  });

  it("wants every word of the query, in any order, in the title, input, English gloss or id", () => {
    expect(matchesSearch(c, "vechi taxa")).toBe(true);
    expect(matchesSearch(c, "comentariile despre taxa")).toBe(true);
    expect(matchesSearch(c, "comments")).toBe(true);
    expect(matchesSearch(c, "rezumat-stiri")).toBe(true);
    expect(matchesSearch(c, "taxa pensii")).toBe(false);
    expect(matchesSearch(c, "   ")).toBe(true);
  });
});

describe("the rows a filter and a search keep", () => {
  const cases = [
    view("c1", [passed("a:x"), passed("b:y")], { title: "Pensii" }),
    view("c2", [passed("a:x"), failed("b:y")], { title: "Taxe" }),
    view("c3", [failed("a:x"), failed("b:y")], { title: "Pensii speciale" }),
    view("c4", [na("a:x")], { title: "Doar unul" }),
  ];
  const rows = caseRows(cases, MODELS, false);

  it("counts each filter's cases and keeps the suite's order", () => {
    expect(filterCounts(rows)).toEqual({ all: 4, failures: 2, differences: 1, human_disagrees: 0 });
    expect(visibleRows(rows, "all", "").map((r) => r.view.id)).toEqual(["c1", "c2", "c3", "c4"]);
    expect(visibleRows(rows, "failures", "").map((r) => r.view.id)).toEqual(["c2", "c3"]);
    expect(visibleRows(rows, "differences", "").map((r) => r.view.id)).toEqual(["c2"]);
    expect(visibleRows(rows, "failures", "pensii").map((r) => r.view.id)).toEqual(["c3"]);
    expect(visibleRows(rows, "differences", "pensii")).toEqual([]);
  });

  it("while the run goes on, a model without answers is waited for and a case fills in", () => {
    const running = caseRows([view("c", [passed("a:x")])], MODELS, true);
    expect(running[0]!.cells.map((c) => c.mark)).toEqual(["pass", "pending"]);
    expect(running[0]!.differs).toBe(false);
    const later = caseRows([view("c", [passed("a:x"), failed("b:y")])], MODELS, true);
    expect(later[0]!.cells.map((c) => c.mark)).toEqual(["pass", "fail"]);
    expect(later[0]!.differs).toBe(true);
  });

  it("knows its filters' names", () => {
    expect(["all", "failures", "differences", "human_disagrees"].every(isCaseFilter)).toBe(true);
    expect(isCaseFilter("eșecuri")).toBe(false);
  });
});

describe('people\'s verdicts and the filter "people disagree with the checks"', () => {
  const by = (verdict: "pass" | "fail", comment?: string) => ({
    human: { verdict, ...(comment ? { comment } : {}), by: "Ana", at: "2099-01-01T00:00:00.000Z" },
  });
  const markedPassed = (model: string, verdict: "pass" | "fail", run = 1) =>
    answer(model, { run, ...by(verdict) });
  const markedFailed = (model: string, verdict: "pass" | "fail", run = 1) =>
    answer(model, { run, status: "fail", pass: false, ...by(verdict) });

  it("disagrees when a person passes what the checks failed, or fails what they passed", () => {
    expect(peopleDisagree(view("c", [markedPassed("a:x", "fail")]))).toBe(true);
    expect(peopleDisagree(view("c", [markedFailed("a:x", "pass")]))).toBe(true);
    expect(peopleDisagree(view("c", [markedPassed("a:x", "pass"), markedFailed("b:y", "fail")]))).toBe(false);
    // A failed call counts as failed: a person who passes it disagrees, one who fails it agrees.
    const call = errored("a:x");
    expect(peopleDisagree(view("c", [{ ...call, ...by("pass") }]))).toBe(true);
    expect(peopleDisagree(view("c", [{ ...call, ...by("fail") }]))).toBe(false);
    // n/a has no automatic outcome; unmarked answers take no part, whatever the checks said.
    expect(peopleDisagree(view("c", [{ ...na("a:x"), ...by("fail") }]))).toBe(false);
    expect(peopleDisagree(view("c", [passed("a:x"), failed("b:y")]))).toBe(false);
    // One disagreeing answer of several is enough.
    expect(
      peopleDisagree(
        view("c", [markedPassed("a:x", "pass", 1), markedPassed("a:x", "fail", 2), passed("b:y")]),
      ),
    ).toBe(true);
  });

  it("keeps only the cases people disagree on, counted, with the other filters and the search", () => {
    const cases = [
      view("c1", [markedPassed("a:x", "fail"), passed("b:y")], { title: "Pensii" }),
      view("c2", [markedFailed("a:x", "fail"), failed("b:y")], { title: "Taxe" }),
      view("c3", [markedFailed("a:x", "pass"), passed("b:y")], { title: "Salarii" }),
      view("c4", [passed("a:x"), passed("b:y")], { title: "Pensii speciale" }),
    ];
    const rows = caseRows(cases, MODELS, false);
    expect(rows.map((r) => r.humanDisagrees)).toEqual([true, false, true, false]);
    expect(filterCounts(rows)).toMatchObject({ all: 4, human_disagrees: 2 });
    expect(visibleRows(rows, "human_disagrees", "").map((r) => r.view.id)).toEqual(["c1", "c3"]);
    expect(visibleRows(rows, "human_disagrees", "pensii").map((r) => r.view.id)).toEqual(["c1"]);
    expect(visibleRows(rows, "failures", "").map((r) => r.view.id)).toEqual(["c2", "c3"]);
  });

  it("gives a cell the people's verdict: pass or fail when the marks agree, mixed with counts otherwise", () => {
    expect(cellHuman([passed("a:x")])).toBeNull();
    expect(cellHuman([markedPassed("a:x", "pass"), passed("a:x", 2)])).toEqual({
      verdict: "pass",
      passed: 1,
      failed: 0,
    });
    expect(cellHuman([markedFailed("a:x", "fail", 1), markedPassed("a:x", "fail", 2)])).toEqual({
      verdict: "fail",
      passed: 0,
      failed: 2,
    });
    expect(cellHuman([markedFailed("a:x", "pass", 1), markedPassed("a:x", "fail", 2)])).toEqual({
      verdict: "mixed",
      passed: 1,
      failed: 1,
    });
    const v = view("c", [markedPassed("a:x", "fail"), passed("b:y")]);
    expect(caseCell(v, "a:x", false).human).toEqual({ verdict: "fail", passed: 0, failed: 1 });
    expect(caseCell(v, "b:y", false).human).toBeNull();
  });

  it("shows a verdict saved on the page in place of the one read, and a cleared one as gone", () => {
    const cases = [view("c1", [markedPassed("a:x", "pass"), passed("b:y")]), view("c2", [passed("a:x")])];
    const saved = new Map([
      [answerKey("c1", cases[0]!.answers[0]!), null],
      [answerKey("c1", cases[0]!.answers[1]!), by("fail", "Greșit.").human],
    ]);
    const shown = withHumanVerdicts(cases, saved);
    expect(shown[0]!.answers[0]).toEqual(passed("a:x"));
    expect(shown[0]!.answers[1]!.human).toMatchObject({ verdict: "fail", comment: "Greșit." });
    // Untouched cases are the same objects; the cases read are not changed.
    expect(shown[1]).toBe(cases[1]);
    expect(cases[0]!.answers[0]!.human?.verdict).toBe("pass");
    expect(withHumanVerdicts(cases, new Map())).toBe(cases);
    // A key names the case, model, temperature and run.
    expect(answerKey("c1", { model: "a:x", temperature: 0.7, run: 2 })).not.toBe(
      answerKey("c1", { model: "a:x", temperature: 0.7, run: 1 }),
    );
  });
});

describe("an answer's excerpt", () => {
  it("flattens whitespace and cuts at a word with an ellipsis", () => {
    expect(excerpt("Scurt\n\nși  clar.")).toBe("Scurt și clar.");
    const long =
      "Guvernul a anunțat indexarea pensiilor cu cinci la sută de la întâi ianuarie, după negocieri lungi.";
    expect(excerpt(long, 40)).toBe("Guvernul a anunțat indexarea pensiilor…");
    expect(excerpt("x".repeat(50), 10)).toBe(`${"x".repeat(10)}…`);
  });

  it("quotes a prompt answer without Markdown's marks, and a failed call by its message", () => {
    const text = "## Pe scurt\n\n- **Guvernul** a anunțat `indexarea`.\n2. A doua idee.\n> citat";
    expect(excerpt(answerText(answer("a:x", { text })))).toBe(
      "Pe scurt Guvernul a anunțat indexarea. A doua idee. citat",
    );
    expect(answerText(errored("a:x", "provider:timeout"))).toBe("Eroare provider:timeout");
  });
});

describe("the live reads of a running comparison's answers", () => {
  it("wait longer as the answers grow, since each read sends them all", () => {
    expect(liveCasesWait(0)).toBe(LIVE_CASES_MS);
    expect(liveCasesWait(100)).toBe(LIVE_CASES_MS);
    expect(liveCasesWait(1500)).toBe(6000);
    // Bytes sent over a run of 1,500 answers at 10 a second: the sum of the answers each read carries.
    let sent = 0;
    for (let t = 0, read = 0; t < 150_000;) {
      read = Math.min(1500, Math.floor(t / 100));
      sent += read;
      t += liveCasesWait(read);
    }
    expect(sent).toBeLessThan(40 * 1500);
  });
});
