// Number formatting for durations, scores, counts and file sizes, in the UI's language (the digits as
// contract/numbers.ts writes them, which the server's texts shown on the pages share).
import { formatBytes as formatFileSize } from "../../contract/fileSize";
import { formatNumber, NUMBER_LOCALES } from "../../contract/numbers";
import type { Lang } from "./i18n";

export { formatDecimal, formatInterval, formatSigned } from "../../contract/numbers";

/** "850 ms" under a second, "1,2 s" (ro) / "1.2 s" (en) above. */
export function formatMs(ms: number, lang: Lang): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${formatNumber(ms / 1000, lang, 1)} s`;
}

export function formatScore(score: number, lang: Lang): string {
  return formatNumber(score, lang, 3);
}

export function formatCount(n: number, lang: Lang): string {
  return formatNumber(n, lang);
}

const MONEY_LOCALES: Record<Lang, string> = { ro: "ro-RO", en: "en-US" };

/**
 * A cost in US dollars in the UI's language: "0,0123 $" (ro), "$0.0123" (en); "< 0,0001 $" for a cost too small to
 * show, and enough digits that small runs are not shown as zero. Exports (Markdown, CSV) keep a dot decimal instead.
 */
export function formatUsd(usd: number, lang: Lang): string {
  const money = (value: number, digits: number) =>
    new Intl.NumberFormat(MONEY_LOCALES[lang], {
      style: "currency",
      currency: "USD",
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  if (usd > 0 && usd < 0.0001) return `< ${money(0.0001, 4)}`;
  return money(usd, usd >= 10 ? 2 : usd >= 1 ? 3 : 4);
}

/** A file size in binary units, as the server sets and says its limits (contract/fileSize.ts). */
export function formatBytes(bytes: number, lang: Lang): string {
  return formatFileSize(bytes, NUMBER_LOCALES[lang]);
}

/** Only http(s) links are rendered as links: corpus metadata is untrusted (no javascript: URLs). */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    // Not a URL at all: shown as text by the caller.
    return undefined;
  }
}
