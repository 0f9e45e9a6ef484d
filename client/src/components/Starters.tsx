// Example questions on an empty conversation; a click sends one.
import type { MessageKey } from "../i18n";
import { useI18n } from "../i18nContext";

const STARTERS: MessageKey[] = [
  "starters.pensions",
  "starters.diaspora",
  "starters.analyse",
  "starters.corruption",
];

export function Starters({ onPick, disabled }: { onPick: (text: string) => void; disabled: boolean }) {
  const { t } = useI18n();
  return (
    <div className="starters">
      <h2>{t("starters.title")}</h2>
      <p className="muted">{t("starters.hint")}</p>
      <ul>
        {STARTERS.map((key) => (
          <li key={key}>
            <button
              type="button"
              className="starter"
              data-testid="starter"
              disabled={disabled}
              onClick={() => onPick(t(key))}
            >
              {t(key)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
