// "Suita mea": the cases a user writes on the compare page, as plain text, turned into a suite object in the format
// the server validates (server/compare/suite.ts, docs/compare.md). One case a block, blocks separated by an empty
// line; in a block, lines that start with a keyword add a source, a system prompt, a title, a criterion or a check
// (promptfoo's assertions, in Romanian or English words), the other lines are the prompt. Pure; the page checks a
// draft with it before sending, the server validates the object again.
import { SUITE_LIMITS } from "./compare";
import { formatNumber } from "./numbers";
import { countWith } from "./plural";

/** "5.000 de caractere" / "5,000 characters": a limit as the page writes it. */
const charsRo = (n: number) => countWith(n, ["caracter", "caractere"], "ro", (v) => formatNumber(v, "ro"));
const charsEn = (n: number) => countWith(n, ["character", "characters"], "en", (v) => formatNumber(v, "en"));

/** The suite the editor makes: the suite format's fields, nothing the server would not accept (a type, not an
 * interface, so that it is a plain record for the request's `suite`). */
export type TextSuite = {
  name: string;
  nameEn: string;
  cases: TextCase[];
};

export interface TextCase {
  id: string;
  criterion: string;
  title: string;
  prompt: string;
  system?: string;
  sources?: string[];
  assert?: TextAssertion[];
  /** Runs of the case at least: a case asking for stable answers is answered STABLE_REPEAT times even at one run. */
  repeat?: number;
}

/** How often a case with `stabil:` is answered at least, as the shipped suite's stability cases are. */
export const STABLE_REPEAT = 3;

export type TextAssertion =
  | { type: "contains"; value: string; not?: true }
  | { type: "equals"; value: string; ignoreCase: true }
  | { type: "regex"; value: string }
  | { type: "is-json" }
  | { type: "max-length" | "min-length"; value: number; unit: "words" | "chars" | "sentences" }
  | { type: "language" }
  | { type: "list" }
  | { type: "refusal"; not?: true }
  | { type: "stable"; min: number };

/** A problem of the text, said in both languages; `line` is 1-based (null: the text as a whole). */
export interface TextProblem {
  line: number | null;
  /** The case (1-based) the line belongs to, when it belongs to one. */
  case: number | null;
  ro: string;
  en: string;
}

export type TextSuiteResult =
  { ok: true; suite: TextSuite; lines: number[] } | { ok: false; problems: TextProblem[] };

/** The criterion of the cases written on the page, unless a block names its own. */
export const OWN_CRITERION = "proprii";

/** Keywords folded (lower case, no diacritics, single spaces): what each adds to the case. */
type Directive =
  | { kind: "source" | "system" | "title" | "criterion" }
  | { kind: "check"; make: (value: string) => TextAssertion | string }
  | { kind: "flag"; assertion: TextAssertion };

function whole(type: "max-length" | "min-length", unit: "words" | "chars" | "sentences") {
  return (value: string): TextAssertion | string => {
    const n = Number(value.trim());
    return /^\d+$/.test(value.trim()) && n > 0 ? { type, value: n, unit } : "number";
  };
}

/** "stabil: 0,6", "0.6" or "60%": the least similarity of a case's runs, a share from 0 to 1. */
function share(value: string): TextAssertion | string {
  const match = /^(\d+(?:[.,]\d+)?)\s*(%?)$/.exec(value.trim());
  if (!match) return "share";
  const n = Number(match[1]!.replace(",", ".")) / (match[2] ? 100 : 1);
  return n >= 0 && n <= 1 ? { type: "stable", min: n } : "share";
}

const text = (make: (v: string) => TextAssertion) => (value: string) =>
  value.trim() ? make(value.trim()) : "empty";

const WITH_VALUE: [string[], Directive][] = [
  [["sursa", "source"], { kind: "source" }],
  [["sistem", "system"], { kind: "system" }],
  [["titlu", "title"], { kind: "title" }],
  [["criteriu", "criterion"], { kind: "criterion" }],
  [
    ["nu contine", "not contains", "does not contain", "doesn't contain"],
    { kind: "check", make: text((value) => ({ type: "contains", value, not: true })) },
  ],
  [["contine", "contains"], { kind: "check", make: text((value) => ({ type: "contains", value })) }],
  [
    ["egal", "equals"],
    { kind: "check", make: text((value) => ({ type: "equals", value, ignoreCase: true })) },
  ],
  [
    ["regex"],
    {
      kind: "check",
      make: (value) => {
        if (!value.trim()) return "empty";
        try {
          new RegExp(value.trim(), "u");
        } catch {
          return "regex";
        }
        return { type: "regex", value: value.trim() };
      },
    },
  ],
  [["max cuvinte", "max words"], { kind: "check", make: whole("max-length", "words") }],
  [["min cuvinte", "min words"], { kind: "check", make: whole("min-length", "words") }],
  [["max caractere", "max chars", "max characters"], { kind: "check", make: whole("max-length", "chars") }],
  [["max propozitii", "max sentences"], { kind: "check", make: whole("max-length", "sentences") }],
  [["stabil", "stabilitate", "stable", "stability"], { kind: "check", make: share }],
];

const FLAGS: [string[], TextAssertion][] = [
  [["json", "json valid", "valid json"], { type: "is-json" }],
  [["romana", "in romana", "romanian", "in romanian"], { type: "language" }],
  [["lista", "list"], { type: "list" }],
  [["nu refuza", "fara refuz", "no refusal", "does not refuse"], { type: "refusal", not: true }],
  [["refuza", "refuz", "refusal", "refuses"], { type: "refusal" }],
];

/** Lower case, no diacritics (ș and ş alike), single spaces: how keywords are compared. */
function fold(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** The directive a line starts with, and the rest of the line (its value); null for a prompt line. */
function directiveOf(line: string): { directive: Directive; keyword: string; value: string } | null {
  const bare = fold(line.replace(/:\s*$/, ""));
  for (const [names, assertion] of FLAGS) {
    if (names.includes(bare))
      return { directive: { kind: "flag", assertion }, keyword: line.trim(), value: "" };
  }
  const colon = line.indexOf(":");
  if (colon <= 0) return null;
  const head = fold(line.slice(0, colon));
  for (const [names, directive] of WITH_VALUE) {
    if (names.includes(head))
      return { directive, keyword: line.slice(0, colon).trim(), value: line.slice(colon + 1) };
  }
  return null;
}

interface Block {
  start: number;
  lines: { text: string; number: number }[];
}

const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The first line of a prompt, cut to a title's length. */
function titleOf(prompt: string): string {
  const first = prompt.split("\n")[0].trim();
  return first.length > 80 ? `${first.slice(0, 79).trimEnd()}…` : first;
}

/**
 * Reads the editor's text. Every problem is returned (each with its line and case), not only the first, so that a
 * student fixes them in one pass; with none, the suite and the first line of each case.
 */
export function parseSuiteText(input: string): TextSuiteResult {
  const lines = input.replace(/\r\n?/g, "\n").split("\n");
  const problems: TextProblem[] = [];
  const cases: TextCase[] = [];
  const starts: number[] = [];
  // The blocks: runs of non-empty lines, each with the number of its first line.
  const blocks: Block[] = [];
  let open = false;
  for (const [i, text] of lines.entries()) {
    if (text.trim() === "") {
      open = false;
      continue;
    }
    if (!open) blocks.push({ start: i + 1, lines: [] });
    open = true;
    blocks[blocks.length - 1].lines.push({ text, number: i + 1 });
  }

  if (blocks.length === 0) {
    return {
      ok: false,
      problems: [
        {
          line: null,
          case: null,
          ro: "Scrieți cel puțin un prompt (un caz pe bloc, blocurile despărțite de un rând gol).",
          en: "Write at least one prompt (one case a block, blocks separated by an empty line).",
        },
      ],
    };
  }
  if (blocks.length > SUITE_LIMITS.cases) {
    problems.push({
      line: blocks[SUITE_LIMITS.cases].start,
      case: SUITE_LIMITS.cases + 1,
      ro: `Cel mult ${countWith(SUITE_LIMITS.cases, ["caz", "cazuri"])} într-o suită (ați scris ${blocks.length}).`,
      en: `At most ${SUITE_LIMITS.cases} cases in a suite (you wrote ${blocks.length}).`,
    });
  }

  blocks.slice(0, SUITE_LIMITS.cases).forEach((b, index) => {
    const n = index + 1;
    const at = (line: number, ro: string, en: string) =>
      problems.push({
        line,
        case: n,
        ro: `Rândul ${line} (cazul ${n}): ${ro}`,
        en: `Line ${line} (case ${n}): ${en}`,
      });
    const prompt: string[] = [];
    const sources: string[] = [];
    const assert: TextAssertion[] = [];
    let system: string | undefined;
    let title: string | undefined;
    let criterion = OWN_CRITERION;
    for (const { text, number } of b.lines) {
      // A backslash at the start keeps a line that begins with a keyword in the prompt.
      if (text.startsWith("\\")) {
        prompt.push(text.slice(1));
        continue;
      }
      const found = directiveOf(text);
      if (!found) {
        prompt.push(text);
        continue;
      }
      const { directive, keyword } = found;
      const value = found.value.trim();
      if (directive.kind === "flag") {
        assert.push(directive.assertion);
      } else if (directive.kind === "check") {
        const made = directive.make(found.value);
        if (made === "number")
          at(
            number,
            `„${keyword}” cere un număr întreg pozitiv, nu „${value}”.`,
            `"${keyword}" needs a whole positive number, not "${value}".`,
          );
        else if (made === "share")
          at(
            number,
            `„${keyword}” cere o cotă între 0 și 1 (de exemplu 0,6) sau un procent (60%), nu „${value}”.`,
            `"${keyword}" needs a share between 0 and 1 (for example 0.6) or a percentage (60%), not "${value}".`,
          );
        else if (made === "regex")
          at(
            number,
            `„${value}” nu este o expresie regulată validă.`,
            `"${value}" is not a valid regular expression.`,
          );
        else if (made === "empty")
          at(
            number,
            `după „${keyword}:” scrieți textul căutat.`,
            `write the text to look for after "${keyword}:".`,
          );
        else if (typeof made !== "string") assert.push(made);
      } else if (!value) {
        at(number, `după „${keyword}:” lipsește textul.`, `the text after "${keyword}:" is missing.`);
      } else if (directive.kind === "source") {
        if (value.length > SUITE_LIMITS.sourceChars)
          at(
            number,
            `o sursă are cel mult ${charsRo(SUITE_LIMITS.sourceChars)} (are ${formatNumber(value.length, "ro")}).`,
            `a source has at most ${charsEn(SUITE_LIMITS.sourceChars)} (it has ${formatNumber(value.length, "en")}).`,
          );
        else sources.push(value);
      } else if (directive.kind === "system") {
        system = system === undefined ? value : `${system}\n${value}`;
      } else if (directive.kind === "title") {
        if (value.length > SUITE_LIMITS.title)
          at(
            number,
            `titlul are cel mult ${charsRo(SUITE_LIMITS.title)}.`,
            `the title has at most ${charsEn(SUITE_LIMITS.title)}.`,
          );
        else title = value;
      } else {
        const slug = fold(value).replace(/ /g, "-");
        if (!SLUG.test(slug))
          at(
            number,
            `criteriul se scrie cu litere mici, cifre, „-” sau „_” (nu „${value}”).`,
            `the criterion is written with lower-case letters, digits, "-" or "_" (not "${value}").`,
          );
        else criterion = slug;
      }
    }
    const promptText = prompt.join("\n").trim();
    if (!promptText)
      at(
        b.start,
        "cazul nu are prompt: scrieți întrebarea pe un rând care nu începe cu un cuvânt-cheie.",
        "the case has no prompt: write the question on a line that does not start with a keyword.",
      );
    else if (promptText.length > SUITE_LIMITS.text)
      at(
        b.start,
        `promptul are cel mult ${charsRo(SUITE_LIMITS.text)} (are ${formatNumber(promptText.length, "ro")}).`,
        `the prompt has at most ${charsEn(SUITE_LIMITS.text)} (it has ${formatNumber(promptText.length, "en")}).`,
      );
    if (sources.length > SUITE_LIMITS.sources)
      at(
        b.start,
        `cel mult ${countWith(SUITE_LIMITS.sources, ["sursă", "surse"])} într-un caz (are ${sources.length}).`,
        `at most ${SUITE_LIMITS.sources} sources in a case (it has ${sources.length}).`,
      );
    if (assert.length > SUITE_LIMITS.assertions)
      at(
        b.start,
        `cel mult ${countWith(SUITE_LIMITS.assertions, ["verificare", "verificări"])} într-un caz (are ${assert.length}).`,
        `at most ${SUITE_LIMITS.assertions} checks in a case (it has ${assert.length}).`,
      );
    if (system !== undefined && system.length > SUITE_LIMITS.text)
      at(
        b.start,
        `promptul de sistem are cel mult ${charsRo(SUITE_LIMITS.text)}.`,
        `the system prompt has at most ${charsEn(SUITE_LIMITS.text)}.`,
      );
    cases.push({
      id: `caz-${n}`,
      criterion,
      title: title ?? titleOf(promptText),
      prompt: promptText,
      ...(system !== undefined ? { system } : {}),
      ...(sources.length ? { sources } : {}),
      ...(assert.length ? { assert } : {}),
      ...(assert.some((a) => a.type === "stable") ? { repeat: STABLE_REPEAT } : {}),
    });
    starts.push(b.start);
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, suite: { name: "Suita mea", nameEn: "My suite", cases }, lines: starts };
}
