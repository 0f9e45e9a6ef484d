// A corpus job as it runs: one bar per stage (import, clean, index, annotate), what it works on (by its file's name,
// marked when a restart made the server run it again), the jobs waiting behind it (each can be cancelled), and at the
// end what came of it (done, nothing changed, or the error, with the reassurance that the corpus is as it was; a
// removal's raw record not found, a restored document's new id).
import type { Ref } from "react";
import type { CorpusImportRecord } from "../../../../contract/corpusPage";
import { inLanguage } from "../../../../contract/errors";
import type { Job } from "../../../../contract/workbench";
import type { MessageKey } from "../../i18n";
import { formatMs } from "../../format";
import { useI18n } from "../../i18nContext";
import { jobTestStatus, stageBars, stageLabel, type BoardEntry } from "../../state/corpusImport";

interface Props {
  job: Job;
  record: CorpusImportRecord | undefined;
  /** The jobs waiting behind it, in the order they run. */
  queued?: BoardEntry[];
  /** Stops a job: the running one, or a queued one (which then never runs). */
  onStop(jobId: string): void;
  /** The heading, focusable: the page moves focus there when a job starts. */
  headingRef?: Ref<HTMLHeadingElement>;
}

/** What a finished job says: the same file again, a removal, a file that cleaned to the indexed corpus, or done. */
function doneMessage(record: CorpusImportRecord | undefined): MessageKey {
  if (record?.op === "remove") return "corpus.job.doneRemove";
  if (record?.op === "rebuild") return "corpus.job.doneRebuild";
  // The catalog read from the index as it is (a first visit): nothing new for the chat.
  if (record?.op === "catalog") return "corpus.job.doneCatalog";
  if (record?.op === "remove-document") return "corpus.job.doneRemoveDocument";
  if (record?.op === "restore-document")
    return record.document?.ledgerOnly ? "corpus.job.doneReleaseDocument" : "corpus.job.doneRestoreDocument";
  if (record?.op === "import" && record.unchanged) return "corpus.job.unchanged";
  if (record?.op === "import" && record.index?.rebuilt === false) return "corpus.job.doneSame";
  return "corpus.job.done";
}

/** What a failed job says: each kind names what failed, and that the corpus is as it was. */
function failedMessage(record: CorpusImportRecord | undefined): MessageKey {
  if (record?.op === "rebuild") return "corpus.job.failedRebuild";
  if (record?.op === "remove-document") return "corpus.job.failedRemoveDocument";
  if (record?.op === "restore-document") return "corpus.job.failedRestoreDocument";
  return "corpus.job.failed";
}

function title(record: CorpusImportRecord | undefined, t: ReturnType<typeof useI18n>["t"]): string {
  if (!record) return t("corpus.job.running");
  if (record.op === "remove") return t("corpus.job.removeTitle", { name: record.collection });
  if (record.op === "catalog") return t("corpus.job.catalogTitle");
  if (record.op === "rebuild") return t("corpus.job.rebuildTitle");
  if (record.op === "remove-document")
    return t("corpus.job.removeDocumentTitle", { name: record.document?.title ?? record.document?.id ?? "" });
  if (record.op === "restore-document")
    return t("corpus.job.restoreDocumentTitle", {
      name: record.document?.title ?? record.document?.id ?? "",
    });
  return t("corpus.job.title", { name: record.fileName ?? record.collection });
}

export function JobPanel({ job, record, queued = [], onStop, headingRef }: Props) {
  const { t, lang } = useI18n();
  const status = jobTestStatus(job.status);
  // Said again from its code in the page's language (a switch after the failure included).
  const failure = job.error ?? record?.error;
  const elapsed =
    job.startedAt && job.finishedAt
      ? Date.parse(job.finishedAt) - Date.parse(job.startedAt)
      : (record?.durationMs ?? 0);
  return (
    <section
      className={`corpus-card corpus-job status-${job.status}`}
      data-testid="corpus-job"
      data-status={status}
    >
      <h3 tabIndex={-1} ref={headingRef} data-testid="corpus-job-title">
        {title(record, t)}
        {record?.resumedAt && job.status === "running" && (
          <span className="corpus-job-badge" data-testid="corpus-job-resumed">
            {" "}
            {t("corpus.job.resumedBadge")}
          </span>
        )}
      </h3>
      {record?.resumedAt && job.status === "running" && <p className="hint">{t("corpus.job.resumedHint")}</p>}
      <ul className="corpus-stages">
        {stageBars(job, record?.op).map(({ stage, share }) => (
          <li key={stage} data-stage={stage}>
            <span className="corpus-stage-name">{t(stageLabel(stage, record?.op))}</span>
            <progress max={1} value={share ?? 0} aria-label={t(stageLabel(stage, record?.op))} />
            <span className="corpus-stage-share">{share === null ? "—" : `${Math.round(share * 100)}%`}</span>
          </li>
        ))}
      </ul>
      {job.status === "queued" && (
        <div className="corpus-actions">
          <span className="hint">{t("corpus.job.queued")}</span>
          <button type="button" className="ghost-button small" onClick={() => onStop(job.id)}>
            {t("corpus.queue.cancel")}
          </button>
        </div>
      )}
      {job.status === "running" && job.progress.waiting === "corpus_change" && (
        <p className="hint" role="status" data-testid="corpus-job-waiting">
          {t("corpus.job.waiting")}
        </p>
      )}
      {job.status === "running" && (
        <div className="corpus-actions">
          {job.progress.etaS !== null && (
            <span className="hint">
              {t("corpus.job.eta", { time: formatMs(job.progress.etaS * 1000, lang) })}
            </span>
          )}
          <button type="button" className="ghost-button small" onClick={() => onStop(job.id)}>
            {t("corpus.job.stop")}
          </button>
        </div>
      )}
      {job.status === "done" && (
        <p className="corpus-ok" role="status">
          {t(doneMessage(record), { time: formatMs(elapsed, lang) })}
        </p>
      )}
      {job.status === "done" && record?.op === "restore-document" && record.restoredId && (
        <p className="hint" role="note" data-testid="corpus-job-restored-as">
          {t("corpus.job.restoredAs", { restoredId: record.restoredId, id: record.document?.id ?? "" })}
        </p>
      )}
      {job.status === "done" && record?.rawNotFound && (
        <p className="corpus-warning" role="note" data-testid="corpus-job-raw-not-found">
          {t("corpus.job.rawNotFound")}
        </p>
      )}
      {job.status === "failed" && (
        <p className="corpus-error" role="alert">
          {t(failedMessage(record), {
            message: failure ? inLanguage(failure, lang) : "",
          })}
        </p>
      )}
      {job.status === "stopped" && <p className="hint">{t("corpus.job.stopped")}</p>}
      {queued.length > 0 && (
        <div className="corpus-queue" data-testid="corpus-queue">
          <h4>{t("corpus.queue.title")}</h4>
          <ol>
            {queued.map((entry) => (
              <li key={entry.job.id} data-testid="corpus-queued-job" data-job={entry.job.id}>
                <span>{title(entry.record, t)}</span>{" "}
                <button
                  type="button"
                  className="ghost-button small"
                  aria-label={t("corpus.queue.cancelNamed", { name: title(entry.record, t) })}
                  onClick={() => onStop(entry.job.id)}
                >
                  {t("corpus.queue.cancel")}
                </button>
              </li>
            ))}
          </ol>
          <p className="hint">{t("corpus.queue.hint")}</p>
        </div>
      )}
    </section>
  );
}
