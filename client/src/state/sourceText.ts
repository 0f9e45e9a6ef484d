// How a source is named in words, for the source list, the comparison's shared sources and the copied answer:
// its title (or its publisher), and its platform and day, or, for an attached text, which of its passages.
import type { Source } from "../../../contract/corpus";
import { documentDate, platformName } from "../corpusNames";
import { translate, type Lang } from "../i18n";

/** A source's platform and day as one line ("Știri · 2024-03-05", "Facebook · fără dată", "text atașat"). */
export function sourceMetaLine(lang: Lang, meta: Source["meta"]): string {
  if (meta.attachment) return translate(lang, "sources.attachment");
  return [platformName(lang, meta.platform), documentDate(lang, meta)].filter(Boolean).join(" · ");
}

/** Which passage of an attached text a source is (0-based, from its id `<docId>#<n>`), if it is one. */
export function attachmentPassage(source: Pick<Source, "id" | "meta">): number | undefined {
  const position = source.meta.attachment ? /#(\d+)$/.exec(source.id)?.[1] : undefined;
  return position === undefined ? undefined : Number(position);
}

/**
 * A source's line: for a passage of an attached text, where in the text it is ("text atașat · pasajul 12"), since
 * several passages of one attachment are listed under its one name.
 */
export function sourceLine(lang: Lang, source: Pick<Source, "id" | "meta">): string {
  const position = attachmentPassage(source);
  if (position === undefined) return sourceMetaLine(lang, source.meta);
  return translate(lang, "sources.attachmentPassage", { n: position + 1 });
}

export function sourceLabel(source: Pick<Source, "meta">): string {
  return source.meta.title?.trim() || source.meta.source;
}
