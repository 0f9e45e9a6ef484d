// Thumbs up/down on an answer. One click stores the rating; an optional comment can follow (sent with the same
// rating). The choice stays visible, and can be changed.
import { useRef, useState, type FormEvent } from "react";
import { useI18n } from "../i18nContext";
import { useReview } from "../review";
import type { FeedbackValue } from "../state/feedback";
import { ThumbDownIcon, ThumbUpIcon } from "./Icons";

export function FeedbackBar({ messageId }: { messageId: string }) {
  const { t } = useI18n();
  const { feedback, sendFeedback } = useReview();
  const entry = feedback[messageId];
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);

  function rate(value: FeedbackValue) {
    sendFeedback(messageId, value, entry?.value === value ? entry.comment : undefined);
    setCommenting(true);
    requestAnimationFrame(() => inputRef.current?.focus({ preventScroll: true }));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!entry || !comment.trim()) return;
    sendFeedback(messageId, entry.value, comment);
    setCommenting(false);
    setComment("");
  }

  return (
    <div className="feedback" data-feedback={entry?.value}>
      <button
        type="button"
        className="icon-button feedback-button"
        data-testid="feedback-up"
        aria-pressed={entry?.value === "up"}
        aria-label={t("feedback.up")}
        title={t("feedback.up")}
        onClick={() => rate("up")}
      >
        <ThumbUpIcon />
      </button>
      <button
        type="button"
        className="icon-button feedback-button"
        data-testid="feedback-down"
        aria-pressed={entry?.value === "down"}
        aria-label={t("feedback.down")}
        title={t("feedback.down")}
        onClick={() => rate("down")}
      >
        <ThumbDownIcon />
      </button>
      {entry && (
        <span className={`feedback-status ${entry.status}`} role="status" data-testid="feedback-status">
          {entry.status === "sending"
            ? t("feedback.sending")
            : entry.status === "error"
              ? t("feedback.failed")
              : entry.comment
                ? t("feedback.savedWithComment")
                : t("feedback.saved")}
        </span>
      )}
      {commenting && entry && (
        <form className="feedback-form" onSubmit={submit}>
          <input
            ref={inputRef}
            type="text"
            data-testid="feedback-comment"
            value={comment}
            maxLength={2000}
            placeholder={entry.value === "up" ? t("feedback.commentUp") : t("feedback.commentDown")}
            aria-label={t("feedback.comment")}
            onChange={(e) => setComment(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.preventDefault();
                e.stopPropagation();
                setCommenting(false);
              }
            }}
          />
          <button
            type="submit"
            className="ghost-button small"
            data-testid="feedback-submit"
            disabled={!comment.trim()}
          >
            {t("feedback.send")}
          </button>
          <button type="button" className="link-button" onClick={() => setCommenting(false)}>
            {t("common.close")}
          </button>
        </form>
      )}
    </div>
  );
}
