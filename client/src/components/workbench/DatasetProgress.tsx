// "Progresul clasei": under the share box of a data set shared with the class, its owner (or an admin) sees who has
// labelled how many of its rows (and, once anyone did, skipped or marked unsure), when they last saved, and how many
// rows they adjudicated, most rows first, with a CSV of the table, read again every 15 s while the page is in view. The figures come from GET /datasets/:id/progress,
// which refuses anyone who does not manage the set.
import { useEffect, useRef, useState } from "react";
import type { DatasetProgress } from "../../../../contract/workbench";
import { downloadText } from "../../downloadText";
import { formatCount } from "../../format";
import { useI18n } from "../../i18nContext";
import { agreeing } from "../../../../contract/plural";
import { countOf, NOUNS } from "../../plural";
import {
  PROGRESS_REFRESH_MS,
  progressCsv,
  progressFileName,
  progressRows,
  showsAdjudications,
  showsSkipped,
} from "../../state/datasetProgress";
import { fetchDatasetProgress } from "../../workbenchApi";
import { ScrollRegion } from "../ScrollRegion";
import { formatDate } from "./DatasetList";
import { errorText, isAbort } from "./errorText";

/** The table itself, for the progress the server gave (rendered without a browser by the unit tests). */
export function ProgressTable({ progress, datasetName }: { progress: DatasetProgress; datasetName: string }) {
  const { t, lang } = useI18n();
  const rows = progressRows(progress);
  const adjudications = showsAdjudications(progress);
  const skipped = showsSkipped(progress);
  const total = countOf(progress.rows, NOUNS.row, lang);
  return (
    <>
      <p className="hint">
        {t("wb.classProgress.people", { people: countOf(rows.length, NOUNS.person, lang), rows: total })} ·{" "}
        {t("wb.classProgress.hint")}
      </p>
      {progress.overlap ? <OverlapLine progress={progress} /> : null}
      {rows.length === 0 ? (
        <p className="hint" data-testid="dataset-progress-empty">
          {t("wb.classProgress.empty")}
        </p>
      ) : (
        <>
          <ScrollRegion label={t("wb.classProgress.title")}>
            <table className="compare-table wb-progress-table">
              <thead>
                <tr>
                  <th scope="col">{t("wb.classProgress.col.person")}</th>
                  <th scope="col">{t("wb.classProgress.col.labelled")}</th>
                  {skipped && <th scope="col">{t("wb.classProgress.col.skipped")}</th>}
                  {adjudications && <th scope="col">{t("wb.classProgress.col.adjudicated")}</th>}
                  <th scope="col">{t("wb.classProgress.col.last")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr
                    key={r.annotator}
                    data-testid="dataset-progress-row"
                    data-annotator={r.annotator}
                    data-labelled={r.labelled}
                  >
                    <th scope="row">{r.annotator}</th>
                    <td>
                      {t("wb.classProgress.labelled", { done: formatCount(r.labelled, lang), total })}
                      <span className="wb-mini-bar" aria-hidden="true">
                        <span style={{ width: `${r.share * 100}%` }} />
                      </span>
                    </td>
                    {skipped && (
                      <td data-testid="dataset-progress-skipped">
                        {t("wb.classProgress.skipped", {
                          skipped: formatCount(r.skipped ?? 0, lang),
                          unsure: formatCount(r.unsure ?? 0, lang),
                        })}
                      </td>
                    )}
                    {adjudications && <td>{formatCount(r.adjudicated, lang)}</td>}
                    <td>{formatDate(r.lastActivity, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <button
            type="button"
            className="ghost-button small"
            data-testid="dataset-progress-csv"
            onClick={() => downloadText(progressCsv(progress, lang), progressFileName(datasetName))}
          >
            {t("wb.classProgress.csv")}
          </button>
        </>
      )}
    </>
  );
}

/** Under labels per row: "412 din 600 de rânduri au 3 etichete", with a bar that fills as rows reach k. */
export function OverlapLine({ progress }: { progress: DatasetProgress }) {
  const { t, lang } = useI18n();
  const k = progress.overlap ?? 0;
  const done = progress.rowsAtOverlap ?? 0;
  const share = progress.rows > 0 ? Math.min(1, done / progress.rows) : 0;
  return (
    <div className="wb-progress-overlap" data-testid="dataset-progress-overlap" data-done={done}>
      <p className="hint">
        {t(agreeing(done, ["wb.classProgress.overlapOne", "wb.classProgress.overlapMany"] as const, lang), {
          done: formatCount(done, lang),
          rows: countOf(progress.rows, NOUNS.row, lang),
          k: countOf(k, NOUNS.label, lang),
        })}
      </p>
      <span className="wb-mini-bar" aria-hidden="true">
        <span style={{ width: `${share * 100}%` }} />
      </span>
    </div>
  );
}

/** "14:05:09": when the figures shown were read. */
function timeOf(at: Date, lang: "ro" | "en"): string {
  return new Intl.DateTimeFormat(lang === "ro" ? "ro-RO" : "en-GB", { timeStyle: "medium" }).format(at);
}

/**
 * Loads the progress of the open data set and shows it; asks again on "Reîmprospătează" and every
 * PROGRESS_REFRESH_MS while the page is visible (a hidden tab asks nothing). A refresh that fails keeps the table it
 * had, saying since when; only a first load that fails shows the error alone.
 */
export function DatasetProgressView({ datasetId, datasetName }: { datasetId: string; datasetName: string }) {
  const { t, lang } = useI18n();
  const [loaded, setLoaded] = useState<{ progress: DatasetProgress; at: Date }>();
  const [failed, setFailed] = useState<{ datasetId: string; text: string }>();
  const [asked, setAsked] = useState(0);
  // A timed refresh waits for the request in flight: a slow server is never asked again before it answers.
  const pending = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    pending.current = true;
    fetchDatasetProgress(datasetId, controller.signal)
      .then((progress) => {
        setLoaded({ progress, at: new Date() });
        setFailed(undefined);
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setFailed({ datasetId, text: errorText(err, t) });
      })
      .finally(() => {
        if (!controller.signal.aborted) pending.current = false;
      });
    return () => {
      controller.abort();
      pending.current = false;
    };
  }, [datasetId, asked, t]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && !pending.current) setAsked((n) => n + 1);
    }, PROGRESS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [datasetId]);

  // A progress left from the data set shown before is not this one's.
  const shown = loaded?.progress.datasetId === datasetId ? loaded : undefined;
  // Nor is an error of the data set shown before.
  const error = failed?.datasetId === datasetId ? failed.text : undefined;
  return (
    // A plain block, not a landmark: the table's scroll region is the one named "Progresul clasei".
    <div className="wb-dataset-progress" data-testid="dataset-progress">
      <div className="wb-progress-head">
        <h4>{t("wb.classProgress.title")}</h4>
        <button type="button" className="ghost-button small" onClick={() => setAsked((n) => n + 1)}>
          {t("wb.classProgress.refresh")}
        </button>
      </div>
      {shown ? (
        <>
          <ProgressTable progress={shown.progress} datasetName={datasetName} />
          {error ? (
            <p className="error-text" role="alert">
              {t("wb.classProgress.stale", { reason: error, time: timeOf(shown.at, lang) })}
            </p>
          ) : (
            <p className="hint" data-testid="dataset-progress-updated">
              {t("wb.classProgress.updated", { time: timeOf(shown.at, lang) })}
            </p>
          )}
        </>
      ) : error ? (
        <p className="error-text" role="alert">
          {t("wb.classProgress.failed", { reason: error })}
        </p>
      ) : (
        <p className="hint">{t("wb.classProgress.loading")}</p>
      )}
    </div>
  );
}
