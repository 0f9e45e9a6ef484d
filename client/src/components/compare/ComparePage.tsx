// The "Compară modele" page: choose models, suite, runs and temperatures (checked against the contract's bounds before
// sending, compareLimits.ts); run with live progress (RunProgress.tsx); then what the run found (RunResults.tsx).
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { COMPARE_LIMITS, type CompareSuitesResponse } from "../../../../contract/compare";
import { type CompareHistoryItem } from "../../../../contract/compareHistory";
import type { ModelsResponse } from "../../../../contract/api";
import { checkSuite, fetchCompareSuites, startCompare, stopCompare } from "../../api";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { setAddress, useAddressMoves } from "../../address";
import {
  chosenModels,
  comparableModels,
  formOfRequest,
  MODELS_TO_COMPARE,
  preselectedModels,
  shouldPoll,
  temperaturesText,
  urlWithComparison,
} from "../../state/compare";
import { formatRunTime, historyRefreshKey } from "../../state/compareHistory";
import {
  checkCompareForm,
  plannedParams,
  problemOf,
  problemParams,
  type FormField,
} from "../../state/compareLimits";
import type { SettingsOverrides } from "../../state/settings";
import {
  fileTooLarge,
  loadOwnSuite,
  readEditor,
  saveOwnSuite,
  type OwnSuiteDraft,
} from "../../state/ownSuite";
import { CompareDiffView } from "./CompareDiff";
import { diffFromSearch, diffPair, pickable, togglePick, urlWithDiff } from "./compareDiffView";
import { CompareHistoryList, useCompareHistory } from "./CompareHistory";
import { FieldProblem } from "./FieldProblem";
import { OwnSuiteEditor, type FileState } from "./OwnSuiteEditor";
import { sayPageError, serverError, type PageError } from "./pageError";
import { RunProgress } from "./RunProgress";
import { RunResults } from "./RunResults";
import { useCompareRun } from "./useCompareRun";

export interface ComparePageProps {
  models: ModelsResponse | undefined;
  /** The chat's settings in this browser, for "Use in chat". */
  settings?: SettingsOverrides;
  onSettings?: (next: SettingsOverrides) => void;
}

export function ComparePage({ models, settings, onSettings }: ComparePageProps) {
  const { t, lang } = useI18n();
  const [suites, setSuites] = useState<CompareSuitesResponse>();
  const [suitesFailed, setSuitesFailed] = useState(false);
  const chain = useMemo(() => (models?.chain ?? []).filter((m) => m.configured).map((m) => m.id), [models]);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [extra, setExtra] = useState("");
  const [suiteId, setSuiteId] = useState("");
  const [runs, setRuns] = useState("1");
  const [temperatures, setTemperatures] = useState("");
  const [rubricAll, setRubricAll] = useState(false);
  const [starting, setStarting] = useState(false);
  // Kept as code and parameters (or the page's own key), said in the page's language at each render.
  const [error, setError] = useState<PageError>();
  const [stopping, setStopping] = useState(false);
  const shown = useCompareRun(lang);
  const { runId, run, pollFailed } = shown;
  // The past comparisons, read again when the run shown starts or ends (not at each poll) and after a deletion.
  const history = useCompareHistory(lang, historyRefreshKey(runId, run, shown.startedHere));
  // "Compară două comparații": the runs picked in the list, and the pair shown side by side (kept in the address).
  const [picked, setPicked] = useState<string[]>([]);
  const [diff, setDiff] = useState(() => diffFromSearch(location.search));
  useAddressMoves((search) => setDiff(diffFromSearch(search)));
  // The form of a run restored from the address (not started here), filled in once the suites and models are known.
  const [restoredFor, setRestoredFor] = useState<string>();
  // "Suita mea": the draft (kept in this browser), the check of its file, and whether its problems are shown yet.
  const [own, setOwn] = useState<OwnSuiteDraft>(() => loadOwnSuite());
  const [fileState, setFileState] = useState<FileState>();
  const [editorTouched, setEditorTouched] = useState(false);
  useEffect(() => saveOwnSuite(own), [own]);

  // A kept file is checked again after a reload (and in the page's language after a switch): its suite is not stored.
  const keptFile = own.file;
  useEffect(() => {
    if (!keptFile) {
      setFileState((prev) => (prev?.status === "refused" ? prev : undefined));
      return;
    }
    const controller = new AbortController();
    setFileState({ name: keptFile.name, status: "checking" });
    checkSuite({ text: keptFile.text }, controller.signal)
      .then((checked) => setFileState({ name: keptFile.name, status: "ok", checked }))
      .catch((err: unknown) => {
        if (!controller.signal.aborted)
          setFileState({ name: keptFile.name, status: "refused", why: serverError(err) });
      });
    return () => controller.abort();
  }, [keptFile, lang]);

  /** A change of the form: a refusal of what was sent before no longer applies. */
  const edited = () => setError(undefined);

  async function chooseFile(file: File) {
    edited();
    if (fileTooLarge(file.size, lang)) {
      setOwn((d) => ({ ...d, file: null }));
      setFileState({ name: file.name, status: "refused", why: { kind: "fileTooLarge", bytes: file.size } });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      // A file moved or deleted since it was chosen, or one the browser may not read.
      setFileState({ name: file.name, status: "refused", why: { kind: "fileUnreadable" } });
      return;
    }
    setOwn((d) => ({ ...d, file: { name: file.name, text } }));
  }

  // The suites in the page's language (read again on a switch); the form takes the default's settings once.
  const formFilled = useRef(false);
  useEffect(() => {
    const controller = new AbortController();
    fetchCompareSuites(controller.signal, lang)
      .then((s) => {
        setSuites(s);
        const first = s.suites.find((x) => x.id === s.default) ?? s.suites[0];
        if (first && !formFilled.current) {
          formFilled.current = true;
          setSuiteId(first.id);
          setRuns(String(first.defaults.runs ?? 1));
          setTemperatures(temperaturesText(first.defaults.temperatures ?? [], lang));
        }
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) {
          console.error(err);
          setSuitesFailed(true);
        }
      });
    return () => controller.abort();
  }, [lang]);

  // A run restored from the address shows the form it was started with (after the suites' defaults were set).
  useEffect(() => {
    if (!run || !models || (!suites && !suitesFailed) || restoredFor === run.runId) return;
    const form = formOfRequest(run.request, chain);
    setChecked(form.checked);
    setExtra(form.extra);
    if (suites?.suites.some((x) => x.id === form.suiteId)) setSuiteId(form.suiteId);
    // A run of the user's own suite brings the form back to "Suita mea" (the run itself shows its stored cases).
    setOwn((d) => (d.use === (form.suiteId === "inline") ? d : { ...d, use: form.suiteId === "inline" }));
    setRuns(String(form.runs));
    setTemperatures(form.temperatures);
    setRestoredFor(run.runId);
  }, [run, models, suites, suitesFailed, chain, restoredFor]);

  // A first visit has models checked that compare every kind of case of the suite (preselectedModels), not an empty
  // list that only says "choose a model" after Run; once, when the models and suites are known, and not over a run
  // restored from the address.
  const modelsPicked = useRef(false);
  useEffect(() => {
    if (modelsPicked.current || !models || (!suites && !suitesFailed)) return;
    modelsPicked.current = true;
    if (runId) return;
    const suiteAtOpen = suites?.suites.find((x) => x.id === suiteId);
    const offeredAtOpen = comparableModels(models, suiteAtOpen);
    setChecked((prev) =>
      prev.size > 0 ? prev : new Set(preselectedModels(models, offeredAtOpen, suiteAtOpen)),
    );
  }, [models, suites, suitesFailed, runId, suiteId]);

  // Read once per change of the text, not at every poll of a running comparison.
  const editor = useMemo(() => readEditor(own.text, lang), [own.text, lang]);
  const ownInfo = own.file ? (fileState?.status === "ok" ? fileState.checked?.info : undefined) : editor.info;
  const suite = own.use ? (ownInfo ?? undefined) : suites?.suites.find((x) => x.id === suiteId);
  // A model that only annotates is offered for a suite with annotation cases only; checked before, it stays unsent.
  const offered = comparableModels(models, suite);
  const selected = chosenModels(offered, checked, extra);
  const form = checkCompareForm({
    models: selected,
    runs,
    temperatures,
    suite,
    maxAnswers: suites?.maxAnswers,
  });
  // A problem shows at once when a typed value is out of bounds; "choose a model" only in the alert, once tried. One
  // model alone may run (its figures and answers are worth seeing), but the page says a comparison needs two.
  const needsTwo = Boolean(models && (suites || suitesFailed)) && selected.length < MODELS_TO_COMPARE;
  const shows = (field: FormField) => field !== "models" || selected.length > 0;
  // Running from the click until the run's end, also between its start and its first poll (no second start).
  const running =
    starting || (!pollFailed && ((runId !== undefined && run?.runId !== runId) || shouldPoll(run)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    // "Choose a model" has no field of its own: it goes where the server's refusals go.
    if (problemOf(form, "models")?.key === "compare.noModels") setError({ kind: "noModels" });
    if (own.use) setEditorTouched(true);
    if (form.problems.length > 0 || form.runs === null || form.temperatures === null) return;
    // The user's suite: the file's, once the server accepted it, else the editor's, once it reads.
    let ownSuite: Record<string, unknown> | undefined;
    if (own.use) {
      ownSuite = own.file ? fileState?.checked?.suite : (editor.suite ?? undefined);
      // A file still being checked: say so, instead of a button that does nothing (a refused one says why beside it).
      if (!ownSuite && own.file && fileState?.status !== "refused") setError({ kind: "stillChecking" });
      if (!ownSuite) return;
    }
    const temps = form.temperatures;
    setStarting(true);
    setStopping(false);
    shown.clear();
    try {
      const started = await startCompare({
        models: selected,
        ...(ownSuite ? { suite: ownSuite } : suiteId ? { suite: suiteId } : {}),
        runs: form.runs,
        ...(temps ? { temperatures: temps } : {}),
        ...(rubricAll ? { rubric: true } : {}),
      });
      // Started from this form: nothing to restore.
      setRestoredFor(started.runId);
      shown.open(started.runId, true);
    } catch (err) {
      setError(serverError(err));
    } finally {
      setStarting(false);
    }
  }

  /** Asks the server to stop; polling goes on until the run ends with the answers it had. */
  async function stop(id: string) {
    setStopping(true);
    try {
      await stopCompare(id);
    } catch (err) {
      setError(serverError(err));
    }
  }

  /** A run chosen from the list: shown as one started here is (polled while it runs), its form restored. */
  function openPast(id: string) {
    if (id === runId) return;
    setError(undefined);
    setStopping(false);
    shown.open(id);
  }

  /** Deletes a past run once the user confirmed; the one shown leaves the page and the address. */
  async function deletePast(item: CompareHistoryItem) {
    const date = formatRunTime(item.createdAt, lang);
    if (!window.confirm(t("compare.history.confirm", { date, suite: item.suite.name }))) return;
    if ((await history.remove(item)) && item.runId === runId) {
      shown.clear();
      setAddress(urlWithComparison(location.href, undefined), "replace");
    }
  }

  // The picks still listed (a deleted run leaves them) and still finished.
  const listed = history.state.status === "ok" ? history.state.list.runs : [];
  const pickedListed = listed.filter((r) => pickable(r) && picked.includes(r.runId));

  /** The two picked runs side by side, the older as A: a new place (Back returns to the list). */
  function openDiff() {
    const pair = diffPair(pickedListed);
    if (!pair) return;
    setDiff(pair);
    setAddress(urlWithDiff(location.href, pair), "push");
  }

  /** The pair the other way round: B becomes the baseline (the address says so; Back is not a step). */
  function swapDiff() {
    if (!diff) return;
    const swapped: [string, string] = [diff[1], diff[0]];
    setDiff(swapped);
    setAddress(urlWithDiff(location.href, swapped), "replace");
  }

  function closeDiff() {
    setDiff(undefined);
    setAddress(urlWithDiff(location.href, undefined), "replace");
  }

  const toggle = (id: string) =>
    setChecked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <main id="main" className="compare-page" data-testid="compare-page" aria-label={t("compare.title")}>
      <div className="compare-inner">
        <h2 className="compare-heading">{t("compare.title")}</h2>
        <p className="hint">{t("compare.intro")}</p>
        {/* The form's own checks say what is wrong next to each field; the browser's would block the submit silently. */}
        <form className="compare-form" noValidate onSubmit={(e) => void submit(e)}>
          <fieldset>
            <legend>{t("compare.models")}</legend>
            <div className="model-checks">
              {offered.map((id) => (
                <label key={id} className="check">
                  <input
                    type="checkbox"
                    data-testid="compare-model"
                    value={id}
                    checked={checked.has(id)}
                    onChange={() => {
                      edited();
                      toggle(id);
                    }}
                  />
                  <code>{id}</code>
                </label>
              ))}
            </div>
            <label className="field">
              <span>{t("compare.otherModel")}</span>
              <input
                type="text"
                data-testid="compare-extra-model"
                value={extra}
                placeholder={t("compare.otherModelHint")}
                onChange={(e) => {
                  edited();
                  setExtra(e.target.value);
                }}
              />
              <span className="hint">{t("compare.pipeline.hint")}</span>
            </label>
            <FieldProblem checked={form} field="models" shown={shows("models")} />
          </fieldset>
          <div className="compare-options">
            <label className="field">
              <span>{t("compare.suite")}</span>
              <select
                data-testid="compare-suite"
                value={suiteId}
                disabled={own.use}
                onChange={(e) => {
                  edited();
                  setSuiteId(e.target.value);
                }}
              >
                {suites?.suites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({countOf(s.cases, NOUNS.testCase, lang)})
                  </option>
                ))}
              </select>
            </label>
            <label className="check" title={t("compare.own.useHint")}>
              <input
                type="checkbox"
                data-testid="suite-own"
                checked={own.use}
                onChange={(e) => {
                  edited();
                  const use = e.target.checked;
                  setOwn((d) => ({ ...d, use }));
                }}
              />
              {t("compare.own.use")}
            </label>
            <label className="field">
              <span>{t("compare.runs")}</span>
              <input
                type="number"
                min={1}
                max={COMPARE_LIMITS.runs}
                data-testid="compare-runs"
                value={runs}
                aria-invalid={problemOf(form, "runs") ? true : undefined}
                aria-describedby={problemOf(form, "runs") ? "compare-runs-problem" : undefined}
                onChange={(e) => {
                  edited();
                  setRuns(e.target.value);
                }}
              />
              <FieldProblem checked={form} field="runs" shown={shows("runs")} />
            </label>
            <label className="field">
              <span>{t("compare.temperatures")}</span>
              <input
                type="text"
                data-testid="compare-temperatures"
                value={temperatures}
                placeholder={t("compare.temperaturesHint")}
                aria-invalid={problemOf(form, "temperatures") ? true : undefined}
                aria-describedby={
                  problemOf(form, "temperatures") ? "compare-temperatures-problem" : undefined
                }
                onChange={(e) => {
                  edited();
                  setTemperatures(e.target.value);
                }}
              />
              <FieldProblem checked={form} field="temperatures" shown={shows("temperatures")} />
            </label>
            <label className="check">
              <input
                type="checkbox"
                data-testid="compare-rubric-all"
                checked={rubricAll}
                onChange={(e) => setRubricAll(e.target.checked)}
              />
              {t("compare.rubric.all")}
            </label>
            <button
              type="submit"
              className="send-button"
              data-testid="compare-run"
              disabled={running}
              aria-describedby={needsTwo ? "compare-needs-two" : undefined}
            >
              {running ? t("compare.running") : t("compare.run")}
            </button>
          </div>
          {needsTwo && (
            <p className="hint compare-needs-two" id="compare-needs-two" data-testid="compare-needs-two">
              {t("compare.needsTwo")}
            </p>
          )}
          {own.use && (
            <OwnSuiteEditor
              draft={own}
              onText={(text) => {
                edited();
                setOwn((d) => ({ ...d, text }));
              }}
              onFile={(file) => void chooseFile(file)}
              onClearFile={() => {
                edited();
                setFileState(undefined);
                setOwn((d) => ({ ...d, file: null }));
              }}
              onBlur={() => setEditorTouched(true)}
              problems={editorTouched ? editor.problems : []}
              cases={editor.info?.cases ?? null}
              variants={editor.variants}
              file={fileState}
            />
          )}
          {problemOf(form, "answers") ? (
            <p className="inline-error" data-testid="compare-problem-answers">
              {t("compare.limit.answers", problemParams(problemOf(form, "answers")!, lang))}
            </p>
          ) : (
            form.total !== null && (
              <p className="hint" data-testid="compare-planned">
                {t("compare.planned", plannedParams(form.total, form.maxAnswers, lang))}
              </p>
            )
          )}
          {suitesFailed && <p className="error-text">{t("compare.loadError")}</p>}
          {(error ?? shown.error) && (
            <p className="error-text" role="alert" data-testid="compare-error">
              {sayPageError((error ?? shown.error)!, t, lang)}
            </p>
          )}
          {shown.gone && (
            <p className="note note-warn" role="status" data-testid="compare-gone">
              {t("compare.gone")}
            </p>
          )}
        </form>

        {(starting || run) && (
          <RunProgress run={run} starting={starting} stopping={stopping} onStop={(id) => void stop(id)} />
        )}
        {run && (
          <RunResults
            run={run}
            chat={settings && onSettings ? { models, settings, onSettings } : undefined}
          />
        )}
        {diff && <CompareDiffView pair={diff} onClose={closeDiff} onSwap={swapDiff} />}
        <CompareHistoryList
          state={history.state}
          shownRunId={runId}
          shownRun={run}
          deleting={history.deleting}
          deleteError={history.deleteError}
          onOpen={openPast}
          onDelete={(item) => void deletePast(item)}
          onMore={history.more}
          picked={pickedListed.map((r) => r.runId)}
          onPick={(id) => setPicked((prev) => togglePick(prev, id))}
          onDiff={openDiff}
        />
      </div>
    </main>
  );
}
