// From rows to the recommendation: distributions, the funnel (quality, then annotation F1, then p95 latency), the
// fallback of another provider, the temperature rule, the annotation differences of the chat comparison, and a whole
// run of the default suite on the offline models.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { annotationDifferences } from "../../server/compare/chat";
import { chooseTemperature, recommend } from "../../server/compare/recommend";
import { runComparison } from "../../server/compare/runner";
import { loadSuite } from "../../server/compare/suite";
import { distribution, percentile, summarize } from "../../server/compare/summary";
import type { ModelSummary, TemperatureSummary } from "../../contract/compare";
import type { Annotation } from "../../contract/annotation";
import { ModelGateway } from "../../server/models/gateway";
import { testConfig } from "../support/fixtures";

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

function temperature(t: number, passRate: number, stability: number | null): TemperatureSummary {
  return {
    temperature: t,
    passRate,
    jsonValidRate: null,
    latency: null,
    annotationMacroF1: null,
    stability: {
      temperature: t,
      labelAgreement: null,
      textSimilarity: stability,
      score: stability,
      cases: 1,
    },
  };
}

function model(
  id: string,
  figures: { score: number; json?: number | null; f1?: number | null; p95?: number | null },
): ModelSummary {
  const provider = id.split(":")[0]!;
  const offline = provider === "offline";
  return {
    model: id,
    provider,
    abilities: {
      chat: id === "offline:lexicon" ? false : offline ? "grounded" : "any",
      annotate: !offline || id === "offline:lexicon",
    },
    available: true,
    warmup: null,
    calls: { total: 10, ok: 10, fail: 0, error: 0, na: 0 },
    latency: figures.p95 === null ? null : { mean: 100, p50: 100, p95: figures.p95 ?? 100, n: 10 },
    ttftMs: null,
    tokensPerSecond: null,
    tokens: { input: 0, output: 0 },
    cost: { usd: 0, pricing: "local" },
    jsonValidRate: figures.json ?? null,
    jsonChecked: figures.json === undefined || figures.json === null ? 0 : 4,
    passRate: figures.score,
    suiteScore: figures.score,
    passRateByCriterion: {},
    annotation:
      figures.f1 === undefined || figures.f1 === null
        ? null
        : { macroF1: figures.f1, kappa: null, n: 5, fields: {} },
    stability: { byTemperature: [] },
    finishReasons: {},
    refusals: 0,
    truncations: 0,
    errors: {},
    byTemperature: [temperature(0, figures.score, 1)],
  };
}

describe("distribution", () => {
  it("gives mean, linear-interpolated p50 and p95", () => {
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(25);
    const d = distribution([50, 10, 30, 20, 40]);
    expect(d).toEqual({ mean: 30, p50: 30, p95: 48, n: 5 });
    expect(distribution([])).toBeNull();
  });
});

describe("recommend", () => {
  it("prefers the faster model when quality and annotation tie within 5 points", () => {
    const rec = recommend([
      model("openai:lent", { score: 0.9, json: 1, f1: 0.8, p95: 900 }),
      model("openai:rapid", { score: 0.88, json: 1, f1: 0.82, p95: 300 }),
    ]);
    expect(rec.primary).toBe("openai:rapid");
    expect(rec.reasons[0]).toContain("decide latența p95");
    expect(rec.ranking.map((e) => e.rank)).toEqual([1, 2]);
  });

  it("lets annotation F1 decide before latency, and quality before both", () => {
    expect(
      recommend([
        model("openai:rapid", { score: 0.9, json: 1, f1: 0.6, p95: 300 }),
        model("openai:adnotator", { score: 0.9, json: 1, f1: 0.85, p95: 900 }),
      ]).primary,
    ).toBe("openai:adnotator");
    const rec = recommend([
      model("openai:rapid", { score: 0.6, json: 0.5, f1: 0.9, p95: 100 }),
      model("openai:corect", { score: 0.95, json: 1, f1: 0.5, p95: 2000 }),
    ]);
    expect(rec.primary).toBe("openai:corect");
    expect(rec.reasons[0]).toContain("cea mai bună calitate");
  });

  it("says the same in English when asked, numbers written the English way", () => {
    const models = [
      model("openai:lent", { score: 0.9, json: 1, f1: 0.8, p95: 900 }),
      model("openai:rapid", { score: 0.88, json: 1, f1: 0.82, p95: 300 }),
      model("google-genai:c", { score: 0.5, json: 1, p95: 1400 }),
    ];
    const ro = recommend(models);
    const en = recommend(models, "en");
    expect({ ...en, why: "", reasons: [], rule: "", ranking: [] }).toEqual({
      ...ro,
      why: "",
      reasons: [],
      rule: "",
      ranking: [],
    });
    expect(en.ranking.map((e) => [e.model, e.rank])).toEqual(ro.ranking.map((e) => [e.model, e.rank]));
    expect(en.reasons).toHaveLength(ro.reasons.length);
    expect(en.reasons[0]).toContain("p95 latency decides: 300 ms against 900 ms");
    expect(en.reasons[0]).toContain("quality 0.94");
    expect(ro.reasons[0]).toContain("calitate 0,94");
    expect(en.why).toContain("Fallback: google-genai:c — the best model of another provider");
    expect(en.why).not.toMatch(/[ăâîșț]/);
  });

  it("takes the fallback from another provider, even ahead of a better model of the same provider", () => {
    const rec = recommend([
      model("openai:a", { score: 0.95, json: 1, p95: 200 }),
      model("openai:b", { score: 0.94, json: 1, p95: 250 }),
      model("google-genai:c", { score: 0.8, json: 1, p95: 400 }),
    ]);
    expect(rec).toMatchObject({ primary: "openai:a", fallback: "google-genai:c", temperature: 0 });
    expect(rec.why).toContain("altui furnizor (google-genai, nu openai)");
  });

  it("falls back to the offline model when every candidate shares the primary's provider", () => {
    const rec = recommend([model("openai:a", { score: 0.9 }), model("openai:b", { score: 0.5 })]);
    expect(rec.fallback).toBe("offline:extractive");
  });

  it("leaves out models that cannot chat or never answered, and says why", () => {
    const down = {
      ...model("ollama:cazut", { score: 0, p95: null }),
      available: false,
      errors: { "provider:network": 10 },
    };
    const rec = recommend([
      model("offline:lexicon", { score: 0.9, f1: 0.9 }),
      down,
      model("offline:extractive", { score: 0.3 }),
    ]);
    expect(rec.primary).toBe("offline:extractive");
    expect(rec.fallback).toBeNull();
    const excluded = Object.fromEntries(
      rec.ranking.filter((e) => !e.eligible).map((e) => [e.model, e.excludedBecause]),
    );
    expect(excluded).toEqual({
      "offline:lexicon": "nu generează text, doar adnotează",
      "ollama:cazut": "nu a răspuns la niciun apel: provider:network",
    });
  });

  it("recommends nothing when no model can be primary", () => {
    const rec = recommend([model("offline:lexicon", { score: 1 })]);
    expect(rec).toMatchObject({ primary: null, fallback: null, temperature: null });
  });

  it("chooses the temperature by pass rate, then stability, then the lowest", () => {
    const m = model("openai:a", { score: 0.9 });
    m.byTemperature = [temperature(0, 0.8, 0.9), temperature(0.7, 0.9, 0.5), temperature(1, 0.88, 0.7)];
    expect(chooseTemperature(m)?.temperature).toBe(1);
    m.byTemperature = [temperature(0.7, 0.9, 0.6), temperature(0, 0.9, 0.6)];
    expect(chooseTemperature(m)?.temperature).toBe(0);
  });
});

describe("annotationDifferences", () => {
  const base: Annotation = {
    ton: "negativ",
    populism: false,
    anti_elitism: true,
    popor_central: false,
    tema: "pensii",
    tinta: "Guvernul",
    incredere: 0.7,
    justificare: "x",
  };

  it("lists the fields the models disagree on, comparing targets without case and diacritics", () => {
    const differences = annotationDifferences([
      { model: "a", annotation: base },
      { model: "b", annotation: { ...base, ton: "neutru", tinta: "guvernul", incredere: 0.2 } },
      { model: "c", annotation: null },
    ]);
    expect(differences).toEqual([
      {
        field: "ton",
        values: [
          { model: "a", value: "negativ" },
          { model: "b", value: "neutru" },
        ],
      },
    ]);
  });
});

describe("a run of the default suite on the offline models", () => {
  it("answers what each model can, marks the rest n/a, and recommends the extractive model", async () => {
    const config = testConfig();
    const suite = loadSuite(path.join(REPO, "suites", "default.ro.yaml"));
    const run = await runComparison({
      models: ["offline:extractive", "offline:lexicon"],
      suite,
      config,
      gateway: new ModelGateway(config),
      temperatures: [0],
    });
    const expectedRows = suite.cases.reduce((n, c) => n + Math.max(1, c.repeat), 0) * 2;
    expect(run.rows).toHaveLength(expectedRows);
    expect(run.rows.filter((r) => r.status === "error")).toEqual([]);
    expect(run.warmups.every((w) => w.ok)).toBe(true);

    const grounded = suite.cases.filter((c) => c.kind === "prompt" && c.sources).map((c) => c.id);
    const extractive = run.rows.filter((r) => r.model === "offline:extractive");
    expect(extractive.filter((r) => r.status !== "n/a").map((r) => r.caseId)).toEqual(
      expect.arrayContaining(grounded),
    );
    expect(extractive.find((r) => r.kind === "annotation")?.note).toBe("modelul nu adnotează");
    const lexicon = run.rows.filter((r) => r.model === "offline:lexicon");
    expect(lexicon.filter((r) => r.kind === "prompt").every((r) => r.status === "n/a")).toBe(true);

    const results = summarize(run);
    const lexiconSummary = results.models.find((m) => m.model === "offline:lexicon")!;
    expect(lexiconSummary.annotation?.macroF1).toBeGreaterThan(0.5);
    expect(lexiconSummary.passRateByCriterion.romana).toBeNull();
    expect(lexiconSummary.jsonValidRate).toBeNull();
    expect(results.models[0]?.ttftMs?.n).toBeGreaterThan(0);
    expect(results.recommendation).toMatchObject({
      primary: "offline:extractive",
      fallback: null,
      temperature: 0,
    });
  });
});
