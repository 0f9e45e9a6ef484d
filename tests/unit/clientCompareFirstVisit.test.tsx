// The compare page for a first-time user: the configured main model (and its fallback) checked when the form opens,
// or the offline default without one; no "JSON validity" card when no case checked JSON; and the recommendation's
// two pass figures each saying what it counts, in Romanian and English.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ModelsResponse, ModelInfo } from "../../contract/api";
import { RunResults } from "../../client/src/components/compare/RunResults";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import { checksJson, comparableModels, preselectedModels } from "../../client/src/state/compare";
import type { ResultRow } from "../../server/compare/runner";
import type { CompareRunRecord } from "../../server/compare/runStore";
import { partialRun, runResponse } from "../../server/compare/runView";
import { parseSuite } from "../../server/compare/suite";
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
    expect(preselectedModels(models, comparableModels(models, undefined))).toEqual(["openai:gpt-4o-mini"]);
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
