// The user's message: the text as typed (plain text), its sending state, its annotation card, and "edit": the text
// opens in place and is sent as a new version of its turn, whose later turns stay with the old version (a branch, as
// in Open WebUI and ChatGPT; the stored history is never rewritten).
import { memo, useEffect, useRef, useState } from "react";
import { useI18n } from "../i18nContext";
import type { UserMessage } from "../state/chat";
import { AnnotationBadge } from "./AnnotationBadge";
import { AttachmentChips } from "./AttachmentChips";

interface Props {
  message: UserMessage;
  /** The stored answer to this message: where a correction of its annotation is filed. */
  answerId?: string;
  /** Present when a new message can be sent now; `regenerates` is `replaces` when set. */
  onResend?: (text: string, regenerates?: string) => void;
  /** The question's answer, once it has ended: the edit becomes a new version of the turn, replacing it. */
  replaces?: string;
  maxChars: number;
  /** The message a search result led to: flashed, its words marked (MessageList). */
  searchHit?: boolean;
}

function UserMessageInner({ message, answerId, onResend, replaces, maxChars, searchHit }: Props) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.text);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const text = draft.trim();
  const canSend = Boolean(onResend) && text.length > 0 && draft.length <= maxChars;

  useEffect(() => {
    if (!editing) return;
    const el = inputRef.current;
    el?.focus();
    el?.setSelectionRange(el.value.length, el.value.length);
  }, [editing]);

  function send() {
    if (!canSend || !onResend) return;
    onResend(text, replaces);
    setEditing(false);
  }

  return (
    <article
      className={`message message-user status-${message.status}${editing ? " editing" : ""}`}
      data-testid="message-user"
      data-status={message.status}
      data-question-id={message.id}
    >
      {editing ? (
        <form
          className="edit-box"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <textarea
            ref={inputRef}
            data-testid="edit-input"
            value={draft}
            rows={Math.min(8, Math.max(2, draft.split("\n").length))}
            aria-label={t("edit.label")}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                send();
              } else if (e.key === "Escape") {
                e.preventDefault();
                e.stopPropagation();
                setEditing(false);
              }
            }}
          />
          <p className="edit-hint">{t(replaces ? "edit.hintVersion" : "edit.hint")}</p>
          <div className="edit-actions">
            <button type="submit" className="primary-button" data-testid="edit-send" disabled={!canSend}>
              {t("edit.send")}
            </button>
            <button type="button" className="ghost-button" onClick={() => setEditing(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      ) : (
        <div className="bubble-row">
          {message.status === "sent" && (
            <button
              type="button"
              className="icon-button edit-button"
              data-testid="edit-message"
              aria-label={t("edit.open")}
              title={t("edit.open")}
              disabled={!onResend}
              onClick={() => {
                setDraft(message.text);
                setEditing(true);
              }}
            >
              ✎
            </button>
          )}
          <div
            className={`bubble${searchHit ? " search-hit" : ""}`}
            data-testid={searchHit ? "message-search-hit" : undefined}
          >
            {message.attachments && <AttachmentChips attachments={message.attachments} />}
            <p className="user-text">{message.text}</p>
            {message.status === "pending" && <span className="sending">{t("message.sending")}</span>}
          </div>
        </div>
      )}
      {message.annotation && (
        <AnnotationBadge
          value={message.annotation}
          target="message"
          labelTarget={answerId ? { messageId: answerId, target: "message" } : undefined}
        />
      )}
      {message.status === "failed" && (
        <p className="inline-error" role="alert">
          <strong>{t("message.failed")}</strong> {message.error?.message}
        </p>
      )}
    </article>
  );
}

export const UserMessageView = memo(UserMessageInner);
