// Numbers as each UI language writes them: Romanian with a decimal comma and a dot between thousands ("1.500",
// "0,85"), English with a decimal point ("1,500", "0.85"). The pages write their numbers with it (client/src/format.ts),
// and so do the server's texts that the pages show, such as the compare assertions' reasons.
import type { Lang } from "./lang";

export const NUMBER_LOCALES: Record<Lang, string> = { ro: "ro-RO", en: "en-GB" };

// One formatter a language and number of decimals: making an Intl.NumberFormat costs far more than using one.
const formats = new Map<string, Intl.NumberFormat>();

function formatter(lang: Lang, minDigits: number, maxDigits: number): Intl.NumberFormat {
  const key = `${lang}:${minDigits}:${maxDigits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(NUMBER_LOCALES[lang], {
      minimumFractionDigits: minDigits,
      maximumFractionDigits: maxDigits,
    });
    formats.set(key, format);
  }
  return format;
}

/** `n` with up to `maxDigits` decimals: "1.234,5" (ro), "1,234.5" (en). */
export function formatNumber(n: number, lang: Lang, maxDigits = 3): string {
  return formatter(lang, 0, maxDigits).format(n);
}

/** `n` with exactly `digits` decimals: "0,80" (ro), "0.80" (en). */
export function formatDecimal(n: number, lang: Lang, digits = 1): string {
  return formatter(lang, digits, digits).format(n);
}

/**
 * A figure that may be negative (κ, α, an interval's end) with exactly `digits` decimals and a true minus sign
 * (U+2212), as typesetting writes it: "−0,53" (ro), "−0.53" (en). Intl writes a hyphen-minus.
 */
export function formatSigned(n: number, lang: Lang, digits = 2): string {
  return formatDecimal(n, lang, digits).replace(/^-/, "\u2212");
}

/** A confidence interval as the pages and the methods paragraph write it: "[−0,53; 0,30]" (ro), "[−0.53, 0.30]" (en). */
export function formatInterval(low: number, high: number, lang: Lang, digits = 2): string {
  return `[${formatSigned(low, lang, digits)}${lang === "ro" ? "; " : ", "}${formatSigned(high, lang, digits)}]`;
}
