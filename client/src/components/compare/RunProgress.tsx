// The progress of the comparison shown: the bar and count, done / total per model (a slow model shows), the stop
// button while it runs, its steps, and what stopped it early — its user (partial figures), or the server that ran it (the answers it kept), or an error.
import type { CompareRunResponse } from "../../../../contract/compare";
import { formatCount } from "../../format";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { interruptionNotice, progressShare, runSteps } from "../../state/compare";
import { modelProgress } from "../../state/compareProgress";

function ModelProgressTable({ run }: { run: CompareRunResponse }) {
  const { t } = useI18n();
  const rows = modelProgress(run);
  if (rows.length === 0) return null;
  return (
    <table className="compare-model-progress" data-testid="compare-progress-models">
      <caption className="hint">{t("compare.progressModels")}</caption>
      <tbody>
        {rows.map((r) => (
          <tr key={r.model} data-model={r.model} data-done={r.done} data-total={r.total}>
            <th scope="row">
              <code>{r.model}</code>
            </th>
            <td className="model-progress-bar">
              <div className="progress" aria-hidden="true">
                <div className="progress-fill" style={{ width: `${progressShare(r) * 100}%` }} />
              </div>
            </td>
            <td>{t("compare.progressModel", { done: r.done, total: r.total })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface RunProgressProps {
  run: CompareRunResponse | undefined;
  /** The start was asked and the run is not known yet. */
  starting: boolean;
  stopping: boolean;
  onStop: (runId: string) => void;
}

export function RunProgress({ run, starting, stopping, onStop }: RunProgressProps) {
  const { t, lang } = useI18n();
  const share = run ? progressShare(run.progress) : 0;
  const notice = interruptionNotice(run);
  return (
    <section className="compare-section" data-testid="compare-progress" aria-live="polite">
      <div
        className="progress"
        role="progressbar"
        aria-label={t("compare.progressLabel")}
        aria-valuemin={0}
        aria-valuemax={run?.progress.total ?? 0}
        aria-valuenow={run?.progress.done ?? 0}
      >
        <div className="progress-fill" style={{ width: `${share * 100}%` }} />
      </div>
      {run && (
        <p className="hint">
          {t("compare.progress", {
            done: formatCount(run.progress.done, lang),
            answers: countOf(run.progress.total, NOUNS.answer, lang),
          })}
        </p>
      )}
      {run && <ModelProgressTable run={run} />}
      {run?.status === "running" && (
        <button
          type="button"
          className="ghost-button"
          data-testid="compare-stop"
          disabled={stopping}
          onClick={() => onStop(run.runId)}
        >
          {stopping ? t("compare.stopping") : t("compare.stop")}
        </button>
      )}
      {notice && (
        <p
          className="note note-warn"
          role="status"
          data-testid="compare-interrupted"
          data-reason={notice.reason}
        >
          {t(notice.reason === "server" ? "compare.lost" : "compare.interrupted", {
            done: formatCount(notice.done, lang),
            answers: countOf(notice.total, NOUNS.answer, lang),
          })}
        </p>
      )}
      <ol className="compare-steps">
        {runSteps(run, starting).map((s) => (
          <li key={s.id} className={`step-${s.state}`} data-state={s.state}>
            <span className="step-dot" aria-hidden="true" /> {t(`compare.step.${s.id}`)}
          </li>
        ))}
      </ol>
      {run?.error && (
        <p className="error-text" role="alert">
          {t("compare.runError", { message: run.error.message })}
        </p>
      )}
    </section>
  );
}
