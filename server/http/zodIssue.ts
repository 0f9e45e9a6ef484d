// A zod validation problem in the user's words: zod writes English ("Array must contain at most 4 element(s)"), which
// a Romanian page must not show. The common issue kinds are said here in Romanian and English, in one place, with the
// field's path kept so the reader knows which field; anything rarer falls back to "not valid".
import type { z } from "zod";
import { AppError, type Lang } from "../../contract/errors";
import { countWith } from "../../contract/plural";

const WORDS = {
  ro: {
    missing: "lipsește",
    type: (expected: string) => `trebuie să fie ${TYPE_NAMES.ro[expected] ?? expected}`,
    maxItems: (n: number) => `cel mult ${countWith(n, ["element", "elemente"])}`,
    minItems: (n: number) => `cel puțin ${countWith(n, ["element", "elemente"])}`,
    maxChars: (n: number) => `cel mult ${countWith(n, ["caracter", "caractere"])}`,
    minChars: (n: number) =>
      n <= 1 ? "nu poate fi gol" : `cel puțin ${countWith(n, ["caracter", "caractere"])}`,
    maxNumber: (n: number, inclusive: boolean) => (inclusive ? `cel mult ${n}` : `mai mic decât ${n}`),
    minNumber: (n: number, inclusive: boolean) => (inclusive ? `cel puțin ${n}` : `mai mare decât ${n}`),
    integer: "trebuie să fie un număr întreg",
    oneOf: (options: string) => `trebuie să fie unul dintre: ${options}`,
    unknownKeys: (keys: string) => `câmpuri necunoscute: ${keys}`,
    invalid: "valoare nevalidă",
  },
  en: {
    missing: "is missing",
    type: (expected: string) => `must be ${TYPE_NAMES.en[expected] ?? expected}`,
    maxItems: (n: number) => `at most ${n} ${n === 1 ? "item" : "items"}`,
    minItems: (n: number) => `at least ${n} ${n === 1 ? "item" : "items"}`,
    maxChars: (n: number) => `at most ${n} characters`,
    minChars: (n: number) => (n <= 1 ? "cannot be empty" : `at least ${n} characters`),
    maxNumber: (n: number, inclusive: boolean) => (inclusive ? `at most ${n}` : `less than ${n}`),
    minNumber: (n: number, inclusive: boolean) => (inclusive ? `at least ${n}` : `more than ${n}`),
    integer: "must be a whole number",
    oneOf: (options: string) => `must be one of: ${options}`,
    unknownKeys: (keys: string) => `unknown fields: ${keys}`,
    invalid: "not a valid value",
  },
};

const TYPE_NAMES: Record<Lang, Record<string, string>> = {
  ro: { string: "text", number: "un număr", boolean: "da/nu", array: "o listă", object: "un obiect" },
  en: { string: "text", number: "a number", boolean: "true/false", array: "a list", object: "an object" },
};

/** What is wrong with one value, without its path. */
export function issueWords(issue: z.ZodIssue, lang: Lang): string {
  const w = WORDS[lang];
  switch (issue.code) {
    case "invalid_type":
      if (issue.received === "undefined") return w.missing;
      if (issue.expected === "integer") return w.integer;
      return w.type(issue.expected);
    case "too_big": {
      const n = Number(issue.maximum);
      if (issue.type === "array" || issue.type === "set") return w.maxItems(n);
      if (issue.type === "string") return w.maxChars(n);
      return w.maxNumber(n, issue.inclusive);
    }
    case "too_small": {
      const n = Number(issue.minimum);
      if (issue.type === "array" || issue.type === "set") return w.minItems(n);
      if (issue.type === "string") return w.minChars(n);
      return w.minNumber(n, issue.inclusive);
    }
    case "invalid_enum_value":
      return w.oneOf(issue.options.join(", "));
    case "unrecognized_keys":
      return w.unknownKeys(issue.keys.join(", "));
    case "custom": {
      // A refinement's message is ours (written in Romanian, with its English in `params.en`), not zod's.
      const english: unknown = issue.params?.en;
      return lang === "en" && typeof english === "string" ? english : issue.message;
    }
    default:
      return w.invalid;
  }
}

/** "temperatures: cel mult 4 elemente": the field's path, then what is wrong with it. */
export function issueText(issue: z.ZodIssue, lang: Lang): string {
  return `${issue.path.join(".") || (lang === "ro" ? "cererea" : "request")}: ${issueWords(issue, lang)}`;
}

/** The first problem of a failed parse as input:invalid, worded in both languages (the reply picks one). */
export function invalidInput(error: z.ZodError): AppError {
  const first = error.issues[0];
  return new AppError("input:invalid", {
    detail: first ? issueText(first, "ro") : "",
    detailEn: first ? issueText(first, "en") : "",
  });
}
