// "Suita mea"'s prompt variants (docs/compare.md): a first block made only of `variantă A: …` lines gives 2–4 system
// prompts, and every case written below runs once under each. Here: which block is the variants' block, the variants
// read from it with their problems, a case made into one case per variant, and how the results name a variant. Pure;
// contract/compareSuiteText.ts reads the rest of the text.
//
// The words "Varianta"/"Variant" and " · varianta A"/" · variant A" are written here in both languages, not in the
// client's i18n files, because the server needs them too (the criteria's labels of report.md, the titles of the cases
// it stores). Keep them here: no third copy in client/src/i18nCompare.ts.
import { SUITE_LIMITS } from "./compare";
import type { TextCase, TextProblem } from "./compareSuiteTextTypes";
import { formatNumber } from "./numbers";
import { countWith } from "./plural";
import { foldDiacritics } from "./text";

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
 * The variant a case runs under ("a"), or null: the case's own `variant` field, which `asVariants` writes and the
 * server keeps with the run (a YAML/JSON suite may write it too). Never guessed from an id: an uploaded suite's
 * `caz-1-a` of criterion `ton-a` is no variant unless it says so.
 */
export function variantOfCase(c: { variant?: string }): string | null {
  return c.variant ?? null;
}

/** A line of the editor's text, with its 1-based number. */
export interface TextLine {
  text: string;
  number: number;
}

/** A variant as written: its letter (lower case), its system prompt, the line it starts on. */
export interface Variant {
  letter: string;
  text: string;
  line: number;
}

/** A `variantă A: …` / `varianta A:` / `variant A:` line (any case): its letter, keyword and value; else null. */
function variantLineOf(line: string): { letter: string; keyword: string; value: string } | null {
  // A backslash at the start keeps the line in a prompt.
  if (line.startsWith("\\")) return null;
  const colon = line.indexOf(":");
  if (colon <= 0) return null;
  const head = foldDiacritics(line.slice(0, colon)).replace(/\s+/g, " ").trim();
  const letter = /^varianta? ([a-z])$/.exec(head)?.[1];
  return letter
    ? { letter, keyword: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() }
    : null;
}

/**
 * A block made only of variant lines: the variants' block when it is the first, a variant misplaced when a later
 * block of a suite with variants. A block with any other line is a case, whose prompt may well list "Varianta A: …".
 */
export function onlyVariantLines(lines: readonly TextLine[]): boolean {
  return lines.every((l) => variantLineOf(l.text) !== null);
}

/** The problem of such a block after the first, in a suite with variants (said with its line and case). */
export const MISPLACED_VARIANTS = {
  ro: "variantele se scriu toate în primul bloc, înaintea cazurilor (un rând care începe cu „\\” rămâne în prompt).",
  en: 'the variants are all written in the first block, before the cases (a line that starts with "\\" stays in the prompt).',
};

/** The problem of a text that is only the variants' block. */
export const NO_CASE_AFTER_VARIANTS = {
  ro: "După blocul variantelor scrieți cel puțin un caz, despărțit de el de un rând gol (ca un rând „variantă …:” să rămână în prompt, începeți-l cu „\\”).",
  en: 'After the variants\' block write at least one case, separated from it by an empty line (for a "variant …:" line to stay in the prompt, start it with "\\").',
};

/** "5.000 de caractere" / "5,000 characters": a limit of the suite text as its problems say it (the parser's too). */
export const suiteChars = (n: number, lang: "ro" | "en") =>
  countWith(n, lang === "ro" ? ["caracter", "caractere"] : ["character", "characters"], lang, (v) =>
    formatNumber(v, lang),
  );

/** The variants of the variants' block (lines that `onlyVariantLines` accepted), and what is wrong with them. */
export function readVariants(lines: readonly TextLine[]): { variants: Variant[]; problems: TextProblem[] } {
  const variants: Variant[] = [];
  const problems: TextProblem[] = [];
  const plain = (line: number, ro: string, en: string) =>
    problems.push({ line, case: null, ro: `Rândul ${line}: ${ro}`, en: `Line ${line}: ${en}` });
  for (const { text, number } of lines) {
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
        `textul variantei ${v.letter.toUpperCase()} are cel mult ${suiteChars(SUITE_LIMITS.text, "ro")}.`,
        `variant ${v.letter.toUpperCase()}'s text has at most ${suiteChars(SUITE_LIMITS.text, "en")}.`,
      );
  return { variants, problems };
}

/** A case's title under a variant, cut so that the suffix fits the title's limit. */
function variantTitle(title: string, suffix: string): string {
  const room = SUITE_LIMITS.title - suffix.length;
  return `${title.length > room ? `${title.slice(0, room - 1).trimEnd()}…` : title}${suffix}`;
}

/**
 * A written case once per variant, one under the other: the same prompt, sources and checks (copies), the variant's
 * system prompt, the id `caz-N-a`, the criterion `varianta-a` (or `<criterion>-a` when the case `named` its own), and
 * the letter as `variant`, which the results group by.
 */
export function asVariants(made: TextCase, variants: readonly Variant[], named: boolean): TextCase[] {
  return variants.map(({ letter, text }) => {
    const upper = letter.toUpperCase();
    return {
      ...made,
      id: `${made.id}-${letter}`,
      criterion: named ? `${made.criterion}-${letter}` : variantCriterion(letter),
      title: variantTitle(made.title, ` · varianta ${upper}`),
      titleEn: variantTitle(made.title, ` · variant ${upper}`),
      system: text,
      variant: letter,
      ...(made.sources ? { sources: [...made.sources] } : {}),
      ...(made.assert ? { assert: made.assert.map((a) => ({ ...a })) } : {}),
    };
  });
}
