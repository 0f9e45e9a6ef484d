// The "Compară modele" page: choose models, suite, runs and temperatures; run with live progress (RunProgress.tsx);
// then what the run found (RunResults.tsx).
import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { CompareSuitesResponse } from "../../../../contract/compare";
import type { ModelsResponse } from "../../../../contract/api";
import { ApiError, fetchCompareSuites, startCompare, stopCompare } from "../../api";
import { useI18n } from "../../i18nContext";
import { chosenModels, formOfRequest, parseTemperatures, shouldPoll } from "../../state/compare";
import { RunProgress } from "./RunProgress";
import { RunResults } from "./RunResults";
import { useCompareRun } from "./useCompareRun";

function errorMessage(err: unknown): string {
  return err instanceof ApiError || err instanceof Error ? err.message : String(err);
}

export function ComparePage({ models }: { models: ModelsResponse | undefined }) {
  const { t } = useI18n();
  const [suites, setSuites] = useState<CompareSuitesResponse>();
  const [suitesFailed, setSuitesFailed] = useState(false);
  const chain = useMemo(() => (models?.chain ?? []).filter((m) => m.configured).map((m) => m.id), [models]);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [extra, setExtra] = useState("");
  const [suiteId, setSuiteId] = useState("");
  const [runs, setRuns] = useState(1);
  const [temperatures, setTemperatures] = useState("");
  const [rubricAll, setRubricAll] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string>();
  const [stopping, setStopping] = useState(false);
  const shown = useCompareRun();
  const { runId, run, pollFailed } = shown;
  // The form of a run restored from the address (not started here), filled in once the suites and models are known.
  const [restoredFor, setRestoredFor] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    fetchCompareSuites(controller.signal)
      .then((s) => {
        setSuites(s);
        const first = s.suites.find((x) => x.id === s.default) ?? s.suites[0];
        if (first) {
          setSuiteId(first.id);
          setRuns(first.defaults.runs ?? 1);
          setTemperatures((first.defaults.temperatures ?? []).join(" "));
        }
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) {
          console.error(err);
          setSuitesFailed(true);
        }
      });
    return () => controller.abort();
  }, []);

  // A run restored from the address shows the form it was started with (after the suites' defaults were set).
  useEffect(() => {
    if (!run || !models || (!suites && !suitesFailed) || restoredFor === run.runId) return;
    const form = formOfRequest(run.request, chain);
    setChecked(form.checked);
    setExtra(form.extra);
    if (suites?.suites.some((x) => x.id === form.suiteId)) setSuiteId(form.suiteId);
    setRuns(form.runs);
    setTemperatures(form.temperatures);
    setRestoredFor(run.runId);
  }, [run, models, suites, suitesFailed, chain, restoredFor]);

  const selected = chosenModels(chain, checked, extra);
  // Running from the click until the run's end, also between its start and its first poll (no second start).
  const running =
    starting || (!pollFailed && ((runId !== undefined && run?.runId !== runId) || shouldPoll(run)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    if (selected.length === 0) {
      setError(t("compare.noModels"));
      return;
    }
    const temps = temperatures.trim() ? parseTemperatures(temperatures) : undefined;
    if (temps === null) {
      setError(t("compare.badTemperatures"));
      return;
    }
    setStarting(true);
    setStopping(false);
    shown.clear();
    try {
      const started = await startCompare({
        models: selected,
        ...(suiteId ? { suite: suiteId } : {}),
        runs,
        ...(temps ? { temperatures: temps } : {}),
        ...(rubricAll ? { rubric: true } : {}),
      });
      // Started from this form: nothing to restore.
      setRestoredFor(started.runId);
      shown.open(started.runId);
    } catch (err) {
      setError(errorMessage(err));
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
      setError(errorMessage(err));
    }
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
        <form className="compare-form" onSubmit={(e) => void submit(e)}>
          <fieldset>
            <legend>{t("compare.models")}</legend>
            <div className="model-checks">
              {chain.map((id) => (
                <label key={id} className="check">
                  <input
                    type="checkbox"
                    data-testid="compare-model"
                    value={id}
                    checked={checked.has(id)}
                    onChange={() => toggle(id)}
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
                onChange={(e) => setExtra(e.target.value)}
              />
              <span className="hint">{t("compare.pipeline.hint")}</span>
            </label>
          </fieldset>
          <div className="compare-options">
            <label className="field">
              <span>{t("compare.suite")}</span>
              <select
                data-testid="compare-suite"
                value={suiteId}
                onChange={(e) => setSuiteId(e.target.value)}
              >
                {suites?.suites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({t("compare.suiteCases", { n: s.cases })})
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t("compare.runs")}</span>
              <input
                type="number"
                min={1}
                max={10}
                data-testid="compare-runs"
                value={runs}
                onChange={(e) => setRuns(Math.min(10, Math.max(1, Math.round(Number(e.target.value) || 1))))}
              />
            </label>
            <label className="field">
              <span>{t("compare.temperatures")}</span>
              <input
                type="text"
                data-testid="compare-temperatures"
                value={temperatures}
                placeholder={t("compare.temperaturesHint")}
                onChange={(e) => setTemperatures(e.target.value)}
              />
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
            <button type="submit" className="send-button" data-testid="compare-run" disabled={running}>
              {running ? t("compare.running") : t("compare.run")}
            </button>
          </div>
          {suitesFailed && <p className="error-text">{t("compare.loadError")}</p>}
          {(error ?? shown.error) && (
            <p className="error-text" role="alert" data-testid="compare-error">
              {error ?? shown.error}
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
        {run && <RunResults run={run} />}
      </div>
    </main>
  );
}
