// Sizes and dates as the corpus page shows them, in the UI's language.
import type { Lang } from "../../i18n";

const LOCALES: Record<Lang, string> = { ro: "ro-RO", en: "en-GB" };

/** A day and time, short: "5 dec. 2026, 21:04". */
export function formatWhen(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** "2025-03" as "mar. 2025". */
export function formatMonth(month: string, lang: Lang): string {
  const [year, m] = month.split("-").map(Number);
  if (!year || !m) return month;
  return new Intl.DateTimeFormat(LOCALES[lang], { month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, m - 1, 1)),
  );
}
