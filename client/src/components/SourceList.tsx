// The answer's sources as a compact numbered list, one row a document: name, platform and date on one line, how
// many more of its passages matched, and the tone and populism of its passage as small chips (the full card and
// every passage open in the side panel).
import { memo } from "react";
import type { Source } from "../../../contract/corpus";
import { translate, type Lang } from "../i18n";
import { documentDate, platformName } from "../corpusNames";
import { useI18n } from "../i18nContext";
import { countOf, NOUNS } from "../plural";
import { isStored, sourceAnnotation, type AssistantMessage } from "../state/chat";
import { AnnotationBadge } from "./AnnotationBadge";

/** The DOM id of a source row, so a citation can scroll to it. */
export function sourceDomId(messageId: string, n: number): string {
  return `source-${messageId}-${n}`;
}

/** A source's platform and day as one line ("Știri · 2024-03-05", "Facebook · fără dată", "text atașat"). */
export function sourceMetaLine(lang: Lang, meta: Source["meta"]): string {
  if (meta.attachment) return translate(lang, "sources.attachment");
  return [platformName(lang, meta.platform), documentDate(lang, meta)].filter(Boolean).join(" · ");
}

/**
 * A source's line: for a passage of an attached text, where in the text it is ("text atașat · pasajul 12"), since
 * several passages of one attachment are listed under its one name.
 */
export function sourceLine(lang: Lang, source: Pick<Source, "id" | "meta">): string {
  const position = source.meta.attachment ? /#(\d+)$/.exec(source.id)?.[1] : undefined;
  if (position === undefined) return sourceMetaLine(lang, source.meta);
  return translate(lang, "sources.attachmentPassage", { n: Number(position) + 1 });
}

export function sourceLabel(source: Source): string {
  return source.meta.title?.trim() || source.meta.source;
}

interface Props {
  message: AssistantMessage;
  selected?: number;
  onOpen: (messageId: string, n: number) => void;
}

function SourceListView({ message, selected, onOpen }: Props) {
  const { t, lang } = useI18n();
  const retrieveEnded = message.steps.some((s) => s.name === "retrieve" && s.state === "done");
  if (message.sources.length === 0) {
    return retrieveEnded ? <p className="sources-none">{t("sources.none")}</p> : null;
  }
  const stored = isStored(message);
  return (
    <section className="sources" aria-label={t("sources.title")}>
      <h2 className="section-title">
        {t("sources.title")} <span className="count">{message.sources.length}</span>
      </h2>
      <ol className="source-list">
        {message.sources.map((source, i) => {
          const n = i + 1;
          const meta = sourceLine(lang, source);
          const more = source.otherPassages?.length ?? 0;
          return (
            <li
              key={source.id}
              id={sourceDomId(message.id, n)}
              className={`source-item${selected === n ? " selected" : ""}`}
              data-source-id={source.id}
            >
              <button
                type="button"
                className="source-open"
                aria-current={selected === n ? "true" : undefined}
                onClick={() => onOpen(message.id, n)}
              >
                {/* Read out as "Open source 3 <name> <platform · date>": the visible text stays in the name. */}
                <span className="sr-only">{t("sources.openPrefix")}</span>
                <span className="source-num">{n}</span>
                <span className="source-name">{sourceLabel(source)}</span>
                {meta && <span className="source-meta">{meta}</span>}
                {more > 0 && (
                  <span
                    className="source-more"
                    data-testid="source-more-passages"
                    title={t("sources.morePassagesTitle", { n: countOf(more, NOUNS.matchingPassage, lang) })}
                  >
                    {t("sources.morePassages", { n: countOf(more, NOUNS.passage, lang) })}
                  </span>
                )}
              </button>
              <AnnotationBadge
                value={sourceAnnotation(message, source)}
                target="source"
                compact
                labelTarget={stored ? { messageId: message.id, target: source.id } : undefined}
              />
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export const SourceList = memo(SourceListView);
