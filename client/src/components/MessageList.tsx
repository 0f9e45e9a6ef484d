// The conversation, oldest first. Follows the newest text while the reader is at the bottom, and leaves
// the scroll alone once they scroll up to read.
import { memo, useLayoutEffect, useMemo, useRef } from "react";
import { isStored, type AssistantMessage, type ChatMessage } from "../state/chat";
import { AssistantMessageView } from "./AssistantMessageView";
import { UserMessageView } from "./UserMessageView";

interface Props {
  messages: ChatMessage[];
  /** The source open in the side panel. */
  selected?: { messageId: string; n: number };
  onCite: (messageId: string, n: number) => void;
  /** The answer that can be regenerated now (the newest, when nothing runs). */
  regenerable?: string;
  onRegenerate: (messageId: string) => void;
  /** Sending is possible now (edit and resend). */
  canSend: boolean;
  onResend: (text: string) => void;
  maxChars: number;
}

const STICK_THRESHOLD_PX = 80;

function MessageListView({
  messages,
  selected,
  onCite,
  regenerable,
  onRegenerate,
  canSend,
  onResend,
  maxChars,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const count = useRef(messages.length);

  // Each question's answer, for its annotation card (where a correction is filed) and the echo chart.
  const answers = useMemo(() => {
    const map = new Map<string, AssistantMessage>();
    for (const m of messages) if (m.role === "assistant") map.set(m.replyTo, m);
    return map;
  }, [messages]);
  const questions = useMemo(() => {
    const map = new Map<string, ChatMessage>();
    for (const m of messages) if (m.role === "user") map.set(m.id, m);
    return map;
  }, [messages]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    // A new message is the user acting (sending): bring the conversation's end into view again.
    if (messages.length > count.current) atBottom.current = true;
    count.current = messages.length;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages]);

  return (
    <div
      ref={scrollRef}
      className="message-scroll"
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_THRESHOLD_PX;
      }}
    >
      <div className="message-list">
        {messages.map((m) => {
          if (m.role === "user") {
            const answer = answers.get(m.id);
            return (
              <UserMessageView
                key={`u-${m.id}`}
                message={m}
                answerId={answer && isStored(answer) ? answer.id : undefined}
                onResend={canSend ? onResend : undefined}
                maxChars={maxChars}
              />
            );
          }
          const question = questions.get(m.replyTo);
          return (
            <AssistantMessageView
              key={`a-${m.id}`}
              message={m}
              question={question?.role === "user" ? question.annotation : undefined}
              selected={selected?.messageId === m.id ? selected.n : undefined}
              onCite={onCite}
              onRegenerate={regenerable === m.id ? onRegenerate : undefined}
            />
          );
        })}
      </div>
    </div>
  );
}

export const MessageList = memo(MessageListView);
