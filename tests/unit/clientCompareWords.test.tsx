// The compare page's words in its language: an answer's assertions named in Romanian or English (not by the suite's
// type id), its temperature with the language's decimal mark, and counts with "de" from 20 in Romanian.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CaseView, CompareRunResponse } from "../../contract/compare";
import { CaseAnswers } from "../../client/src/components/compare/CaseAnswers";
import { RunProgress } from "../../client/src/components/compare/RunProgress";
import { translate, type Lang } from "../../client/src/i18n";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import { checkCompareForm, plannedParams, problemParams } from "../../client/src/state/compareLimits";

function inLang(lang: Lang, node: React.ReactNode): string {
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => (key === "echochamber.lang" ? lang : null),
    setItem: () => {},
  });
  return renderToStaticMarkup(
    <I18nProvider>
      <ReviewProvider>{node}</ReviewProvider>
    </I18nProvider>,
  );
}

const plain = (html: string) => html.replace(/<[^>]+>/g, "");

afterEach(() => vi.unstubAllGlobals());

const CASE: CaseView = {
  id: "c1",
  criterion: "romana",
  criterionLabel: "Română",
  title: "Salariul minim",
  kind: "prompt",
  input: "Cât este salariul minim?",
  answers: [
    {
      model: "offline:extractive",
      temperature: 0.7,
      run: 1,
      status: "ok",
      pass: true,
      score: 1,
      text: "Salariul minim este de 11.000 de lei.",
      annotation: null,
      latencyMs: 12,
      ttftMs: 3,
      finishReason: "stop",
      jsonValid: null,
      error: null,
      assertions: [
        { type: "contains", pass: true, score: 1, reason: "conține „11.000”", reasonEn: 'contains "11.000"' },
        {
          type: "max-length",
          pass: true,
          score: 1,
          reason: "7 cuvinte (cel mult 32)",
          reasonEn: "7 words (at most 32)",
        },
        { type: "language", pass: true, score: 1, reason: "în română", reasonEn: "in Romanian" },
      ],
    },
  ],
};

describe("an answer's assertions and chips on the compare page", () => {
  it("names each assertion in Romanian, without the suite's English type id, and writes t=0,7", () => {
    const text = plain(inLang("ro", <CaseAnswers cases={[CASE]} models={["offline:extractive"]} />));
    expect(text).toContain("✓ Conține: conține „11.000”");
    expect(text).toContain("✓ Lungime maximă: 7 cuvinte (cel mult 32)");
    expect(text).toContain("✓ Limba: în română");
    for (const id of ["contains", "max-length", "language"]) expect(text).not.toContain(id);
    expect(text).toContain("t=0,7");
    expect(text).not.toContain("t=0.7");
  });

  it("names them in English on the English page, with a decimal point", () => {
    const text = plain(inLang("en", <CaseAnswers cases={[CASE]} models={["offline:extractive"]} />));
    expect(text).toContain("✓ Maximum length: 7 words (at most 32)");
    expect(text).toContain("✓ Language: in Romanian");
    expect(text).toContain("t=0.7");
  });
});

/** An annotation case: the suite's expected labels, and one model's annotation of the text. */
const ANNOTATION_CASE: CaseView = {
  id: "a1",
  criterion: "adnotare",
  criterionLabel: "Adnotare",
  title: "Ironie",
  kind: "annotation",
  input: "Bravo, iar ne-au furat pensiile!",
  expected: { populism: false, ton: "negativ", anti_elitism: true, tema: "coruptie" },
  answers: [
    {
      ...CASE.answers[0]!,
      model: "offline:lexicon",
      text: "",
      annotation: {
        ton: "pozitiv",
        populism: false,
        anti_elitism: true,
        popor_central: false,
        tema: "pensii",
        tinta: null,
        incredere: 0.4,
        justificare: "Cuvinte pozitive.",
        dovezi: [],
      },
      assertions: [],
    },
  ],
};

describe("an annotation case's labels on the compare page", () => {
  it("says the expected labels and the model's by the fields' names, with da/nu, in Romanian", () => {
    const text = plain(inLang("ro", <CaseAnswers cases={[ANNOTATION_CASE]} models={["offline:lexicon"]} />));
    expect(text).toContain(
      "Etichete așteptate: Ton: negativ · Populism: nu · Anti-elitism: da · Temă: corupție",
    );
    expect(text).toContain(
      "Ton: pozitiv · Populism: nu · Anti-elitism: da · Popor central: nu · Temă: pensii",
    );
    expect(text).not.toMatch(/ton=|populism=|anti_elitism|popor_central|false|true/);
  });

  it("says them in English on the English page, with yes/no", () => {
    const text = plain(inLang("en", <CaseAnswers cases={[ANNOTATION_CASE]} models={["offline:lexicon"]} />));
    expect(text).toContain(
      "Expected labels: Tone: negative · Populism: no · Anti-elitism: yes · Topic: corruption",
    );
    expect(text).toContain(
      "Tone: positive · Populism: no · Anti-elitism: yes · People-centrism: no · Topic: pensions",
    );
  });
});

describe("counts on the compare form and its progress", () => {
  const suite = { cases: 12, repeats: undefined, defaults: { temperatures: [0.2] } } as never;

  it("says 'de' before 20 answers or more in Romanian, with the large limit grouped", () => {
    const form = checkCompareForm({ models: ["a", "b"], runs: "1", temperatures: "", suite });
    expect(form.total).toBe(24);
    expect(translate("ro", "compare.planned", plannedParams(24, 1500, "ro"))).toBe(
      "Comparația va cere 24 de răspunsuri (cel mult 1.500).",
    );
    expect(translate("ro", "compare.planned", plannedParams(4, 1500, "ro"))).toBe(
      "Comparația va cere 4 răspunsuri (cel mult 1.500).",
    );
    expect(translate("en", "compare.planned", plannedParams(24, 1500, "en"))).toBe(
      "The comparison will ask for 24 answers (at most 1,500).",
    );
  });

  it("says the limits' counts with their nouns", () => {
    const tooMany = checkCompareForm({
      models: ["a", "b"],
      runs: "10",
      temperatures: "0 0.5 1",
      suite,
      maxAnswers: 500,
    });
    const answers = tooMany.problems.find((p) => p.key === "compare.limit.answers")!;
    expect(translate("ro", answers.key, problemParams(answers, "ro"))).toMatch(
      /^Comparația ar cere 720 de răspunsuri \(cel mult 500\)/,
    );
    const models = checkCompareForm({
      models: ["a", "b", "c", "d", "e", "f", "g"],
      runs: "1",
      temperatures: "",
      suite,
    });
    const tooManyModels = models.problems.find((p) => p.key === "compare.limit.models")!;
    expect(translate("ro", tooManyModels.key, problemParams(tooManyModels, "ro"))).toBe(
      "Cel mult 6 modele într-o comparație (ați ales 7).",
    );
    const temps = checkCompareForm({ models: ["a"], runs: "1", temperatures: "0 0.2 0.4 0.6 0.8", suite });
    const tooManyTemps = temps.problems.find((p) => p.key === "compare.limit.temperatures")!;
    expect(translate("en", tooManyTemps.key, problemParams(tooManyTemps, "en"))).toBe(
      "At most 4 temperatures (you wrote 5).",
    );
  });

  it("shows the progress of 24 answers as 'din 24 de răspunsuri'", () => {
    const run = {
      runId: "r1",
      status: "running",
      progress: { done: 21, total: 24 },
      createdAt: "2099-01-01T00:00:00.000Z",
      finishedAt: null,
      request: { models: ["a", "b"], suite, runs: 1, temperatures: [0.2], concurrency: 1 },
      results: null,
      cases: null,
      error: null,
    } as unknown as CompareRunResponse;
    const ro = plain(
      inLang("ro", <RunProgress run={run} starting={false} stopping={false} onStop={() => undefined} />),
    );
    expect(ro).toContain("21 din 24 de răspunsuri");
    const en = plain(
      inLang("en", <RunProgress run={run} starting={false} stopping={false} onStop={() => undefined} />),
    );
    expect(en).toContain("21 of 24 answers");
  });
});
