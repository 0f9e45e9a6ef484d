// "Folosește în chat": applies the recommended model and temperature to the chat of this browser (the settings
// panel's overrides), says what it did, and shows the .env lines for the server (the fallback and everyone's default
// are the server's configuration), with a copy button. Not shown for a stopped run: it has no recommendation.
import { useState } from "react";
import type { CompareResults } from "../../../../contract/compare";
import type { ModelsResponse } from "../../../../contract/api";
import { useI18n } from "../../i18nContext";
import { applyChoice, appliedOverrides, envLines } from "../../state/compareApply";
import type { SettingsOverrides } from "../../state/settings";

export interface ChatSettingsAccess {
  models: ModelsResponse | undefined;
  settings: SettingsOverrides;
  onSettings: (next: SettingsOverrides) => void;
}

export function UseInChat({ results, chat }: { results: CompareResults; chat: ChatSettingsAccess }) {
  const { t, lang } = useI18n();
  const [applied, setApplied] = useState(false);
  const [copy, setCopy] = useState<"copied" | "failed">();
  const choice = applyChoice(results, chat.models);
  if (!choice) return null;
  const lines = envLines(choice);

  async function copyLines() {
    try {
      await navigator.clipboard.writeText(lines);
      setCopy("copied");
    } catch (err) {
      console.warn("copying the .env lines failed", err);
      setCopy("failed");
    }
  }

  return (
    <div className="compare-apply">
      {choice.inChat ? (
        <button
          type="button"
          className="send-button"
          data-testid="compare-apply"
          onClick={() => {
            chat.onSettings(appliedOverrides(chat.settings, choice));
            setApplied(true);
          }}
        >
          {t("compare.apply")}
        </button>
      ) : (
        <p className="hint" data-testid="compare-apply-unavailable">
          {t("compare.apply.notInChat", { model: choice.primary })}
        </p>
      )}
      {applied && (
        <p className="note" role="status" data-testid="compare-applied">
          {t("compare.apply.done", {
            model: choice.primary,
            temperature:
              lang === "ro" ? String(choice.temperature).replace(".", ",") : String(choice.temperature),
          })}
        </p>
      )}
      <p className="hint">{t("compare.apply.server")}</p>
      <label className="field">
        <span>{t("compare.env.label")}</span>
        <textarea readOnly rows={3} data-testid="compare-env-lines" value={lines} />
      </label>
      <button
        type="button"
        className="ghost-button"
        data-testid="compare-env-copy"
        onClick={() => void copyLines()}
      >
        {copy === "copied" ? t("compare.env.copied") : t("compare.env.copy")}
      </button>
      {copy === "failed" && (
        <p className="error-text" role="alert">
          {t("compare.env.copyFailed")}
        </p>
      )}
    </div>
  );
}
