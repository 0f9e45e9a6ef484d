// The conversation, oldest first: one path through the thread's tree, one version of each turn (the branch with the
// newest message unless the reader paged a turn's versions, which swaps the later turns for that branch's). A question
// sent comes up near the top and its answer streams below it; the view follows the newest line only until the
// answer's start reaches the top (client/src/state/scrollFollow.ts), leaves the scroll alone once the reader scrolls
// up, and offers "jump to latest" while the conversation's end is out of sight. A thread opened from a search result
// opens at the message that matched instead, flashed and its words marked (as ChatGPT's and Open WebUI's searches do).
import { Fragment, memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { useI18n } from "../i18nContext";
import { chatTurns, type VersionChoices } from "../state/answerVersions";
import { isLive, isStored, type ChatMessage } from "../state/chat";
import { searchMarks, type SearchTarget } from "../state/threadSearch";
import {
  FOLLOW_MARGIN_PX,
  FOLLOW_RESUME_PX,
  followScrollTop,
  followSpacer,
  isBehind,
} from "../state/scrollFollow";
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
  /** Where "jump to latest" goes (a place beside the composer, over no text); without it, it floats over the
   * conversation's lower right corner. */
  jumpSlot?: HTMLElement | null;
  /** A search result chosen in the list (`seq` tells a second choice of the same one): the view goes to its message. */
  found?: SearchTarget & { seq: number };
}

/** The CSS highlight (::highlight(search-hit)) that marks the search's words in the message found. */
const HIT_HIGHLIGHT = "search-hit";

/**
 * The ranges of the DOM that hold the query's terms within `root`'s text, across element boundaries (a word in bold
 * and the next one not): the text nodes are read as one text, matched as the server matches, and mapped back.
 */
function domMatches(root: Element, query: string): Range[] {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const starts: number[] = [];
  let text = "";
  for (const node of nodes) {
    starts.push(text.length);
    text += node.data;
  }
  /** The text node holding offset `at` of the joined text, and the offset in it. */
  const place = (at: number, end: boolean): [Text, number] | undefined => {
    for (let k = nodes.length - 1; k >= 0; k--) {
      const start = starts[k] ?? 0;
      if (end ? at > start : at >= start) return [nodes[k]!, at - start];
    }
    return undefined;
  };
  return searchMarks(text, query).flatMap(({ start, end }) => {
    const a = place(start, false);
    const b = place(end, true);
    if (!a || !b) return [];
    const range = document.createRange();
    range.setStart(...a);
    range.setEnd(...b);
    return [range];
  });
}

/** Where the followed turn lies in the scrolling box, in px from the top of its content. */
interface Layout {
  view: number;
  /** The end of the conversation (the list's bottom, without the space below it). */
  contentBottom: number;
  /** The question sent from this page, while it is shown. */
  sentTop?: number;
  /** The start of the newest answer's text (or of its question, before the answer has begun). */
  answerTop?: number;
  /** The end of the newest answer's text. */
  latestBottom?: number;
}

function measure(box: HTMLElement, list: HTMLElement, sent: string | undefined): Layout {
  const boxTop = box.getBoundingClientRect().top;
  const at = (y: number) => y - boxTop + box.scrollTop;
  const anchored = sent ? list.querySelector(`[data-question-id="${CSS.escape(sent)}"]`) : null;
  const questions = list.querySelectorAll("[data-testid=message-user]");
  const question = anchored ?? questions[questions.length - 1];
  const next = question?.nextElementSibling;
  const answer = next?.matches("[data-testid=message-assistant]") ? next : undefined;
  const text = answer?.querySelector("[data-testid=answer-text]") ?? answer;
  const latest = text ?? question;
  return {
    view: box.clientHeight,
    contentBottom: at(list.getBoundingClientRect().bottom),
    sentTop: anchored ? at(anchored.getBoundingClientRect().top) : undefined,
    answerTop: latest ? at(latest.getBoundingClientRect().top) : undefined,
    latestBottom: latest ? at(latest.getBoundingClientRect().bottom) : undefined,
  };
}

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
  jumpSlot,
  found,
}: Props) {
  const { t } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const spacerRef = useRef<HTMLDivElement>(null);
  /** The view follows the newest answer (until its start reaches the top). */
  const following = useRef(true);
  /** The question sent from this page that the view brought up, by id. */
  const sent = useRef<string | undefined>(undefined);
  /** The scroll position this component last set or saw, to tell the reader's scrolling from its own. */
  const lastTop = useRef(0);
  /** The furthest down following went for the newest answer at the last layout (its text's start at the top). */
  const lastCap = useRef(Infinity);
  const mounted = useRef(false);
  const [behind, setBehind] = useState(false);
  /** The message a search result led to, shown as found (data-testid="message-search-hit") until another is chosen. */
  const [hitId, setHitId] = useState<string>();
  /** The search result last brought into view (its seq), so that new messages do not bring it back. */
  const hitDone = useRef<number | undefined>(undefined);

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

  /** Lays the view out after a change: the space below the sent question, then the follow (or bringing it up). */
  const settle = useCallback((bringUp = false) => {
    const box = scrollRef.current;
    const list = listRef.current;
    const spacer = spacerRef.current;
    if (!box || !list || !spacer) return;
    let layout = measure(box, list, sent.current);
    const space = `${layout.sentTop === undefined ? 0 : followSpacer(layout.sentTop, layout.contentBottom, layout.view)}px`;
    if (spacer.style.height !== space) spacer.style.height = space;
    if (bringUp && layout.sentTop !== undefined) {
      box.scrollTop = followScrollTop({
        scrollTop: 0,
        viewHeight: layout.view,
        answerTop: layout.sentTop,
        latestBottom: Infinity,
      });
      layout = measure(box, list, sent.current);
    } else if (following.current && layout.answerTop !== undefined && layout.latestBottom !== undefined) {
      const top = followScrollTop(
        {
          scrollTop: box.scrollTop,
          viewHeight: layout.view,
          answerTop: layout.answerTop,
          latestBottom: layout.latestBottom,
        },
        // The view was not past the answer's start (the reader's own scrolling or "jump to latest" may take it
        // there): content above that shrank gives the start back.
        layout.sentTop !== undefined && lastTop.current <= lastCap.current + 1,
      );
      if (Math.abs(top - box.scrollTop) > 1) box.scrollTop = top;
    }
    lastTop.current = box.scrollTop;
    lastCap.current = layout.answerTop === undefined ? Infinity : layout.answerTop - FOLLOW_MARGIN_PX;
    setBehind(isBehind(box.scrollTop, layout.view, layout.contentBottom));
  }, []);

  useLayoutEffect(() => {
    const box = scrollRef.current;
    if (!box) return;
    // A question sent from this page (a new one waiting for its ack) is the user acting: bring it up and follow its
    // answer again, whatever they had scrolled to.
    const pending = messages.findLast((m) => m.role === "user" && m.status === "pending");
    const justSent = pending !== undefined && pending.id !== sent.current;
    if (justSent) {
      sent.current = pending.id;
      following.current = true;
    }
    if (!mounted.current) {
      mounted.current = true;
      // A thread opened: its end in view.
      if (!justSent) box.scrollTop = box.scrollHeight;
    }
    settle(justSent);
  }, [messages, settle]);

  // A search result: its message brought to the middle of the view (after the opening's scroll to the end), once it
  // is shown. A message of a version not shown (an earlier answer of its turn) pages its turn to it first.
  useLayoutEffect(() => {
    const box = scrollRef.current;
    const list = listRef.current;
    if (!found) {
      setHitId(undefined);
      return;
    }
    if (hitDone.current === found.seq || !box || !list) return;
    const id = CSS.escape(found.messageId);
    const el = list.querySelector(`[data-question-id="${id}"], [data-message-id="${id}"]`);
    if (!el) {
      const turn = turns.find((t) =>
        t.versions.some((v) => v.question?.id === found.messageId || v.answer?.id === found.messageId),
      );
      const index = turn?.versions.findIndex(
        (v) => v.question?.id === found.messageId || v.answer?.id === found.messageId,
      );
      if (turn && index !== undefined && index >= 0 && index !== turn.shown)
        page(turn.key, index, turn.versions.length);
      return;
    }
    hitDone.current = found.seq;
    // The reader is reading here now: the view stops following the newest answer.
    following.current = false;
    const boxTop = box.getBoundingClientRect().top;
    const rect = el.getBoundingClientRect();
    const top = rect.top - boxTop + box.scrollTop;
    // Centred when it fits, its start near the top when it is taller than the view.
    const offset = rect.height < box.clientHeight ? (box.clientHeight - rect.height) / 2 : FOLLOW_MARGIN_PX;
    box.scrollTop = Math.max(0, top - offset);
    lastTop.current = box.scrollTop;
    setHitId(found.messageId);
  }, [found, turns, page]);

  // The search's words marked in the message found, by the CSS Custom Highlight API: React's text nodes stay as they
  // are (the answer's Markdown is React's to render). A browser without it still shows the message flashed. Marked
  // again only when that message's text changes, not at each token of another answer streaming in the thread.
  const hitText = hitId === undefined ? undefined : messages.find((m) => m.id === hitId)?.text;
  useEffect(() => {
    const list = listRef.current;
    const query = found?.query;
    if (!hitId || !list || !query || typeof CSS === "undefined" || !("highlights" in CSS)) return;
    const el = list.querySelector("[data-testid=message-search-hit]");
    if (!el) return;
    // The message's own text, not its steps, meta line or buttons (the server matched the text).
    const text = el.querySelector(".user-text, [data-testid=answer-text]") ?? el;
    CSS.highlights.set(HIT_HIGHLIGHT, new Highlight(...domMatches(text, query)));
    return () => {
      CSS.highlights.delete(HIT_HIGHLIGHT);
    };
  }, [hitId, found, hitText]);

  useEffect(() => {
    const box = scrollRef.current;
    const list = listRef.current;
    if (!box || !list || typeof ResizeObserver === "undefined") return;
    // Text laid out later (Markdown, fonts), a resized window or composer, a larger presentation size.
    const observer = new ResizeObserver(() => settle());
    observer.observe(box);
    observer.observe(list);
    return () => observer.disconnect();
  }, [settle]);

  const jumpToLatest = () => {
    const box = scrollRef.current;
    const list = listRef.current;
    if (!box || !list) return;
    const { view, contentBottom } = measure(box, list, sent.current);
    box.scrollTop = contentBottom - view;
    // Past the answer's start now, by the reader's choice: following goes on from here.
    lastTop.current = box.scrollTop;
    following.current = true;
    settle();
  };

  const jumpButton = (
    <button type="button" className="jump-latest" data-testid="jump-latest" onClick={jumpToLatest}>
      ↓ {t("chat.jumpLatest")}
    </button>
  );

  return (
    <div className="message-pane">
      <div
        ref={scrollRef}
        className="message-scroll"
        onScroll={(e) => {
          const box = e.currentTarget;
          const top = box.scrollTop;
          const list = listRef.current;
          if (!list) return;
          const layout = measure(box, list, sent.current);
          if (Math.abs(top - lastTop.current) > 1) {
            // The reader scrolled: up stops the following; back down to the newest line takes it up again.
            if (top < lastTop.current) following.current = false;
            else if (
              layout.latestBottom !== undefined &&
              layout.latestBottom <= top + layout.view + FOLLOW_RESUME_PX
            )
              following.current = true;
          }
          lastTop.current = top;
          if (layout.answerTop !== undefined) lastCap.current = layout.answerTop - FOLLOW_MARGIN_PX;
          setBehind(isBehind(top, layout.view, layout.contentBottom));
        }}
      >
        <div className="message-list" ref={listRef}>
          {turns.map((turn) => {
            const count = turn.versions.length;
            const index = turn.shown;
            const { question, answer } = turn.versions[index] ?? {};
            const paged =
              count > 1 ? { versionTurn: turn.key, versionIndex: index, versionCount: count } : {};
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
                    searchHit={hitId === question.id}
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
                    searchHit={hitId === answer.id}
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
        <div ref={spacerRef} className="follow-spacer" aria-hidden="true" />
      </div>
      {behind &&
        (jumpSlot ? (
          createPortal(jumpButton, jumpSlot)
        ) : (
          <div className="jump-latest-float">{jumpButton}</div>
        ))}
    </div>
  );
}

export const MessageList = memo(MessageListView);
