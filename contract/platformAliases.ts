// The other spellings people give a known platform in their own files ("news", "Știri", "twitter", "fb"): read at
// import, each becomes the platform's id, so the corpus, its filters and the chat's chips name it once.
import { KNOWN_PLATFORMS, isKnownPlatform, type KnownPlatform } from "./corpus";
import { PLATFORM_NAMES } from "./corpusNames";
import { foldDiacritics } from "./text";

/**
 * Aliases of each known platform, folded (lower case, no diacritics). The platforms' own names in both languages
 * ("Surse oficiale", "News", "X (Twitter)") are aliases too; see docs/corpus-pipeline.md.
 */
export const PLATFORM_ALIASES: Record<KnownPlatform, readonly string[]> = {
  stiri: ["news", "stire", "presa", "media", "ziar", "ziare"],
  oficial: ["official", "oficiale", "institutional"],
  rss: ["feed", "atom", "flux"],
  facebook: ["fb"],
  youtube: ["yt"],
  forum: ["forumuri", "forums"],
  tiktok: ["tik tok", "tik-tok"],
  x: ["twitter", "x.com", "tweet", "tweets"],
  import: ["imported", "fisier"],
};

/** Folds a platform as people write it: case, diacritics (cedilla and comma-below alike), spaces. */
function fold(raw: string): string {
  return foldDiacritics(raw).trim().replace(/\s+/g, " ");
}

const BY_ALIAS: ReadonlyMap<string, KnownPlatform> = new Map(
  KNOWN_PLATFORMS.flatMap((id) => [
    ...PLATFORM_ALIASES[id].map((alias) => [alias, id] as const),
    [fold(PLATFORM_NAMES.ro[id]), id] as const,
    [fold(PLATFORM_NAMES.en[id]), id] as const,
  ]),
);

/**
 * A platform as the corpus keeps it: a known platform's id for any of its spellings, any other value in lower case
 * (trimmed) as before.
 */
export function canonicalPlatform(raw: string): string {
  const folded = fold(raw);
  if (isKnownPlatform(folded)) return folded;
  return BY_ALIAS.get(folded) ?? raw.trim().toLowerCase();
}
