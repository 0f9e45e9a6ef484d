// The review card's evidence word cursor (ReviewEvidence): the keyboard's way to mark the words a mouse would select.
// V on the card or "Marchează cu tastatura" puts the focus on the row's text with a cursor over a word; ←/→, Shift and
// Home/End move and extend it (./state/reviewEvidenceKeys.ts), ↑/↓ change the field, Enter marks its words through the
// caller's `mark` (the mouse's own addEvidence), and Esc gives the focus back to where it came from. The focus leaving
// the text ends it too (Tab, a click elsewhere: the card's keys are its own again); words selected with the mouse in it
// move the cursor over them. A polite live region says the words selected, the text's start or end when a key runs
// into it, and what was marked; the same message twice is said twice (liveText).
import { useEffect, useId, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from "react";
import type { ReviewField } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { fieldName } from "../../labelWords";
import {
  cursorCommand,
  cursorEdge,
  cursorRange,
  liveText,
  nextEvidenceField,
  startCursor,
  textWords,
  type WordCursor,
} from "../../state/reviewEvidenceKeys";

type Range = { start: number; end: number };

export function useEvidenceKeys({
  text,
  selected,
  field,
  onField,
  mark,
}: {
  text: string;
  /** The mouse's selection in the text, if any: the cursor starts over its words. */
  selected: Range | undefined;
  field: ReviewField | "";
  onField: (field: ReviewField | "") => void;
  /** Marks the range as evidence for the field chosen; false when refused (the caller shows why). */
  mark: (range: Range) => boolean;
}) {
  const { t } = useI18n();
  const hintId = useId();
  const words = useMemo(() => textWords(text), [text]);
  const [cursor, setCursor] = useState<WordCursor>();
  const [said, setSaid] = useState("");
  const regionRef = useRef<HTMLDivElement>(null);
  // Where Esc gives the focus back (the button, or nothing: the page, whose keys label the row).
  const cameFrom = useRef<HTMLElement | null>(null);
  // The words last under the cursor in this text: coming back, it starts there.
  const last = useRef<Range | undefined>(undefined);
  const on = cursor !== undefined;

  useEffect(() => {
    setCursor(undefined);
    setSaid("");
    last.current = undefined;
  }, [text]);
  // The region is focusable only while the cursor is on: it takes the focus once it is.
  useEffect(() => {
    if (on) regionRef.current?.focus();
  }, [on]);

  const fieldText = (f: ReviewField | "") => (f ? fieldName(f, t) : t("wb.evidence.whole"));
  const wordsUnder = (c: WordCursor) => {
    const range = cursorRange(words, c);
    return range ? text.slice(range.start, range.end) : "";
  };
  const selectedText = (c: WordCursor) => t("wb.evidenceKeys.selected", { words: wordsUnder(c) });
  const say = (message: string) => setSaid((previous) => liveText(previous, message));

  // Words selected with the mouse while the cursor is on become the cursor's (a person who reaches for the mouse means
  // those words): Enter marks them, and they are said. The selection itself stays, so a drag is not cut short.
  useEffect(() => {
    if (!on || !selected) return;
    const next = startCursor(words, selected);
    // A drag reports the same words many times over: said once.
    if (!next || (cursor && next.anchor === cursor.anchor && next.focus === cursor.focus)) return;
    setCursor(next);
    say(selectedText(next));
    // Only a new selection moves the cursor (not the cursor turned on over one: enter() placed it there).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected]);

  const enter = () => {
    const start = startCursor(words, selected ?? last.current);
    if (!start) return;
    const active = document.activeElement;
    cameFrom.current =
      active instanceof HTMLElement && active !== document.body && !regionRef.current?.contains(active)
        ? active
        : null;
    // The cursor takes over the mouse's selection: Enter marks the cursor's words, not a selection left behind.
    document.getSelection()?.removeAllRanges();
    setCursor(start);
    say(selectedText(start));
  };

  const leave = (giveFocusBack: boolean) => {
    if (cursor) last.current = cursorRange(words, cursor);
    setCursor(undefined);
    setSaid("");
    if (!giveFocusBack) return;
    if (cameFrom.current?.isConnected) cameFrom.current.focus();
    else regionRef.current?.blur();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (!cursor) return;
    const command = cursorCommand(e, cursor, words.length);
    if (!command) return;
    e.preventDefault();
    switch (command.type) {
      case "move": {
        setCursor(command.cursor);
        const edge = cursorEdge(e.key, cursor, command.cursor);
        const under = wordsUnder(command.cursor);
        if (edge === "start") return say(t("wb.evidenceKeys.atStart", { words: under }));
        if (edge === "end") return say(t("wb.evidenceKeys.atEnd", { words: under }));
        return say(selectedText(command.cursor));
      }
      case "field": {
        const next = nextEvidenceField(field, command.delta);
        onField(next);
        return say(`${t("wb.evidenceKeys.field", { field: fieldText(next) })} ${selectedText(cursor)}`);
      }
      case "mark": {
        const range = cursorRange(words, cursor);
        if (range && mark(range)) {
          say(t("wb.evidenceKeys.marked", { field: fieldText(field), words: wordsUnder(cursor) }));
        }
        return;
      }
      case "leave":
        return leave(true);
    }
  };

  const onBlur = (e: FocusEvent<HTMLElement>) => {
    // Another window (the codebook beside the page) takes the focus for a while: the mode stays.
    if (!document.hasFocus()) return;
    if (cursor && !e.currentTarget.contains(e.relatedTarget as Node | null)) leave(false);
  };

  return {
    words,
    on,
    /** The offsets under the cursor, highlighted in the text. */
    range: cursor ? cursorRange(words, cursor) : undefined,
    said,
    hintId,
    hint: t("wb.evidenceKeys.hint", { field: fieldText(field) }),
    enter,
    region: {
      ref: regionRef,
      onKeyDown,
      onBlur,
      ...(on
        ? {
            tabIndex: -1,
            role: "application",
            "aria-label": t("wb.evidenceKeys.region"),
            "aria-describedby": hintId,
            // keyPlace (state/reviewKeys.ts): the card's keys do not act here.
            "data-evidence-keys": "",
          }
        : {}),
    },
  };
}
