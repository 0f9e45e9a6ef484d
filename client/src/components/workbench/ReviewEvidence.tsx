// Evidence spans on the review card: the row's text with the words marked as evidence highlighted, "Marchează ca
// dovadă" for the words selected in it (for one field, or the whole label), "Marchează cu tastatura" (V) for the same
// from the keyboard (a word cursor in the text, useEvidenceKeys), and the marked spans listed, each with a button that
// removes it. The adjudication shows each person's spans with the same highlighted text (EvidenceText).
import { useEffect, useId, useImperativeHandle, useRef, useState, type Ref } from "react";
import { formatMessage } from "../../../../contract/errors";
import { REVIEW_FIELDS, type EvidenceSpan, type ReviewField } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { ownEnter } from "./ownEnter";
import { fieldName } from "../../labelWords";
import { addEvidence, evidencePieces, removeEvidence, selectionIn } from "../../state/reviewEvidence";
import { useEvidenceKeys } from "./useEvidenceKeys";

/** What the card's V key calls (ReviewView). */
export interface ReviewEvidenceHandle {
  enterKeys(): void;
}

/**
 * The text with the spans highlighted; each highlight's title names the fields it is evidence for. The keyboard's
 * word cursor, when on, is shown over its words (underlined and outlined, not by colour alone).
 */
export function EvidenceText({
  text,
  spans,
  testId,
  textRef,
  cursor,
}: {
  text: string;
  spans: readonly EvidenceSpan[];
  testId: string;
  textRef?: React.Ref<HTMLParagraphElement>;
  cursor?: { start: number; end: number };
}) {
  const { t } = useI18n();
  const pieces = evidencePieces(text, spans, cursor ? [cursor.start, cursor.end] : []);
  const shown = (piece: (typeof pieces)[number]) =>
    cursor && piece.start >= cursor.start && piece.end <= cursor.end ? (
      <span key={piece.start} className="wb-evidence-cursor" data-testid="review-evidence-cursor">
        {piece.text}
      </span>
    ) : (
      piece.text
    );
  return (
    <p className="wb-full-text" ref={textRef}>
      {pieces.map((piece) =>
        piece.spans.length === 0 ? (
          shown(piece)
        ) : (
          <mark
            key={piece.start}
            className="wb-evidence-mark"
            data-testid={testId}
            title={piece.spans
              .map((s) => (s.field ? fieldName(s.field, t) : t("wb.evidence.whole")))
              .join(", ")}
          >
            {shown(piece)}
          </mark>
        ),
      )}
    </p>
  );
}

/** A span as the list and the exports say it: „words” (field). */
export function evidenceQuote(text: string, span: EvidenceSpan, t: ReturnType<typeof useI18n>["t"]): string {
  return `„${text.slice(span.start, span.end)}”${span.field ? ` (${fieldName(span.field, t)})` : ""}`;
}

export function ReviewEvidence({
  text,
  evidence,
  onEvidence,
  ref,
}: {
  text: string;
  evidence: EvidenceSpan[];
  onEvidence: (evidence: EvidenceSpan[]) => void;
  ref?: Ref<ReviewEvidenceHandle>;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const textRef = useRef<HTMLParagraphElement>(null);
  const [selected, setSelected] = useState<{ start: number; end: number }>();
  const [field, setField] = useState<ReviewField | "">("");
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    const onSelection = () => {
      if (textRef.current) setSelected(selectionIn(textRef.current, document.getSelection()));
    };
    document.addEventListener("selectionchange", onSelection);
    return () => document.removeEventListener("selectionchange", onSelection);
  }, []);
  // Another row, another text: the selection and what was said about the last one's spans go.
  useEffect(() => {
    setProblem(undefined);
    setSelected(undefined);
  }, [text]);

  /** Marks the words (the mouse's selection or the keyboard's cursor) for the field chosen; false, and why, if refused. */
  const add = (range: { start: number; end: number }) => {
    const result = addEvidence(evidence, { ...range, ...(field ? { field } : {}) }, text);
    if ("problem" in result) {
      setProblem(formatMessage(result.problem.code, lang, result.problem.params));
      return false;
    }
    setProblem(undefined);
    onEvidence(result.spans);
    return true;
  };
  const mark = () => {
    if (selected && add(selected)) document.getSelection()?.removeAllRanges();
  };
  const keys = useEvidenceKeys({ text, selected, field, onField: setField, mark: add });
  useImperativeHandle(ref, () => ({ enterKeys: keys.enter }));

  // A span removed from the keyboard: the focus goes to the next remove button (or the keys button), not to the page.
  const listRef = useRef<HTMLUListElement>(null);
  const keysButton = useRef<HTMLButtonElement>(null);
  const [refocus, setRefocus] = useState<number>();
  useEffect(() => {
    if (refocus === undefined) return;
    const buttons = listRef.current?.querySelectorAll("button");
    (buttons?.[Math.min(refocus, buttons.length - 1)] ?? keysButton.current)?.focus();
    setRefocus(undefined);
  }, [refocus]);

  return (
    <div className="wb-evidence">
      <div className="wb-evidence-text" data-testid="review-evidence-text" {...keys.region}>
        <EvidenceText
          text={text}
          spans={evidence}
          testId="review-evidence-span"
          textRef={textRef}
          cursor={keys.range}
        />
      </div>
      {keys.on && (
        <p id={keys.hintId} className="hint" data-testid="review-evidence-keys-hint">
          {keys.hint}
        </p>
      )}
      {/* Atomic: said whole when only the no-break space of a repeated message (liveText) changes. */}
      <p className="sr-only" aria-live="polite" aria-atomic="true" data-testid="review-evidence-keys-live">
        {keys.said}
      </p>
      <div className="wb-row wb-evidence-tools">
        <label htmlFor={`${id}-field`}>{t("wb.evidence.field")}</label>
        <select
          id={`${id}-field`}
          data-testid="review-evidence-field"
          value={field}
          onChange={(e) => setField(e.target.value as ReviewField | "")}
        >
          <option value="">{t("wb.evidence.whole")}</option>
          {REVIEW_FIELDS.map((f) => (
            <option key={f} value={f}>
              {fieldName(f, t)}
            </option>
          ))}
        </select>
        <button
          type="button"
          data-testid="review-evidence-add"
          disabled={!selected}
          // The selection in the text stays as the button is pressed.
          onMouseDown={(e) => e.preventDefault()}
          onClick={mark}
          onKeyDown={ownEnter}
        >
          {t("wb.evidence.add")}
        </button>
        <button
          type="button"
          ref={keysButton}
          data-testid="review-evidence-keys"
          aria-keyshortcuts="V"
          disabled={keys.words.length === 0}
          // A mouse selection stays as the button is pressed: the cursor starts over its words.
          onMouseDown={(e) => e.preventDefault()}
          onClick={keys.enter}
          onKeyDown={ownEnter}
        >
          {t("wb.evidenceKeys.start")}
        </button>
        {!selected && evidence.length === 0 && <span className="hint">{t("wb.evidence.hint")}</span>}
      </div>
      {problem && (
        <p className="error-text" role="alert" data-testid="review-evidence-error">
          {problem}
        </p>
      )}
      {evidence.length > 0 && (
        <ul
          ref={listRef}
          className="wb-evidence-list"
          aria-label={t("wb.evidence.list")}
          data-testid="review-evidence-list"
        >
          {evidence.map((span, i) => {
            const quote = evidenceQuote(text, span, t);
            return (
              <li key={`${span.start}-${span.end}-${span.field ?? ""}`}>
                {quote}{" "}
                <button
                  type="button"
                  className="link-button"
                  data-testid="review-evidence-remove"
                  aria-label={t("wb.evidence.remove", { quote })}
                  onKeyDown={ownEnter}
                  onClick={(e) => {
                    onEvidence(removeEvidence(evidence, i));
                    // detail 0: pressed from the keyboard (Enter or Space), not clicked.
                    if (e.detail === 0) setRefocus(i);
                  }}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
