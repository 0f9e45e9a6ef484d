// The pure side of "Compară două comparații" (client/src/components/compare/compareDiffView.ts): the pair read from
// and written into the address, the older picked run as A, at most two picks, and the case list's rows filtered to
// the changes, with its labels in the page's words (as the workbench names them); an opened row's case and model
// found in each run, and the answers long enough to be clamped.
import { describe, expect, it } from "vitest";
import type { CompareDiffResponse } from "../../contract/compareDiff";
import type { CompareHistoryItem } from "../../contract/compareHistory";
import { translate, type Lang } from "../../client/src/i18n";
import type { CaseAnswer, CaseView } from "../../contract/compare";
import {
  answersOfRow,
  CLAMP,
  diffFromSearch,
  diffPair,
  diffRows,
  isLongAnswer,
  labelsText,
  pickable,
  togglePick,
  urlWithDiff,
} from "../../client/src/components/compare/compareDiffView";

const item = (runId: string, createdAt: string, status: CompareHistoryItem["status"] = "done") =>
  ({ runId, createdAt, status }) as CompareHistoryItem;

describe("the pair in the address", () => {
  it("reads ?diff=a,b and nothing else", () => {
    expect(diffFromSearch("?page=compare&diff=r1,r2")).toEqual(["r1", "r2"]);
    expect(diffFromSearch("?page=compare&diff=r1")).toBeUndefined();
    expect(diffFromSearch("?page=compare&diff=r1,")).toBeUndefined();
    expect(diffFromSearch("?page=compare&diff=a,b,c")).toBeUndefined();
    expect(diffFromSearch("?page=compare")).toBeUndefined();
  });

  it("writes the pair with a readable comma and takes it out again, keeping the rest", () => {
    const shown = urlWithDiff("http://x/?page=compare&comparison=r9", ["r1", "r2"]);
    expect(shown).toBe("/?page=compare&comparison=r9&diff=r1,r2");
    expect(urlWithDiff(`http://x${shown}`, undefined)).toBe("/?page=compare&comparison=r9");
  });
});

describe("the picks", () => {
  it("compare the older run as A, whichever was picked first", () => {
    const older = item("r-old", "2026-12-01T10:00:00.000Z");
    const newer = item("r-new", "2026-12-02T10:00:00.000Z");
    expect(diffPair([newer, older])).toEqual(["r-old", "r-new"]);
    expect(diffPair([older])).toBeUndefined();
  });

  it("keep two at most, a third replacing the first, and a second click unpicks", () => {
    expect(togglePick(["a", "b"], "c")).toEqual(["b", "c"]);
    expect(togglePick(["a", "b"], "a")).toEqual(["b"]);
    expect(togglePick([], "a")).toEqual(["a"]);
  });

  it("are offered only on runs that no longer run", () => {
    expect(pickable(item("r", "2026-12-01T10:00:00.000Z", "running"))).toBe(false);
    expect(pickable(item("r", "2026-12-01T10:00:00.000Z", "interrupted"))).toBe(true);
  });
});

describe("the case list", () => {
  const diff = {
    cases: [
      {
        caseId: "c1",
        variant: null,
        title: "Unu",
        kind: "prompt",
        models: [
          { model: "m1", passedA: false, passedB: true, change: "fixed" },
          { model: "m2", passedA: true, passedB: true, change: "same" },
        ],
      },
      {
        caseId: "a1",
        variant: "b",
        title: "Doi · varianta B",
        contentChanged: true,
        kind: "annotation",
        models: [
          {
            model: "m1",
            passedA: true,
            passedB: true,
            change: "same",
            labels: { a: { ton: ["neutru"] }, b: { ton: ["negativ", "neutru"] } },
          },
        ],
      },
    ],
  } as unknown as CompareDiffResponse;

  it("shows a row a case and a model, only the changes by default (an annotation whose labels changed is one)", () => {
    expect(diffRows(diff, "changes").map((r) => [r.caseId, r.model, r.change])).toEqual([
      ["c1", "m1", "fixed"],
      ["a1", "m1", "same"],
    ]);
    expect(diffRows(diff, "all").map((r) => r.key)).toEqual(["c1||m1", "c1||m2", "a1|b|m1"]);
    expect(diffRows(diff, "all")[2]!.labels?.b).toEqual({ ton: ["negativ", "neutru"] });
    // A case that changed between the runs says so on its rows.
    expect(diffRows(diff, "all").map((r) => r.contentChanged ?? false)).toEqual([false, false, true]);
  });

  const t =
    (lang: Lang) => (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
      translate(lang, key, params);

  it("writes a label set as one line in the page's words, Romanian or English", () => {
    const labels = { ton: ["negativ", "neutru"], populism: ["false", "true"], tema: ["pensii"] };
    expect(labelsText(labels, t("ro"), "ro")).toBe("Ton: negativ, neutru · Populism: nu, da · Temă: pensii");
    expect(labelsText(labels, t("en"), "en")).toBe(
      "Tone: negative, neutral · Populism: no, yes · Topic: pensions",
    );
  });
});

describe("an opened row's answers", () => {
  const answer = (model: string, text: string) =>
    ({
      model,
      temperature: 0,
      run: 1,
      status: "ok",
      pass: true,
      text,
      assertions: [],
    }) as unknown as CaseAnswer;
  const view = (id: string, variant: string | undefined, answers: CaseAnswer[]) =>
    ({ id, variant, title: id, kind: "prompt", input: "?", answers }) as unknown as CaseView;

  it("finds the row's case by id and variant, and only its model's answers", () => {
    const cases = [
      view("caz-1", "a", [answer("m:1", "A1"), answer("m:2", "A2")]),
      view("caz-1", "b", [answer("m:1", "B1")]),
    ];
    const side = answersOfRow({ caseId: "caz-1", variant: "b", model: "m:1" }, cases);
    expect(side?.view.variant).toBe("b");
    expect(side?.answers.map((a) => a.text)).toEqual(["B1"]);
    expect(answersOfRow({ caseId: "caz-1", variant: "a", model: "m:2" }, cases)?.answers).toHaveLength(1);
    // The model absent from that run: the case, with no answer; the case absent: null.
    expect(answersOfRow({ caseId: "caz-1", variant: "a", model: "m:3" }, cases)?.answers).toEqual([]);
    expect(answersOfRow({ caseId: "caz-2", variant: null, model: "m:1" }, cases)).toBeNull();
    expect(answersOfRow({ caseId: "caz-1", variant: null, model: "m:1" }, cases)).toBeNull();
  });

  it("clamps an answer longer than its characters or lines, not a short one", () => {
    expect(isLongAnswer("Scurt.")).toBe(false);
    expect(isLongAnswer(null)).toBe(false);
    expect(isLongAnswer("x".repeat(CLAMP.chars))).toBe(false);
    expect(isLongAnswer("x".repeat(CLAMP.chars + 1))).toBe(true);
    expect(isLongAnswer(Array.from({ length: CLAMP.lines + 1 }, () => "rând").join("\n"))).toBe(true);
  });
});
