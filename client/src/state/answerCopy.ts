// An answer as plain text to paste elsewhere (a report, a mail): its text, then the sources it cites under the
// numbers its [n] markers use, as Perplexity-style RAG chats copy an answer. Pure, so tests read it without a page.
import type { Source } from "../../../contract/corpus";
import { citationsIn } from "../../../contract/grounding";
import { documentDate, platformName } from "../corpusNames";
import { safeHttpUrl } from "../format";
import { translate, type Lang } from "../i18n";
import type { AssistantMessage } from "./messages";
import { attachmentPassage, sourceLabel } from "./sourceText";

const DAY_FORMATS: Record<Lang, Intl.DateTimeFormat> = {
  ro: new Intl.DateTimeFormat("ro-RO", {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    timeZone: "UTC",
  }),
  en: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }),
};

/** A source's day in the page's language ("12.03.2024", "12 Mar 2024"); "fără dată" for an imputed one. */
function sourceDay(lang: Lang, meta: Source["meta"]): string {
  if (meta.dateImputed) return documentDate(lang, meta);
  if (!meta.date) return "";
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(meta.date);
  if (!day) return documentDate(lang, meta);
  const at = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  return Number.isNaN(at.getTime()) ? documentDate(lang, meta) : DAY_FORMATS[lang].format(at);
}

/**
 * One source as a line: "[2] Titlu — Gazeta (Știri), 12.03.2024. https://…"; a passage of an attached text as
 * "[3] raport.txt — text atașat · pasajul 2."; the link only when it is http(s) (corpus metadata is untrusted).
 */
export function sourceCitation(lang: Lang, n: number, source: Pick<Source, "id" | "meta">): string {
  const { meta } = source;
  const label = sourceLabel(source);
  const passage = attachmentPassage(source);
  if (meta.attachment) {
    const where =
      passage === undefined
        ? translate(lang, "sources.attachment")
        : translate(lang, "sources.attachmentPassage", { n: passage + 1 });
    return `[${n}] ${label} — ${where}.`;
  }
  const publisher = meta.source.trim();
  const platform = meta.platform ? platformName(lang, meta.platform) : "";
  // "Titlu — Gazeta (Știri)"; a source without a title is named by its publisher: "Gazeta (Știri)".
  const named = [
    publisher && publisher !== label ? `${label} — ${publisher}` : label,
    platform && `(${platform})`,
  ]
    .filter(Boolean)
    .join(" ");
  const day = sourceDay(lang, meta);
  const url = safeHttpUrl(meta.url);
  return `[${n}] ${[named, day].filter(Boolean).join(", ")}.${url ? ` ${url}` : ""}`;
}

/**
 * The answer's text, then "Surse:" / "Sources:" and the sources it cites, each once, under its own number and in
 * number order; an answer that cites none of its sources lists every source shown. No sources: the text alone.
 */
export function answerWithSources(message: Pick<AssistantMessage, "text" | "sources">, lang: Lang): string {
  const text = message.text.trim();
  const shown = message.sources;
  const cited = [...new Set(citationsIn(text))].filter((n) => n <= shown.length).sort((a, b) => a - b);
  const numbers = cited.length > 0 ? cited : shown.map((_, i) => i + 1);
  if (numbers.length === 0) return text;
  const lines = numbers.map((n) => sourceCitation(lang, n, shown[n - 1]!));
  return `${text}\n\n${translate(lang, "copy.sourcesHeading")}\n${lines.join("\n")}\n`;
}
