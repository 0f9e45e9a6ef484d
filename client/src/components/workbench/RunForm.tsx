// Starting a run on the open data set: the models (chain, offline, other configured providers), the temperature
// and the number of runs, and — before anything is spent — the estimated calls, tokens and cost per model.
import { useEffect, useState } from "react";
import { TEMPERATURE_RANGE } from "../../../../contract/settings";
import type {
  DatasetSummary,
  EstimateResponse,
  RunResponse,
  WorkbenchModelsResponse,
} from "../../../../contract/workbench";
import { formatCount, formatDecimal, formatUsd } from "../../format";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import {
  atModelLimit,
  configuredProviders,
  costKind,
  estimateFree,
  estimateHasUnknownPrice,
  estimateOffline,
  estimateKey,
  initialRunDraft,
  runSettings,
  runnableModels,
  toggleModel,
  typedModels,
  withRepeats,
  temperatureInvalid,
  withTemperature,
  withTypedModels,
  type RunDraft,
} from "../../state/runForm";
import { fetchEstimate, startRun } from "../../workbenchApi";
import { errorText, isAbort } from "./errorText";
import { ScrollRegion } from "../ScrollRegion";

const ESTIMATE_DELAY_MS = 250;

function Cost({ pricing, usd }: { pricing: EstimateResponse["models"][number]["pricing"]; usd: number }) {
  const { t, lang } = useI18n();
  const kind = costKind(pricing, usd);
  if (kind === "free") return <>{t("wb.cost.free")}</>;
  if (kind === "unknown") return <>{t("wb.cost.unknown")}</>;
  return <>{formatUsd(usd, lang)}</>;
}

/** The cost estimate's table and how it was made; offline models count no tokens and cost nothing, and say so. */
export function EstimateTable({ estimate }: { estimate: EstimateResponse }) {
  const { t, lang } = useI18n();
  const n = (v: number) => formatCount(v, lang);
  const offline = estimateOffline(estimate);
  return (
    <ScrollRegion label={t("wb.estimate.title")}>
      <table className="compare-table" data-testid="run-estimate">
        <thead>
          <tr>
            <th scope="col">{t("compare.col.model")}</th>
            <th scope="col">{t("wb.estimate.calls")}</th>
            <th scope="col">{t("wb.estimate.tokensIn")}</th>
            <th scope="col">{t("wb.estimate.tokensOut")}</th>
            <th scope="col">{t("wb.estimate.cost")}</th>
          </tr>
        </thead>
        <tbody>
          {estimate.models.map((m) => (
            <tr key={m.model} data-model={m.model}>
              <th scope="row">
                <code>{m.model}</code>
              </th>
              <td>{n(m.calls)}</td>
              <td>{n(m.inputTokens)}</td>
              <td>{n(m.outputTokens)}</td>
              <td>
                <Cost pricing={m.pricing} usd={m.costUsd} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("wb.estimate.total")}</th>
            <td data-testid="run-estimate-calls">{n(estimate.total.calls)}</td>
            <td>{n(estimate.total.inputTokens)}</td>
            <td>{n(estimate.total.outputTokens)}</td>
            <td data-testid="run-estimate-cost">
              {estimateFree(estimate) ? t("wb.cost.free") : formatUsd(estimate.total.costUsd, lang)}
              {estimateHasUnknownPrice(estimate) && ` + ${t("wb.cost.unknown")}`}
            </td>
          </tr>
        </tfoot>
      </table>
      <p className="hint" data-testid="run-estimate-basis">
        {offline === "all"
          ? t("wb.estimate.offlineOnly")
          : t("wb.estimate.basis", {
              charsPerToken: estimate.basis.charsPerToken,
              promptChars: countOf(estimate.basis.promptChars, NOUNS.character, lang),
              overheadTokens: countOf(estimate.basis.overheadTokens, NOUNS.token, lang),
              outputTokens: countOf(estimate.basis.outputTokens, NOUNS.token, lang),
            })}
        {offline === "some" && ` ${t("wb.estimate.offlineSome")}`}
      </p>
    </ScrollRegion>
  );
}

export function RunForm({
  dataset,
  models,
  onStarted,
}: {
  dataset: DatasetSummary;
  models: WorkbenchModelsResponse | undefined;
  onStarted: (run: RunResponse) => void;
}) {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<RunDraft>(() => initialRunDraft(models));
  const [temperatureText, setTemperatureText] = useState(() => formatDecimal(draft.temperature, lang, 1));
  const [estimate, setEstimate] = useState<EstimateResponse>();
  const [estimateError, setEstimateError] = useState<string>();
  const [error, setError] = useState<string>();
  const [starting, setStarting] = useState(false);

  // The model list arrives after the form: the default model is checked once it is known.
  useEffect(() => {
    if (models) setDraft((d) => (d.models.length ? d : initialRunDraft(models)));
  }, [models]);

  const badTemperature = temperatureInvalid(temperatureText);
  const [extra, setExtra] = useState("");
  const providers = configuredProviders(models);
  const typed = typedModels(extra, providers);
  const settings = runSettings(dataset.id, withTypedModels(draft, typed.ids));
  const key = estimateKey(settings);
  useEffect(() => {
    setEstimate(undefined);
    setEstimateError(undefined);
    if (!settings) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchEstimate(settings, controller.signal)
        .then(setEstimate)
        .catch((err: unknown) => {
          if (!isAbort(err) && !controller.signal.aborted) setEstimateError(errorText(err, t));
        });
    }, ESTIMATE_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `key` stands for `settings` (a new object every render).
  }, [key]);

  async function start() {
    if (!settings || badTemperature) return;
    setError(undefined);
    setStarting(true);
    try {
      onStarted(await startRun(settings));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setStarting(false);
    }
  }

  const list = runnableModels(models?.models ?? []);
  const full = atModelLimit(draft, models);

  return (
    <section className="wb-card wb-run-form" aria-labelledby="wb-run-title">
      <h3 id="wb-run-title">{t("wb.run.title")}</h3>
      <fieldset>
        <legend>{t("wb.run.models")}</legend>
        <div className="model-checks">
          {list.map((m) => (
            <label
              key={m.id}
              className="check"
              title={
                m.price ? t("wb.run.price", { input: m.price.input, output: m.price.output }) : undefined
              }
            >
              <input
                type="checkbox"
                data-testid="run-model"
                data-model={m.id}
                checked={draft.models.includes(m.id)}
                disabled={!draft.models.includes(m.id) && full}
                onChange={(e) => setDraft((d) => toggleModel(d, m.id, e.target.checked, models))}
              />
              <code>{m.id}</code>
              {m.inChain && <span className="role">{t("wb.run.inChain")}</span>}
              {m.offline && <span className="role role-fallback">{t("wb.run.offline")}</span>}
            </label>
          ))}
          {!models && <span className="hint">{t("wb.run.loadingModels")}</span>}
        </div>
        {providers.length > 0 && (
          <label className="field wb-grow">
            <span>{t("wb.run.otherModel", { providers: providers.join(", ") })}</span>
            <input
              type="text"
              data-testid="run-extra-model"
              value={extra}
              placeholder={t("compare.otherModelHint")}
              onChange={(e) => setExtra(e.target.value)}
            />
          </label>
        )}
        {typed.refused.length > 0 && (
          <p className="error-text">{t("wb.run.refusedModels", { models: typed.refused.join(", ") })}</p>
        )}
        {full && (
          <p className="hint">
            {t("wb.run.modelLimit", { n: countOf(draft.models.length, NOUNS.model, lang) })}
          </p>
        )}
      </fieldset>
      <div className="wb-row">
        <label className="field">
          <span>{t("compare.temperature")}</span>
          <input
            type="text"
            inputMode="decimal"
            data-testid="run-temperature"
            value={temperatureText}
            onChange={(e) => {
              setTemperatureText(e.target.value);
              setDraft((d) => withTemperature(d, e.target.value));
            }}
            aria-invalid={badTemperature}
            aria-describedby={badTemperature ? "run-temperature-error" : undefined}
            onBlur={() => {
              if (!badTemperature) setTemperatureText(formatDecimal(draft.temperature, lang, 1));
            }}
          />
          {badTemperature && (
            <span className="error-text" id="run-temperature-error" data-testid="run-temperature-error">
              {t("wb.run.temperatureInvalid", {
                typed: temperatureText,
                min: formatDecimal(TEMPERATURE_RANGE.min, lang, 1),
                max: formatDecimal(TEMPERATURE_RANGE.max, lang, 1),
              })}
            </span>
          )}
        </label>
        <label className="field">
          <span>{t("wb.run.repeats")}</span>
          <input
            type="number"
            min={1}
            max={models?.limits.maxRepeats ?? 10}
            data-testid="run-repeats"
            value={draft.repeats}
            onChange={(e) => setDraft((d) => withRepeats(d, e.target.value, models))}
          />
        </label>
      </div>
      <p className="hint">{t("wb.run.repeatsHint")}</p>
      {estimate && <EstimateTable estimate={estimate} />}
      {estimateError && <p className="error-text">{estimateError}</p>}
      {!settings && <p className="hint">{t("wb.run.noModel")}</p>}
      {error && (
        <p className="error-text" role="alert" data-testid="run-error">
          {error}
        </p>
      )}
      <button
        type="button"
        className="send-button"
        data-testid="run-start"
        disabled={!settings || starting || typed.refused.length > 0 || badTemperature}
        onClick={() => void start()}
      >
        {starting ? t("wb.run.starting") : t("wb.run.start")}
      </button>
    </section>
  );
}
