// One run of a data set: its live progress, the notice when rows were annotated under an older codebook, the
// export buttons, the person's name, and the views — results, charts, review, adjudication, agreement.
import { memo, useEffect, useRef, useState } from "react";
import type { DatasetGuidelines, Job, RunSummary } from "../../../../contract/workbench";
import { EXPORT_FORMATS } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { WORKBENCH_VIEWS, type WorkbenchView } from "../../state/workbenchNav";
import { exportUrl } from "../../workbenchApi";
import { AdjudicationView } from "./AdjudicationView";
import { AgreementView } from "./AgreementView";
import { AnnotatorField } from "./AnnotatorField";
import { ChartsView } from "./ChartsView";
import { ResultsView } from "./ResultsView";
import { ReviewView } from "./ReviewView";
import { RunProgress } from "./RunProgress";
import { useAccess } from "../../AccessGate";

interface Props {
  run: RunSummary;
  job: Job;
  view: WorkbenchView;
  onView: (view: WorkbenchView) => void;
  onJob: (job: Job) => void;
  annotator: string;
  onAnnotator: (name: string) => void;
  knownNames: string[];
  blind: boolean;
  onBlind: (blind: boolean) => void;
  /** Bumped when a person saved a label or an adjudication. */
  labelsVersion: number;
  onLabelsChanged: () => void;
  currentCodebook: string | undefined;
  /** False on a data set shared with the viewer by someone else: adjudicating stays with its owner and admins. */
  canAdjudicate?: boolean;
  /** The data set's owner chose blind review and this viewer is held to it: no export, the review always blind. */
  blindByOwner?: boolean;
  /** The data set's annotation guidelines, shown above the review's form. */
  guidelines?: DatasetGuidelines | null;
}

/** How often, at most, the views below the progress panel hear that the run moved on. */
const VIEWS_REFRESH_MS = 2_000;

/**
 * `value`, passed on at most every `ms` (the last one always arrives): progress comes several times a second, and
 * the views re-read rows and figures on its change, which once every two seconds is plenty.
 */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + ms - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

// Memoised, so a progress event re-renders the progress panel and not the table, the charts or the review.
const Results = memo(ResultsView);

function ExportBar({ run, blindByOwner }: { run: RunSummary; blindByOwner: boolean }) {
  const { t } = useI18n();
  // The export holds gold and everyone's labels: the server refuses it to a member held to blind review.
  if (blindByOwner) {
    return (
      <p className="hint wb-export" data-testid="export-blind">
        {t("wb.export.blindByOwner")}
      </p>
    );
  }
  return (
    <div className="wb-export" role="group" aria-label={t("wb.export.title")}>
      <span className="hint">{t("wb.export.title")}:</span>
      {EXPORT_FORMATS.map((f) => (
        <a
          key={f}
          className="ghost-button small"
          data-testid={`export-${f}`}
          href={exportUrl(run.id, f)}
          download
        >
          {f.toUpperCase()}
        </a>
      ))}
    </div>
  );
}

export function RunView(props: Props) {
  const { t, lang } = useI18n();
  const { run, job, view } = props;
  const canAdjudicate = props.canAdjudicate !== false;
  const blindByOwner = props.blindByOwner === true;
  const { user } = useAccess();
  const rowsFreshness = useThrottled(
    `${job.progress.done}:${job.status}:${props.labelsVersion}`,
    VIEWS_REFRESH_MS,
  );
  const labelsFreshness = `${job.status}:${props.labelsVersion}`;
  const olderThanCurrent =
    props.currentCodebook !== undefined && run.codebookVersion !== props.currentCodebook;

  return (
    <section className="wb-run" data-testid="run-view" data-run={run.id}>
      <RunProgress
        run={run}
        job={job}
        onJob={props.onJob}
        canControl={canAdjudicate || job.params.userId === user.id}
      />
      {(run.olderCodebookRows > 0 || olderThanCurrent) && (
        <p className="note note-warn" role="status" data-testid="older-codebook">
          {run.olderCodebookRows > 0
            ? t("wb.codebook.olderRows", {
                n: countOf(run.olderCodebookRows, NOUNS.row, lang),
                current: props.currentCodebook ?? "?",
              })
            : t("wb.codebook.olderRun", { v: run.codebookVersion, current: props.currentCodebook ?? "?" })}
        </p>
      )}
      <div className="wb-run-bar">
        <ExportBar run={run} blindByOwner={blindByOwner} />
        <AnnotatorField
          annotator={props.annotator}
          onAnnotator={props.onAnnotator}
          knownNames={props.knownNames}
        />
      </div>
      <nav className="wb-tabs" aria-label={t("wb.views")}>
        {WORKBENCH_VIEWS.filter((v) => v !== "adjudicate" || canAdjudicate).map((v) => (
          <button
            key={v}
            type="button"
            data-testid={`view-${v}`}
            aria-current={v === view ? "page" : undefined}
            onClick={() => props.onView(v)}
          >
            {t(`wb.view.${v}`)}
          </button>
        ))}
      </nav>
      {view === "results" && (
        <Results
          run={run}
          annotator={props.annotator}
          freshness={rowsFreshness}
          blindByOwner={blindByOwner}
        />
      )}
      {view === "charts" && <ChartsView run={run} freshness={labelsFreshness} />}
      {view === "review" && (
        <ReviewView
          run={run}
          datasetId={run.datasetId}
          annotator={props.annotator}
          blind={props.blind}
          onBlind={props.onBlind}
          blindByOwner={blindByOwner}
          onSaved={props.onLabelsChanged}
          guidelines={props.guidelines}
        />
      )}
      {view === "adjudicate" && canAdjudicate && (
        <AdjudicationView
          run={run}
          adjudicator={props.annotator}
          freshness={labelsFreshness}
          onSaved={props.onLabelsChanged}
        />
      )}
      {view === "agreement" && <AgreementView run={run} freshness={labelsFreshness} />}
    </section>
  );
}
