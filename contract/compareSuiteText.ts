// "Suita mea": the cases a user writes on the compare page, as plain text, turned into a suite object in the format
// the server validates (server/compare/suite.ts, docs/compare.md). One case a block, blocks separated by an empty
// line; in a block, lines that start with a keyword add a source, a system prompt, a title, a criterion or a check
// (promptfoo's assertions, in Romanian or English words), the other lines are the prompt. Pure; the page checks a
// draft with it before sending, the server validates the object again. A first block of `variantă A: …` lines runs
// every case once per variant: that part is contract/compareSuiteVariants.ts.
import { SUITE_LIMITS } from "./compare";
import {
  asVariants,
  MISPLACED_VARIANTS,
  NO_CASE_AFTER_VARIANTS,
  onlyVariantLines,
  readVariants,
  suiteChars,
  type TextLine,
  type Variant,
} from "./compareSuiteVariants";
import { formatNumber } from "./numbers";
import { countWith } from "./plural";
import {
  STABLE_REPEAT,
  type TextAssertion,
  type TextCase,
  type TextProblem,
  type TextSuite,
} from "./compareSuiteTextTypes";

/**
 * `lines`: the first line of each case's block, one per case of the suite (a block's variants share it); `variants`:
 * the variants' letters in the order written (lower case), none without a variants block.
 */
export type TextSuiteResult =
  | { ok: true; suite: TextSuite; lines: number[]; variants: string[] }
  | { ok: false; problems: TextProblem[] };

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
  lines: TextLine[];
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

/** The blocks: runs of non-empty lines, each with the number of its first line. */
function blocksOf(input: string): Block[] {
  const blocks: Block[] = [];
  let open = false;
  for (const [i, text] of input.replace(/\r\n?/g, "\n").split("\n").entries()) {
    if (text.trim() === "") {
      open = false;
      continue;
    }
    if (!open) blocks.push({ start: i + 1, lines: [] });
    open = true;
    blocks[blocks.length - 1].lines.push({ text, number: i + 1 });
  }
  return blocks;
}

/** Says a problem of a case's line, in both languages. */
type Say = (line: number, ro: string, en: string) => void;

/** A case as its lines are read. */
interface CaseDraft {
  prompt: string[];
  sources: string[];
  assert: TextAssertion[];
  system?: string;
  title?: string;
  criterion: string;
  /** The case names its own criterion (under variants it becomes `<criterion>-a`). */
  named: boolean;
}

/** What is wrong with a check's value, as `make` reported it ("number", "share", "regex", "empty"). */
function checkProblem(kind: string, keyword: string, value: string): [ro: string, en: string] {
  if (kind === "number")
    return [
      `„${keyword}” cere un număr întreg pozitiv, nu „${value}”.`,
      `"${keyword}" needs a whole positive number, not "${value}".`,
    ];
  if (kind === "share")
    return [
      `„${keyword}” cere o cotă între 0 și 1 (de exemplu 0,6) sau un procent (60%), nu „${value}”.`,
      `"${keyword}" needs a share between 0 and 1 (for example 0.6) or a percentage (60%), not "${value}".`,
    ];
  if (kind === "regex")
    return [
      `„${value}” nu este o expresie regulată validă.`,
      `"${value}" is not a valid regular expression.`,
    ];
  return [`după „${keyword}:” scrieți textul căutat.`, `write the text to look for after "${keyword}:".`];
}

/** One line of a case's block: a prompt line, or a keyword's value added to the draft, or its problem said. */
function readLine(draft: CaseDraft, { text, number }: TextLine, underVariants: boolean, at: Say): void {
  // A backslash at the start keeps a line that begins with a keyword in the prompt.
  if (text.startsWith("\\")) {
    draft.prompt.push(text.slice(1));
    return;
  }
  const found = directiveOf(text);
  if (!found) {
    draft.prompt.push(text);
    return;
  }
  const { directive, keyword } = found;
  const value = found.value.trim();
  if (directive.kind === "flag") {
    draft.assert.push(directive.assertion);
  } else if (directive.kind === "check") {
    const made = directive.make(found.value);
    if (typeof made === "string") at(number, ...checkProblem(made, keyword, value));
    else draft.assert.push(made);
  } else if (!value) {
    at(number, `după „${keyword}:” lipsește textul.`, `the text after "${keyword}:" is missing.`);
  } else if (directive.kind === "source") {
    if (value.length > SUITE_LIMITS.sourceChars)
      at(
        number,
        `o sursă are cel mult ${suiteChars(SUITE_LIMITS.sourceChars, "ro")} (are ${formatNumber(value.length, "ro")}).`,
        `a source has at most ${suiteChars(SUITE_LIMITS.sourceChars, "en")} (it has ${formatNumber(value.length, "en")}).`,
      );
    else draft.sources.push(value);
  } else if (directive.kind === "system") {
    if (underVariants)
      at(
        number,
        `„${keyword}:” nu se folosește când suita are variante: fiecare variantă își dă promptul de sistem în rândul ei „variantă …:”.`,
        `"${keyword}:" is not used when the suite has variants: each variant gives its system prompt on its "variant …:" line.`,
      );
    else draft.system = draft.system === undefined ? value : `${draft.system}\n${value}`;
  } else if (directive.kind === "title") {
    if (value.length > SUITE_LIMITS.title)
      at(
        number,
        `titlul are cel mult ${suiteChars(SUITE_LIMITS.title, "ro")}.`,
        `the title has at most ${suiteChars(SUITE_LIMITS.title, "en")}.`,
      );
    else draft.title = value;
  } else {
    const slug = fold(value).replace(/ /g, "-");
    if (!SLUG.test(slug))
      at(
        number,
        `criteriul se scrie cu litere mici, cifre, „-” sau „_” (nu „${value}”).`,
        `the criterion is written with lower-case letters, digits, "-" or "_" (not "${value}").`,
      );
    else if (underVariants && !SLUG.test(`${slug}-a`))
      at(
        number,
        `când suita are variante, criteriul are cel mult 62 de caractere (i se adaugă „-a”, „-b”…).`,
        `when the suite has variants, the criterion has at most 62 characters ("-a", "-b"… is added to it).`,
      );
    else {
      draft.criterion = slug;
      draft.named = true;
    }
  }
}

/** The case a block makes (`caz-N`), its problems said; with `underVariants`, the `sistem:` line is refused. */
function readCase(b: Block, n: number, underVariants: boolean, at: Say): { made: TextCase; named: boolean } {
  const draft: CaseDraft = { prompt: [], sources: [], assert: [], criterion: OWN_CRITERION, named: false };
  for (const line of b.lines) readLine(draft, line, underVariants, at);
  const { sources, assert, system } = draft;
  const prompt = draft.prompt.join("\n").trim();
  if (!prompt)
    at(
      b.start,
      "cazul nu are prompt: scrieți întrebarea pe un rând care nu începe cu un cuvânt-cheie.",
      "the case has no prompt: write the question on a line that does not start with a keyword.",
    );
  else if (prompt.length > SUITE_LIMITS.text)
    at(
      b.start,
      `promptul are cel mult ${suiteChars(SUITE_LIMITS.text, "ro")} (are ${formatNumber(prompt.length, "ro")}).`,
      `the prompt has at most ${suiteChars(SUITE_LIMITS.text, "en")} (it has ${formatNumber(prompt.length, "en")}).`,
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
      `promptul de sistem are cel mult ${suiteChars(SUITE_LIMITS.text, "ro")}.`,
      `the system prompt has at most ${suiteChars(SUITE_LIMITS.text, "en")}.`,
    );
  const made: TextCase = {
    id: `caz-${n}`,
    criterion: draft.criterion,
    title: draft.title ?? titleOf(prompt),
    prompt,
    ...(system !== undefined ? { system } : {}),
    ...(sources.length ? { sources } : {}),
    ...(assert.length ? { assert } : {}),
    ...(assert.some((a) => a.type === "stable") ? { repeat: STABLE_REPEAT } : {}),
  };
  return { made, named: draft.named };
}

/** The problem of more blocks than fit, `fitting` being how many do (each block counts once per variant). */
function tooManyCases(blocks: Block[], fitting: number, variants: number): TextProblem {
  const first = blocks[fitting].start;
  return {
    line: first,
    case: fitting + 1,
    ...(variants > 1
      ? {
          ro: `Cel mult ${countWith(SUITE_LIMITS.cases, ["caz", "cazuri"])} într-o suită: ${countWith(blocks.length, ["caz", "cazuri"])} × ${variants} variante fac ${blocks.length * variants} (cazul ${fitting + 1}, rândul ${first}, e primul în plus).`,
          en: `At most ${SUITE_LIMITS.cases} cases in a suite: ${blocks.length} cases × ${variants} variants make ${blocks.length * variants} (case ${fitting + 1}, line ${first}, is the first too many).`,
        }
      : {
          ro: `Cel mult ${countWith(SUITE_LIMITS.cases, ["caz", "cazuri"])} într-o suită (ați scris ${blocks.length}).`,
          en: `At most ${SUITE_LIMITS.cases} cases in a suite (you wrote ${blocks.length}).`,
        }),
  };
}

/**
 * Reads the editor's text. Every problem is returned (each with its line and case, top to bottom), not only the
 * first, so that a student fixes them in one pass; with none, the suite and the first line of each case.
 */
export function parseSuiteText(input: string): TextSuiteResult {
  const blocks = blocksOf(input);
  const problems: TextProblem[] = [];
  // A first block made only of `variantă A:` lines is the variants' block: the system prompts every case runs under.
  // A block with other lines too is a case whose prompt mentions variants ("Care variantă…?\nVarianta A: …").
  const variantsBlock = blocks[0] && onlyVariantLines(blocks[0].lines) ? blocks.shift()! : null;
  let variants: Variant[] = [];
  if (variantsBlock) {
    const read = readVariants(variantsBlock.lines);
    variants = read.variants;
    problems.push(...read.problems);
  }
  if (blocks.length === 0) {
    const missing = variantsBlock
      ? NO_CASE_AFTER_VARIANTS
      : {
          ro: "Scrieți cel puțin un prompt (un caz pe bloc, blocurile despărțite de un rând gol).",
          en: "Write at least one prompt (one case a block, blocks separated by an empty line).",
        };
    return { ok: false, problems: inLineOrder([...problems, { line: null, case: null, ...missing }]) };
  }
  // Every block runs once per variant: the suite's cap counts the cases the server will get.
  const fitting = Math.floor(SUITE_LIMITS.cases / Math.max(1, variants.length));
  if (blocks.length > fitting) problems.push(tooManyCases(blocks, fitting, variants.length));

  const cases: TextCase[] = [];
  const starts: number[] = [];
  for (const [index, b] of blocks.slice(0, fitting).entries()) {
    const n = index + 1;
    const at: Say = (line, ro, en) =>
      problems.push({
        line,
        case: n,
        ro: `Rândul ${line} (cazul ${n}): ${ro}`,
        en: `Line ${line} (case ${n}): ${en}`,
      });
    // Under variants, a later block made only of variant lines is a variant written in the wrong place, not a case.
    if (variantsBlock && onlyVariantLines(b.lines)) {
      at(b.start, MISPLACED_VARIANTS.ro, MISPLACED_VARIANTS.en);
      continue;
    }
    const { made, named } = readCase(b, n, variantsBlock !== null, at);
    const written = variants.length ? asVariants(made, variants, named) : [made];
    cases.push(...written);
    starts.push(...written.map(() => b.start));
  }
  if (problems.length > 0) return { ok: false, problems: inLineOrder(problems) };
  return {
    ok: true,
    suite: { name: "Suita mea", nameEn: "My suite", cases },
    lines: starts,
    variants: variants.map((v) => v.letter),
  };
}
