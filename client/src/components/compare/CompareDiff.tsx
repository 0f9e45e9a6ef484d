// "Compară două comparații": two past comparisons side by side (GET /api/compare/diff), as promptfoo's viewer compares
// an eval with a previous one: both runs' headers, per model the pass rate and latency A → B with a chart, and the
// cases that changed (fixed, broke, only in one run), all of them on demand. Opened from "Comparații anterioare"; the
// pair is in the address (?diff=<a>,<b>) so that a link can be sent; docs/compare.md, "Two comparisons".
import { useEffect, useState } from "react";
import { countWith } from "../../../../contract/plural";
import type { CompareDiffResponse, CompareDiffRun } from "../../../../contract/compareDiff";
import { request } from "../../api";
import { formatCount, formatMs } from "../../format";
import type { Lang } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { formatRunTime, historyStatusKey } from "../../state/compareHistory";
import { BarChart } from "./Charts";
import { diffRows, labelsText, type DiffFilter, type DiffRow } from "./compareDiffView";
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

const percent = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);
const ms = (v: number | null, lang: Lang) => (v === null ? "—" : formatMs(v, lang));

function RunHeader({ run, side, timeZone }: { run: CompareDiffRun; side: "a" | "b"; timeZone?: string }) {
  const { t, lang } = useI18n();
  return (
    <div className="compare-diff-run" data-testid="compare-diff-run" data-side={side} data-run-id={run.runId}>
      <dt>{t(side === "a" ? "compareDiff.runA" : "compareDiff.runB")}</dt>
      <dd>
        {t("compareDiff.run", {
          when: formatRunTime(run.createdAt, lang, timeZone),
          suite: run.suite.name,
          models: run.models.join(", "),
          temperatures: run.temperatures.join(" "),
          status: t(historyStatusKey(run)),
        })}
      </dd>
    </div>
  );
}

/**
 * A row of the case list: the case's title (a variant's with its name, once), its labels A → B when they changed,
 * the model, passed or failed in A and B, and the change in words ("cazul s-a schimbat între rulări" for a case
 * whose content changed).
 */
export function DiffCaseRow({ row: r }: { row: DiffRow }) {
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

export interface CompareDiffViewProps {
  pair: readonly [string, string];
  onClose: () => void;
  /** The time zone of the dates (the browser's unless given: tests). */
  timeZone?: string;
}

export function CompareDiffView({ pair, onClose, timeZone }: CompareDiffViewProps) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<DiffState>({ status: "loading" });
  const [filter, setFilter] = useState<DiffFilter>("changes");
  const [a, b] = pair;

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
          <dl className="compare-diff-runs">
            <RunHeader run={diff.a} side="a" timeZone={timeZone} />
            <RunHeader run={diff.b} side="b" timeZone={timeZone} />
          </dl>
          {diff.partial && (
            <p className="note note-warn" data-testid="compare-diff-partial">
              {t("compareDiff.partial")}
            </p>
          )}
          {diff.suiteMismatch && (
            <p className="note note-warn" data-testid="compare-diff-mismatch">
              {t("compareDiff.suiteMismatch")}
            </p>
          )}
          {diff.onlyA.length > 0 && (
            <p className="hint">{t("compareDiff.onlyA", { models: diff.onlyA.join(", ") })}</p>
          )}
          {diff.onlyB.length > 0 && (
            <p className="hint">{t("compareDiff.onlyB", { models: diff.onlyB.join(", ") })}</p>
          )}

          <h3>{t("compareDiff.models")}</h3>
          <table className="compare-table" data-testid="compare-diff-models">
            <thead>
              <tr>
                <th scope="col">{t("compareDiff.col.model")}</th>
                <th scope="col">{t("compareDiff.col.pass")}</th>
                <th scope="col">{t("compareDiff.col.delta")}</th>
                <th scope="col">{t("compareDiff.col.latency")}</th>
                <th scope="col">{t("compareDiff.col.median")}</th>
              </tr>
            </thead>
            <tbody>
              {diff.models.map((m) => {
                const d = m.passRate.delta;
                const points = d === null ? null : Math.round(d * 100);
                return (
                  <tr key={m.model} data-testid="compare-diff-model" data-model={m.model}>
                    <th scope="row">
                      <code>{m.model}</code>
                    </th>
                    <td data-testid="compare-diff-pass">
                      {percent(m.passRate.a)} → {percent(m.passRate.b)}
                    </td>
                    <td
                      data-testid="compare-diff-delta"
                      className={
                        points === null || points === 0 ? undefined : points > 0 ? "is-up" : "is-down"
                      }
                    >
                      {points === null
                        ? "—"
                        : t("compareDiff.points", {
                            n: `${points > 0 ? "+" : points < 0 ? "−" : ""}${Math.abs(points)}`,
                          })}
                    </td>
                    <td>
                      {ms(m.latencyMean.a, lang)} → {ms(m.latencyMean.b, lang)}
                    </td>
                    <td>
                      {ms(m.latencyMedian.a, lang)} → {ms(m.latencyMedian.b, lang)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <BarChart
            title="compareDiff.chart"
            kind="diff-pass"
            max={1}
            format={(v) => percent(v)}
            groups={diff.models.map((m) => ({
              label: m.model,
              values: [
                { series: t("compareDiff.runA"), value: m.passRate.a },
                { series: t("compareDiff.runB"), value: m.passRate.b },
              ],
            }))}
          />

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
                {rows.map((r) => (
                  <DiffCaseRow key={r.key} row={r} />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
