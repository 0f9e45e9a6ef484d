// The side panel for one cited source (a document): its best passage and any other passages of the same document
// that matched (as plain text: corpus text is untrusted), its metadata with a link to the original, its
// annotation card (correctable), and arrows to the answer's other sources.
import { useEffect, useRef } from "react";
import { formatScore, safeHttpUrl } from "../format";
import { documentDate, platformName } from "../corpusNames";
import { useI18n } from "../i18nContext";
import { isStored, sourceAnnotation, type AssistantMessage } from "../state/chat";
import { AnnotationBadge } from "./AnnotationBadge";
import { sourceLabel } from "./SourceList";

interface Props {
  message: AssistantMessage;
  n: number;
  onSelect: (n: number) => void;
  onClose: () => void;
}

export function SourcePanel({ message, n, onSelect, onClose }: Props) {
  const { t, lang } = useI18n();
  const closeRef = useRef<HTMLButtonElement>(null);
  const source = message.sources[n - 1];
  const count = message.sources.length;

  useEffect(() => {
    closeRef.current?.focus({ preventScroll: true });
  }, [message.id]);

  if (!source) return null;
  const href = safeHttpUrl(source.meta.url);

  return (
    <aside className="source-panel" data-testid="source-panel" aria-label={t("panel.title", { n })}>
      <header className="panel-head">
        <h2>
          <span className="source-num">{n}</span> <span className="panel-title">{sourceLabel(source)}</span>
        </h2>
        <div className="panel-nav">
          <button
            type="button"
            className="icon-button"
            onClick={() => onSelect(n - 1)}
            disabled={n <= 1}
            aria-label={t("panel.previous")}
            title={t("panel.previous")}
          >
            ‹
          </button>
          <span className="panel-count">
            {n}/{count}
          </span>
          <button
            type="button"
            className="icon-button"
            onClick={() => onSelect(n + 1)}
            disabled={n >= count}
            aria-label={t("panel.next")}
            title={t("panel.next")}
          >
            ›
          </button>
          <button
            ref={closeRef}
            type="button"
            className="icon-button"
            onClick={onClose}
            aria-label={t("panel.close")}
            title={`${t("panel.close")} (Esc)`}
          >
            ✕
          </button>
        </div>
      </header>
      <blockquote className="passage" data-testid="source-passage">
        {source.text}
      </blockquote>
      {source.otherPassages && source.otherPassages.length > 0 && (
        <section className="other-passages" data-testid="source-other-passages">
          <h3 className="section-title panel-subtitle">{t("panel.otherPassages")}</h3>
          {source.otherPassages.map((passage) => (
            <blockquote key={passage.id} className="passage passage-other" data-passage-id={passage.id}>
              {passage.text}
            </blockquote>
          ))}
        </section>
      )}
      <dl className="panel-meta">
        <dt>{t("panel.source")}</dt>
        <dd>{source.meta.source || "—"}</dd>
        <dt>{t("panel.platform")}</dt>
        <dd>
          {source.meta.attachment
            ? t("sources.attachment")
            : source.meta.platform
              ? platformName(lang, source.meta.platform)
              : "—"}
        </dd>
        <dt>{t("panel.date")}</dt>
        <dd>{documentDate(lang, source.meta) || "—"}</dd>
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
      <h3 className="section-title panel-subtitle">{t("panel.annotation")}</h3>
      {sourceAnnotation(message, source) ? (
        <AnnotationBadge
          key={source.id}
          value={sourceAnnotation(message, source)}
          target="source"
          defaultOpen
          labelTarget={isStored(message) ? { messageId: message.id, target: source.id } : undefined}
        />
      ) : (
        <p className="muted">{t("panel.noAnnotation")}</p>
      )}
    </aside>
  );
}
