// Evidence spans on the review card: the row's text with the words marked as evidence highlighted, "Marchează ca
// dovadă" for the words selected in it (for one field, or the whole label), and the marked spans listed, each with a
// button that removes it. The adjudication shows each person's spans with the same highlighted text (EvidenceText).
import { useEffect, useId, useRef, useState } from "react";
import { formatMessage } from "../../../../contract/errors";
import { REVIEW_FIELDS, type EvidenceSpan, type ReviewField } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { fieldName } from "../../labelWords";
import { addEvidence, evidencePieces, removeEvidence, selectionIn } from "../../state/reviewEvidence";

/** The text with the spans highlighted; each highlight's title names the fields it is evidence for. */
export function EvidenceText({
  text,
  spans,
  testId,
  textRef,
}: {
  text: string;
  spans: readonly EvidenceSpan[];
  testId: string;
  textRef?: React.Ref<HTMLParagraphElement>;
}) {
  const { t } = useI18n();
  return (
    <p className="wb-full-text" ref={textRef}>
      {evidencePieces(text, spans).map((piece) =>
        piece.spans.length === 0 ? (
          piece.text
        ) : (
          <mark
            key={piece.start}
            className="wb-evidence-mark"
            data-testid={testId}
            title={piece.spans
              .map((s) => (s.field ? fieldName(s.field, t) : t("wb.evidence.whole")))
              .join(", ")}
          >
            {piece.text}
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
}: {
  text: string;
  evidence: EvidenceSpan[];
  onEvidence: (evidence: EvidenceSpan[]) => void;
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

  const mark = () => {
    if (!selected) return;
    const result = addEvidence(evidence, { ...selected, ...(field ? { field } : {}) }, text);
    if ("problem" in result) {
      setProblem(formatMessage(result.problem.code, lang, result.problem.params));
      return;
    }
    setProblem(undefined);
    onEvidence(result.spans);
    document.getSelection()?.removeAllRanges();
  };

  return (
    <div className="wb-evidence">
      <EvidenceText text={text} spans={evidence} testId="review-evidence-span" textRef={textRef} />
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
        >
          {t("wb.evidence.add")}
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
                  onClick={() => onEvidence(removeEvidence(evidence, i))}
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
