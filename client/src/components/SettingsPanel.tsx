// Per-message settings: the answering model (from the server's chain), temperature and top-k. Unset values
// follow the server's defaults, which the summary line shows.
import { useId } from "react";
import type { ModelsResponse } from "../../../server/protocol";
import { formatDecimal } from "../format";
import { useI18n } from "../i18nContext";
import {
  TEMPERATURE_RANGE,
  TOP_K_RANGE,
  answeringModels,
  clampTemperature,
  clampTopK,
  type SettingsOverrides,
} from "../state/settings";

interface Props {
  models: ModelsResponse | undefined;
  modelsError: boolean;
  value: SettingsOverrides;
  onChange: (value: SettingsOverrides) => void;
}

export function SettingsPanel({ models, modelsError, value, onChange }: Props) {
  const { t, lang } = useI18n();
  const id = useId();
  const chain = answeringModels(models);
  const defaults = models?.defaults;
  const modelKnown = value.model !== undefined && chain.some((m) => m.id === value.model);
  const model = (modelKnown ? value.model : undefined) ?? defaults?.model ?? "—";
  const temperature = value.temperature ?? defaults?.temperature ?? 0.2;
  const topK = value.topK ?? defaults?.topK ?? 5;

  return (
    <details className="settings" data-testid="settings">
      <summary>
        <span aria-hidden="true">⚙</span> {t("settings.title")}
        <span className="settings-summary">
          <code>{model}</code> · t={formatDecimal(temperature, lang)} · k={topK}
        </span>
      </summary>
      <div className="settings-body">
        {modelsError && <p className="inline-error">{t("settings.modelsError")}</p>}
        <label htmlFor={`${id}-model`}>{t("settings.model")}</label>
        <select
          id={`${id}-model`}
          value={modelKnown ? value.model : ""}
          onChange={(e) => onChange({ ...value, model: e.target.value || undefined })}
        >
          <option value="">{t("settings.default", { model: defaults?.model ?? "—" })}</option>
          {chain.map((m) => (
            <option key={m.id} value={m.id} disabled={!m.configured}>
              {m.configured ? m.id : `${m.id} (${t("settings.notConfigured")})`}
            </option>
          ))}
        </select>

        <label htmlFor={`${id}-temperature`}>
          {t("settings.temperature")}{" "}
          <output htmlFor={`${id}-temperature`}>{formatDecimal(temperature, lang)}</output>
        </label>
        <input
          id={`${id}-temperature`}
          type="range"
          min={TEMPERATURE_RANGE.min}
          max={TEMPERATURE_RANGE.max}
          step={TEMPERATURE_RANGE.step}
          value={temperature}
          onChange={(e) => onChange({ ...value, temperature: clampTemperature(Number(e.target.value)) })}
        />

        <label htmlFor={`${id}-topk`}>{t("settings.topK")}</label>
        <input
          id={`${id}-topk`}
          type="number"
          min={TOP_K_RANGE.min}
          max={TOP_K_RANGE.max}
          step={1}
          value={topK}
          onChange={(e) => {
            const n = Number(e.target.value);
            if (e.target.value !== "" && Number.isFinite(n)) onChange({ ...value, topK: clampTopK(n) });
          }}
        />

        <button type="button" className="link-button" onClick={() => onChange({})}>
          {t("settings.reset")}
        </button>
      </div>
    </details>
  );
}
