// "Compară două comparații": two past comparisons side by side (GET /api/compare/diff), as promptfoo's viewer compares
// an eval with a previous one: both runs' headers, per model the pass rate and latency A → B with a chart, and the
// cases that changed (fixed, broke, only in one run), all of them on demand; a case opened shows the model's answers of
// A and B side by side, read from both runs as the run page reads one (GET /api/compare/:runId). Opened from "Comparații anterioare"; the
// pair is in the address (?diff=<a>,<b>) so that a link can be sent; docs/compare.md, "Two comparisons".
import { Fragment, useEffect, useId, useState, type ReactNode } from "react";
import { countWith } from "../../../../contract/plural";
import type { CaseView } from "../../../../contract/compare";
import type { CompareDiffResponse } from "../../../../contract/compareDiff";
import { fetchCompareRun, request } from "../../api";
import { formatCount } from "../../format";
import type { Lang } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { answerMark } from "../../state/compare";
import { AnswerBody, AnswerHead, AssertionReasons, CaseInput } from "./CaseAnswers";
import { DiffSummary } from "./CompareDiffSummary";
import {
  answersOfRow,
  diffRows,
  isLongAnswer,
  labelsText,
  type DiffAnswerSide,
  type DiffFilter,
  type DiffRow,
} from "./compareDiffView";
import { AnswerQualityNotes } from "./QualityPanels";
import { sayPageError, serverError, type PageError } from "./pageError";
import "./compareDiff.css";

type DiffState =
  | { status: "loading" }
  | { status: "failed"; error: PageError }
  | { status: "ok"; diff: CompareDiffResponse };

/** GET /api/compare/diff?a=&b=, in the page's language. */
export function fetchCompareDiff(
  pair: readonly [string, string],
  lang: Lang,
  signal?: AbortSignal,
): Promise<CompareDiffResponse> {
  const query = new URLSearchParams({ a: pair[0], b: pair[1] });
  return request("GET", `/api/compare/diff?${query.toString()}`, undefined, signal, lang);
}

/**
 * A row of the case list: the case's title (a variant's with its name, once), its labels A → B when they changed,
 * the model, passed or failed in A and B, and the change in words ("cazul s-a schimbat între rulări" for a case
 * whose content changed).
 */
export function DiffCaseRow({
  row: r,
  open = false,
  onToggle,
  panelId,
}: {
  row: DiffRow;
  /** The row's answers are shown (DiffAnswers, in the row below). */
  open?: boolean;
  onToggle?: () => void;
  panelId?: string;
}) {
  const { t, lang } = useI18n();
  const passed = (v: boolean | null) =>
    v === null ? t("compareDiff.none") : t(v ? "compareDiff.passed" : "compareDiff.failed");
  return (
    <tr
      data-testid="compare-diff-case"
      data-change={r.change}
      data-case={r.caseId}
      data-model={r.model}
      data-content-changed={r.contentChanged ? "true" : undefined}
      className={`change-${r.change}`}
    >
      <th scope="row">
        {onToggle && (
          <button
            type="button"
            className="ghost-button small compare-diff-toggle"
            data-testid="compare-diff-case-open"
            aria-expanded={open}
            aria-controls={open ? panelId : undefined}
            aria-label={t("compareDiff.answers.openLabel", { model: r.model, title: r.title })}
            onClick={onToggle}
          >
            <span aria-hidden="true">{open ? "▾" : "▸"}</span> {t("compareDiff.answers.open")}
          </button>
        )}
        {r.title}
        {r.labels && (
          <div className="hint" data-testid="compare-diff-labels">
            {t("compareDiff.labels", {
              a: labelsText(r.labels.a, t, lang),
              b: labelsText(r.labels.b, t, lang),
            })}
          </div>
        )}
      </th>
      <td>
        <code>{r.model}</code>
      </td>
      <td>{r.change === "only_b" ? t("compareDiff.none") : passed(r.passedA)}</td>
      <td>{r.change === "only_a" ? t("compareDiff.none") : passed(r.passedB)}</td>
      <td className="compare-diff-change">{t(`compareDiff.change.${r.change}`)}</td>
    </tr>
  );
}

/** The answers of both runs, read once a row is opened: GET /api/compare/:runId of A and of B. */
export type DiffAnswersState =
  | { status: "loading" }
  | { status: "failed"; error: PageError }
  | { status: "ok"; a: CaseView[]; b: CaseView[] };

/** A long answer shown cut until "Arată tot" (its checks and reasons stay in full below it). */
function Clamped({ long, children }: { long: boolean; children: ReactNode }) {
  const { t } = useI18n();
  const [full, setFull] = useState(false);
  const id = useId();
  if (!long) return <>{children}</>;
  return (
    <>
      <div
        id={id}
        className={`compare-diff-clamp${full ? "" : " is-clamped"}`}
        data-testid="compare-diff-clamp"
      >
        {children}
      </div>
      <button
        type="button"
        className="ghost-button small"
        data-testid="compare-diff-show-all"
        aria-expanded={full}
        aria-controls={id}
        onClick={() => setFull(!full)}
      >
        {t(full ? "compareDiff.showLess" : "compareDiff.showAll")}
      </button>
    </>
  );
}

/** One run's column of an opened row: the model's answers there, each as the run page shows it, without verdicts. */
function AnswersOfRun({
  side,
  run,
  model,
  showInput,
}: {
  side: DiffAnswerSide | null;
  run: "a" | "b";
  model: string;
  showInput: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="compare-column" data-testid="compare-diff-answer" data-run={run}>
      <h4>
        {t(run === "a" ? "compareDiff.runA" : "compareDiff.runB")} · <code>{model}</code>
      </h4>
      {side && showInput && <CaseInput view={side.view} />}
      {!side || side.answers.length === 0 ? (
        <p className="hint">{t("compareDiff.answers.none")}</p>
      ) : (
        side.answers.map((a) => (
          <article key={`${a.temperature}-${a.run}`} className="case-answer" data-mark={answerMark(a)}>
            <AnswerHead answer={a} />
            <Clamped long={!a.annotation && isLongAnswer(a.text)}>
              <AnswerBody
                answer={a}
                messageId={`diff-${run}-${side.view.id}-${model}-${a.temperature}-${a.run}`}
                sourceCount={side.view.sources?.length ?? 0}
              />
            </Clamped>
            <AnswerQualityNotes answer={a} />
            <AssertionReasons answer={a} />
          </article>
        ))
      )}
    </div>
  );
}

/**
 * An opened row: the case's input, then the model's answers in A and in B side by side, each with its pass/fail, its
 * checks' reasons and (an annotation case) its labels in words. A case whose content changed between the runs shows
 * each run's input in its column.
 */
export function DiffAnswers({ row, state }: { row: DiffRow; state: DiffAnswersState }) {
  const { t, lang } = useI18n();
  if (state.status === "loading") return <p className="hint">{t("compareDiff.answers.loading")}</p>;
  if (state.status === "failed")
    return (
      <p className="error-text" role="alert" data-testid="compare-diff-answers-error">
        {t("compareDiff.answers.loadError", { message: sayPageError(state.error, t, lang) })}
      </p>
    );
  const a = answersOfRow(row, state.a);
  const b = answersOfRow(row, state.b);
  const apart = row.contentChanged === true;
  const shared = apart ? null : (b ?? a);
  return (
    <>
      {shared && <CaseInput view={shared.view} />}
      <div className="compare-columns">
        <AnswersOfRun side={a} run="a" model={row.model} showInput={apart} />
        <AnswersOfRun side={b} run="b" model={row.model} showInput={apart} />
      </div>
    </>
  );
}

export interface CompareDiffViewProps {
  pair: readonly [string, string];
  onClose: () => void;
  /** Shows the pair the other way round (B as the baseline). */
  onSwap?: () => void;
  /** The time zone of the dates (the browser's unless given: tests). */
  timeZone?: string;
}

export function CompareDiffView({ pair, onClose, onSwap, timeZone }: CompareDiffViewProps) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<DiffState>({ status: "loading" });
  const [filter, setFilter] = useState<DiffFilter>("changes");
  const [a, b] = pair;
  // The rows opened, and both runs' answers, read at the first opening (again for another pair or language, and at
  // an opening after a read that failed): `asked` counts the reads wanted, 0 before any row is opened.
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const [asked, setAsked] = useState(0);
  const [answers, setAnswers] = useState<DiffAnswersState>({ status: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    fetchCompareDiff([a, b], lang, controller.signal)
      .then((diff) => setState({ status: "ok", diff }))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setState({ status: "failed", error: serverError(err) });
      });
    return () => controller.abort();
  }, [a, b, lang]);

  useEffect(() => {
    setOpened(new Set());
    setAsked(0);
  }, [a, b]);

  useEffect(() => {
    if (!asked) return;
    const controller = new AbortController();
    setAnswers({ status: "loading" });
    Promise.all([
      fetchCompareRun(a, { lang }, controller.signal),
      fetchCompareRun(b, { lang }, controller.signal),
    ])
      .then(([ra, rb]) => setAnswers({ status: "ok", a: ra.cases ?? [], b: rb.cases ?? [] }))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setAnswers({ status: "failed", error: serverError(err) });
      });
    return () => controller.abort();
  }, [a, b, lang, asked]);

  const toggle = (key: string) => {
    setAsked((n) => (n === 0 || answers.status === "failed" ? n + 1 : n));
    setOpened((before) => {
      const next = new Set(before);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  };

  const diff = state.status === "ok" ? state.diff : undefined;
  const rows = diff ? diffRows(diff, filter) : [];
  const count = (n: number, kind: "fixed" | "broke") =>
    countWith(n, [t(`compareDiff.${kind}.one`), t(`compareDiff.${kind}.many`)], lang, (v) =>
      formatCount(v, lang),
    );

  return (
    <section
      className="compare-section compare-diff"
      data-testid="compare-diff"
      data-a={a}
      data-b={b}
      aria-labelledby="compare-diff-title"
    >
      <div className="compare-diff-head">
        <h2 id="compare-diff-title">{t("compareDiff.title")}</h2>
        <button
          type="button"
          className="ghost-button small"
          data-testid="compare-diff-close"
          onClick={onClose}
        >
          {t("compareDiff.close")}
        </button>
      </div>
      {state.status === "loading" && <p className="hint">{t("compareDiff.loading")}</p>}
      {state.status === "failed" && (
        <p className="error-text" role="alert" data-testid="compare-diff-error">
          {t("compareDiff.loadError", { message: sayPageError(state.error, t, lang) })}
        </p>
      )}
      {diff && (
        <>
          <DiffSummary diff={diff} timeZone={timeZone} onSwap={onSwap} />

          <h3>{t("compareDiff.cases")}</h3>
          <div className="compare-diff-filter">
            <p data-testid="compare-diff-counts">
              {t("compareDiff.counts", {
                fixed: count(diff.counts.fixed, "fixed"),
                broke: count(diff.counts.broke, "broke"),
              })}
            </p>
            <label className="field inline">
              <span>{t("compareDiff.filter")}</span>
              <select
                data-testid="compare-diff-filter"
                value={filter}
                onChange={(e) => setFilter(e.target.value as DiffFilter)}
              >
                <option value="changes">{t("compareDiff.filter.changes")}</option>
                <option value="all">{t("compareDiff.filter.all")}</option>
              </select>
            </label>
          </div>
          {rows.length === 0 ? (
            <p className="hint" data-testid="compare-diff-empty">
              {t("compareDiff.empty")}
            </p>
          ) : (
            <table className="compare-table" data-testid="compare-diff-cases">
              <thead>
                <tr>
                  <th scope="col">{t("compareDiff.col.case")}</th>
                  <th scope="col">{t("compareDiff.col.model")}</th>
                  <th scope="col">{t("compareDiff.col.a")}</th>
                  <th scope="col">{t("compareDiff.col.b")}</th>
                  <th scope="col">{t("compareDiff.col.change")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => {
                  const open = opened.has(r.key);
                  const panelId = `compare-diff-answers-${i}`;
                  return (
                    <Fragment key={r.key}>
                      <DiffCaseRow row={r} open={open} onToggle={() => toggle(r.key)} panelId={panelId} />
                      {open && (
                        <tr className="compare-diff-answers-row">
                          <td colSpan={5}>
                            <div
                              id={panelId}
                              role="region"
                              aria-label={t("compareDiff.answers.openLabel", {
                                model: r.model,
                                title: r.title,
                              })}
                              data-testid="compare-diff-answers"
                              data-case={r.caseId}
                              data-model={r.model}
                            >
                              <DiffAnswers row={r} state={answers} />
                            </div>
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
