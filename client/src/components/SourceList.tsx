// The answer's sources as a compact numbered list, one row a document: name, platform and date on one line, how
// many more of its passages matched, and the tone and populism of its passage as small chips (the full card and
// every passage open in the side panel).
import { memo } from "react";
import { useI18n } from "../i18nContext";
import { countOf, NOUNS } from "../plural";
import { isStored, sourceAnnotation, type AssistantMessage } from "../state/chat";
import { sourceLabel, sourceLine } from "../state/sourceText";
import { AnnotationBadge } from "./AnnotationBadge";

/** The DOM id of a source row, so a citation can scroll to it. */
export function sourceDomId(messageId: string, n: number): string {
  return `source-${messageId}-${n}`;
}

export { sourceLabel, sourceLine, sourceMetaLine } from "../state/sourceText";

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
