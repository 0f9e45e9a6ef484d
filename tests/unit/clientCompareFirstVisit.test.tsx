// The compare page for a first-time user: the models checked when the form opens compare every kind of case of the
// default suite (two models for each kind where the configuration has two: both offline models when nothing else is
// configured); no "JSON validity" card when no case checked JSON; and the recommendation's two pass figures each
// saying what it counts, in Romanian and English.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ModelsResponse, ModelInfo } from "../../contract/api";
import { RunResults } from "../../client/src/components/compare/RunResults";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import { checksJson, comparableModels, preselectedModels } from "../../client/src/state/compare";
import { abilitiesOf } from "../../server/compare/calls";
import { inapplicable, type ResultRow } from "../../server/compare/runner";
import type { CompareRunRecord } from "../../server/compare/runStore";
import { partialRun, runResponse } from "../../server/compare/runView";
import { defaultSuitePath, loadSuite, parseSuite, suiteInfo } from "../../server/compare/suite";
import { summarize } from "../../server/compare/summary";

const info = (
  id: string,
  configured = true,
  capabilities: ModelInfo["capabilities"] = ["chat"],
): ModelInfo => ({
  id,
  provider: id.split(":")[0]!,
  capabilities,
  configured,
  offline: id.startsWith("offline:"),
});

const modelsOf = (chain: ModelInfo[], defaultModel: string): ModelsResponse => ({
  chain,
  embeddings: "offline:hash",
  defaults: { model: defaultModel, temperature: 0.2, topK: 6 },
  limits: { maxMessageChars: 4000 },
});

describe("the models checked when the compare form opens", () => {
  it("are the configured main model and its first fallback, not the offline ones", () => {
    const models = modelsOf(
      [
        info("google-genai:gemini-2.5-flash"),
        info("openai:gpt-4o-mini"),
        info("ollama:qwen2.5:3b"),
        info("offline:extractive"),
        info("offline:lexicon", true, ["annotate"]),
      ],
      "google-genai:gemini-2.5-flash",
    );
    expect(preselectedModels(models, comparableModels(models, undefined))).toEqual([
      "google-genai:gemini-2.5-flash",
      "openai:gpt-4o-mini",
    ]);
  });

  it("skip a main model without its key: the fallback that answers is checked", () => {
    const models = modelsOf(
      [info("google-genai:gemini-2.5-flash", false), info("openai:gpt-4o-mini"), info("offline:extractive")],
      "openai:gpt-4o-mini",
    );
    // With one model that answers, the extractive one joins it on the cases with sources (a suite not known yet is
    // taken to hold both kinds of prompt case, as the default does).
    expect(preselectedModels(models, comparableModels(models, undefined))).toEqual([
      "openai:gpt-4o-mini",
      "offline:extractive",
    ]);
  });

  it("are the offline default when no online model is configured", () => {
    const models = modelsOf(
      [
        info("google-genai:gemini-2.5-flash", false),
        info("offline:extractive"),
        info("offline:lexicon", true, ["annotate"]),
      ],
      "offline:extractive",
    );
    expect(preselectedModels(models, comparableModels(models, undefined))).toEqual(["offline:extractive"]);
    expect(preselectedModels(undefined, [])).toEqual([]);
  });
});

describe("the models checked on the default suite", () => {
  const suite = loadSuite(defaultSuitePath());
  const offline = [info("offline:extractive"), info("offline:lexicon", true, ["annotate"])];
  /** What the form checks when it opens on the default suite with this chain. */
  const checkedAtOpen = (chain: ModelInfo[]) => {
    const models = modelsOf(chain, chain[0]!.id);
    const shown = suiteInfo(suite);
    return preselectedModels(models, comparableModels(models, shown), shown);
  };
  /** For every case of the suite, how many of the models take it, by the server's own rule (runner.ts). */
  const takers = (models: string[]) =>
    suite.cases.map((c) => models.filter((m) => inapplicable(abilitiesOf(m), c) === null).length);

  it("are both offline models when nothing else is configured, so that a first run compares", () => {
    const checked = checkedAtOpen([info("google-genai:gemini-2.5-flash", false), ...offline]);
    expect(checked).toEqual(["offline:extractive", "offline:lexicon"]);
    expect(suiteInfo(suite)).toMatchObject({ annotationCases: 8, groundedCases: 5 });
    // Every case either offline model can take is taken by one: the extractive one the five with sources, the
    // lexicon the eight annotation ones (only one model of each exists here).
    const byAll = takers(["offline:extractive", "offline:lexicon"]);
    expect(takers(checked)).toEqual(byAll);
    expect(byAll.filter((n) => n > 0)).toHaveLength(13);
  });

  it("join one configured model on the kinds of case it would be alone on", () => {
    const checked = checkedAtOpen([info("openai:gpt-4o-mini", true, ["chat", "annotate"]), ...offline]);
    expect(checked).toEqual(["openai:gpt-4o-mini", "offline:extractive", "offline:lexicon"]);
    // Two models on every case that two can take (those without sources only the configured model answers).
    const counts = takers(checked);
    suite.cases.forEach((c, i) => expect(counts[i], c.id).toBe(c.kind === "prompt" && !c.sources ? 1 : 2));
  });

  it("are the main model and its fallback when both are configured: they take every case", () => {
    const checked = checkedAtOpen([
      info("google-genai:gemini-2.5-flash", true, ["chat", "annotate"]),
      info("openai:gpt-4o-mini", true, ["chat", "annotate"]),
      info("ollama:qwen2.5:3b", true, ["chat", "annotate"]),
      ...offline,
    ]);
    expect(checked).toEqual(["google-genai:gemini-2.5-flash", "openai:gpt-4o-mini"]);
    expect(new Set(takers(checked))).toEqual(new Set([2]));
  });
});

// ---- A finished run, rendered ----

const suite = parseSuite({
  name: "Mică",
  cases: ["c1", "c2"].map((id) => ({ id, criterion: "romana", prompt: `Întrebarea ${id}?`, assert: [] })),
});
const MODELS = ["offline:extractive", "openai-compatible:lent"];

function answer(caseId: string, model: string, jsonValid: boolean | null, pass: boolean): ResultRow {
  return {
    caseId,
    criterion: "romana",
    kind: "prompt",
    model,
    temperature: 0,
    run: 1,
    status: "ok",
    pass,
    score: pass ? 1 : 0,
    text: "Un răspuns.",
    annotation: null,
    latencyMs: 10,
    ttftMs: 5,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    finishReason: "stop",
    refused: false,
    jsonValid,
    assertions: [],
    error: null,
  };
}

function finished(rows: ResultRow[], lang: "ro" | "en") {
  const base: CompareRunRecord = {
    id: "r1",
    userId: "local",
    status: "done",
    done: rows.length,
    total: rows.length,
    createdAt: "2099-01-01T00:00:00.000Z",
    finishedAt: "2099-01-01T00:01:00.000Z",
    request: { suite, models: MODELS, runs: 1, temperatures: [0], concurrency: 1, timeoutMs: 1000 },
    results: null,
    error: null,
    owner: null,
    heartbeatAt: null,
    cancelRequested: false,
  };
  const run = partialRun({ ...base, status: "running" }, rows);
  return runResponse({ ...base, results: summarize({ ...run, interrupted: false }) }, rows, lang, true);
}

function render(rows: ResultRow[], lang: "ro" | "en"): string {
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => (key === "echochamber.lang" ? lang : null),
    setItem: () => {},
  });
  return renderToStaticMarkup(
    <I18nProvider>
      <ReviewProvider>
        <RunResults run={finished(rows, lang)} />
      </ReviewProvider>
    </I18nProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("the charts of a finished comparison", () => {
  it("leave out the JSON validity card when no case checked JSON", () => {
    const rows = MODELS.flatMap((m) => ["c1", "c2"].map((c) => answer(c, m, null, true)));
    expect(checksJson(finished(rows, "ro").results!)).toBe(false);
    const html = render(rows, "ro");
    expect(html).not.toContain('data-kind="json"');
    expect(html).not.toContain("Validitate JSON");
    expect(html).toContain('data-kind="latency"');
  });

  it("keep it when a case checked JSON", () => {
    const rows = MODELS.flatMap((m) => ["c1", "c2"].map((c) => answer(c, m, c === "c1", true)));
    const html = render(rows, "ro");
    expect(html).toContain('data-kind="json"');
    expect(html).toContain("Validitate JSON");
  });
});

describe("the recommendation's figures", () => {
  it("say what each pass figure counts, in Romanian and English", () => {
    const rows = MODELS.flatMap((m) =>
      ["c1", "c2"].map((c) => answer(c, m, null, m.startsWith("openai") || c === "c1")),
    );
    const ro = finished(rows, "ro").results!.recommendation!.why;
    expect(ro).toContain(
      "calitate 1,00: a trecut 100% din toate cazurile suitei („n/a” și erorile numărate ca netrecute)",
    );
    expect(ro).toContain(
      "Temperatura 0: singura încercată (a trecut 100% din cazurile care i se aplică la această temperatură",
    );
    const en = finished(rows, "en").results!.recommendation!.why;
    expect(en).toContain(
      'quality 1.00: it passed 100% of all the suite\'s cases ("n/a" and errors counted as not passed)',
    );
    expect(en).toContain(
      "Temperature 0: the only one tried (it passed 100% of the cases that apply to it at this temperature",
    );
    // The fallback's quality says the same of its own figure.
    expect(ro).toContain("calitate 0,50: a trecut 50% din toate cazurile suitei");
  });
});
