// The settings panel's answer chain: one model, or draft → refine with a drafting and a refining model (the server's
// configured ones by default), and the rule that decides when the refining model runs.
import { useId } from "react";
import type { ModelsResponse } from "../../../contract/api";
import type { ChainSettings } from "../../../contract/refine";
import { formatDecimal } from "../format";
import { useI18n } from "../i18nContext";
import { countOf, NOUNS } from "../plural";
import { answeringModels } from "../state/settings";

interface Props {
  models: ModelsResponse | undefined;
  value: ChainSettings | undefined;
  onChange: (value: ChainSettings | undefined) => void;
}

export function ChainFields({ models, value, onChange }: Props) {
  const { t, lang } = useI18n();
  const id = useId();
  const defaults = models?.defaults.chain;
  const mode = value?.mode ?? defaults?.mode ?? "single";
  const draft = value?.draft ?? defaults?.draft ?? "";
  const refine = value?.refine ?? defaults?.refine ?? "";
  const offered = [
    ...new Set([
      ...answeringModels(models)
        .filter((m) => m.configured)
        .map((m) => m.id),
      ...[defaults?.draft, defaults?.refine].filter((m): m is string => !!m),
    ]),
  ];
  const rule = defaults?.rule;
  const set = (patch: Partial<ChainSettings>) =>
    onChange({ mode, ...(draft ? { draft } : {}), ...(refine ? { refine } : {}), ...patch });

  return (
    <fieldset className="chain-fields" data-testid="settings-chain">
      <legend className="field-label">{t("settings.chain")}</legend>
      <div className="chain-modes">
        {(["single", "draft-refine"] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name={`${id}-mode`}
              data-testid={`settings-chain-${m}`}
              checked={mode === m}
              onChange={() => set({ mode: m })}
            />{" "}
            {m === "single" ? t("settings.chain.single") : t("settings.chain.draftRefine")}
          </label>
        ))}
      </div>
      {mode === "draft-refine" && (
        <div className="settings-grid">
          {(["draft", "refine"] as const).map((part) => (
            <label key={part} className="settings-pair">
              <span>{t(part === "draft" ? "settings.chain.draft" : "settings.chain.refine")}</span>
              <select
                data-testid={`settings-chain-${part}`}
                value={part === "draft" ? draft : refine}
                onChange={(e) => set({ [part]: e.target.value || undefined })}
              >
                <option value="">—</option>
                {offered.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
          ))}
          {(!draft || !refine) && <p className="inline-error">{t("settings.chain.missing")}</p>}
          {rule && (
            <p className="hint">
              {t("settings.chain.rule", {
                words:
                  rule.maxDraftWords !== undefined
                    ? countOf(rule.maxDraftWords, NOUNS.word, lang)
                    : `∞ ${NOUNS.word[lang][1]}`,
                grounding: formatDecimal(rule.minGrounding ?? 0, lang, 2),
                topics: rule.topics?.length
                  ? t("settings.chain.topics", { topics: rule.topics.join(", ") })
                  : "",
              })}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}
