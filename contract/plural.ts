// A count with its noun in the right form, shared by the pages and the server's texts (CLI, reports): "1 rând",
// "2 rânduri", "20 de rânduri"; "1 row", "2 rows". Romanian has three plural categories (Intl.PluralRules: one, few,
// other) and "other" (0 excepted: 20–, 100, 120, …) takes "de" before the noun.
import type { Lang } from "./lang";

/** A noun's singular and plural in one language: ["rând", "rânduri"]. */
export type NounForms = readonly [one: string, many: string];

const RULES: Record<Lang, Intl.PluralRules> = {
  ro: new Intl.PluralRules("ro-RO"),
  en: new Intl.PluralRules("en-GB"),
};

/** The noun as it follows n: "rând", "rânduri", "de rânduri"; "row", "rows". */
export function nounFor(n: number, [one, many]: NounForms, lang: Lang = "ro"): string {
  const category = RULES[lang].select(n);
  return category === "one" ? one : lang === "ro" && category === "other" ? `de ${many}` : many;
}

/**
 * Of two forms, the one that agrees with n, without "de": a verb or a participle whose subject is the count ("1
 * document a primit", "20 de documente au primit"; "1 passage shares", "6 passages share"), or a whole sentence
 * chosen by its count.
 */
export function agreeing<T>(n: number, [one, many]: readonly [one: T, many: T], lang: Lang = "ro"): T {
  return RULES[lang].select(n) === "one" ? one : many;
}

/**
 * "1 rând", "3 rânduri", "20 de rânduri"; the number as `format` writes it (plain digits by default, as the CLI and
 * the Markdown reports print numbers; the pages pass their locale's grouping).
 */
export function countWith(
  n: number,
  forms: NounForms,
  lang: Lang = "ro",
  format: (n: number) => string = String,
): string {
  return `${format(n)} ${nounFor(n, forms, lang)}`;
}
