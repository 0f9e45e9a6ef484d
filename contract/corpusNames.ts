// A platform's name for people, in both languages ("Știri" for `stiri`): the pages show it, and so does what the
// server writes in the reader's language (a data set's selection in the methods paragraph).
import { isKnownPlatform, type KnownPlatform } from "./corpus";
import type { Lang } from "./errors";

/** Each known platform's name (corpus.ts KNOWN_PLATFORMS), in both languages. */
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
