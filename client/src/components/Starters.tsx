// An empty conversation: what the corpus holds, and example questions and comments to analyse; a click sends.
import type { CorpusResponse } from "../../../contract/api";
import type { MessageKey } from "../i18n";
import { platformName } from "../corpusNames";
import { useI18n } from "../i18nContext";
import { countOf, NOUNS } from "../plural";

const STARTERS: { key: MessageKey; kind: "question" | "analysis" }[] = [
  { key: "starters.pensions", kind: "question" },
  { key: "starters.diaspora", kind: "question" },
  { key: "starters.analyse", kind: "analysis" },
  { key: "starters.corruption", kind: "question" },
];

interface Props {
  onPick: (text: string) => void;
  disabled: boolean;
  corpus?: CorpusResponse;
}

export function Starters({ onPick, disabled, corpus }: Props) {
  const { t, lang } = useI18n();
  return (
    <div className="starters">
      <div className="starters-logo" aria-hidden="true">
        <span className="logo-a" />
        <span className="logo-b" />
      </div>
      <h2>{t("starters.title")}</h2>
      <p className="muted">{t("starters.hint")}</p>
      {corpus && corpus.chunks > 0 && (
        <p className="corpus-line" data-testid="corpus-summary">
          {t("starters.corpus", {
            n: countOf(corpus.chunks, NOUNS.corpusPassage, lang),
            platforms: corpus.platforms.map((p) => platformName(lang, p.value)).join(", "),
          })}
          {corpus.dateMin && corpus.dateMax && ` · ${corpus.dateMin} – ${corpus.dateMax}`}
        </p>
      )}
      <ul>
        {STARTERS.map(({ key, kind }) => (
          <li key={key}>
            <button
              type="button"
              className="starter"
              data-testid="starter"
              data-kind={kind}
              disabled={disabled}
              onClick={() => onPick(t(key))}
            >
              <span className="starter-kind">
                {kind === "analysis" ? t("starters.kindAnalysis") : t("starters.kindQuestion")}
              </span>
              {t(key)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
