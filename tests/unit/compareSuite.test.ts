// The comparison suite format: the shipped default suite validates, malformed suites are refused with a Romanian
// reason, and the small JSON Schema validator behind `is-json` judges what a suite author writes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { validateJsonSchema } from "../../server/compare/jsonSchema";
import { caseViews } from "../../server/compare/runView";
import {
  findSuite,
  listSuites,
  loadSuite,
  parseSuite,
  parseSuiteText,
  suiteInfo,
  type AnnotationCase,
} from "../../server/compare/suite";
import { AppError } from "../../contract/errors";

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const SUITES = path.join(REPO, "suites");
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function detailOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return String((err as AppError).params.detail);
  }
  throw new Error("expected the suite to be refused");
}

describe("the default suite", () => {
  const suite = loadSuite(path.join(SUITES, "default.ro.yaml"));

  it("covers every criterion of the course with 20-30 cases", () => {
    expect(suite.id).toBe("default.ro");
    expect(suite.cases.length).toBeGreaterThanOrEqual(20);
    expect(suite.cases.length).toBeLessThanOrEqual(30);
    const criteria = new Set(suite.cases.map((c) => c.criterion));
    for (const c of ["romana", "instructiuni", "adnotare", "json", "stabilitate", "refuz", "trunchiere"]) {
      expect(criteria).toContain(c);
    }
  });

  it("has annotation cases with gold labels checked against them, and repeated stability cases", () => {
    const annotation = suite.cases.filter((c): c is AnnotationCase => c.kind === "annotation");
    expect(annotation.length).toBeGreaterThanOrEqual(6);
    for (const c of annotation) {
      expect(c.expected).toBeDefined();
      expect(c.assert.some((a) => a.type === "annotation")).toBe(true);
    }
    const stability = suite.cases.filter((c) => c.criterion === "stabilitate");
    expect(stability.every((c) => c.repeat >= 3 && c.assert.some((a) => a.type === "stable"))).toBe(true);
    const truncation = suite.cases.find((c) => c.criterion === "trunchiere");
    expect(truncation?.kind === "prompt" && truncation.maxTokens).toBeLessThanOrEqual(32);
  });

  it("glosses every case in English for the English page: its title, and its input unless already English", () => {
    const english = caseViews(suite, [], "en");
    for (const [i, view] of english.entries()) {
      const c = suite.cases[i]!;
      expect(c.titleEn, c.id).toBeTruthy();
      expect(view.title).toBe(c.titleEn);
      if (c.id === "intrebare-in-engleza") expect(view.inputEn).toBeUndefined();
      else expect(view.inputEn, c.id).toMatch(/^[\x20-\x7e\n“”—–]+$/);
      // What the models get stays the Romanian input.
      expect(view.input).toBe(c.kind === "prompt" ? c.prompt : c.text);
    }
    for (const view of caseViews(suite, [], "ro")) expect(view.inputEn).toBeUndefined();
    expect(caseViews(suite, [], "ro")[0]!.title).toBe(suite.cases[0]!.title);
  });

  it("titles every case in Romanian for the Romanian page, not with its slug nor its English title", () => {
    const romanian = caseViews(suite, [], "ro");
    for (const [i, view] of romanian.entries()) {
      const c = suite.cases[i]!;
      expect(view.title, c.id).not.toBe(c.id);
      expect(view.title, c.id).not.toBe(c.titleEn);
    }
    expect(romanian.find((v) => v.id === "adnotare-populism")?.title).toBe("Adnotare: populism");
  });

  it('is listed first and found as "default"', () => {
    expect(listSuites(SUITES).suites[0]?.id).toBe("default.ro");
    expect(findSuite("default", SUITES).name).toBe(suite.name);
    expect(suiteInfo(suite).criteria.find((c) => c.id === "adnotare")?.label).toBe("Adnotare");
  });
});

describe("parseSuite", () => {
  const base = { name: "test" };

  it("reads JSON and YAML alike and takes the suite's system prompt for prompt cases", () => {
    const yaml = parseSuiteText(
      "name: t\nsystem: Fii scurt.\ncases:\n  - id: a\n    criterion: romana\n    prompt: Salut\n    assert: [{type: language}]\n",
    );
    const json = parseSuiteText(
      JSON.stringify({
        name: "t",
        system: "Fii scurt.",
        cases: [{ id: "a", criterion: "romana", prompt: "Salut", assert: [{ type: "language" }] }],
      }),
    );
    expect(yaml.cases).toEqual(json.cases);
    expect(yaml.cases[0]).toMatchObject({ kind: "prompt", system: "Fii scurt.", repeat: 1 });
  });

  it("titles a case that has only an English title with it on the Romanian page too, not with its slug", () => {
    const only = parseSuite({
      name: "S",
      cases: [{ id: "caz-en", criterion: "romana", titleEn: "Summary", prompt: "Rezumă." }],
    });
    expect(caseViews(only, [], "ro")[0]!.title).toBe("Summary");
  });

  it("reads a case's English title and gloss, and keeps a suite without them valid", () => {
    const glossed = parseSuite({
      ...base,
      cases: [
        { id: "a", criterion: "x", title: "Salut", titleEn: "Hello", prompt: "Salut!", promptEn: "Hi!" },
        { id: "b", criterion: "adnotare", annotate: "Bravo!", annotateEn: "Well done!" },
        { id: "c", criterion: "x", prompt: "Fără glosă" },
      ],
    });
    expect(glossed.cases[0]).toMatchObject({
      title: "Salut",
      titleEn: "Hello",
      inputEn: "Hi!",
      prompt: "Salut!",
    });
    expect(glossed.cases[1]).toMatchObject({ kind: "annotation", text: "Bravo!", inputEn: "Well done!" });
    expect(glossed.cases[2]).not.toHaveProperty("inputEn");
    expect(caseViews(glossed, [], "en")[2]).toMatchObject({ title: "c", input: "Fără glosă" });
    expect(
      detailOf(() =>
        parseSuite({ ...base, cases: [{ id: "a", criterion: "x", annotate: "t", promptEn: "p" }] }),
      ),
    ).toMatch(/promptEn/);
    expect(
      detailOf(() =>
        parseSuite({ ...base, cases: [{ id: "a", criterion: "x", prompt: "p", annotateEn: "t" }] }),
      ),
    ).toMatch(/annotateEn/);
  });

  it("refuses a case that is both a prompt and an annotation, or neither", () => {
    expect(
      detailOf(() =>
        parseSuite({ ...base, cases: [{ id: "a", criterion: "x", prompt: "p", annotate: "t" }] }),
      ),
    ).toMatch(/fie „prompt”, fie „annotate”/);
    expect(detailOf(() => parseSuite({ ...base, cases: [{ id: "a", criterion: "x" }] }))).toMatch(
      /fie „prompt”/,
    );
  });

  it("refuses repeated ids, unknown assertion types and labels outside the schema", () => {
    const twice = { id: "a", criterion: "x", prompt: "p" };
    expect(detailOf(() => parseSuite({ ...base, cases: [twice, twice] }))).toMatch(/id repetat/);
    expect(
      detailOf(() => parseSuite({ ...base, cases: [{ ...twice, assert: [{ type: "similar" }] }] })),
    ).toMatch(/assert/);
    expect(
      detailOf(() =>
        parseSuite({
          ...base,
          cases: [{ id: "b", criterion: "adnotare", annotate: "t", expected: { ton: "furios" } }],
        }),
      ),
    ).toMatch(/expected\.ton/);
  });

  it("refuses gold-label checks on prompt cases", () => {
    expect(
      detailOf(() =>
        parseSuite({
          ...base,
          cases: [{ id: "a", criterion: "x", prompt: "p", assert: [{ type: "annotation" }] }],
        }),
      ),
    ).toMatch(/doar unui caz de adnotare/);
  });

  it("adds the gold-label assertion to an annotation case with expected labels", () => {
    const suite = parseSuite({
      ...base,
      cases: [{ id: "a", criterion: "adnotare", annotate: "t", expected: { ton: "negativ" } }],
    });
    expect(suite.cases[0]?.assert).toEqual([{ type: "annotation" }]);
  });

  it("lists only the suites of a folder that validate", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-suites-"));
    dirs.push(dir);
    writeFileSync(
      path.join(dir, "bun.json"),
      JSON.stringify({ name: "bun", cases: [{ id: "a", criterion: "x", prompt: "p" }] }),
    );
    writeFileSync(path.join(dir, "stricat.yaml"), "name: stricat\ncases: []\n");
    const { suites, invalid } = listSuites(dir);
    expect(suites.map((s) => s.id)).toEqual(["bun"]);
    expect(invalid.map((i) => i.file)).toEqual(["stricat.yaml"]);
    expect(detailOf(() => findSuite("lipsa", dir))).toMatch(/disponibile: bun/);
  });
});

describe("validateJsonSchema", () => {
  const schema = {
    type: "object",
    required: ["oras", "an"],
    additionalProperties: false,
    properties: {
      oras: { type: "string", minLength: 2 },
      an: { type: "integer", minimum: 1990, maximum: 2100 },
      teme: { type: "array", maxItems: 2, items: { enum: ["taxe", "pensii"] } },
    },
  };

  it("accepts a value that follows the schema", () => {
    expect(validateJsonSchema({ oras: "Cluj", an: 2024, teme: ["taxe"] }, schema)).toEqual([]);
  });

  it("names every problem with its path", () => {
    const problems = validateJsonSchema(
      { oras: "C", an: 2024.5, teme: ["taxe", "sport", "pensii"], extra: 1 },
      schema,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\.oras: mai scurt/),
        expect.stringMatching(/^\$\.an: se aștepta integer/),
        expect.stringMatching(/^\$\.teme: mai mult de 2/),
        expect.stringMatching(/^\$\.teme\[1\]: valoarea nu este/),
        expect.stringMatching(/câmp nepermis „extra”/),
      ]),
    );
    expect(validateJsonSchema({ an: 2000 }, schema)).toEqual(["$: lipsește „oras”"]);
    // The bound counted with the noun's Romanian form: "2 caractere", "1 caracter", "20 de caractere".
    expect(validateJsonSchema({ oras: "C", an: 2000 }, schema)).toEqual(["$.oras: mai scurt de 2 caractere"]);
    expect(validateJsonSchema("", { type: "string", minLength: 1 })).toEqual(["$: mai scurt de 1 caracter"]);
    expect(validateJsonSchema("x".repeat(21), { type: "string", maxLength: 20 })).toEqual([
      "$: mai lung de 20 de caractere",
    ]);
  });

  it("handles type lists, anyOf and oneOf", () => {
    expect(validateJsonSchema(null, { type: ["string", "null"] })).toEqual([]);
    expect(validateJsonSchema(3, { anyOf: [{ type: "string" }, { type: "number" }] })).toEqual([]);
    expect(validateJsonSchema(3, { oneOf: [{ type: "number" }, { type: "integer" }] })).toHaveLength(1);
  });
});
