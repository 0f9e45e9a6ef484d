// The "Compară modele" page: choose models, suite, runs and temperatures; run with live progress; then the summary
// per model, the recommendation, the charts, the answers side by side and the report files.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { CompareSuitesResponse } from "../../../../contract/compare";
import type { ModelsResponse } from "../../../../contract/api";
import { ApiError, fetchCompareSuites, startCompare, stopCompare } from "../../api";
import { formatDecimal, formatMs } from "../../format";
import { useI18n } from "../../i18nContext";
import {
  chosenModels,
  formOfRequest,
  parseTemperatures,
  progressShare,
  reportUrl,
  runSteps,
  shouldPoll,
  summaryRows,
  type SummaryRow,
} from "../../state/compare";
import { CaseAnswers } from "./CaseAnswers";
import { BlindPreference } from "./BlindPreference";
import { CompareCharts } from "./Charts";
import { QualityPanels } from "./QualityPanels";
import { ScrollRegion } from "../ScrollRegion";
import { useCompareRun } from "./useCompareRun";

function errorMessage(err: unknown): string {
  return err instanceof ApiError || err instanceof Error ? err.message : String(err);
}

const pct = (v: number | null, na: string) => (v === null ? na : `${Math.round(v * 100)}%`);

function SummaryTable({ rows }: { rows: SummaryRow[] }) {
  const { t, lang } = useI18n();
  const na = t("compare.na");
  const ms = (v: number | null) => (v === null ? na : formatMs(v, lang));
  const num = (v: number | null, digits = 1) => (v === null ? na : formatDecimal(v, lang, digits));
  return (
    <ScrollRegion label={t("compare.summary")}>
      <table className="compare-table" data-testid="compare-summary">
        <thead>
          <tr>
            <th scope="col">{t("compare.col.model")}</th>
            <th scope="col">{t("compare.col.latency")}</th>
            <th scope="col">{t("compare.col.ttft")}</th>
            <th scope="col">{t("compare.col.tps")}</th>
            <th scope="col">{t("compare.col.json")}</th>
            <th scope="col">{t("compare.col.pass")}</th>
            <th scope="col">{t("compare.col.f1")}</th>
            <th scope="col">{t("compare.col.cost")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.model} data-model={r.model} className={r.role ?? undefined}>
              <th scope="row">
                <code>{r.model}</code>
                {r.role && <span className={`role role-${r.role}`}>{t(`compare.role.${r.role}`)}</span>}
                {!r.available && <span className="hint"> {t("compare.unavailable")}</span>}
              </th>
              <td>
                {ms(r.latencyP50)} / {ms(r.latencyP95)}
              </td>
              <td>
                {ms(r.ttftP50)} / {ms(r.ttftP95)}
              </td>
              <td>{num(r.tokensPerSecond)}</td>
              <td>{pct(r.jsonValidRate, na)}</td>
              <td>{pct(r.passRate, na)}</td>
              <td>
                {num(r.macroF1, 2)} / {num(r.kappa, 2)}
              </td>
              <td>
                ${r.costUsd.toFixed(4)} <span className="hint">({r.pricing})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function ComparePage({ models }: { models: ModelsResponse | undefined }) {
  const { t, lang } = useI18n();
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

  const results = run?.results ?? null;
  const rec = results?.recommendation ?? null;
  const share = run ? progressShare(run.progress) : 0;

  return (
    <main className="compare-page" data-testid="compare-page" aria-label={t("compare.title")}>
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
                {t("compare.progress", { done: run.progress.done, total: run.progress.total })}
              </p>
            )}
            {run?.status === "running" && (
              <button
                type="button"
                className="ghost-button"
                data-testid="compare-stop"
                disabled={stopping}
                onClick={() => void stop(run.runId)}
              >
                {stopping ? t("compare.stopping") : t("compare.stop")}
              </button>
            )}
            {results?.interrupted && run?.status === "done" && (
              <p className="note note-warn" role="status" data-testid="compare-interrupted">
                {t("compare.interrupted", { done: run.progress.done, total: run.progress.total })}
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
        )}

        {results && run?.status === "done" && (
          <>
            <section className="compare-section">
              <h2>{t("compare.summary")}</h2>
              <SummaryTable rows={summaryRows(results)} />
            </section>
            {rec && (
              <section className="compare-section recommendation" data-testid="compare-recommendation">
                <h2>{t("compare.recommendation")}</h2>
                <dl>
                  <dt>{t("compare.primary")}</dt>
                  <dd>
                    <code>{rec.primary ?? t("compare.none")}</code>
                  </dd>
                  <dt>{t("compare.fallback")}</dt>
                  <dd>
                    <code>{rec.fallback ?? t("compare.none")}</code>
                  </dd>
                  <dt>{t("compare.temperature")}</dt>
                  <dd>
                    {rec.temperature === null ? t("compare.none") : formatDecimal(rec.temperature, lang, 1)}
                  </dd>
                  <dt>{t("compare.why")}</dt>
                  <dd>{rec.why}</dd>
                </dl>
                {/* The rule, so that the figures above can be checked by hand against the table. */}
                <details className="hint">
                  <summary>{t("compare.rule")}</summary>
                  <p>{rec.rule}</p>
                </details>
              </section>
            )}
            <section className="compare-section">
              <h2>{t("compare.charts")}</h2>
              <CompareCharts results={results} />
            </section>
            <QualityPanels results={results} />
            {run.cases && <CaseAnswers cases={run.cases} models={run.request.models} />}
            {run.cases && <BlindPreference run={run} />}
            <section className="compare-section" data-testid="compare-downloads">
              <h2>{t("compare.downloads")}</h2>
              <p className="downloads">
                {(["md", "csv", "json"] as const).map((f) => (
                  <a key={f} className="ghost-button" href={reportUrl(run.runId, f)} download>
                    {f === "md" ? "report.md" : `results.${f}`}
                  </a>
                ))}
              </p>
            </section>
          </>
        )}
      </div>
    </main>
  );
}
