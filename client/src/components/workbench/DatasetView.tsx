// The open data set: what it is (rows, source file, encoding, gold fields, the review sample kept apart, the
// import report), its runs with their status, and the form that starts a new run; for its owner, sharing it, once
// shared the class's progress on it, and the annotation guidelines everyone labelling it reads.
import { useLayoutEffect, useRef, useState } from "react";
import {
  datasetSourceText,
  type DatasetGuidelines,
  type DatasetSummary,
  type Job,
  type RunResponse,
  type RunSummary,
  type WorkbenchModelsResponse,
} from "../../../../contract/workbench";
import { encodingName } from "../../../../contract/encodings";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { hasTextEncoding, randomSeed } from "../../state/datasetMapping";
import { runStatus, share } from "../../state/jobs";
import { redrawReviewSample } from "../../workbenchApi";
import { DatasetDelete } from "./DatasetDelete";
import { DatasetProgressView } from "./DatasetProgress";
import { DatasetOverlap } from "./DatasetOverlap";
import { DatasetShare } from "./DatasetShare";
import { formatDate } from "./DatasetList";
import { GuidelinesEditor } from "./GuidelinesEditor";
import { errorText } from "./errorText";
import { ImportReportView } from "./ImportReportView";
import { fieldName } from "../../labelWords";
import { RunForm } from "./RunForm";

function RunChips({
  runs,
  jobs,
  selected,
  onOpen,
}: {
  runs: RunSummary[];
  jobs: Record<string, Job>;
  selected: string | undefined;
  onOpen: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  return (
    <ul className="wb-runs" data-testid="run-list">
      {runs.map((r) => {
        const job = jobs[r.jobId];
        const status = job ? runStatus(job) : undefined;
        return (
          <li key={r.id}>
            <button
              type="button"
              className={`wb-run-chip${r.id === selected ? " selected" : ""}`}
              data-testid="run-item"
              data-run={r.id}
              aria-current={r.id === selected ? "true" : undefined}
              onClick={() => onOpen(r.id)}
            >
              <span className={`wb-dot status-${status ?? "unknown"}`} aria-hidden="true" />
              <span>{r.models.join(", ")}</span>
              <span className="hint">
                {formatDate(r.createdAt, lang)}
                {r.repeats > 1 && ` · ×${r.repeats}`}
                {job && ` · ${Math.round(share(job.progress.done, job.progress.total) * 100)}%`}
                {status && ` · ${t(`wb.status.${status}`)}`}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function DatasetView({
  dataset,
  runs,
  jobs,
  selectedRun,
  models,
  onOpenRun,
  onStarted,
  onDataset,
  onDeleted,
  onLabel,
  labelling = false,
  reportOpen,
  guidelines = null,
  onGuidelines,
}: {
  /** The owner's annotation guidelines (edited here by whoever manages the data set). */
  guidelines?: DatasetGuidelines | null;
  onGuidelines?: (guidelines: DatasetGuidelines | null) => void;
  /** Opens the data set's own labelling (no run). */
  onLabel?: () => void;
  labelling?: boolean;
  reportOpen: boolean;
  dataset: DatasetSummary;
  runs: RunSummary[];
  jobs: Record<string, Job>;
  selectedRun: string | undefined;
  models: WorkbenchModelsResponse | undefined;
  onOpenRun: (id: string) => void;
  onStarted: (run: RunResponse) => void;
  onDataset: (dataset: DatasetSummary) => void;
  onDeleted: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  const [formOpen, setFormOpen] = useState(false);
  const [error, setError] = useState<string>();
  const showForm = formOpen || runs.length === 0;
  // The server says per request whether this viewer owns it (or is an admin); a shared one is only read and labelled.
  const manage = dataset.canManage !== false;

  // One redraw at a time; its answer is dropped if another data set is shown by then.
  const [redrawing, setRedrawing] = useState(false);
  const shown = useRef(dataset.id);
  useLayoutEffect(() => {
    shown.current = dataset.id;
  }, [dataset.id]);
  async function redraw() {
    if (redrawing) return;
    const id = dataset.id;
    setRedrawing(true);
    setError(undefined);
    try {
      const { dataset: next } = await redrawReviewSample(id, {
        size: dataset.reviewSample.size || 100,
        seed: randomSeed(),
      });
      if (shown.current === id) onDataset(next);
    } catch (err) {
      if (shown.current === id) setError(errorText(err, t));
    } finally {
      setRedrawing(false);
    }
  }

  return (
    <div className="wb-dataset-view" data-testid="dataset-view" data-dataset={dataset.id}>
      <p className="hint">
        {t("wb.datasets.rows", { n: countOf(dataset.rows, NOUNS.row, lang) })} ·{" "}
        {dataset.source === "corpus"
          ? datasetSourceText(dataset.sourceFile, lang) || t("wb.datasets.fromCorpus")
          : dataset.sourceFile}{" "}
        · {dataset.format.toUpperCase()}
        {hasTextEncoding(dataset.format) && ` · ${encodingName(dataset.encoding)}`} ·{" "}
        {formatDate(dataset.createdAt, lang)}
        {dataset.goldFields.length > 0 &&
          ` · ${t("wb.datasets.gold", { fields: dataset.goldFields.map((f) => fieldName(f, t)).join(", ") })}`}
      </p>
      <details open={reportOpen || undefined} className="wb-dataset-details">
        <summary>{t("wb.datasets.details")}</summary>
        <p className="hint">
          {t("wb.datasets.sample", {
            n: countOf(dataset.reviewSample.size, NOUNS.row, lang),
            seed: dataset.reviewSample.seed,
          })}{" "}
          {manage && (
            <button type="button" className="link-button" disabled={redrawing} onClick={() => void redraw()}>
              {t("wb.datasets.redraw")}
            </button>
          )}
        </p>
        {error && <p className="error-text">{error}</p>}
        <ImportReportView report={dataset.report} />
      </details>
      {manage && <DatasetShare dataset={dataset} onDataset={onDataset} />}
      {manage && <DatasetOverlap dataset={dataset} onDataset={onDataset} />}
      {manage && dataset.shared && <DatasetProgressView datasetId={dataset.id} datasetName={dataset.name} />}
      {manage && onGuidelines && (
        <GuidelinesEditor datasetId={dataset.id} guidelines={guidelines} onGuidelines={onGuidelines} />
      )}
      {manage && <DatasetDelete dataset={dataset} onDeleted={onDeleted} />}

      {onLabel && (
        <div className="wb-row wb-label-row">
          <button
            type="button"
            className="ghost-button"
            data-testid="dataset-label"
            aria-pressed={labelling}
            onClick={onLabel}
          >
            {t("wb.label.open")}
          </button>
          <span className="hint">{t("wb.label.openHint")}</span>
        </div>
      )}

      {runs.length > 0 && (
        <div className="wb-runs-block">
          <div className="wb-progress-head">
            <h4>{t("wb.runs.title")}</h4>
            {!showForm && (
              <button
                type="button"
                className="ghost-button small"
                data-testid="run-new"
                onClick={() => setFormOpen(true)}
              >
                {t("wb.runs.new")}
              </button>
            )}
          </div>
          <RunChips runs={runs} jobs={jobs} selected={selectedRun} onOpen={onOpenRun} />
        </div>
      )}
      {showForm && (
        <RunForm
          dataset={dataset}
          models={models}
          onStarted={(run) => {
            setFormOpen(false);
            onStarted(run);
          }}
        />
      )}
    </div>
  );
}
