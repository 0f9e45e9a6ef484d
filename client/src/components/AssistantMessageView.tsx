// One answer: its steps, the streamed Markdown with citation chips, its sources and their echo-chamber chart,
// which model answered, how fast and with which settings (temperature, top-k, filters), and what the reader can do with it (rate it, copy it with or without its sources, regenerate it).
import { memo } from "react";
import { describeFilters } from "../../../contract/filterText";
import { formatCount, formatDecimal, formatMs } from "../format";
import { reasonLabel } from "../i18n";
import { useI18n } from "../i18nContext";
import { isStored, type AssistantMessage, type AttributedAnnotation } from "../state/chat";
import { AnswerCopyButtons } from "./AnswerCopyButtons";
import { AnswerMarkdown } from "./AnswerMarkdown";
import { AnswerVersionSwitch } from "./AnswerVersionSwitch";
import { GroundingSummary, RefineSummary } from "./AnswerQuality";
import { EchoChart } from "./EchoChart";
import { FeedbackBar } from "./FeedbackBar";
import { SourceList } from "./SourceList";
import { StepList } from "./StepList";

interface Props {
  message: AssistantMessage;
  /** The annotation of the question this answers, for the echo chart's comparison. */
  question?: AttributedAnnotation;
  /** The source number open in the side panel, when it belongs to this answer. */
  selected?: number;
  onCite: (messageId: string, n: number) => void;
  /** Present on the newest finished answer when nothing runs. */
  onRegenerate?: (messageId: string) => void;
  /** A turn with several versions: its key, the version shown (from 0) and how many (primitives, for memo). */
  versionTurn?: string;
  versionIndex?: number;
  versionCount?: number;
  onVersion?: (turn: string, index: number, count: number) => void;
  /** The answer a search result led to: flashed, its words marked (MessageList). */
  searchHit?: boolean;
}

function AnswerMeta({ message }: { message: AssistantMessage }) {
  const { t, lang } = useI18n();
  if (!message.model) return null;
  const { timings, usage, fallbacks, settings } = message;
  return (
    <div className="answer-meta">
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
      {settings && (
        <div className="meta-line" data-testid="answer-settings">
          <span>
            {t("meta.settings", {
              temperature: formatDecimal(settings.temperature, lang),
              topK: settings.topK,
            })}
          </span>
          <span>
            {settings.filters
              ? t("meta.filters", { filters: describeFilters(settings.filters, lang) })
              : t("meta.noFilters")}
          </span>
        </div>
      )}
      {message.grounding && <GroundingSummary grounding={message.grounding} />}
      {message.refine && <RefineSummary refine={message.refine} />}
      {fallbacks.length > 0 && (
        <div className="fallbacks">
          <span className="fallbacks-title">{t("meta.fallbacks")}:</span>
          <ul>
            {fallbacks.map((f, i) => (
              <li key={`${i}-${f.model}`}>
                <code className="model-id">{f.model}</code> ({f.node}) — {reasonLabel(lang, f.reason)} ·{" "}
                {formatMs(f.ms, lang)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function AssistantMessageInner({
  message,
  question,
  selected,
  onCite,
  onRegenerate,
  versionTurn,
  versionIndex,
  versionCount,
  onVersion,
  searchHit,
}: Props) {
  const { t } = useI18n();
  const streaming = message.status === "streaming";
  const versions =
    versionTurn !== undefined &&
    versionIndex !== undefined &&
    versionCount &&
    versionCount > 1 &&
    onVersion ? (
      <AnswerVersionSwitch turn={versionTurn} index={versionIndex} count={versionCount} onPage={onVersion} />
    ) : null;
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
      <div
        className={`answer-body${searchHit ? " search-hit" : ""}`}
        data-testid={searchHit ? "message-search-hit" : undefined}
      >
        <StepList steps={message.steps} live={streaming} totalMs={message.timings?.totalMs} />
        {message.replacedCount > 0 && <p className="note note-warn">{t("message.replaced")}</p>}
        <div className={`answer${streaming && message.text ? " streaming" : ""}`} data-testid="answer-text">
          {message.text ? (
            <AnswerMarkdown
              text={message.text}
              messageId={message.id}
              sourceCount={message.sources.length}
              selected={selected}
              onCite={onCite}
              grounding={streaming ? undefined : message.grounding}
            />
          ) : streaming ? (
            <p className="thinking">
              <span className="dots" aria-hidden="true" />
              {message.replacedCount > 0 ? t("message.retrying") : t("message.thinking")}
            </p>
          ) : message.status === "done" ? (
            <p className="muted">{t("message.empty")}</p>
          ) : null}
        </div>
        {streaming && message.draft && (
          // The draft the refinement will replace stays in sight (dimmed) while the refining model works.
          <details className="refine-draft" data-testid="draft-aside" open>
            <summary>{t("refine.draftAside")}</summary>
            <p className="draft-text">{message.draft}</p>
          </details>
        )}
        {message.interrupted && (
          <p className="note note-warn" role="status" data-testid="interrupted">
            <span className="spinner" aria-hidden="true" />{" "}
            {t(
              message.interrupted === "lost"
                ? "message.interrupted"
                : message.interrupted === "unreachable"
                  ? "message.unreachable"
                  : "message.detached",
            )}
          </p>
        )}
        {message.status === "stopped" && <p className="note">■ {t("message.stopped")}</p>}
        {message.status === "interrupted" && (
          <p className="note note-warn" data-testid="answer-interrupted">
            <span>
              <strong>{t("message.cutOff")}</strong>: {t("message.cutOffHint")}
            </span>
          </p>
        )}
        {message.status === "error" && (
          <p className="inline-error" role="alert">
            {message.error?.message ?? t("message.error")}
          </p>
        )}
        {message.sources.length > 0 || !streaming ? (
          <div className="evidence-grid">
            <SourceList message={message} selected={selected} onOpen={onCite} />
            {!streaming && <EchoChart message={message} question={question} />}
          </div>
        ) : null}
        {streaming && versions && <div className="answer-actions">{versions}</div>}
        {!streaming && (
          <footer className="answer-foot">
            <AnswerMeta message={message} />
            <div className="answer-actions">
              {versions}
              {isStored(message) && <FeedbackBar messageId={message.id} />}
              <AnswerCopyButtons message={message} />
              {onRegenerate && (
                <button
                  type="button"
                  className="ghost-button small"
                  data-testid="regenerate"
                  onClick={() => onRegenerate(message.id)}
                >
                  ↻ {t("actions.regenerate")}
                </button>
              )}
            </div>
          </footer>
        )}
      </div>
    </article>
  );
}

export const AssistantMessageView = memo(AssistantMessageInner);
