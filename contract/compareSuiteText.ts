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
  /** The title on the English page: a variant's case says "variant A" there. */
  titleEn?: string;
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

/**
 * `lines`: the first line of each case's block, one per case of the suite (a block's variants share it); `variants`:
 * the variants' letters in the order written (lower case), none without a variants block.
 */
export type TextSuiteResult =
  | { ok: true; suite: TextSuite; lines: number[]; variants: string[] }
  | { ok: false; problems: TextProblem[] };

/** The criterion of the cases written on the page, unless a block names its own. */
export const OWN_CRITERION = "proprii";

/** How many system prompts a suite may compare: at least two (one is just `sistem:`), at most four. */
export const VARIANT_LIMITS = { min: 2, max: 4 } as const;

/** The criterion of a variant's cases that name none: `varianta-a`. */
export const variantCriterion = (letter: string) => `varianta-${letter.toLowerCase()}`;

/** "Varianta A" / "Variant A": the label of a `varianta-a` criterion; null for any other criterion. */
export function variantCriterionLabel(id: string, lang: "ro" | "en"): string | null {
  const letter = /^varianta-([a-z])$/.exec(id)?.[1];
  return letter ? `${lang === "en" ? "Variant" : "Varianta"} ${letter.toUpperCase()}` : null;
}

/**
 * The variant a case of the page's suite was made for ("a" for `caz-3-a` of criterion `varianta-a` or `rezumate-a`),
 * or null: how the results group a run's cases by variant without the server knowing of variants.
 */
export function variantOfCase(c: { id: string; criterion: string }): string | null {
  const match = /^caz-\d+-([a-z])$/.exec(c.id);
  return match && c.criterion.endsWith(`-${match[1]}`) ? match[1]! : null;
}

/** The letter of a `variantă A:` / `varianta A:` / `variant A:` line's keyword (folded), or null. */
function variantLetter(head: string): string | null {
  return /^varianta? ([a-z])$/.exec(head)?.[1] ?? null;
}

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

/** A `variantă A: …` line: its letter, keyword and value; null for any other line. */
function variantLineOf(line: string): { letter: string; keyword: string; value: string } | null {
  if (line.startsWith("\\")) return null;
  const colon = line.indexOf(":");
  if (colon <= 0) return null;
  const letter = variantLetter(fold(line.slice(0, colon)));
  return letter
    ? { letter, keyword: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() }
    : null;
}

/** A block made only of `variantă A: …` lines (a line starting with "\\" is not one). */
function onlyVariantLines(block: Block): boolean {
  return block.lines.every((l) => variantLineOf(l.text) !== null);
}

/** A case's title under a variant, cut so that the suffix fits the title's limit. */
function variantTitle(title: string, suffix: string): string {
  const room = SUITE_LIMITS.title - suffix.length;
  return `${title.length > room ? `${title.slice(0, room - 1).trimEnd()}…` : title}${suffix}`;
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

/** The problems top to bottom, as a student fixes them; those of the whole text last (a stable sort). */
function inLineOrder(problems: TextProblem[]): TextProblem[] {
  return [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
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

  // A first block made only of `variantă A:` lines is the variants' block: the system prompts every case runs under.
  // A block with other lines too is a case whose prompt mentions variants ("Care variantă…?\nVarianta A: …").
  const variants: { letter: string; text: string; line: number }[] = [];
  const variantsBlock = blocks[0] && onlyVariantLines(blocks[0]) ? blocks.shift()! : null;
  const plain = (line: number, ro: string, en: string) =>
    problems.push({ line, case: null, ro: `Rândul ${line}: ${ro}`, en: `Line ${line}: ${en}` });
  for (const { text, number } of variantsBlock?.lines ?? []) {
    const found = variantLineOf(text)!;
    if (!found.value) {
      plain(
        number,
        `după „${found.keyword}:” lipsește textul.`,
        `the text after "${found.keyword}:" is missing.`,
      );
      continue;
    }
    // A variant's text may take several lines, each with its keyword (as `sistem:` does).
    const known = variants.find((v) => v.letter === found.letter);
    if (known) known.text = `${known.text}\n${found.value}`;
    else variants.push({ letter: found.letter, text: found.value, line: number });
  }
  if (variantsBlock) {
    if (variants.length > VARIANT_LIMITS.max)
      plain(
        variants[VARIANT_LIMITS.max]!.line,
        `cel mult ${VARIANT_LIMITS.max} variante (ați scris ${variants.length}).`,
        `at most ${VARIANT_LIMITS.max} variants (you wrote ${variants.length}).`,
      );
    else if (variants.length === 1)
      plain(
        variants[0]!.line,
        `o singură variantă nu are cu ce fi comparată: scrieți cel puțin ${VARIANT_LIMITS.min} („variantă A: …”, „variantă B: …”) sau folosiți „sistem:” în caz.`,
        `a single variant has nothing to be compared with: write at least ${VARIANT_LIMITS.min} ("variant A: …", "variant B: …") or use "system:" in the case.`,
      );
    for (const v of variants)
      if (v.text.length > SUITE_LIMITS.text)
        plain(
          v.line,
          `textul variantei ${v.letter.toUpperCase()} are cel mult ${charsRo(SUITE_LIMITS.text)}.`,
          `variant ${v.letter.toUpperCase()}'s text has at most ${charsEn(SUITE_LIMITS.text)}.`,
        );
  }
  const each = Math.max(1, variants.length);

  if (blocks.length === 0) {
    return {
      ok: false,
      problems: inLineOrder([
        ...problems,
        variantsBlock
          ? {
              line: null,
              case: null,
              ro: "După blocul variantelor scrieți cel puțin un caz, despărțit de el de un rând gol (ca un rând „variantă …:” să rămână în prompt, începeți-l cu „\\”).",
              en: 'After the variants\' block write at least one case, separated from it by an empty line (for a "variant …:" line to stay in the prompt, start it with "\\").',
            }
          : {
              line: null,
              case: null,
              ro: "Scrieți cel puțin un prompt (un caz pe bloc, blocurile despărțite de un rând gol).",
              en: "Write at least one prompt (one case a block, blocks separated by an empty line).",
            },
      ]),
    };
  }
  // Every block runs once per variant: the suite's cap counts the cases the server will get.
  const fitting = Math.floor(SUITE_LIMITS.cases / each);
  if (blocks.length > fitting) {
    const total = blocks.length * each;
    problems.push({
      line: blocks[fitting].start,
      case: fitting + 1,
      ...(variants.length > 1
        ? {
            ro: `Cel mult ${countWith(SUITE_LIMITS.cases, ["caz", "cazuri"])} într-o suită: ${countWith(blocks.length, ["caz", "cazuri"])} × ${variants.length} variante fac ${total} (cazul ${fitting + 1}, rândul ${blocks[fitting].start}, e primul în plus).`,
            en: `At most ${SUITE_LIMITS.cases} cases in a suite: ${blocks.length} cases × ${variants.length} variants make ${total} (case ${fitting + 1}, line ${blocks[fitting].start}, is the first too many).`,
          }
        : {
            ro: `Cel mult ${countWith(SUITE_LIMITS.cases, ["caz", "cazuri"])} într-o suită (ați scris ${blocks.length}).`,
            en: `At most ${SUITE_LIMITS.cases} cases in a suite (you wrote ${blocks.length}).`,
          }),
    });
  }

  blocks.slice(0, fitting).forEach((b, index) => {
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
    let named = false;
    // Under variants, a later block made only of variant lines is a variant written in the wrong place, not a case.
    if (variantsBlock && onlyVariantLines(b)) {
      at(
        b.start,
        `variantele se scriu toate în primul bloc, înaintea cazurilor (un rând care începe cu „\\” rămâne în prompt).`,
        `the variants are all written in the first block, before the cases (a line that starts with "\\" stays in the prompt).`,
      );
      return;
    }
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
        if (variantsBlock)
          at(
            number,
            `„${keyword}:” nu se folosește când suita are variante: fiecare variantă își dă promptul de sistem în rândul ei „variantă …:”.`,
            `"${keyword}:" is not used when the suite has variants: each variant gives its system prompt on its "variant …:" line.`,
          );
        else system = system === undefined ? value : `${system}\n${value}`;
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
        else if (variantsBlock && !SLUG.test(`${slug}-a`))
          at(
            number,
            `când suita are variante, criteriul are cel mult 62 de caractere (i se adaugă „-a”, „-b”…).`,
            `when the suite has variants, the criterion has at most 62 characters ("-a", "-b"… is added to it).`,
          );
        else {
          criterion = slug;
          named = true;
        }
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
    const made: TextCase = {
      id: `caz-${n}`,
      criterion,
      title: title ?? titleOf(promptText),
      prompt: promptText,
      ...(system !== undefined ? { system } : {}),
      ...(sources.length ? { sources } : {}),
      ...(assert.length ? { assert } : {}),
      ...(assert.some((a) => a.type === "stable") ? { repeat: STABLE_REPEAT } : {}),
    };
    if (variants.length === 0) {
      cases.push(made);
      starts.push(b.start);
      return;
    }
    // Once per variant, one under the other: the same prompt, sources and checks, the variant's system prompt.
    for (const { letter, text } of variants) {
      const upper = letter.toUpperCase();
      cases.push({
        ...made,
        id: `${made.id}-${letter}`,
        criterion: named ? `${criterion}-${letter}` : variantCriterion(letter),
        title: variantTitle(made.title, ` · varianta ${upper}`),
        titleEn: variantTitle(made.title, ` · variant ${upper}`),
        system: text,
        ...(made.sources ? { sources: [...made.sources] } : {}),
        ...(made.assert ? { assert: made.assert.map((a) => ({ ...a })) } : {}),
      });
      starts.push(b.start);
    }
  });
  if (problems.length > 0) return { ok: false, problems: inLineOrder(problems) };
  return {
    ok: true,
    suite: { name: "Suita mea", nameEn: "My suite", cases },
    lines: starts,
    variants: variants.map((v) => v.letter),
  };
}
