// The conversation, oldest first: one path through the thread's tree, one version of each turn (the branch with the
// newest message unless the reader paged a turn's versions, which swaps the later turns for that branch's). Follows
// the newest text while the reader is at the bottom, and leaves the scroll alone once they scroll up to read.
import { Fragment, memo, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { chatTurns, type VersionChoices } from "../state/answerVersions";
import { isLive, isStored, type ChatMessage } from "../state/chat";
import { AnswerVersionSwitch } from "./AnswerVersionSwitch";
import { AssistantMessageView } from "./AssistantMessageView";
import { UserMessageView } from "./UserMessageView";

interface Props {
  messages: ChatMessage[];
  /** The source open in the side panel. */
  selected?: { messageId: string; n: number };
  onCite: (messageId: string, n: number) => void;
  /** The selected source's answer is no longer shown (the reader paged to another version, or a new one came). */
  onSelectionHidden?: () => void;
  /** The answer that can be regenerated now (the last one shown, when nothing runs). */
  regenerable?: string;
  onRegenerate: (messageId: string) => void;
  /** The version the reader chose in each turn, by the turn's key (client/src/state/answerVersions.ts). */
  choices: VersionChoices;
  /** The reader paged a turn to another version. */
  onPage: (turn: string, index: number, count: number) => void;
  /** Sending is possible now (edit and resend). */
  canSend: boolean;
  /** `regenerates`: the answer of the edited question, which the edit replaces as a new version of its turn. */
  onResend: (text: string, regenerates?: string) => void;
  maxChars: number;
}

const STICK_THRESHOLD_PX = 80;

function MessageListView({
  messages,
  selected,
  onCite,
  onSelectionHidden,
  regenerable,
  onRegenerate,
  choices,
  onPage: page,
  canSend,
  onResend,
  maxChars,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const count = useRef(messages.length);

  const turns = useMemo(() => chatTurns(messages, choices), [messages, choices]);

  // The answer each turn shows now; an answer paged away from (its version, or its whole branch) takes its open
  // source with it.
  const shown = turns.map((turn) => turn.versions[turn.shown]?.answer?.id);
  const selectedHidden =
    selected !== undefined &&
    !shown.includes(selected.messageId) &&
    messages.some((m) => m.role === "assistant" && m.id === selected.messageId);
  useEffect(() => {
    if (selectedHidden) onSelectionHidden?.();
  }, [selectedHidden, onSelectionHidden]);

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
        {turns.map((turn) => {
          const count = turn.versions.length;
          const index = turn.shown;
          const { question, answer } = turn.versions[index] ?? {};
          const paged = count > 1 ? { versionTurn: turn.key, versionIndex: index, versionCount: count } : {};
          return (
            <Fragment key={turn.key}>
              {question && (
                <UserMessageView
                  key={`u-${question.id}`}
                  message={question}
                  answerId={answer && isStored(answer) ? answer.id : undefined}
                  onResend={canSend ? onResend : undefined}
                  replaces={answer && !isLive(answer) ? answer.id : undefined}
                  maxChars={maxChars}
                />
              )}
              {answer ? (
                <AssistantMessageView
                  key={`a-${answer.id}`}
                  message={answer}
                  question={question?.annotation}
                  selected={selected?.messageId === answer.id ? selected.n : undefined}
                  onCite={onCite}
                  onRegenerate={regenerable === answer.id ? onRegenerate : undefined}
                  {...paged}
                  onVersion={page}
                />
              ) : (
                count > 1 && (
                  // A new version sent, its answer not begun yet: the way back to the earlier ones stays.
                  <div className="answer-actions answer-versions-pending">
                    <AnswerVersionSwitch turn={turn.key} index={index} count={count} onPage={page} />
                  </div>
                )
              )}
            </Fragment>
          );
        })}
      </div>
    </div>
  );
}

export const MessageList = memo(MessageListView);
