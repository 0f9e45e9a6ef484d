// The agreement view's derivations without a browser: pairs grouped by kind, the forest plot's scale, confusion
// matrices as heatmap cells, which pairs each heatmap offers, label distributions, run-to-run stability, and how
// estimates are written in each language.
import { describe, expect, it } from "vitest";
import type { AgreementReport, Estimate, FieldAgreement, PairAgreement } from "../../contract/workbench";
import { REVIEW_FIELD_VALUES } from "../../contract/workbench";
import {
  coderIndex,
  coderLabel,
  confusionHeatmap,
  distributionBars,
  fieldReport,
  defaultHeatmapGroup,
  forestScale,
  formatEstimate,
  hasHumanLabels,
  heatmapPairs,
  inSchemaOrder,
  HEATMAP_GROUPS,
  kappaBand,
  pairsByKind,
  stabilityRows,
} from "../../client/src/state/agreementView";

const est = (value: number | null, low: number | null = null, high: number | null = null): Estimate => ({
  value,
  low,
  high,
});
const alpha = (value: number | null) => ({ ...est(value), coders: 2, units: 20 });

function pair(a: string, b: string, kind: PairAgreement["kind"], kappa: number | null): PairAgreement {
  return {
    a,
    b,
    kind,
    n: 20,
    kappa: est(kappa, kappa === null ? null : kappa - 0.1, kappa === null ? null : kappa + 0.1),
    observed: 0.8,
    confusion: {
      labels: ["negativ", "neutru", "pozitiv"],
      counts: [
        [8, 2, 0],
        [1, 5, 0],
        [0, 0, 4],
      ],
    },
  };
}

const field: FieldAgreement = {
  field: "ton",
  alphaHumans: alpha(0.7),
  alphaAll: alpha(0.6),
  alphaRuns: { "openai:gpt": alpha(0.9) },
  pairs: [
    pair("m:lex", "m:gpt", "model-model", 0.4),
    pair("h:ana", "h:bog", "human-human", 0.72),
    pair("h:ana", "m:lex", "human-model", 0.5),
    pair("h:ana", "m:gpt", "human-model", 0.65),
    pair("m:gpt#1", "m:gpt#2", "run-run", 0.9),
  ],
  reference: "gold",
  // Gold is no rater: the server scores the models against it here, never as a pair.
  vsReference: [
    {
      coder: "m:lex",
      n: 20,
      accuracy: est(0.7, 0.6, 0.8),
      macroF1: est(0.6, 0.5, 0.7),
      confusion: pair("gold", "m:lex", "human-model", null).confusion,
    },
  ],
  distribution: {
    "m:lex": { negativ: 6, neutru: 3, pozitiv: 1 },
    "m:gpt": { negativ: 5, neutru: 5 },
    "m:gpt#2": { negativ: 4, neutru: 6 },
    "h:ana": { negativ: 7, neutru: 3 },
    gold: { negativ: 6, neutru: 4 },
  },
};

const report: AgreementReport = {
  runId: "run-1",
  datasetId: "ds-1",
  items: "all",
  n: 20,
  coders: [
    { key: "m:lex", kind: "model", name: "offline:lexicon" },
    { key: "m:gpt", kind: "model", name: "openai:gpt" },
    { key: "m:gpt#1", kind: "model", name: "openai:gpt", repeat: 1 },
    { key: "m:gpt#2", kind: "model", name: "openai:gpt", repeat: 2 },
    { key: "h:ana", kind: "human", name: "Ana" },
    { key: "h:bog", kind: "human", name: "Bogdan" },
    { key: "gold", kind: "gold", name: "gold" },
  ],
  fields: [field],
  verdicts: [],
  summary: { ro: "Modelul atinge acordul oamenilor.", en: "The model reaches the people's agreement." },
  resamples: 1000,
  seed: 42,
};

describe("agreement figures", () => {
  const coders = coderIndex(report);

  it("groups pairs human–human, human–model, model–model, run–run, best κ first", () => {
    const groups = pairsByKind(field);
    expect(groups.map((g) => g.kind)).toEqual(["human-human", "human-model", "model-model", "run-run"]);
    expect(groups[1]!.pairs.map((p) => p.kappa.value)).toEqual([0.65, 0.5]);
    expect(fieldReport(report, "ton")).toBe(field);
    expect(fieldReport(report, "tema")).toBeUndefined();
    expect(hasHumanLabels(report)).toBe(true);
  });

  it("names coders, a model's repeat with its run, and reads a key the list lacks", () => {
    const repeat = (name: string, n: number) => `${name} · run ${n}`;
    expect(coderLabel(coders, "h:ana", repeat)).toBe("Ana");
    expect(coderLabel(coders, "m:gpt#2", repeat)).toBe("openai:gpt · run 2");
    expect(coderLabel(coders, "model:offline:lexicon#2", repeat)).toBe("offline:lexicon · run 2");
    expect(coderLabel(coders, "human:Dana", repeat)).toBe("Dana");
  });

  it("names a member's classmates, folded together under blind review, by their count and no name", () => {
    const folded = coderIndex({
      coders: [
        { key: "human:ana", kind: "human", name: "ana" },
        { key: "peers", kind: "human", name: "peers", peers: 3 },
      ],
    });
    const repeat = (name: string, n: number) => `${name} · run ${n}`;
    const peers = (n: number) => `colegii (${n})`;
    expect(coderLabel(folded, "peers", repeat, undefined, peers)).toBe("colegii (3)");
    expect(coderLabel(folded, "human:ana", repeat, undefined, peers)).toBe("ana");
  });

  it("reads κ in Landis and Koch's words", () => {
    expect([-0.1, 0.1, 0.3, 0.5, 0.7, 0.9].map(kappaBand)).toEqual([
      "poor",
      "slight",
      "fair",
      "moderate",
      "substantial",
      "almostPerfect",
    ]);
  });

  it("scales the forest plot from below the lowest interval to 1", () => {
    const scale = forestScale([est(0.5, 0.3, 0.7), est(0.1, -0.15, 0.3)]);
    expect(scale.min).toBeCloseTo(-0.2);
    expect(scale.x(1)).toBe(100);
    expect(scale.x(-0.2)).toBeCloseTo(0);
    expect(scale.x(-5)).toBeCloseTo(0);
    expect(scale.ticks).toEqual([0, 0.5, 1]);
    expect(forestScale([est(-0.6, -0.8, -0.4)]).ticks).toEqual([-0.5, 0, 0.5, 1]);
    expect(forestScale([est(null)]).min).toBe(0);
  });

  it("turns a confusion matrix into row shares with the diagonal marked", () => {
    const map = confusionHeatmap(field.pairs[0]!);
    expect(map.total).toBe(20);
    expect(map.agreement).toBeCloseTo(17 / 20);
    expect(map.rows[0]!.cells.map((c) => c.rowShare)).toEqual([0.8, 0.2, 0]);
    expect(map.rows[1]!.cells[1]!.diagonal).toBe(true);
    expect(confusionHeatmap({ confusion: { labels: ["a"], counts: [[0]] } }).agreement).toBe(0);
  });

  it("offers model × model pairs and model × person/gold pairs, never run–run ones", () => {
    expect(heatmapPairs(field, coders, "model-model").map((p) => `${p.a}|${p.b}`)).toEqual(["m:lex|m:gpt"]);
    expect(heatmapPairs(field, coders, "model-reference").map((p) => `${p.a}|${p.b}`)).toEqual([
      "gold|m:lex",
      "h:ana|m:lex",
      "h:ana|m:gpt",
    ]);
  });

  it("opens the confusion view on models against people or gold when there are any, else on model × model", () => {
    expect(defaultHeatmapGroup(field, coders)).toBe("model-reference");
    const modelsOnly = {
      ...field,
      pairs: field.pairs.filter((p) => p.kind === "model-model"),
      reference: null,
      vsReference: [],
    };
    expect(defaultHeatmapGroup(modelsOnly, coders)).toBe("model-model");
  });

  it("offers model × gold from the scores against the reference, as the server reports it (no gold pair)", () => {
    // What the server sends for a run of one model twice on a data set with gold and no person's label yet: gold
    // is no rater, so it appears in `vsReference`, never in `pairs`.
    const goldConfusion = {
      labels: ["negativ", "neutru", "pozitiv"],
      counts: [
        [10, 2, 0],
        [1, 15, 0],
        [0, 0, 12],
      ],
    };
    const lexiconOnly: FieldAgreement = {
      ...field,
      pairs: [pair("model:offline:lexicon", "model:offline:lexicon#2", "run-run", 1)],
      reference: "gold",
      vsReference: [
        {
          coder: "model:offline:lexicon",
          n: 40,
          accuracy: est(0.93),
          macroF1: est(0.92),
          confusion: goldConfusion,
        },
      ],
    };
    const lexiconCoders = coderIndex({
      coders: [
        { key: "model:offline:lexicon", kind: "model", name: "offline:lexicon" },
        { key: "model:offline:lexicon#2", kind: "model", name: "offline:lexicon", repeat: 2 },
        { key: "gold", kind: "gold", name: "gold" },
      ],
    });
    expect(defaultHeatmapGroup(lexiconOnly, lexiconCoders)).toBe("model-reference");
    const [goldPair, ...others] = heatmapPairs(lexiconOnly, lexiconCoders, "model-reference");
    expect(others).toEqual([]);
    expect(goldPair).toEqual({ a: "gold", b: "model:offline:lexicon", confusion: goldConfusion });
    expect(confusionHeatmap(goldPair!).agreement).toBeCloseTo(37 / 40);

    // With people too: model × gold first, then model × person; the adjudicated labels when they are the reference.
    const adjudicated: FieldAgreement = {
      ...lexiconOnly,
      pairs: [pair("human:Ana", "model:offline:lexicon", "human-model", 0.5)],
      reference: "adjudicated",
    };
    const withPeople = coderIndex({
      coders: [
        { key: "model:offline:lexicon", kind: "model", name: "offline:lexicon" },
        { key: "human:Ana", kind: "human", name: "Ana" },
        { key: "adjudicated", kind: "adjudicated", name: "adjudicated" },
      ],
    });
    expect(heatmapPairs(adjudicated, withPeople, "model-reference").map((p) => `${p.a}|${p.b}`)).toEqual([
      "adjudicated|model:offline:lexicon",
      "human:Ana|model:offline:lexicon",
    ]);
    // A person scored against the reference is no model × reference matrix.
    const personScored: FieldAgreement = {
      ...adjudicated,
      vsReference: [{ ...adjudicated.vsReference[0]!, coder: "human:Ana" }],
    };
    expect(heatmapPairs(personScored, withPeople, "model-reference").map((p) => p.a)).toEqual(["human:Ana"]);
  });

  it("offers person × person and person × gold, the view wanted when κ between people is 0", () => {
    expect(HEATMAP_GROUPS).toEqual(["model-model", "model-reference", "people"]);
    const anaScored = {
      coder: "h:ana",
      n: 10,
      accuracy: est(0.7),
      macroF1: est(0.6),
      confusion: pair("gold", "h:ana", "human-model", null).confusion,
    };
    const people: FieldAgreement = { ...field, vsReference: [...field.vsReference, anaScored] };
    expect(heatmapPairs(people, coders, "people").map((p) => `${p.a}|${p.b}`)).toEqual([
      "h:ana|h:bog",
      "gold|h:ana",
    ]);
    // People stay out of the model views, and models out of this one.
    expect(heatmapPairs(people, coders, "model-reference").map((p) => `${p.a}|${p.b}`)).toEqual([
      "gold|m:lex",
      "h:ana|m:lex",
      "h:ana|m:gpt",
    ]);
    const alone: FieldAgreement = { ...field, pairs: field.pairs.filter((p) => p.kind !== "human-human") };
    expect(heatmapPairs(alone, coders, "people")).toEqual([]);
  });

  it("names gold and the adjudication in the page's language", () => {
    const repeat = (name: string, n: number) => `${name} · run ${n}`;
    const words = { gold: "gold", adjudicated: "adjudecare" } as const;
    const withAdjudication = coderIndex({
      coders: [{ key: "adjudicated", kind: "adjudicated", name: "adjudicated" }],
    });
    expect(coderLabel(withAdjudication, "adjudicated", repeat, (k) => words[k])).toBe("adjudecare");
    expect(coderLabel(coders, "gold", repeat, (k) => words[k])).toBe("gold");
    expect(coderLabel(withAdjudication, "adjudicated", repeat)).toBe("adjudicated");
    const people = distributionBars(
      { ...field, distribution: { adjudicated: { negativ: 1 } } },
      withAdjudication,
      ["adjudicated"],
      (key) => coderLabel(withAdjudication, key, repeat, (k) => words[k]),
    );
    expect(people.series).toEqual(["adjudecare"]);
  });

  it("draws label shares per model, one bar per model (its later repeats left to the stability chart)", () => {
    const { groups, series } = distributionBars(field, coders, ["model"]);
    expect(series).toEqual(["offline:lexicon", "openai:gpt"]);
    // The schema's order, as the review's keys and the confusion matrices have it (not the order counts came in).
    expect(groups.map((g) => g.label)).toEqual(["pozitiv", "negativ", "neutru"]);
    expect(groups[0]!.values).toEqual([
      { series: "offline:lexicon", value: 0.1 },
      { series: "openai:gpt", value: 0 },
    ]);
    expect(distributionBars(field, coders, ["human", "gold"]).series).toEqual(["Ana", "gold"]);
  });

  it("orders every chart's labels as the schema does, whatever order the counts came in", () => {
    expect(REVIEW_FIELD_VALUES.ton).toEqual(["pozitiv", "negativ", "neutru"]);
    const shuffled = {
      ...field,
      distribution: { "m:lex": { negativ: 1, pozitiv: 2, neutru: 3 }, gold: { neutru: 4, negativ: 6 } },
    };
    const models = distributionBars(shuffled, coders, ["model"]);
    expect(models.groups.map((g) => g.label)).toEqual(["pozitiv", "negativ", "neutru"]);
    const gold = distributionBars(shuffled, coders, ["gold"]);
    expect(gold.groups.map((g) => g.label)).toEqual(["negativ", "neutru"]);
    expect(inSchemaOrder("tema", ["altele", "necunoscut", "pensii"])).toEqual([
      "pensii",
      "altele",
      "necunoscut",
    ]);
  });

  it("gives each model's stability across repeats: α and the mean κ of its run–run pairs", () => {
    expect(stabilityRows(field, coders)).toEqual([
      { model: "openai:gpt", alpha: alpha(0.9), meanKappa: 0.9 },
    ]);
  });

  it("writes an estimate with its interval the way each language writes numbers", () => {
    expect(formatEstimate(est(0.712, 0.64, 0.78), "ro")).toBe("0,71 [0,64; 0,78]");
    expect(formatEstimate(est(0.712, 0.64, 0.78), "en")).toBe("0.71 [0.64, 0.78]");
    expect(formatEstimate(est(0.5), "en")).toBe("0.50");
    expect(formatEstimate(est(null), "ro")).toBe("—");
    // A true minus (U+2212), as the forest plots and the methods paragraph write it.
    expect(formatEstimate(est(-0.04, -0.53, 0.3), "ro")).toBe("\u22120,04 [\u22120,53; 0,30]");
    expect(formatEstimate(est(-0.04, -0.53, 0.3), "en")).toBe("\u22120.04 [\u22120.53, 0.30]");
  });
});
