// The user's message: the text as typed (plain text), its sending state, and the annotation of it.
import { memo } from "react";
import { useI18n } from "../i18nContext";
import type { UserMessage } from "../state/chat";
import { AnnotationBadge } from "./AnnotationBadge";

function UserMessageInner({ message }: { message: UserMessage }) {
  const { t } = useI18n();
  return (
    <article
      className={`message message-user status-${message.status}`}
      data-testid="message-user"
      data-status={message.status}
    >
      <div className="bubble">
        <p className="user-text">{message.text}</p>
        {message.status === "pending" && <span className="sending">{t("message.sending")}</span>}
      </div>
      {message.annotation && <AnnotationBadge value={message.annotation} target="message" />}
      {message.status === "failed" && (
        <p className="inline-error" role="alert">
          <strong>{t("message.failed")}</strong> {message.error?.message}
        </p>
      )}
    </article>
  );
}

export const UserMessageView = memo(UserMessageInner);
