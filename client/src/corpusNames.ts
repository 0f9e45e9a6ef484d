// How pages name a document's platform and day, in the UI's language: "Știri" for `stiri`, "fără dată" for a date
// that is only the import day. Apart from the corpus page's words (i18nCorpus.ts), which i18n.ts gathers: these need
// the language type from i18n.ts, and the words must not.
import { isKnownPlatform, type KnownPlatform } from "../../contract/corpus";
import type { Lang } from "./i18n";

/** Each known platform's name (contract/corpus.ts KNOWN_PLATFORMS), in both languages. */
export const PLATFORM_NAMES: Record<Lang, Record<KnownPlatform, string>> = {
  ro: {
    stiri: "Știri",
    oficial: "Surse oficiale",
    rss: "Flux RSS",
    facebook: "Facebook",
    youtube: "YouTube",
    forum: "Forum",
    tiktok: "TikTok",
    x: "X (Twitter)",
    import: "Fișier importat",
  },
  en: {
    stiri: "News",
    oficial: "Official sources",
    rss: "RSS feed",
    facebook: "Facebook",
    youtube: "YouTube",
    forum: "Forum",
    tiktok: "TikTok",
    x: "X (Twitter)",
    import: "Imported file",
  },
};

/** A platform's name for people; an id the project does not know is shown as it is. */
export function platformName(lang: Lang, id: string): string {
  const key = id.toLowerCase();
  return isKnownPlatform(key) ? PLATFORM_NAMES[lang][key] : id;
}

const NO_DATE: Record<Lang, string> = { ro: "fără dată", en: "no date" };

/** A document's day as pages show it: "fără dată" when the date is only the import's (`dateImputed`). */
export function documentDate(lang: Lang, doc: { date: string; dateImputed?: boolean }): string {
  if (doc.dateImputed) return NO_DATE[lang];
  return doc.date.slice(0, 10);
}
