// The "Adnotare" page: data sets (upload or from the corpus), runs on them, and per run the results, charts,
// review, adjudication and agreement. Where the person is lives in the address, so a reload comes back to the same
// run and picks its progress up again (REST snapshot, then the job's socket events).
import { useCallback, useEffect, useMemo, useState } from "react";
import type { CorpusResponse } from "../../../../contract/api";
import type { Filters } from "../../../../contract/settings";
import type {
  CodebookResponse,
  DatasetGuidelines,
  DatasetResponse,
  DatasetSummary,
  Job,
  RunResponse,
  WorkbenchModelsResponse,
} from "../../../../contract/workbench";
import { setAddress, useAddressMoves, type AddressChange } from "../../address";
import { useAccess } from "../../AccessGate";
import { safeStorage } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { useJobs } from "../../socket/useJobs";
import { annotatorNames } from "../../state/adjudication";
import {
  loadAnnotator,
  loadBlind,
  loadRecentNames,
  rememberName,
  saveAnnotator,
  saveBlind,
} from "../../state/annotator";
import { sortDatasets, upsertDataset } from "../../state/datasetImport";
import {
  locationFromSearch,
  openDataset,
  openLabelling,
  openRun,
  urlWithLocation,
  type WorkbenchLocation,
  type WorkbenchView,
} from "../../state/workbenchNav";
import {
  fetchCodebook,
  fetchDataset,
  fetchDatasets,
  fetchRun,
  fetchWorkbenchModels,
} from "../../workbenchApi";
import { CodebookDialog } from "./CodebookDialog";
import { CorpusDatasetForm } from "./CorpusDatasetForm";
import { corpusDraftFromSearch, urlWithoutCorpusDraft } from "../../state/exploreToDataset";
import { DatasetList } from "./DatasetList";
import { DatasetUpload } from "./DatasetUpload";
import { DatasetView } from "./DatasetView";
import { LabelView } from "./LabelView";
import { errorText, isAbort } from "./errorText";
import { RunView } from "./RunView";
import "./workbench.css";

/** Reads something once per `deps` change; errors become a message, aborted reads nothing. */
function useLoad<T>(load: ((signal: AbortSignal) => Promise<T>) | undefined, deps: unknown[]) {
  const { t } = useI18n();
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  useEffect(() => {
    if (!load) {
      setState({});
      return;
    }
    const controller = new AbortController();
    load(controller.signal)
      .then((data) => setState({ data }))
      .catch((err: unknown) => {
        if (!isAbort(err) && !controller.signal.aborted)
          setState((s) => ({ ...s, error: errorText(err, t) }));
      });
    return () => controller.abort();
    // `deps` lists what `load` depends on (a new function every render).
  }, deps);
  return [state, setState] as const;
}

export default function WorkbenchPage({
  corpus,
  chatFilters,
}: {
  corpus: CorpusResponse | undefined;
  chatFilters: Filters | undefined;
}) {
  const { t, lang } = useI18n();
  const jobs = useJobs(lang);
  const { track, reconnects } = jobs;
  const [where, setWhere] = useState<WorkbenchLocation>(() => locationFromSearch(location.search));
  const [typedAnnotator, setAnnotator] = useState(() => loadAnnotator(safeStorage()));
  // With accounts the server saves labels under the account, so the pages ask under that name too.
  const { user } = useAccess();
  const annotator = user.kind === "user" ? user.name : typedAnnotator;
  const [blind, setBlind] = useState(() => loadBlind(safeStorage()));
  const [labelsVersion, setLabelsVersion] = useState(0);
  // The Corpus page's Explore may send its words and filters here: the corpus form opens with them (read once).
  const [corpusDraft] = useState(() => corpusDraftFromSearch(location.search));
  useEffect(() => {
    if (corpusDraft) setAddress(urlWithoutCorpusDraft(location.href), "replace");
  }, [corpusDraft]);
  const [newFrom, setNewFrom] = useState<"upload" | "corpus">(corpusDraft ? "corpus" : "upload");
  const [choosing, setChoosing] = useState(false);
  const [codebookOpen, setCodebookOpen] = useState(false);
  const [justCreated, setJustCreated] = useState<DatasetSummary>();

  const [models] = useLoad<WorkbenchModelsResponse>(fetchWorkbenchModels, [reconnects]);
  const [codebook] = useLoad<CodebookResponse>(fetchCodebook, []);
  const [datasets, setDatasets] = useLoad(
    async (signal: AbortSignal) => sortDatasets((await fetchDatasets(signal)).datasets),
    [reconnects],
  );
  const { datasetId, runId } = where;
  const [detail, setDetail] = useLoad<DatasetResponse>(
    datasetId ? (signal) => fetchDataset(datasetId, signal) : undefined,
    [datasetId, reconnects],
  );
  const [runState] = useLoad<RunResponse>(
    runId
      ? async (signal) => {
          const response = await fetchRun(runId, signal);
          track([response.job]);
          return response;
        }
      : undefined,
    [runId, reconnects],
  );

  // A data set, run or view the person opens is a history entry; what the page opens by itself (the newest run)
  // or an entry that no longer exists (a deleted data set) replaces the current one, so Back does not loop.
  const go = useCallback((next: WorkbenchLocation, change: AddressChange = "push") => {
    setWhere(next);
    setAddress(urlWithLocation(location.href, next), change);
  }, []);
  useAddressMoves((search) => setWhere(locationFromSearch(search)));

  // A data set's newest run opens by itself; a run started elsewhere (the CLI) shows up in the list.
  const runs = useMemo(
    () => (detail.data?.dataset.id === datasetId ? (detail.data?.runs ?? []) : []),
    [detail.data, datasetId],
  );
  useEffect(() => {
    if (datasetId && !runId && runs.length > 0) {
      const newest = [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!;
      go(openRun(where, newest.id), "replace");
    }
  }, [datasetId, runId, runs, where, go]);
  const foreignJob = Object.values(jobs.state.jobs).some(
    (j) => j.params.datasetId === datasetId && j.params.runId && !runs.some((r) => r.id === j.params.runId),
  );
  useEffect(() => {
    if (!foreignJob || !datasetId) return;
    const controller = new AbortController();
    fetchDataset(datasetId, controller.signal)
      .then((data) => setDetail({ data }))
      .catch((err: unknown) => {
        if (!isAbort(err)) console.warn("could not reread the data set", err);
      });
    return () => controller.abort();
  }, [foreignJob, datasetId, setDetail]);

  const onCreated = useCallback(
    (dataset: DatasetSummary) => {
      setDatasets((s) => ({ ...s, data: upsertDataset(s.data ?? [], dataset) }));
      setJustCreated(dataset);
      setChoosing(false);
      go(openDataset(where, dataset.id));
    },
    [go, where, setDatasets],
  );

  const onDeleted = useCallback(
    (id: string) => {
      setDatasets((s) => ({ ...s, data: (s.data ?? []).filter((d) => d.id !== id) }));
      setDetail({});
      setJustCreated(undefined);
      go(openDataset(where, undefined), "replace");
    },
    [go, where, setDatasets, setDetail],
  );

  const onStarted = useCallback(
    (response: RunResponse) => {
      track([response.job]);
      setDetail((s) =>
        s.data
          ? {
              ...s,
              data: {
                ...s.data,
                runs: [response.run, ...s.data.runs.filter((r) => r.id !== response.run.id)],
              },
            }
          : s,
      );
      go(openRun(where, response.run.id));
    },
    [go, where, track, setDetail],
  );

  const [recentNames, setRecentNames] = useState(() => loadRecentNames(safeStorage()));
  const changeAnnotator = (name: string) => {
    setAnnotator(name);
    saveAnnotator(name, safeStorage());
  };
  // A name joins the suggestions once the person has used it for a while (not on every keystroke).
  useEffect(() => {
    const timer = setTimeout(() => setRecentNames(rememberName(annotator, safeStorage())), 1500);
    return () => clearTimeout(timer);
  }, [annotator]);
  const changeBlind = (next: boolean) => {
    setBlind(next);
    saveBlind(next, safeStorage());
  };
  const onView = (view: WorkbenchView) => go({ ...where, view });

  const dataset = detail.data?.dataset.id === datasetId ? detail.data?.dataset : undefined;
  // A server from before the guidelines sends none: the same as none written.
  const guidelines = (dataset && detail.data?.guidelines) ?? null;
  const onGuidelines = useCallback(
    (forId: string, next: DatasetGuidelines | null) =>
      setDetail((s) =>
        s.data && s.data.dataset.id === forId ? { ...s, data: { ...s.data, guidelines: next } } : s,
      ),
    [setDetail],
  );
  const run = runState.data?.run.id === runId ? runState.data?.run : undefined;
  const job: Job | undefined = run ? (jobs.state.jobs[run.jobId] ?? runState.data?.job) : undefined;
  const names = annotatorNames(undefined, [...recentNames, annotator]);
  const list = datasets.data ?? [];

  return (
    <main id="main" className="wb-page" data-testid="workbench-page" aria-label={t("wb.title")}>
      <div className="wb-inner">
        <header className="wb-head">
          <div>
            <h2 className="compare-heading">{t("wb.title")}</h2>
            <p className="hint">{t("wb.intro")}</p>
          </div>
          <div className="wb-head-tools">
            {jobs.connection !== "connected" && (
              <span className="hint">{t(`connection.${jobs.connection}`)}</span>
            )}
            {codebook.data && (
              <button
                type="button"
                className="ghost-button"
                data-testid="codebook-open"
                onClick={() => setCodebookOpen(true)}
              >
                {t("wb.codebook.open", { v: codebook.data.version })}
              </button>
            )}
          </div>
        </header>

        <section className="wb-card wb-datasets-card" aria-labelledby="wb-datasets-title">
          <div className="wb-progress-head">
            <h3 id="wb-datasets-title">
              {dataset && !choosing
                ? t("wb.datasets.current", { name: dataset.name })
                : t("wb.datasets.title")}
            </h3>
            {dataset && (
              <button
                type="button"
                className="ghost-button small"
                data-testid="dataset-choose"
                aria-expanded={choosing}
                onClick={() => setChoosing((c) => !c)}
              >
                {choosing ? t("wb.cancel") : t("wb.datasets.choose")}
              </button>
            )}
          </div>
          {datasets.error && <p className="error-text">{datasets.error}</p>}
          {detail.error && <p className="error-text">{detail.error}</p>}
          {(!dataset || choosing) && (
            <>
              <DatasetList
                datasets={list}
                selectedId={datasetId}
                loading={!datasets.data && !datasets.error}
                onOpen={(id) => {
                  setChoosing(false);
                  go(openDataset(where, id));
                }}
              />
              <div className="segmented" role="group" aria-label={t("wb.datasets.new")}>
                {(["upload", "corpus"] as const).map((k) => (
                  <button
                    key={k}
                    type="button"
                    data-testid={`dataset-new-${k}`}
                    aria-pressed={newFrom === k}
                    onClick={() => setNewFrom(k)}
                  >
                    {t(`wb.datasets.new.${k}`)}
                  </button>
                ))}
              </div>
              {newFrom === "upload" ? (
                <DatasetUpload maxUploadBytes={models.data?.limits.maxUploadBytes} onCreated={onCreated} />
              ) : (
                <CorpusDatasetForm
                  corpus={corpus}
                  chatFilters={corpusDraft ? corpusDraft.filters : chatFilters}
                  initialQuery={corpusDraft?.q}
                  onCreated={onCreated}
                />
              )}
            </>
          )}
          {dataset && !choosing && (
            <DatasetView
              dataset={dataset}
              runs={runs}
              jobs={jobs.state.jobs}
              selectedRun={runId}
              models={models.data}
              reportOpen={justCreated?.id === dataset.id}
              onOpenRun={(id) => go(openRun(where, id))}
              onStarted={onStarted}
              onDeleted={onDeleted}
              onLabel={() => go(openLabelling(where))}
              labelling={where.view === "label"}
              guidelines={guidelines}
              onGuidelines={(next) => onGuidelines(dataset.id, next)}
              onDataset={(next) => {
                // Only into the detail of that data set: a save answered after the person opened another (a
                // second or two on a busy server) must not replace the other's page with this one's.
                setDetail((s) =>
                  s.data && s.data.dataset.id === next.id ? { ...s, data: { ...s.data, dataset: next } } : s,
                );
                // The list's badge follows a change of sharing at once.
                setDatasets((s) => (s.data ? { ...s, data: upsertDataset(s.data, next) } : s));
              }}
            />
          )}
        </section>
        {runState.error && <p className="error-text">{runState.error}</p>}
        {dataset && !runId && where.view === "label" && (
          <LabelView
            dataset={dataset}
            annotator={annotator}
            onAnnotator={changeAnnotator}
            knownNames={names}
            onSaved={() => setLabelsVersion((v) => v + 1)}
            onClose={() => go({ ...where, view: "results" })}
            guidelines={guidelines}
          />
        )}
        {run && job && (
          <RunView
            run={run}
            job={job}
            view={where.view}
            onView={onView}
            onJob={(j) => track([j])}
            annotator={annotator}
            onAnnotator={changeAnnotator}
            knownNames={names}
            blind={blind}
            onBlind={changeBlind}
            labelsVersion={labelsVersion}
            onLabelsChanged={() => setLabelsVersion((v) => v + 1)}
            currentCodebook={codebook.data?.version}
            canAdjudicate={dataset?.canManage !== false}
            blindByOwner={dataset?.blindForViewer === true}
            guidelines={dataset?.id === run.datasetId ? guidelines : null}
          />
        )}
      </div>
      {codebookOpen && codebook.data && (
        <CodebookDialog codebook={codebook.data} onClose={() => setCodebookOpen(false)} />
      )}
    </main>
  );
}
