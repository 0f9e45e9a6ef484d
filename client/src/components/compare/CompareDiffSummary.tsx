// The top of "Compară două comparații" (CompareDiff.tsx): both runs' headers with a swap of A and B, what the reader
// should know before the figures (a run not finished, suites or temperatures that differ, models of one run only),
// and per model the pass rate and latency A → B in a table and a chart.
import type { CompareDiffResponse, CompareDiffRun } from "../../../../contract/compareDiff";
import { formatMs } from "../../format";
import type { Lang } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { formatRunTime, historyStatusKey } from "../../state/compareHistory";
import { BarChart } from "./Charts";

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

/** A run's temperatures as a set, in order, written as its header writes them: "0 0.7". */
export function temperaturesText(temperatures: readonly number[]): string {
  return [...new Set(temperatures)].sort((x, y) => x - y).join(" ");
}

/**
 * Whether the runs were made at other temperatures: a case passes in a run when all its answers pass, at every
 * temperature of that run, so the figures of A and B are then not of the same conditions.
 */
export function differentTemperatures(diff: Pick<CompareDiffResponse, "a" | "b">): boolean {
  return temperaturesText(diff.a.temperatures) !== temperaturesText(diff.b.temperatures);
}

export function DiffSummary({
  diff,
  timeZone,
  onSwap,
}: {
  diff: CompareDiffResponse;
  timeZone?: string;
  /** Shows B as the baseline instead (the address's pair swapped). */
  onSwap?: () => void;
}) {
  const { t, lang } = useI18n();
  return (
    <>
      <dl className="compare-diff-runs">
        <RunHeader run={diff.a} side="a" timeZone={timeZone} />
        <RunHeader run={diff.b} side="b" timeZone={timeZone} />
      </dl>
      {onSwap && (
        <button type="button" className="ghost-button small" data-testid="compare-diff-swap" onClick={onSwap}>
          {t("compareDiff.swap")}
        </button>
      )}
      {differentTemperatures(diff) && (
        <p className="note note-warn" data-testid="compare-diff-temperatures">
          {t("compareDiff.temperatures", {
            a: temperaturesText(diff.a.temperatures),
            b: temperaturesText(diff.b.temperatures),
          })}
        </p>
      )}
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
                  className={points === null || points === 0 ? undefined : points > 0 ? "is-up" : "is-down"}
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
    </>
  );
}
