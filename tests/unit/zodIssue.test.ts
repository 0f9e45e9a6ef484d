// A request that fails its schema is refused in the user's language: zod's English ("Array must contain at most 4
// element(s)") never reaches a Romanian page; the field's path stays, so the reader knows which field.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CompareStartSchema } from "../../contract/compare";
import { PreferenceSchema } from "../../contract/preferences";
import { ReviewLabelsSchema } from "../../contract/workbench/review";
import { AppError, toUserError } from "../../contract/errors";
import { parseBody } from "../../server/http/parseBody";
import { issueText } from "../../server/http/zodIssue";
import { parseSuite } from "../../server/compare/suite";

function refusal(body: unknown, lang: "ro" | "en"): string {
  try {
    parseBody(CompareStartSchema, body);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return toUserError(err, lang).message;
  }
  throw new Error("accepted");
}

const firstIssue = (schema: z.ZodTypeAny, value: unknown) => schema.safeParse(value).error!.issues[0]!;

describe("a refused compare request", () => {
  const five = { models: ["offline:extractive"], temperatures: [0, 0.2, 0.4, 0.6, 0.8] };

  it("says what is wrong with five temperatures in Romanian, with no English", () => {
    expect(refusal(five, "ro")).toBe("Cererea nu are forma așteptată: temperatures: cel mult 4 elemente");
  });

  it("and in English in English", () => {
    expect(refusal(five, "en")).toBe(
      "The request does not have the expected shape: temperatures: at most 4 items",
    );
  });

  it("names a missing field, a number too big, a wrong type and an unknown field", () => {
    expect(refusal({}, "ro")).toBe("Cererea nu are forma așteptată: models: lipsește");
    expect(refusal({ models: ["a:b"], runs: 11 }, "ro")).toMatch(/runs: cel mult 10$/);
    expect(refusal({ models: ["a:b"], runs: 11 }, "en")).toMatch(/runs: at most 10$/);
    expect(refusal({ models: ["a:b"], runs: "trei" }, "ro")).toMatch(/runs: trebuie să fie un număr$/);
    expect(refusal({ models: ["a:b"], culoare: 1 }, "en")).toMatch(/: unknown fields: culoare$/);
  });
});

describe("issueText", () => {
  it("words too few items, a short text, a small number and a whole number", () => {
    expect(issueText(firstIssue(z.object({ m: z.array(z.string()).min(2) }), { m: [] }), "ro")).toBe(
      "m: cel puțin 2 elemente",
    );
    expect(issueText(firstIssue(z.object({ t: z.string().min(1) }), { t: "" }), "en")).toBe(
      "t: cannot be empty",
    );
    expect(issueText(firstIssue(z.object({ x: z.number().min(0) }), { x: -1 }), "ro")).toBe("x: cel puțin 0");
    expect(issueText(firstIssue(z.object({ n: z.number().int() }), { n: 1.5 }), "ro")).toBe(
      "n: trebuie să fie un număr întreg",
    );
    expect(issueText(firstIssue(z.enum(["a", "b"]), "c"), "en")).toBe("request: must be one of: a, b");
  });

  it("counts characters and items with the noun's Romanian form: 200 de caractere, 3 caractere, 20 de elemente", () => {
    expect(issueText(firstIssue(z.object({ t: z.string().max(200) }), { t: "x".repeat(201) }), "ro")).toBe(
      "t: cel mult 200 de caractere",
    );
    expect(issueText(firstIssue(z.object({ t: z.string().min(3) }), { t: "x" }), "ro")).toBe(
      "t: cel puțin 3 caractere",
    );
    expect(
      issueText(firstIssue(z.object({ m: z.array(z.string()).max(20) }), { m: Array(21).fill("a") }), "ro"),
    ).toBe("m: cel mult 20 de elemente");
    expect(issueText(firstIssue(z.object({ m: z.array(z.string()).min(1) }), { m: [] }), "ro")).toBe(
      "m: cel puțin 1 element",
    );
  });

  it("leaves other messages in the Romanian of an error thrown with detail only", () => {
    // An AppError with only `detail` still shows it in English rather than nothing.
    expect(toUserError(new AppError("input:invalid", { detail: "x" }), "en").message).toBe(
      "The request does not have the expected shape: x",
    );
  });
});

describe("a suite that does not validate", () => {
  it("says why in Romanian words, keeping a refinement's own message", () => {
    const message = (value: unknown) => {
      try {
        parseSuite(value);
      } catch (err) {
        return toUserError(err, "ro").message;
      }
      return "accepted";
    };
    expect(message({ name: "S", cases: [] })).toBe(
      "Cererea nu are forma așteptată: suita nu este validă: cases: cel puțin 1 element",
    );
    expect(
      message({ name: "S", cases: [{ id: "a", criterion: "c", annotate: "t", expected: {} }] }),
    ).toContain("cases.0 (a).expected: cel puțin o etichetă");
  });

  it("says it in English for an English page, a refinement's message too", () => {
    const message = (value: unknown) => {
      try {
        parseSuite(value);
      } catch (err) {
        return toUserError(err, "en").message;
      }
      return "accepted";
    };
    expect(message({ name: "S", cases: [] })).toBe(
      "The request does not have the expected shape: the suite is not valid: cases: at least 1 item",
    );
    expect(
      message({ name: "S", cases: [{ id: "a", criterion: "c", annotate: "t", expected: {} }] }),
    ).toContain("cases.0 (a).expected: at least one label");
  });
});

describe("a refinement's own message", () => {
  it("is said in the asker's language: Romanian, and the English of its params", () => {
    const pair = firstIssue(PreferenceSchema, {
      person: "Ana",
      runId: "r",
      suiteId: "s",
      caseId: "c",
      temperature: 0,
      run: 1,
      a: "offline:extractive",
      b: "offline:extractive",
      choice: "a",
    });
    expect(issueText(pair, "ro")).toBe("b: a și b trebuie să fie modele diferite");
    expect(issueText(pair, "en")).toBe("b: a and b must be different models");
    const empty = firstIssue(ReviewLabelsSchema, {});
    expect(issueText(empty, "ro")).toBe("cererea: cel puțin un câmp");
    expect(issueText(empty, "en")).toBe("request: at least one field");
  });
});
