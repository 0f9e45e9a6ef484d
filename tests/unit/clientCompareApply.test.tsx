// The compare page after this round of findings, rendered in Romanian and English: a stopped run says why it has no
// recommendation (and offers nothing to apply); a finished one offers "Use in chat", which sets the chat's model and
// temperature, and the .env lines; the table labels both pass rates; progress per model; the form's bounds checked
// before sending.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CompareRunResponse } from "../../contract/compare";
import type { ModelsResponse } from "../../contract/api";
import { RunProgress } from "../../client/src/components/compare/RunProgress";
import { RunResults } from "../../client/src/components/compare/RunResults";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import { applyChoice, appliedOverrides, envLines } from "../../client/src/state/compareApply";
import { checkCompareForm, plannedAnswers } from "../../client/src/state/compareLimits";
import { modelProgress } from "../../client/src/state/compareProgress";
import type { ResultRow } from "../../server/compare/runner";
import type { CompareRunRecord } from "../../server/compare/runStore";
import { partialRun, runResponse } from "../../server/compare/runView";
import { parseSuite, suiteInfo } from "../../server/compare/suite";
import { summarize } from "../../server/compare/summary";

const suite = parseSuite({
  name: "Mică",
  nameEn: "Small",
  cases: ["c1", "c2"].map((id) => ({
    id,
    criterion: "romana",
    prompt: `Întrebarea ${id}?`,
    assert: [{ type: "language" }],
  })),
});
const MODELS = ["offline:extractive", "openai-compatible:lent"];

function answer(caseId: string, model: string): ResultRow {
  return {
    caseId,
    criterion: "romana",
    kind: "prompt",
    model,
    temperature: 0.2,
    run: 1,
    status: "ok",
    pass: true,
    score: 1,
    text: "Un răspuns.",
    annotation: null,
    latencyMs: model.startsWith("offline") ? 10 : 900,
    ttftMs: 5,
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

function record(rows: ResultRow[], stopped: boolean): CompareRunRecord {
  const base: CompareRunRecord = {
    id: "r1",
    userId: "local",
    status: "done",
    done: rows.length,
    total: 4,
    createdAt: "2099-01-01T00:00:00.000Z",
    finishedAt: "2099-01-01T00:01:00.000Z",
    request: { suite, models: MODELS, runs: 1, temperatures: [0.2], concurrency: 1, timeoutMs: 1000 },
    results: null,
    error: null,
    owner: null,
    heartbeatAt: null,
    cancelRequested: false,
  };
  const run = partialRun({ ...base, status: "running" }, rows);
  return { ...base, results: summarize({ ...run, interrupted: stopped }) };
}

const ALL = MODELS.flatMap((m) => ["c1", "c2"].map((c) => answer(c, m)));
// The user stopped after the fast model's two answers and the slow one's first.
const STOPPED = [answer("c1", MODELS[0]!), answer("c2", MODELS[0]!), answer("c1", MODELS[1]!)];

const models: ModelsResponse = {
  chain: [
    {
      id: "openai-compatible:lent",
      provider: "openai-compatible",
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
  defaults: { model: "offline:extractive", temperature: 0.2, topK: 6 },
} as unknown as ModelsResponse;

function render(run: CompareRunResponse, lang: "ro" | "en", onSettings = () => {}): string {
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => (key === "echochamber.lang" ? lang : null),
    setItem: () => {},
  });
  return renderToStaticMarkup(
    <I18nProvider>
      <ReviewProvider>
        <RunProgress run={run} starting={false} stopping={false} onStop={() => undefined} />
        <RunResults run={run} chat={{ models, settings: {}, onSettings }} />
      </ReviewProvider>
    </I18nProvider>,
  );
}

function textOf(html: string, testid: string): string | null {
  const start = html.indexOf(`data-testid="${testid}"`);
  if (start < 0) return null;
  const end = html.indexOf("</", start);
  return html.slice(html.indexOf(">", start) + 1, end).replace(/<[^>]+>/g, "");
}

afterEach(() => vi.unstubAllGlobals());

describe("a comparison its user stopped", () => {
  it("shows no recommendation and says to run it whole, in Romanian and English", () => {
    const ro = render(runResponse(record(STOPPED, true), STOPPED, "ro", true), "ro");
    expect(ro).not.toContain('data-testid="compare-recommendation"');
    expect(ro).not.toContain('data-testid="compare-apply"');
    expect(ro).not.toContain("rezervă");
    expect(textOf(ro, "compare-no-recommendation")).toBe(
      "Fără recomandare: comparația s-a oprit după 3 din 4 răspunsuri, iar un model care a răspuns doar la câteva cazuri ar fi judecat după ele. Rulați comparația întreagă pentru o recomandare.",
    );
    const en = render(runResponse(record(STOPPED, true), STOPPED, "en", true), "en");
    expect(textOf(en, "compare-no-recommendation")).toMatch(
      /^No recommendation: the comparison stopped after 3 of 4 answers/,
    );
  });

  it("labels the slow model's pass rates: all it answered passed, half of the whole suite", () => {
    const html = render(runResponse(record(STOPPED, true), STOPPED, "ro", true), "ro");
    const slowRow = html.slice(html.indexOf('data-model="openai-compatible:lent"'));
    expect(slowRow).toMatch(/data-col="pass">100%/);
    expect(slowRow).toMatch(/data-col="suite-score">50%/);
    expect(html).toContain("Trecute din cazurile aplicabile");
    expect(html).toContain("Trecute din toată suita");
  });
});

describe("a finished comparison", () => {
  const done = runResponse(record(ALL, false), ALL, "ro", true);

  it("offers 'Folosește în chat' and the .env lines as --write-config writes them", () => {
    const html = render(done, "ro");
    expect(textOf(html, "compare-apply")).toBe("Folosește în chat");
    const rec = done.results!.recommendation!;
    expect(html).toContain(`MODEL_PRIMARY=${rec.primary}`);
    expect(textOf(html, "compare-env-lines")).toBe(
      envLines({ primary: rec.primary!, fallback: rec.fallback, temperature: 0.2 }),
    );
    expect(html).toContain("copiați liniile în .env");
    expect(render(runResponse(record(ALL, false), ALL, "en", true), "en")).toContain(">Use in chat<");
  });

  it("applies the primary and temperature to the chat's overrides, one model answering", () => {
    const choice = applyChoice(done.results, models)!;
    expect(choice).toMatchObject({ temperature: 0.2, inChat: true });
    expect(appliedOverrides({ topK: 4, chain: { mode: "draft-refine" } }, choice)).toEqual({
      topK: 4,
      model: choice.primary,
      temperature: 0.2,
      chain: { mode: "single" },
    });
    expect(envLines({ primary: "a:b", fallback: null, temperature: 0.7 })).toBe(
      "MODEL_PRIMARY=a:b\nMODEL_FALLBACK=\nTEMPERATURE=0.7",
    );
  });

  it("offers no button for a primary the chat does not list, and nothing for a stopped run", () => {
    const notInChain = { ...models, chain: [] } as unknown as ModelsResponse;
    expect(applyChoice(done.results, notInChain)).toMatchObject({ inChat: false });
    const html = renderToStaticMarkup(
      <I18nProvider>
        <ReviewProvider>
          <RunResults run={done} chat={{ models: notInChain, settings: {}, onSettings: () => {} }} />
        </ReviewProvider>
      </I18nProvider>,
    );
    expect(html).not.toContain('data-testid="compare-apply"');
    expect(html).toContain('data-testid="compare-apply-unavailable"');
    const stopped = record(STOPPED, true).results!;
    expect(applyChoice({ ...stopped, recommendation: done.results!.recommendation }, models)).toBeNull();
  });
});

describe("progress per model", () => {
  it("shows done / total for each model from the figures so far", () => {
    const running = runResponse(
      { ...record(STOPPED, false), status: "running", results: null },
      STOPPED,
      "en",
      false,
    );
    expect(modelProgress(running)).toEqual([
      { model: MODELS[0], done: 2, total: 2 },
      { model: MODELS[1], done: 1, total: 2 },
    ]);
    const html = render(running, "en");
    expect(html).toContain('data-testid="compare-progress-models"');
    expect(html).toContain("Answers per model");
    expect(html).toMatch(/data-model="openai-compatible:lent" data-done="1" data-total="2"/);
    expect(render(running, "ro")).toContain("1 din 2");
  });
});

describe("the form's bounds, before sending", () => {
  const info = suiteInfo(
    parseSuite({
      name: "S",
      cases: [
        ...Array.from({ length: 26 }, (_, i) => ({ id: `c${i}`, criterion: "romana", prompt: "Da?" })),
        { id: "st", criterion: "stabilitate", prompt: "Da?", repeat: 3 },
      ],
    }),
  );

  it("counts the answers as the server plans them (a stability case repeats)", () => {
    expect(plannedAnswers(info, 1, 2, 2)).toBe((26 + 3) * 2 * 2);
    expect(plannedAnswers(info, 5, 1, 1)).toBe(26 * 5 + 5);
  });

  it("names each problem: five temperatures, runs out of range, seven models, too many answers", () => {
    const ok = checkCompareForm({ models: ["a:b"], runs: "1", temperatures: "0 0,7", suite: info });
    expect(ok.problems).toEqual([]);
    expect(ok.temperatures).toEqual([0, 0.7]);
    const five = checkCompareForm({
      models: ["a:b"],
      runs: "1",
      temperatures: "0 0.2 0.4 0.6 0.8",
      suite: info,
    });
    expect(five.total).toBeNull();
    expect(five.problems).toEqual([
      { field: "temperatures", key: "compare.limit.temperatures", params: { max: 4, n: 5 } },
    ]);
    expect(
      checkCompareForm({ models: ["a:b"], runs: "11", temperatures: "", suite: info }).problems[0],
    ).toMatchObject({
      field: "runs",
    });
    expect(
      checkCompareForm({ models: ["a:b"], runs: "1,5", temperatures: "", suite: info }).problems[0]?.field,
    ).toBe("runs");
    const seven = Array.from({ length: 7 }, (_, i) => `m:${i}`);
    expect(
      checkCompareForm({ models: seven, runs: "1", temperatures: "", suite: info }).problems[0],
    ).toMatchObject({
      key: "compare.limit.models",
      params: { max: 6, n: 7 },
    });
    const big = checkCompareForm({
      models: seven.slice(0, 6),
      runs: "10",
      temperatures: "0 1 2",
      suite: info,
    });
    expect(big.problems).toEqual([
      {
        field: "answers",
        key: "compare.limit.answers",
        params: { total: (26 * 10 + 10) * 3 * 6, max: 1500 },
      },
    ]);
  });
});
