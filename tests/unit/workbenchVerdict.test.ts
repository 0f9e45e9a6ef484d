// The verdict "a model reaches the people's agreement" on small label matrices: it is given only when two people share
// enough rows, κ between them is defined and at least "moderate" (Landis & Koch), and the model's interval is not below
// theirs; otherwise the sentence says why not, and the headline names only fields with a verdict, by their tab names.
import { describe, expect, it } from "vitest";
import {
  HUMAN_KAPPA_FLOOR,
  MIN_AGREEMENT_ROWS,
  REVIEW_FIELDS,
  type ModelVerdict,
  type ReviewField,
} from "../../contract/workbench";
import { computeAgreement } from "../../server/workbench/agreement";
import { verdictStatus } from "../../server/workbench/verdict";
import type { AgreementData } from "../../server/workbench/store";

type Labels = (string | null)[];
const N = 12;
const blank = (): Labels => new Array<string | null>(N).fill(null);

function columns(values: Partial<Record<ReviewField, Labels>>): Record<ReviewField, Labels> {
  return Object.fromEntries(REVIEW_FIELDS.map((f) => [f, values[f] ?? blank()])) as Record<
    ReviewField,
    Labels
  >;
}

function data(
  humans: Record<string, Partial<Record<ReviewField, Labels>>>,
  models: Record<string, Partial<Record<ReviewField, Labels>>>,
): AgreementData {
  return {
    idxs: Array.from({ length: N }, (_, i) => i),
    humans: Object.fromEntries(Object.entries(humans).map(([k, v]) => [k, columns(v)])),
    models: Object.fromEntries(Object.entries(models).map(([k, v]) => [k, [columns(v)]])),
    gold: columns({}),
    adjudicated: columns({}),
  };
}

const report = (d: AgreementData) => computeAgreement(d, { resamples: 200, seed: 42 });
const verdictOf = (verdicts: ModelVerdict[], field: ReviewField, model = "offline:lexicon") =>
  verdicts.find((v) => v.model === model && v.field === field)!;

const ana = ["negativ", "negativ", "pozitiv", "neutru", "negativ", "pozitiv"];
const TONES_A = [...ana, ...ana]; // 12 rows
// Bogdan's tone shifted by one label: a systematic disagreement, κ well below 0.
const shift: Record<string, string> = { negativ: "pozitiv", pozitiv: "neutru", neutru: "negativ" };
const TONES_B = TONES_A.map((t) => shift[t]!);
const no = (n = N): Labels => new Array<string>(n).fill("false");

describe("the verdict on whether a model reaches the people's agreement", () => {
  it("gives none on the tester's data: people who disagree on tone, a populism κ that is undefined or rests on one row", async () => {
    const carmen = blank();
    carmen[0] = "true";
    const r = await report(
      data(
        {
          Ana: { ton: TONES_A, populism: no() },
          Bogdan: { ton: TONES_B, populism: no() },
          Carmen: { populism: carmen },
        },
        { "offline:lexicon": { ton: TONES_A.map((t, i) => (i % 2 ? t : "negativ")), populism: no() } },
      ),
    );
    const ton = verdictOf(r.verdicts, "ton");
    expect(ton.humanHuman.value!).toBeLessThan(0);
    expect(ton.reaches).toBeNull();
    expect(ton.status).toBe("peopleDisagree");
    // A true minus (U+2212), as the forest plots and the methods paragraph write it.
    expect(ton.ro).toContain("oamenii nu se pun de acord între ei (κ \u22120,");
    expect(ton.ro).toContain("deci nu există un reper");
    expect(ton.en).toContain("people do not agree among themselves");
    // Ana × Bogdan share 12 rows but both said "nu" throughout (κ undefined); Ana × Carmen share one row.
    const populism = verdictOf(r.verdicts, "populism");
    expect(populism.reaches).toBeNull();
    expect(populism.status).toBe("peopleUndefined");
    expect(populism.humanHuman.value).toBeNull();
    expect(populism.ro).toContain("κ între oameni nu este definit");
    expect(r.summary.ro).not.toContain("atinge acordul dintre oameni la");
    expect(r.summary.ro).toContain("Nu se poate spune încă");
    expect(r.summary.en).toContain("It cannot be said yet");
  });

  it("says there are too few rows when people share fewer than the page's minimum", async () => {
    const bogdan = blank();
    for (let i = 0; i < MIN_AGREEMENT_ROWS - 1; i++)
      bogdan[i] = TONES_A[i] === "negativ" ? "pozitiv" : "negativ";
    const r = await report(
      data({ Ana: { ton: TONES_A }, Bogdan: { ton: bogdan } }, { "offline:lexicon": { ton: TONES_A } }),
    );
    const ton = verdictOf(r.verdicts, "ton");
    expect(ton.reaches).toBeNull();
    expect(ton.status).toBe("tooFewRows");
    expect(ton.ro).toContain(
      `prea puține rânduri etichetate de cel puțin doi oameni (cel mult ${MIN_AGREEMENT_ROWS - 1} comune, trebuie ${MIN_AGREEMENT_ROWS})`,
    );
    expect(ton.en).toContain("too few rows labelled by at least two people");
  });

  it("does not count a pair on one row towards the people's agreement", async () => {
    // Ana × Carmen on one row (κ 0, interval [0, 0]) used to be the whole reference, and a model with κ 0 "reached" it.
    const carmen = blank();
    carmen[0] = "true";
    const r = await report(
      data(
        { Ana: { anti_elitism: no() }, Carmen: { anti_elitism: carmen } },
        { "offline:lexicon": { anti_elitism: no() } },
      ),
    );
    const verdict = verdictOf(r.verdicts, "anti_elitism");
    expect(verdict.reaches).toBeNull();
    expect(verdict.status).toBe("tooFewRows");
  });

  it("finds no reference when people's κ is negative, even if the model matches it", async () => {
    const yes = (i: number) => (i % 2 === 0 ? "true" : "false");
    const a = Array.from({ length: N }, (_, i) => yes(i));
    const b = a.map((v, i) => (i === 0 ? v : v === "true" ? "false" : "true")); // one row in twelve agrees
    const r = await report(
      data(
        { Ana: { anti_elitism: a }, Bogdan: { anti_elitism: b } },
        { "offline:lexicon": { anti_elitism: b } },
      ),
    );
    const verdict = verdictOf(r.verdicts, "anti_elitism");
    expect(verdict.humanHuman.value!).toBeLessThan(-0.5);
    expect(verdict.reaches).toBeNull();
    expect(verdict.status).toBe("peopleDisagree");
    expect(r.summary.ro).not.toContain("anti_elitism");
    expect(r.summary.ro).not.toMatch(/offline:lexicon atinge/);
  });

  it("finds no reference when people agree only 'fairly' (κ at most 0.40)", () => {
    const e = (value: number) => ({ value, low: value - 0.2, high: value + 0.2 });
    const evidence = {
      people: 2,
      humanPairs: [{ n: 40, kappa: 0.35 }],
      humanHuman: e(0.35),
      modelHuman: e(0.9),
    };
    expect(HUMAN_KAPPA_FLOOR).toBe(0.4);
    expect(verdictStatus(evidence)).toBe("peopleDisagree");
    expect(verdictStatus({ ...evidence, humanHuman: { value: 0.45, low: 0.41, high: 0.5 } })).toBe("reaches");
    expect(verdictStatus({ ...evidence, humanHuman: e(0.9), modelHuman: e(0.3) })).toBe("below");
  });

  it("does not let a wide interval stand in for agreement: the model's own κ must reach the people's lower bound", () => {
    // A dozen shared rows: people at 0.62 [0.22; 1.00], a model at 0.17 [-0.17; 0.53], whose interval overlaps theirs.
    const evidence = {
      people: 2,
      humanPairs: [{ n: 12, kappa: 0.62 }],
      humanHuman: { value: 0.62, low: 0.22, high: 1 },
      modelHuman: { value: 0.17, low: -0.17, high: 0.53 },
    };
    expect(verdictStatus(evidence)).toBe("below");
    const narrower = { ...evidence, humanHuman: { value: 0.62, low: 0.45, high: 0.8 } };
    expect(verdictStatus({ ...narrower, modelHuman: { value: 0.5, low: 0.2, high: 0.8 } })).toBe("reaches");
    expect(verdictStatus({ ...narrower, modelHuman: { value: 0.44, low: 0.1, high: 0.7 } })).toBe("below");
  });

  it("gives no verdict where the people's interval reaches down to 'fair' agreement: too few rows", () => {
    // The tester's Populism: κ 0.41 for the model, 0.52 [−0.16; 0.90] between people on 10 rows. The old rule said the
    // model reached them, as it would have said of any κ from −0.16 up.
    const evidence = {
      people: 2,
      humanPairs: [{ n: 10, kappa: 0.52 }],
      humanHuman: { value: 0.52, low: -0.16, high: 0.9 },
      modelHuman: { value: 0.41, low: 0.05, high: 0.75 },
    };
    expect(verdictStatus(evidence)).toBe("tooUncertain");
    expect(verdictStatus({ ...evidence, modelHuman: { value: -0.1, low: -0.4, high: 0.2 } })).toBe(
      "tooUncertain",
    );
    // Below even the lowest plausible agreement of the people is below it, however wide their interval.
    expect(verdictStatus({ ...evidence, modelHuman: { value: -0.3, low: -0.6, high: 0 } })).toBe("below");
    // The bound must be above the floor, not at it.
    const atFloor = { ...evidence, humanHuman: { value: 0.6, low: HUMAN_KAPPA_FLOOR, high: 0.8 } };
    expect(verdictStatus({ ...atFloor, modelHuman: { value: 0.7, low: 0.5, high: 0.9 } })).toBe(
      "tooUncertain",
    );
  });

  it("says so on ten rows, in the sentence and the headline, instead of 'reaches'", async () => {
    const n = 10;
    const t = "true";
    const f = "false";
    const pad = (v: string[]): Labels => [...v, ...new Array<string | null>(N - n).fill(null)];
    const r = await computeAgreement(
      data(
        {
          Ana: { populism: pad([t, t, t, t, f, f, f, f, f, f]) },
          Bogdan: { populism: pad([t, t, t, f, t, f, f, f, f, f]) },
        },
        { "offline:lexicon": { populism: pad([t, t, f, t, f, t, f, f, f, t]) } },
      ),
      { resamples: 1000, seed: 42 },
    );
    const v = verdictOf(r.verdicts, "populism");
    // People at 0.58 whose interval starts below 0; the model at 0.20 is above that start, so it used to "reach" them.
    expect(v.humanHuman.value!).toBeGreaterThan(HUMAN_KAPPA_FLOOR);
    expect(v.humanHuman.low!).toBeLessThan(0);
    expect(v.modelHuman.value!).toBeGreaterThan(v.humanHuman.low!);
    expect(v.status).toBe("tooUncertain");
    expect(v.reaches).toBeNull();
    expect(v.ro).toContain(
      "nu se poate spune dacă offline:lexicon atinge acordul dintre oameni: prea puține rânduri pentru un verdict (κ între oameni 0,58 [−0,09; 1,00] pe cel mult 10 rânduri comune; capătul de jos al intervalului trebuie să treacă de 0,40, altfel orice κ de la −0,09 în sus l-ar atinge",
    );
    expect(v.en).toContain(
      "it cannot be said whether offline:lexicon reaches the people's agreement: too few rows for a verdict (κ between people 0.58 [−0.09, 1.00] on at most 10 shared rows; the interval's lower end must be above 0.40",
    );
    expect(r.summary.ro).not.toContain("atinge acordul dintre oameni la");
    // The headline, which the methods paragraph repeats, says why with the figures.
    expect(r.summary.ro).toBe(
      "Nu se poate spune încă dacă modelele ating acordul dintre oameni: prea puține rânduri pentru un verdict (la „Populism”, κ între oameni 0,58 [−0,09; 1,00]; capătul de jos al intervalului trebuie să treacă de 0,40).",
    );
    expect(r.summary.en).toBe(
      "It cannot be said yet whether the models reach the people's agreement: too few rows for a verdict (on \"Populism\", κ between people 0.58 [−0.09, 1.00]; the interval's lower end must be above 0.40).",
    );
  });

  it("says the model reaches people who agree on enough rows, names fields as the tabs do, and that a poor model does not", async () => {
    const bogdan = [...TONES_A];
    bogdan[5] = "neutru"; // one disagreement in twelve
    const poor = TONES_A.map((t) => shift[t]!);
    const r = await report(
      data(
        { Ana: { ton: TONES_A, tema: new Array(N).fill("economie") }, Bogdan: { ton: bogdan } },
        { "offline:lexicon": { ton: TONES_A }, "openai-compatible:slab": { ton: poor } },
      ),
    );
    const good = verdictOf(r.verdicts, "ton");
    expect(good.humanHuman.value!).toBeGreaterThan(0.8);
    expect(good.reaches).toBe(true);
    expect(good.status).toBe("reaches");
    expect(good.ro).toMatch(
      /^La „Ton”, offline:lexicon atinge acordul dintre oameni: κ mediu cu oamenii 0,93 \[/,
    );
    expect(good.en).toMatch(/^On "Tone", offline:lexicon reaches/);
    const bad = verdictOf(r.verdicts, "ton", "openai-compatible:slab");
    expect(bad.reaches).toBe(false);
    expect(bad.status).toBe("below");
    expect(verdictOf(r.verdicts, "tema").status).toBe("fewPeople");
    expect(r.summary.ro).toContain("offline:lexicon atinge acordul dintre oameni la Ton.");
    expect(r.summary.en).toContain("offline:lexicon reaches the people's agreement on Tone.");
    expect(r.summary.ro).toContain("openai-compatible:slab nu atinge acordul dintre oameni la Ton.");
    // Fields without a verdict are not named as if they had one.
    expect(r.summary.ro).not.toMatch(/tema|Temă|toate câmpurile/);
  });

  it("gives no verdict on a model measured on too few rows", async () => {
    const bogdan = [...TONES_A];
    bogdan[5] = "neutru";
    const partial: Labels = TONES_A.map((t, i) => (i < 5 ? t : null)); // the model failed on seven rows
    const r = await report(
      data({ Ana: { ton: TONES_A }, Bogdan: { ton: bogdan } }, { "offline:lexicon": { ton: partial } }),
    );
    const ton = verdictOf(r.verdicts, "ton");
    expect(ton.reaches).toBeNull();
    expect(ton.status).toBe("modelUnmeasured");
    expect(ton.en).toContain(`rests on fewer than ${MIN_AGREEMENT_ROWS} rows`);
  });
});
