// The side panel for one cited source: the passage (as plain text: corpus text is untrusted), its metadata
// with a link to the original, and its annotation.
import { useEffect, useRef } from "react";
import { formatScore, safeHttpUrl } from "../format";
import { useI18n } from "../i18nContext";
import { sourceAnnotation, type AssistantMessage } from "../state/chat";
import { AnnotationBadge } from "./AnnotationBadge";
import { sourceLabel } from "./SourceList";

interface Props {
  message: AssistantMessage;
  n: number;
  onClose: () => void;
}

export function SourcePanel({ message, n, onClose }: Props) {
  const { t, lang } = useI18n();
  const closeRef = useRef<HTMLButtonElement>(null);
  const source = message.sources[n - 1];

  useEffect(() => {
    closeRef.current?.focus({ preventScroll: true });
  }, [message.id, n]);

  if (!source) return null;
  const annotation = sourceAnnotation(message, source);
  const href = safeHttpUrl(source.meta.url);

  return (
    <aside className="source-panel" data-testid="source-panel" aria-label={t("panel.title", { n })}>
      <header className="panel-head">
        <h2>
          <span className="source-num">{n}</span> {sourceLabel(source)}
        </h2>
        <button
          ref={closeRef}
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label={t("panel.close")}
          title={t("panel.close")}
        >
          ✕
        </button>
      </header>
      <blockquote className="passage">{source.text}</blockquote>
      <dl className="panel-meta">
        <dt>{t("panel.source")}</dt>
        <dd>{source.meta.source || "—"}</dd>
        <dt>{t("panel.platform")}</dt>
        <dd>{source.meta.platform || "—"}</dd>
        <dt>{t("panel.date")}</dt>
        <dd>{source.meta.date || "—"}</dd>
        <dt>{t("panel.score")}</dt>
        <dd>{formatScore(source.score, lang)}</dd>
        <dt>{t("panel.link")}</dt>
        <dd>
          {href ? (
            <a href={href} target="_blank" rel="noopener noreferrer">
              {t("panel.openLink")} ↗
            </a>
          ) : (
            source.meta.url || "—"
          )}
        </dd>
      </dl>
      <h3 className="panel-subtitle">{t("panel.annotation")}</h3>
      {annotation ? (
        <AnnotationBadge value={annotation} target="source" defaultOpen />
      ) : (
        <p className="muted">{t("panel.noAnnotation")}</p>
      )}
    </aside>
  );
}
