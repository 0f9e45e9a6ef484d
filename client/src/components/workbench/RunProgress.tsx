// A run's live progress: its status, the overall bar, and per model done, failed, rate, time left, tokens and
// cost so far; stop and resume. The figures come from the job's REST snapshot and then its socket events.
import { useState } from "react";
import type { FailureReason, Job, RunSummary } from "../../../../contract/workbench";
import { formatCount, formatDecimal, formatUsd } from "../../format";
import { useI18n } from "../../i18nContext";
import { runTemperatureShown } from "../../state/temperature";
import { reasonLabel, type Lang } from "../../i18n";
import { countOf, NOUNS } from "../../plural";
import {
  canResume,
  canStop,
  failureReasons,
  formatDuration,
  modelProgressRows,
  progressTotals,
  runOutcome,
  runStatus,
  share,
} from "../../state/jobs";
import { costKind } from "../../state/runForm";
import { resumeJob, stopJob } from "../../workbenchApi";
import { formatDate } from "./DatasetList";
import { errorText } from "./errorText";
import { ScrollRegion } from "../ScrollRegion";

export function RunProgress({
  run,
  job,
  onJob,
  canControl = true,
}: {
  run: RunSummary;
  job: Job;
  onJob: (job: Job) => void;
  /** False for someone else's run on a data set shared with the viewer: stopping and resuming stay with them. */
  canControl?: boolean;
}) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const status = runStatus(job);
  const rows = modelProgressRows(job);
  const totals = progressTotals(job);
  const { done, total, failed } = job.progress;
  const outcome = runOutcome(job);
  const reasons = failed > 0 ? failureReasons(job) : [];
  // A run that ended with failures is not shown green: some failed is a warning, all failed looks failed.
  const look = outcome === "allFailed" ? "failed" : outcome === "partial" ? "warn" : status;

  async function act(action: (id: string) => Promise<Job>) {
    setBusy(true);
    setError(undefined);
    try {
      onJob(await action(job.id));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="wb-card wb-progress" aria-live="polite" aria-labelledby="wb-progress-title">
      <div className="wb-progress-head">
        <h3 id="wb-progress-title">
          {t("wb.progress.title", { models: run.models.length, repeats: run.repeats })}
        </h3>
        <span
          className={`wb-status status-${look}`}
          data-testid="run-status"
          data-status={status}
          data-outcome={outcome}
          data-job-status={job.status}
        >
          {job.status === "queued"
            ? t("wb.status.queued")
            : outcome === "allFailed"
              ? t("wb.status.doneAllFailed")
              : outcome === "partial"
                ? t("wb.status.doneWithFailures", { failures: countOf(failed, NOUNS.failure, lang) })
                : t(`wb.status.${status}`)}
          {job.stopRequested && status === "running" && ` · ${t("wb.status.stopping")}`}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={t("wb.progress.label")}
        data-testid="run-progress"
        data-done={done}
        data-total={total}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
      >
        <div
          className={`progress-fill${outcome === "clean" ? "" : ` progress-fill-${look}`}`}
          style={{ width: `${share(done, total) * 100}%` }}
        />
      </div>
      <p className="hint">
        {t("wb.progress.summary", {
          done: formatCount(done, lang),
          total: countOf(total, NOUNS.annotation, lang),
        })}
        {failed > 0 && ` · ${t("wb.progress.failed", { n: countOf(failed, NOUNS.failure, lang) })}`}
        {status === "running" && ` · ${t("wb.progress.eta", { eta: formatDuration(job.progress.etaS) })}`}
        {` · ${t("wb.progress.tokens", { n: countOf(totals.tokens, NOUNS.token, lang) })}`}
        {totals.costUsd > 0 && ` · ${formatUsd(totals.costUsd, lang)}`}
      </p>
      {rows.length > 0 && (
        <ScrollRegion label={t("wb.progress.perModel")}>
          <table className="compare-table wb-progress-table">
            <thead>
              <tr>
                <th scope="col">{t("compare.col.model")}</th>
                <th scope="col">{t("wb.progress.col.done")}</th>
                <th scope="col">{t("wb.progress.col.failed")}</th>
                <th scope="col">{t("wb.progress.col.rate")}</th>
                <th scope="col">{t("wb.progress.col.eta")}</th>
                <th scope="col">{t("wb.progress.col.tokens")}</th>
                <th scope="col">{t("wb.progress.col.cost")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr
                  key={m.model}
                  data-testid="run-model-progress"
                  data-model={m.model}
                  data-done={m.done}
                  data-total={m.total}
                >
                  <th scope="row">
                    <code>{m.model}</code>
                    <span className="wb-mini-bar" aria-hidden="true">
                      <span style={{ width: `${m.share * 100}%` }} />
                    </span>
                  </th>
                  <td>
                    {formatCount(m.done, lang)} / {formatCount(m.total, lang)}
                    {m.cached > 0 && (
                      <span className="hint">
                        {" "}
                        ({t("wb.progress.cached", { n: formatCount(m.cached, lang) })})
                      </span>
                    )}
                  </td>
                  <td className={m.failed > 0 ? "wb-bad" : undefined}>{formatCount(m.failed, lang)}</td>
                  <td>
                    {m.ratePerS === null
                      ? "—"
                      : t("wb.progress.rate", { rate: formatDecimal(m.ratePerS, lang, 1) })}
                  </td>
                  <td>{status === "running" ? formatDuration(m.etaS) : "—"}</td>
                  <td>{formatCount(m.tokens, lang)}</td>
                  <td>
                    {costKind(m.pricing, m.costUsd) === "free"
                      ? t("wb.cost.free")
                      : costKind(m.pricing, m.costUsd) === "unknown"
                        ? t("wb.cost.unknown")
                        : formatUsd(m.costUsd, lang)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {reasons.length > 0 && (
        <div
          className={`wb-failures wb-failures-${outcome === "allFailed" ? "failed" : "warn"}`}
          data-testid="run-failures"
        >
          <p>
            {outcome === "allFailed"
              ? t("wb.progress.allFailed", { n: countOf(failed, NOUNS.failure, lang) })
              : t(
                  // Only a run that ran to its end "ended with" its failures; a stopped or running one has them so far.
                  status === "done"
                    ? "wb.progress.someFailed"
                    : status === "stopped"
                      ? "wb.progress.stoppedFailed"
                      : "wb.progress.failedSoFar",
                  { failures: countOf(failed, NOUNS.failure, lang) },
                )}
          </p>
          <ul>
            {reasons.map((r) => (
              <li key={r.code} data-testid="run-failure-reason" data-code={r.code}>
                <strong>{formatCount(r.count, lang)} ×</strong> {failureText(r, lang)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {job.error && (
        <p className="error-text" role="alert">
          {job.error.message}
        </p>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="wb-actions">
        {canControl && canStop(job) && (
          <button
            type="button"
            className="ghost-button"
            data-testid="run-stop"
            disabled={busy}
            onClick={() => void act(stopJob)}
          >
            {t("wb.progress.stop")}
          </button>
        )}
        {canControl && canResume(job) && (
          <button
            type="button"
            className="send-button"
            data-testid="run-resume"
            disabled={busy}
            onClick={() => void act(resumeJob)}
          >
            {t("wb.progress.resume")}
          </button>
        )}
        <span className="hint">
          {t("wb.progress.meta", {
            codebook: run.codebookVersion,
            temperature: runTemperatureShown(run, lang),
            date: formatDate(run.createdAt, lang),
          })}
          {run.origin === "cli" && ` · ${t("wb.datasets.cli")}`}
        </span>
      </div>
    </section>
  );
}

/** A failure in words: the page's wording of its code when it has one, else the message the server stored. */
function failureText(reason: FailureReason, lang: Lang): string {
  const label = reasonLabel(lang, reason.code);
  if (label !== reason.code) return reason.message ? `${label}: ${reason.message}` : label;
  return reason.message ? `${reason.message} (${reason.code})` : reason.code;
}
