// Answers side by side: every case in one table (CaseTable.tsx: a row a case, a cell a model's mark, filters for
// failures and differences), then the case opened from it or from the case selector: its input, then one column per
// model with each answer, its pass/fail mark, timings and the reasons of its assertions, and under it, once the run no
// longer runs, a person's verdict (AnswerVerdict.tsx) that the table shows too.
import { useMemo, useRef, useState } from "react";
import type { CaseAnswer, CaseView, HumanVerdict } from "../../../../contract/compare";
import { withoutExtractiveFraming } from "../../../../contract/extractiveFraming";
import { formatCount, formatMs, formatScore } from "../../format";
import { useI18n } from "../../i18nContext";
import { labelsInWords } from "../../labelWords";
import { answerMark, caseColumns } from "../../state/compare";
import { answerKey, withHumanVerdicts } from "../../state/compareCases";
import { AnswerMarkdown } from "../AnswerMarkdown";
import { AnswerVerdict, VerdictName } from "./AnswerVerdict";
import { CaseTable } from "./CaseTable";
import { AnswerQualityNotes } from "./QualityPanels";

const noCite = () => undefined;

/** A case's input (with its English gloss) and, for an annotation case, its gold labels in words. */
export function CaseInput({ view }: { view: CaseView }) {
  const { t, lang } = useI18n();
  return (
    <div className="case-input">
      <strong>{t("compare.input")}:</strong> {view.input}
      {view.inputEn && (
        <div className="hint" data-testid="case-input-gloss">
          {t("compare.inputGloss")}: {view.inputEn}
        </div>
      )}
      {view.expected && (
        <div className="hint">
          {t("compare.expected")}: {labelsInWords(view.expected, t, lang)}
        </div>
      )}
    </div>
  );
}

/** An answer's pass/fail mark, its temperature and run, and its latency. */
export function AnswerHead({ answer: a }: { answer: CaseAnswer }) {
  const { t, lang } = useI18n();
  const mark = answerMark(a);
  return (
    <div className="case-answer-head">
      <span className={`mark mark-${mark}`} data-testid="answer-mark">
        {mark === "pass" ? "✓" : mark === "na" ? "–" : "✗"} {t(`compare.mark.${mark}`)}
      </span>
      <span className="hint">
        {t("compare.answerMeta", {
          temperature: formatScore(a.temperature, lang),
          run: formatCount(a.run, lang),
        })}
        {a.latencyMs !== null && ` · ${formatMs(a.latencyMs, lang)}`}
      </span>
    </div>
  );
}

/**
 * What a model said: its call's error and note, then its labels in words (an annotation case) or its text as
 * Markdown, said when it is the extractive model's framed answer. `messageId` names its citations' anchors.
 */
export function AnswerBody({
  answer: a,
  messageId,
  sourceCount,
}: {
  answer: CaseAnswer;
  messageId: string;
  sourceCount: number;
}) {
  const { t, lang } = useI18n();
  return (
    <>
      {a.error && <p className="error-text">{a.error.message}</p>}
      {a.note && <p className="hint">{a.note}</p>}
      {a.annotation ? (
        <p className="case-annotation">{labelsInWords(a.annotation, t, lang)}</p>
      ) : (
        a.text && (
          <AnswerMarkdown
            text={a.text}
            messageId={messageId}
            sourceCount={sourceCount}
            onCite={noCite}
            grounding={a.grounding ?? undefined}
          />
        )
      )}
      {a.text && !a.annotation && withoutExtractiveFraming(a.text).framed && (
        <p className="hint" data-testid="answer-framing">
          {t("compare.answer.framing")}
        </p>
      )}
    </>
  );
}

/** An answer's checks, each passed or failed with its reason in the page's language. */
export function AssertionReasons({ answer: a }: { answer: CaseAnswer }) {
  const { t, lang } = useI18n();
  if (a.assertions.length === 0) return null;
  return (
    <ul className="assertions">
      {a.assertions.map((r, i) => (
        <li key={i} className={r.pass ? "ok" : "bad"}>
          {r.pass ? "✓" : "✗"}{" "}
          <span className="assertion-type" data-type={r.type}>
            {t(`compare.assertion.${r.type}`)}:
          </span>{" "}
          {lang === "en" ? (r.reasonEn ?? r.reason) : r.reason}
        </li>
      ))}
    </ul>
  );
}

/**
 * `running`: the run goes on, and its answers so far are shown (the table's rows fill in). `runId`: the run no longer
 * runs, and a person may mark its answers.
 */
export function CaseAnswers({
  cases: read,
  models,
  running = false,
  runId,
}: {
  cases: CaseView[];
  models: string[];
  running?: boolean;
  runId?: string;
}) {
  const { t } = useI18n();
  // The verdicts saved here since the run was read, shown at once in the answers and the table.
  const [saved, setSaved] = useState<ReadonlyMap<string, HumanVerdict | null>>(new Map());
  const cases = useMemo(() => withHumanVerdicts(read, saved), [read, saved]);
  const [caseId, setCaseId] = useState(cases[0]?.id ?? "");
  const detail = useRef<HTMLDivElement>(null);
  const view = cases.find((c) => c.id === caseId) ?? cases[0];
  if (!view) return null;
  // A row of the table opens its case below, brought into view from its top (focus alone showed its middle), and
  // takes the focus there, so that a keyboard or screen reader user lands on what opened.
  const open = (id: string) => {
    setCaseId(id);
    detail.current?.focus({ preventScroll: true });
    detail.current?.scrollIntoView({ block: "start" });
  };
  return (
    <section className="compare-section" data-testid="compare-cases">
      <h2>{t("compare.cases")}</h2>
      <CaseTable cases={cases} models={models} running={running} openedId={view.id} onOpen={open} />
      <div
        className="case-detail"
        ref={detail}
        tabIndex={-1}
        role="region"
        aria-label={t("compareCases.detail", { title: view.title || view.id })}
        data-testid="compare-case-detail"
      >
        <label className="field">
          <span>{t("compare.case")}</span>
          <select data-testid="compare-case" value={view.id} onChange={(e) => setCaseId(e.target.value)}>
            {cases.map((c) => (
              <option key={c.id} value={c.id}>
                {c.criterionLabel} · {c.title || c.id}
              </option>
            ))}
          </select>
        </label>
        <CaseInput view={view} />
        {runId && !running && <VerdictName />}
        <div className="compare-columns">
          {caseColumns(view, models).map((col) => (
            <div className="compare-column" key={col.model} data-testid="case-column">
              <h3>
                <code>{col.model}</code>{" "}
                {col.judged > 0 && (
                  <span className="count">
                    {col.passed}/{col.judged}
                  </span>
                )}
              </h3>
              {col.answers.length === 0 && <p className="hint">{t("compare.noAnswers")}</p>}
              {col.answers.map((a) => {
                const mark = answerMark(a);
                return (
                  <article key={`${a.temperature}-${a.run}`} className="case-answer" data-mark={mark}>
                    <AnswerHead answer={a} />
                    <AnswerBody
                      answer={a}
                      messageId={`${view.id}-${col.model}-${a.temperature}-${a.run}`}
                      sourceCount={view.sources?.length ?? 0}
                    />
                    <AnswerQualityNotes answer={a} />
                    {runId && !running && a.status !== "n/a" && (
                      <AnswerVerdict
                        key={answerKey(view.id, a)}
                        runId={runId}
                        caseId={view.id}
                        answer={a}
                        onSaved={(human) =>
                          setSaved((before) => new Map(before).set(answerKey(view.id, a), human))
                        }
                      />
                    )}
                    <AssertionReasons answer={a} />
                  </article>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
