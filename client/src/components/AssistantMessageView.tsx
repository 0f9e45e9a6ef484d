// One answer: its steps, the streamed Markdown with citation chips, its sources, and which model answered,
// how fast, and which models failed before it.
import { memo } from "react";
import { formatCount, formatMs } from "../format";
import { useI18n } from "../i18nContext";
import type { AssistantMessage } from "../state/chat";
import { AnswerMarkdown } from "./AnswerMarkdown";
import { SourceList } from "./SourceList";
import { StepList } from "./StepList";

interface Props {
  message: AssistantMessage;
  /** The source number open in the side panel, when it belongs to this answer. */
  selected?: number;
  onCite: (messageId: string, n: number) => void;
}

function AnswerMeta({ message }: { message: AssistantMessage }) {
  const { t, lang } = useI18n();
  if (!message.model) return null;
  const { timings, usage, fallbacks } = message;
  return (
    <footer className="answer-meta">
      <div className="meta-line">
        <span>
          {t("meta.model")}: <code className="model-id">{message.model}</code>
        </span>
        {timings && (
          <>
            <span>
              {t("meta.firstToken")} {formatMs(timings.firstTokenMs, lang)}
            </span>
            <span>
              {t("meta.total")} {formatMs(timings.totalMs, lang)}
            </span>
          </>
        )}
        {usage && (
          <span>
            {formatCount(usage.inputTokens, lang)} → {formatCount(usage.outputTokens, lang)}{" "}
            {t("meta.tokens")}
          </span>
        )}
      </div>
      {fallbacks.length > 0 && (
        <div className="fallbacks">
          <span className="fallbacks-title">{t("meta.fallbacks")}:</span>
          <ul>
            {fallbacks.map((f, i) => (
              <li key={`${i}-${f.model}`}>
                <code className="model-id">{f.model}</code> ({f.node}) — <code>{f.reason}</code> ·{" "}
                {formatMs(f.ms, lang)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </footer>
  );
}

function AssistantMessageInner({ message, selected, onCite }: Props) {
  const { t } = useI18n();
  const streaming = message.status === "streaming";
  return (
    <article
      className={`message message-assistant status-${message.status}`}
      data-testid="message-assistant"
      data-status={message.status}
      data-message-id={message.id}
      aria-busy={streaming}
    >
      <div className="avatar" aria-hidden="true">
        EC
      </div>
      <div className="answer-body">
        <StepList steps={message.steps} />
        {message.replacedCount > 0 && <p className="note note-warn">{t("message.replaced")}</p>}
        <div className={`answer${streaming && message.text ? " streaming" : ""}`}>
          {message.text ? (
            <AnswerMarkdown
              text={message.text}
              messageId={message.id}
              sourceCount={message.sources.length}
              selected={selected}
              onCite={onCite}
            />
          ) : streaming ? (
            <p className="thinking">
              <span className="dots" aria-hidden="true" />
              {message.replacedCount > 0 ? t("message.retrying") : t("message.thinking")}
            </p>
          ) : null}
        </div>
        {message.status === "stopped" && <p className="note">{t("message.stopped")}</p>}
        {message.status === "error" && (
          <p className="inline-error" role="alert">
            {message.error?.message ?? t("message.error")}
          </p>
        )}
        <SourceList message={message} selected={selected} onOpen={onCite} />
        <AnswerMeta message={message} />
      </div>
    </article>
  );
}

export const AssistantMessageView = memo(AssistantMessageInner);
