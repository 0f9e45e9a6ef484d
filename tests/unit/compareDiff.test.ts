// Two comparisons side by side (server/compare/runDiff.ts): per model the pass rate and latency a → b with the
// delta; per case, matched by id and prompt variant, fixed / broke / same / only in one run, with the label sets of
// an annotation case whose labels changed; the same run twice and suites with no common case refused (two "Suita mea"
// share every case id: their cases' content tells them apart); another suite sharing cases, a case whose content
// changed, and a run still running, compared with a flag saying so; a cell neither run answered left out.
import { describe, expect, it } from "vitest";
import type { Annotation } from "../../contract/annotation";
import { CompareDiffResponseSchema } from "../../contract/compareDiff";
import { parseSuiteText } from "../../contract/compareSuiteText";
import { AppError } from "../../contract/errors";
import { diffRuns, type DiffSide } from "../../server/compare/runDiff";
import type { ResultRow } from "../../server/compare/runner";
import type { CompareRunRecord } from "../../server/compare/runStore";
import { parseSuite, type Suite } from "../../server/compare/suite";
import { summarize } from "../../server/compare/summary";

const LEX = "offline:lexicon";
const EXT = "offline:extractive";
const OTHER = "ollama:qwen2.5:3b";

const prompt = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  criterion: "romana",
  title: `Titlu ${id}`,
  titleEn: `Title ${id}`,
  prompt: `Întrebarea ${id}?`,
  assert: [{ type: "language" }],
  ...extra,
});

const SUITE = parseSuite({
  name: "Mică",
  cases: [
    prompt("c1"),
    prompt("c2"),
    prompt("c3"),
    {
      id: "a1",
      criterion: "adnotare",
      annotate: "Hoții ăștia.",
      expected: { ton: "negativ", populism: true },
    },
  ],
});

function row(caseId: string, model: string, pass: boolean | null, extra: Partial<ResultRow> = {}): ResultRow {
  const annotation = caseId.startsWith("a");
  return {
    caseId,
    criterion: annotation ? "adnotare" : "romana",
    kind: annotation ? "annotation" : "prompt",
    model,
    temperature: 0,
    run: 1,
    status: pass === null ? "n/a" : pass ? "ok" : "fail",
    pass,
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
    ...extra,
  };
}

const labels = (ton: string, populism: boolean) => ({ ton, populism }) as unknown as Annotation;

/** A run as stored: done with its figures (running: without, as the store keeps a run in progress). */
function side(
  id: string,
  rows: ResultRow[],
  options: { suite?: Suite; models?: string[]; status?: "done" | "running"; temperatures?: number[] } = {},
): DiffSide {
  const suite = options.suite ?? SUITE;
  const models = options.models ?? [LEX, EXT];
  const temperatures = options.temperatures ?? [0];
  const status = options.status ?? "done";
  const results =
    status === "done"
      ? summarize(
          {
            suite,
            models,
            runs: 1,
            temperatures,
            concurrency: 1,
            timeoutMs: 1000,
            startedAt: "2026-12-01T10:00:00.000Z",
            finishedAt: "2026-12-01T10:01:00.000Z",
            interrupted: false,
            warmups: [],
            rows,
          },
          { recommend: false },
        )
      : null;
  const record: CompareRunRecord = {
    id,
    userId: "local",
    status,
    done: rows.length,
    total: suite.cases.length * models.length,
    createdAt: `2026-12-0${id === "a" ? 1 : 2}T10:00:00.000Z`,
    finishedAt: status === "done" ? "2026-12-01T10:01:00.000Z" : null,
    request: { suite, models, runs: 1, temperatures, concurrency: 1, timeoutMs: 1000 },
    results,
    error: null,
    owner: null,
    heartbeatAt: null,
    cancelRequested: false,
  };
  return { record, rows };
}

const cellOf = (diff: ReturnType<typeof diffRuns>, caseId: string, model: string) =>
  diff.cases.find((c) => c.caseId === caseId)!.models.find((m) => m.model === model)!;

describe("diffRuns", () => {
  const a = side("a", [
    row("c1", EXT, false, { latencyMs: 100 }),
    row("c2", EXT, true, { latencyMs: 300 }),
    row("c3", EXT, true, { latencyMs: 200 }),
    row("a1", EXT, null),
    row("c1", LEX, null),
    row("c2", LEX, null),
    row("c3", LEX, null),
    row("a1", LEX, false, { annotation: labels("neutru", true) }),
  ]);
  const b = side("b", [
    row("c1", EXT, true, { latencyMs: 50 }),
    row("c2", EXT, false, { latencyMs: 150 }),
    row("c3", EXT, true, { latencyMs: 100 }),
    row("a1", EXT, null),
    row("c1", LEX, null),
    row("c2", LEX, null),
    row("c3", LEX, null),
    row("a1", LEX, true, { annotation: labels("negativ", true) }),
  ]);

  it("says per case and model what was fixed, what broke and what stayed the same, with the counts", () => {
    const diff = CompareDiffResponseSchema.parse(diffRuns(a, b));
    expect(cellOf(diff, "c1", EXT)).toEqual({ model: EXT, passedA: false, passedB: true, change: "fixed" });
    expect(cellOf(diff, "c2", EXT)).toEqual({ model: EXT, passedA: true, passedB: false, change: "broke" });
    expect(cellOf(diff, "c3", EXT)).toMatchObject({ passedA: true, passedB: true, change: "same" });
    // n/a in both: the same.
    expect(cellOf(diff, "c1", LEX)).toMatchObject({ passedA: null, passedB: null, change: "same" });
    expect(cellOf(diff, "a1", LEX).change).toBe("fixed");
    expect(diff.counts).toEqual({ fixed: 2, broke: 1, same: 5, changed: 0, only_a: 0, only_b: 0 });
    expect(diff.suiteMismatch).toBe(false);
    expect(diff.partial).toBe(false);
    expect(diff.cases.map((c) => c.caseId)).toEqual(["c1", "c2", "c3", "a1"]);
  });

  it("gives per model the pass rate a → b with its delta and the mean and median latency", () => {
    const diff = diffRuns(a, b);
    const ext = diff.models.find((m) => m.model === EXT)!;
    expect(ext.passRate.a).toBeCloseTo(2 / 3);
    expect(ext.passRate.b).toBeCloseTo(2 / 3);
    expect(ext.passRate.delta).toBeCloseTo(0);
    expect(ext.latencyMean).toEqual({ a: 200, b: 100 });
    expect(ext.latencyMedian).toEqual({ a: 200, b: 100 });
    const lex = diff.models.find((m) => m.model === LEX)!;
    expect(lex.passRate).toEqual({ a: 0, b: 1, delta: 1 });
  });

  it("gives the label sets of an annotation case whose labels changed, and none when they did not", () => {
    const diff = diffRuns(a, b);
    expect(cellOf(diff, "a1", LEX).labels).toEqual({
      a: { ton: ["neutru"], populism: ["true"] },
      b: { ton: ["negativ"], populism: ["true"] },
    });
    expect(cellOf(diff, "c2", EXT).labels).toBeUndefined();
    // Without gold labels: every evaluated field the annotations hold, none that they lack.
    const noGold = parseSuite({
      name: "Fără",
      cases: [{ id: "a1", criterion: "adnotare", annotate: "Text." }],
    });
    const lexA = side("a", [row("a1", LEX, true, { annotation: labels("neutru", false) })], {
      suite: noGold,
      models: [LEX],
    });
    const lexB = side("b", [row("a1", LEX, true, { annotation: labels("negativ", false) })], {
      suite: noGold,
      models: [LEX],
    });
    expect(cellOf(diffRuns(lexA, lexB), "a1", LEX).labels).toEqual({
      a: { ton: ["neutru"], populism: ["false"] },
      b: { ton: ["negativ"], populism: ["false"] },
    });
    const again = diffRuns(a, side("b", a.rows));
    expect(cellOf(again, "a1", LEX).labels).toBeUndefined();
  });

  it("names the header of both runs in the reader's language", () => {
    const diff = diffRuns(a, side("b", b.rows, { temperatures: [0.7] }), "en");
    expect(diff.a).toMatchObject({ runId: "a", status: "done", models: [LEX, EXT], temperatures: [0] });
    expect(diff.b).toMatchObject({ runId: "b", temperatures: [0.7], suite: { name: "Mică", cases: 4 } });
    expect(diff.cases[0]!.title).toBe("Title c1");
    expect(diffRuns(a, b, "ro").cases[0]!.title).toBe("Titlu c1");
  });

  it("marks a model or its answers in one run only as only_a / only_b", () => {
    const withOther = side("b", [...b.rows, row("c1", OTHER, true)], { models: [LEX, EXT, OTHER] });
    const diff = diffRuns(a, withOther);
    expect(diff.onlyA).toEqual([]);
    expect(diff.onlyB).toEqual([OTHER]);
    expect(diff.models.map((m) => m.model)).toEqual([LEX, EXT]);
    expect(cellOf(diff, "c1", OTHER)).toMatchObject({ passedA: null, passedB: true, change: "only_b" });
    const back = diffRuns(withOther, side("b2", b.rows));
    expect(back.onlyA).toEqual([OTHER]);
    expect(cellOf(back, "c1", OTHER).change).toBe("only_a");
  });

  it("compares a run still running on the answers it has, saying it is partial", () => {
    const running = side("b", b.rows.slice(0, 2), { status: "running" });
    const diff = diffRuns(a, running);
    expect(diff.partial).toBe(true);
    expect(diff.b.status).toBe("running");
    expect(cellOf(diff, "c1", EXT).change).toBe("fixed");
    // Not answered yet: in a only.
    expect(cellOf(diff, "c3", EXT)).toMatchObject({ passedA: true, passedB: null, change: "only_a" });
    expect(diff.models.find((m) => m.model === EXT)!.passRate.b).toBeCloseTo(1 / 2);
  });

  it("matches the cases of a suite with prompt variants by id and variant", () => {
    const variants = parseSuite({
      name: "Variante",
      cases: [prompt("q1", { variant: "a" }), prompt("q1", { id: "q1-b", variant: "b" })],
    });
    // Same id, other variant: another case.
    const moved = parseSuite({
      name: "Variante",
      cases: [prompt("q1", { variant: "b" }), prompt("q1", { id: "q1-b", variant: "b" })],
    });
    const x = side("a", [row("q1", EXT, true), row("q1-b", EXT, false)], { suite: variants, models: [EXT] });
    const y = side("b", [row("q1", EXT, false), row("q1-b", EXT, true)], { suite: moved, models: [EXT] });
    const diff = diffRuns(x, y);
    expect(diff.suiteMismatch).toBe(true);
    expect(diff.cases.map((c) => [c.caseId, c.variant, c.models[0]!.change])).toEqual([
      ["q1", "a", "only_a"],
      ["q1-b", "b", "fixed"],
      ["q1", "b", "only_b"],
    ]);
  });

  it("compares another suite sharing cases with a warning, and refuses one sharing none", () => {
    const other = parseSuite({ name: "Alta", cases: [prompt("c1"), prompt("z9")] });
    const shared = diffRuns(
      a,
      side("b", [row("c1", EXT, true), row("z9", EXT, true)], { suite: other, models: [EXT] }),
    );
    expect(shared.suiteMismatch).toBe(true);
    expect(cellOf(shared, "c1", EXT).change).toBe("fixed");
    expect(cellOf(shared, "c2", EXT).change).toBe("only_a");
    expect(cellOf(shared, "z9", EXT).change).toBe("only_b");

    const apart = parseSuite({ name: "Departe", cases: [prompt("x1")] });
    const refuse = () => diffRuns(a, side("b", [row("x1", EXT, true)], { suite: apart, models: [EXT] }));
    expect(refuse).toThrow(AppError);
    expect(refuse).toThrow(expect.objectContaining({ code: "compare:diff_suite_mismatch" }));
  });

  it("leaves out a cell neither run answered: a case of one run with a model of the other, or no answer in either", () => {
    // A: c1–c3 and a1 with LEX; B: c1–c2 with LEX and EXT.
    const small = parseSuite({ name: "Mică", cases: [prompt("c1"), prompt("c2")] });
    const x = side(
      "a",
      [row("c1", LEX, true), row("c2", LEX, true), row("c3", LEX, true), row("a1", LEX, true)],
      {
        models: [LEX],
      },
    );
    const y = side(
      "b",
      [row("c1", LEX, true), row("c2", LEX, false), row("c1", EXT, true), row("c2", EXT, true)],
      {
        suite: small,
        models: [LEX, EXT],
      },
    );
    const diff = CompareDiffResponseSchema.parse(diffRuns(x, y));
    expect(diff.cases.map((c) => [c.caseId, c.models.map((m) => `${m.model} ${m.change}`)])).toEqual([
      ["c1", [`${LEX} same`, `${EXT} only_b`]],
      ["c2", [`${LEX} broke`, `${EXT} only_b`]],
      ["c3", [`${LEX} only_a`]],
      ["a1", [`${LEX} only_a`]],
    ]);
    expect(diff.counts).toEqual({ fixed: 0, broke: 1, same: 1, changed: 0, only_a: 2, only_b: 2 });
    // A case and model with no answer in either run (both still running): no cell, and no case left without one.
    const runningA = side("a", [row("c1", EXT, true)], { status: "running" });
    const runningB = side("b", [row("c1", EXT, false)], { status: "running" });
    const early = diffRuns(runningA, runningB);
    expect(early.cases.map((c) => [c.caseId, c.models.map((m) => m.model)])).toEqual([["c1", [EXT]]]);
    expect(early.counts).toEqual({ fixed: 0, broke: 1, same: 0, changed: 0, only_a: 0, only_b: 0 });
  });

  it("tells two own suites apart by their cases' content, though both are Suita mea with caz-1…caz-N", () => {
    const own = (text: string) => {
      const read = parseSuiteText(text);
      if (!read.ok) throw new Error("suite");
      return parseSuite(read.suite);
    };
    const first = own("Ce este populismul?\n\nCe este o țintă?");
    const unrelated = own("Cum se scrie o știre?\n\nCe face un redactor?");
    expect([first.id, first.name, first.cases.map((c) => c.id)]).toEqual([
      unrelated.id,
      unrelated.name,
      unrelated.cases.map((c) => c.id),
    ]);
    const answers = (pass: boolean) => [row("caz-1", EXT, pass), row("caz-2", EXT, pass)];
    const refuse = () =>
      diffRuns(
        side("a", answers(false), { suite: first, models: [EXT] }),
        side("b", answers(true), { suite: unrelated, models: [EXT] }),
      );
    expect(refuse).toThrow(expect.objectContaining({ code: "compare:diff_suite_mismatch" }));

    // The second case rewritten: the first is compared, the second said to have changed, not compared.
    const edited = own("Ce este populismul?\n\nCe este un țap ispășitor?");
    const diff = CompareDiffResponseSchema.parse(
      diffRuns(
        side("a", answers(false), { suite: first, models: [EXT] }),
        side("b", answers(true), { suite: edited, models: [EXT] }),
      ),
    );
    expect(diff.suiteMismatch).toBe(true);
    expect(diff.cases.map((c) => [c.caseId, c.contentChanged ?? false, c.models[0]!.change])).toEqual([
      ["caz-1", false, "fixed"],
      ["caz-2", true, "changed"],
    ]);
    expect(cellOf(diff, "caz-2", EXT)).toEqual({
      model: EXT,
      passedA: false,
      passedB: true,
      change: "changed",
    });
    expect(diff.counts).toMatchObject({ fixed: 1, changed: 1 });
    // The same text run twice: the same suite.
    const again = diffRuns(
      side("a", answers(false), { suite: first, models: [EXT] }),
      side("b", answers(true), { suite: own("Ce este populismul?\n\nCe este o țintă?"), models: [EXT] }),
    );
    expect(again.suiteMismatch).toBe(false);
    expect(again.counts).toMatchObject({ fixed: 2, changed: 0 });
  });

  it("refuses the same run twice", () => {
    expect(() => diffRuns(a, a)).toThrow(expect.objectContaining({ code: "compare:diff_same_run" }));
  });
});
