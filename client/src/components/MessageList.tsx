// The conversation, oldest first. Follows the newest text while the reader is at the bottom, and leaves
// the scroll alone once they scroll up to read.
import { useLayoutEffect, useRef } from "react";
import type { ChatMessage } from "../state/chat";
import { AssistantMessageView } from "./AssistantMessageView";
import { UserMessageView } from "./UserMessageView";

interface Props {
  messages: ChatMessage[];
  /** The source open in the side panel. */
  selected?: { messageId: string; n: number };
  onCite: (messageId: string, n: number) => void;
}

const STICK_THRESHOLD_PX = 80;

export function MessageList({ messages, selected, onCite }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const count = useRef(messages.length);

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
        {messages.map((m) =>
          m.role === "user" ? (
            <UserMessageView key={`u-${m.id}`} message={m} />
          ) : (
            <AssistantMessageView
              key={`a-${m.id}`}
              message={m}
              selected={selected?.messageId === m.id ? selected.n : undefined}
              onCite={onCite}
            />
          ),
        )}
      </div>
    </div>
  );
}
