// The methods paragraph reports the temperature only where it applied (the offline models ignore it), and its counts
// agree with their nouns and verbs in both languages.
import { describe, expect, it } from "vitest";
import {
  emptyImportReport,
  REVIEW_FIELDS,
  type DatasetSummary,
  type EvidenceAgreement,
  type ReviewField,
} from "../../contract/workbench";
import { computeAgreement } from "../../server/workbench/agreement";
import { evidenceSentence, methodsParagraph, temperatureText } from "../../server/workbench/methods";
import { pageRun } from "../support/workbenchStore";

describe("the methods paragraph's temperature", () => {
  it("has none to report for a run of offline models only", () => {
    expect(temperatureText({ models: ["offline:lexicon"], temperature: 0.3 })).toEqual({
      ro: "fără temperatură (modelele offline nu o folosesc, de aceea coloana temperature a exportului este goală)",
      en: "with no temperature (offline models do not use one, so the export's temperature column is empty)",
    });
  });

  it("reports it for the models that used it", () => {
    expect(temperatureText({ models: ["openai:gpt-4o-mini"], temperature: 0.3 }).ro).toBe(
      "la temperatura 0,30",
    );
    expect(temperatureText({ models: ["openai:gpt-4o-mini", "offline:lexicon"], temperature: 0 }).en).toBe(
      "at temperature 0.00 (ignored by offline:lexicon: in the export, their rows' temperature column is empty)",
    );
  });
});

describe("the methods paragraph's counts", () => {
  const dataset = {
    id: "ds-1",
    name: "Pensii",
    source: "upload",
    sourceFile: "pensii.csv",
    format: "csv",
    encoding: "utf-8",
    rows: 1,
    bytes: 10,
    createdAt: "2025-05-01T10:00:00.000Z",
    mapping: { text: "text" },
    goldFields: [],
    metaColumns: [],
    reviewSample: { size: 20, seed: 7 },
    report: emptyImportReport(1),
    shared: false,
    blindReview: true,
  } satisfies DatasetSummary;
  const paragraph = (
    humans: string[],
    n: number,
    sampleLabelled: number,
    rows = 1,
    failed = 0,
    setting: { models?: string[]; repeats?: number; dataset?: Partial<DatasetSummary> } = {},
  ) =>
    methodsParagraph({
      run: pageRun({
        models: setting.models ?? ["offline:lexicon"],
        repeats: setting.repeats ?? (rows === 1 ? 1 : 20),
      }),
      dataset: { ...dataset, rows, ...setting.dataset },
      counts: [{ model: "offline:lexicon", done: rows, failed, cached: 0, inputTokens: 0, outputTokens: 0 }],
      agreement: {
        n,
        coders: humans.map((name) => ({ key: `human:${name}`, kind: "human" as const, name })),
        fields: [],
        verdicts: [],
        summary: { ro: "", en: "" },
        resamples: 100,
        seed: 1,
      },
      sampleLabelled,
    });

  it("names fields as the page's tabs do in each language, and claims parity only where people agree", async () => {
    const n = 12;
    const column = (values?: string[]) => values ?? new Array<string | null>(n).fill(null);
    const cols = (v: Partial<Record<ReviewField, string[]>>) =>
      Object.fromEntries(REVIEW_FIELDS.map((f) => [f, column(v[f])])) as Record<
        ReviewField,
        (string | null)[]
      >;
    const yes = Array.from({ length: n }, (_, i) => (i % 2 ? "true" : "false"));
    const flipped = yes.map((v, i) => (i === 0 ? v : v === "true" ? "false" : "true"));
    const agreement = await computeAgreement(
      {
        idxs: Array.from({ length: n }, (_, i) => i),
        humans: {
          Ana: cols({ anti_elitism: yes, tema: new Array(n).fill("economie") }),
          Ion: cols({ anti_elitism: flipped, tema: new Array(n).fill("economie") }),
        },
        models: { "offline:lexicon": [cols({ anti_elitism: flipped, tema: new Array(n).fill("economie") })] },
        gold: cols({}),
        adjudicated: cols({}),
      },
      { resamples: 100, seed: 1 },
    );
    const text = methodsParagraph({
      run: pageRun({ models: ["offline:lexicon"] }),
      dataset: { ...dataset, rows: n },
      counts: [{ model: "offline:lexicon", done: n, failed: 0, cached: 0, inputTokens: 0, outputTokens: 0 }],
      agreement,
      sampleLabelled: 0,
    });
    expect(text.ro).toContain("La „Anti-elitism”: α Krippendorff între oameni");
    expect(text.en).toContain('On "Anti-elitism": Krippendorff\'s α between people');
    expect(text.ro).not.toMatch(/anti_elitism|„tema”/);
    // People's κ on anti-elitism is far below 0: the paragraph must not say the model reaches it.
    expect(text.ro).not.toContain("atinge acordul dintre oameni la");
    expect(text.ro).toContain("Nu se poate spune încă dacă modelele ating acordul dintre oameni");
    expect(text.en).toContain("It cannot be said yet whether the models reach the people's agreement");
    // Intervals as the forest plots write them: brackets, a true minus (U+2212), no hyphen-minus or en-dash between.
    expect(text.ro).toMatch(/α Krippendorff între oameni −\d,\d\d \(IÎ 95% \[−\d,\d\d; −?\d,\d\d\]\)/);
    expect(text.en).toMatch(/α between people −\d\.\d\d \(95% CI \[−\d\.\d\d, −?\d\.\d\d\]\)/);
    for (const paragraph of [text.ro, text.en]) {
      expect(paragraph).not.toMatch(/-\d[.,]\d\d|\d–[−\d]/);
    }
    // "100 de reeșantionări": Romanian's "de" from twenty up.
    expect(text.ro).toContain("(100 de reeșantionări, sămânța 1)");
    expect(text.en).toContain("(100 resamples, seed 1)");
  });

  it("gives no α or accuracy on fewer rows than the page shows them on, saying so instead", async () => {
    const n = 3;
    const cols = (v: Partial<Record<ReviewField, string[]>>) =>
      Object.fromEntries(
        REVIEW_FIELDS.map((f) => [f, v[f] ?? new Array<string | null>(n).fill(null)]),
      ) as Record<ReviewField, (string | null)[]>;
    const agreement = await computeAgreement(
      {
        idxs: [0, 1, 2],
        humans: {
          Ana: cols({ ton: ["negativ", "pozitiv", "neutru"] }),
          Ion: cols({ ton: ["negativ", "neutru", "neutru"] }),
        },
        models: { "offline:lexicon": [cols({ ton: ["negativ", "negativ", "neutru"] })] },
        gold: cols({ ton: ["negativ", "pozitiv", "neutru"] }),
        adjudicated: cols({}),
      },
      { resamples: 50, seed: 1 },
    );
    const text = methodsParagraph({
      run: pageRun({ models: ["offline:lexicon"] }),
      dataset: { ...dataset, rows: n },
      counts: [{ model: "offline:lexicon", done: n, failed: 0, cached: 0, inputTokens: 0, outputTokens: 0 }],
      agreement,
      sampleLabelled: 0,
    });
    expect(text.ro).toContain("α Krippendorff între oameni prea puține rânduri (n = 3; trebuie 10)");
    expect(text.en).toContain("Krippendorff's α between people too few rows (n = 3; 10 needed)");
    expect(text.ro).toContain(
      "offline:lexicon față de etichetele de referință (gold): prea puține rânduri (n = 3",
    );
    expect(text.ro).not.toMatch(/IÎ 95%/);
    expect(text.en).not.toMatch(/95% CI/);
  });

  it("agrees with one text, one repeat, one failed call and one person", () => {
    const one = paragraph(["Ana"], 1, 0, 1, 1);
    expect(one.ro).toContain("Am adnotat 1 text (setul");
    expect(one.ro).toContain("o dată pentru fiecare text");
    expect(one.ro).toContain("Un apel a eșuat și a rămas fără etichetă.");
    expect(one.ro).toContain(
      "Un adnotator uman (Ana) a etichetat 1 text, din afara eșantionului aleator, deci neales la întâmplare (",
    );
    expect(one.en).toContain("We annotated 1 text (data set");
    expect(one.en).toContain("once per text");
    expect(one.en).toContain("One call failed and was left unlabelled.");
    expect(one.en).toContain(
      "One human annotator (Ana) labelled 1 text, outside the random sample, so not chosen at random (",
    );
  });

  it("uses Romanian's plural with 'de' from twenty, and names only the ways texts were really chosen", () => {
    const many = paragraph(["Ana", "Ion"], 20, 20, 25, 21);
    expect(many.ro).toContain("Am adnotat 25 de texte");
    expect(many.ro).toContain("de 20 de ori pentru fiecare text");
    expect(many.ro).toContain("21 de apeluri au eșuat");
    expect(many.ro).toContain(
      "2 adnotatori umani (Ana, Ion) au etichetat 20 de texte, toate făcând parte dintr-un eșantion aleator de 20 de texte (sămânța 7)",
    );
    expect(many.ro).not.toContain("celelalte");
    expect(many.en).toContain(
      "labelled 20 texts, all of them belonging to a random sample of 20 texts (seed 7)",
    );
    const mixed = paragraph(["Ana", "Ion"], 5, 1, 25);
    expect(mixed.ro).toContain("dintre ele, unul face parte dintr-un eșantion");
    expect(mixed.ro).toContain("iar celelalte 4 sunt din afara lui, deci nealese la întâmplare (");
    expect(mixed.en).toContain("of these, 1 belongs to a random sample of 20 texts (seed 7) kept apart");
    expect(mixed.en).toContain("and the other 4 are outside it, so not chosen at random (");
  });

  it("says there are too few rows for a verdict where the people's interval starts below 'moderate'", async () => {
    const n = 10;
    const t = "true";
    const f = "false";
    const cols = (populism: string[]) =>
      Object.fromEntries(
        REVIEW_FIELDS.map((field) => [field, field === "populism" ? populism : new Array(n).fill(null)]),
      ) as Record<ReviewField, (string | null)[]>;
    const agreement = await computeAgreement(
      {
        idxs: Array.from({ length: n }, (_, i) => i),
        humans: {
          Ana: cols([t, t, t, t, f, f, f, f, f, f]),
          Ion: cols([t, t, t, f, t, f, f, f, f, f]),
        },
        models: { "offline:lexicon": [cols([t, t, f, t, f, t, f, f, f, t])] },
        gold: cols(new Array(n).fill(null)),
        adjudicated: cols(new Array(n).fill(null)),
      },
      { resamples: 1000, seed: 42 },
    );
    const text = methodsParagraph({
      run: pageRun({ models: ["offline:lexicon"] }),
      dataset: { ...dataset, rows: n },
      counts: [],
      agreement,
      sampleLabelled: 0,
    });
    expect(text.ro).not.toContain("atinge acordul dintre oameni la");
    expect(text.ro).toContain(
      "prea puține rânduri pentru un verdict (la „Populism”, κ între oameni 0,58 [−0,09; 1,00]",
    );
    expect(text.en).toContain(
      'too few rows for a verdict (on "Populism", κ between people 0.58 [−0.09, 1.00]',
    );
  });

  it("writes 'sămânța' and grouped thousands in Romanian, 'seed' and a thousands comma in English", () => {
    const big = paragraph(["Ana", "Ion"], 1500, 1000, 2500, 0, {
      dataset: { reviewSample: { size: 1000, seed: 42 } },
    });
    const withResamples = methodsParagraph({
      run: pageRun({ models: ["offline:lexicon"], repeats: 1 }),
      dataset: { ...dataset, rows: 2500, reviewSample: { size: 1000, seed: 42 } },
      counts: [],
      agreement: {
        n: 1500,
        coders: [],
        fields: [],
        verdicts: [],
        summary: { ro: "", en: "" },
        resamples: 1000,
        seed: 42,
      },
      sampleLabelled: 0,
    });
    expect(withResamples.ro).toContain("(1.000 de reeșantionări, sămânța 42)");
    expect(withResamples.en).toContain("(1,000 resamples, seed 42)");
    expect(withResamples.ro).toContain("Am adnotat 2.500 de texte");
    expect(withResamples.en).toContain("We annotated 2,500 texts");
    expect(big.ro).toContain("au etichetat 1.500 de texte");
    expect(big.ro).toContain("eșantion aleator de 1.000 de texte (sămânța 42)");
    expect(big.en).toContain("labelled 1,500 texts");
    expect(big.en).toContain("a random sample of 1,000 texts (seed 42)");
    for (const text of [withResamples.ro, big.ro]) expect(text).not.toMatch(/\bseed\b|\d{4}/);
  });

  it("never says rows were chosen by priority where no queue could have ranked them so", () => {
    // A class's shared data set under blind review, no random sample, one model run once: the members' queue was
    // the file's order (blindReview.ts), so nothing was chosen where models or runs disagreed.
    const blind = paragraph(["ana", "ion"], 11, 0, 40, 0, {
      repeats: 1,
      dataset: { shared: true, blindReview: true, reviewSample: { size: 0, seed: 42 } },
    });
    expect(blind.ro).toContain(
      "2 adnotatori umani (ana, ion) au etichetat 11 texte, niciunul ales la întâmplare (setul nu are un eșantion aleator; cu revizuirea oarbă, membrii clasei primesc rândurile în ordinea din fișier, nu după ce au spus modelele; pentru proprietarul setului și administratori, coada de revizuire pune întâi rândurile unde încrederea era mică ori un apel a eșuat, iar adnotatorii pot eticheta și alte rânduri).",
    );
    expect(blind.en).toContain(
      "2 human annotators (ana, ion) labelled 11 texts, none of them chosen at random (the data set has no random sample; under blind review the class's members get the rows in the file's order, not by what the models said; for the data set's owner and the admins, the review queue puts first the rows where confidence was low or a call failed, and annotators may label other rows too).",
    );
    for (const text of [blind.ro, blind.en])
      expect(text).not.toMatch(/prioritate|chosen first|disagreed|nu au fost de acord/);

    // Without blind review the queue ranks by what this run has: one model run once has no disagreement to rank by.
    const single = paragraph(["Ana"], 3, 0, 40, 0, { repeats: 1 });
    expect(single.ro).toContain(
      "(coada de revizuire pune întâi rândurile unde încrederea era mică ori un apel a eșuat, iar adnotatorii pot eticheta și alte rânduri)",
    );
    expect(single.en).toContain(
      "(the review queue puts first the rows where confidence was low or a call failed, and annotators may label other rows too)",
    );
    const two = paragraph(["Ana"], 3, 0, 40, 0, {
      models: ["offline:lexicon", "openai:gpt-4o-mini"],
      repeats: 2,
    });
    expect(two.ro).toContain(
      "unde modelele nu au fost de acord, rulările nu au fost de acord, încrederea era mică ori un apel a eșuat",
    );
    expect(two.en).toContain(
      "where the models disagreed, the runs disagreed, confidence was low or a call failed",
    );
  });
});

describe("the methods paragraph's evidence agreement", () => {
  const evidence = (f1: number | null, pairs: number, rows: number): EvidenceAgreement => ({
    people: pairs + 1,
    pairs: [],
    mean: { all: { f1, rows, pairs }, fields: [] },
  });

  it("says the people's mean F1 on the words they marked, with the pairs and rows it rests on", () => {
    const text = evidenceSentence(evidence(0.6667, 3, 24))!;
    expect(text.ro).toContain("F1 mediu la nivel de caracter de 0,67 (3 perechi, 24 de rânduri cu dovezi)");
    expect(text.en).toContain("character-level F1 of 0.67 (3 pairs, 24 rows with evidence)");
    expect(text.ro).not.toContain("prea puține");
  });

  it("says it rests on too few rows without giving the figure, and nothing when no pair marked evidence", () => {
    const few = evidenceSentence(evidence(0.87, 1, 3))!;
    expect(few.ro).toContain("prea puține rânduri cu dovezi (n = 3; trebuie 10; 1 pereche)");
    expect(few.en).toContain("too few rows with evidence (n = 3; 10 needed; 1 pair)");
    // Never the figure itself: copied into a paper, it would read as a finding.
    expect(few.ro).not.toContain("0,87");
    expect(few.en).not.toContain("0.87");
    expect(evidenceSentence(evidence(null, 0, 0))).toBeNull();
    expect(evidenceSentence(undefined)).toBeNull();
  });
});
