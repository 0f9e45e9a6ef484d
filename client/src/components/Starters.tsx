// An empty conversation: what the corpus holds, and example questions and comments to analyse; a click sends. The
// questions are the ones chosen on the corpus page for the corpus the class works on (GET /api/corpus `starters`),
// else the built-in examples about the shipped sample corpus.
import type { CorpusResponse } from "../../../contract/api";
import { starterIn } from "../../../contract/starters";
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

/** One button: its caption, what a click sends, and its kind (only the built-in ones say theirs). */
interface Shown {
  id: string;
  label: string;
  text: string;
  kind?: "question" | "analysis";
}

export function Starters({ onPick, disabled, corpus }: Props) {
  const { t, lang } = useI18n();
  const own = corpus?.starters ?? [];
  const shown: Shown[] =
    own.length > 0
      ? own.map((starter, i) => ({ id: `own-${i}`, ...starterIn(starter, lang) }))
      : STARTERS.map(({ key, kind }) => ({ id: key, label: t(key), text: t(key), kind }));
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
      <ul data-own={own.length > 0 || undefined}>
        {shown.map(({ id, label, text, kind }) => (
          <li key={id}>
            <button
              type="button"
              className="starter"
              data-testid="starter"
              data-kind={kind ?? "own"}
              disabled={disabled}
              title={text === label ? undefined : text}
              onClick={() => onPick(text)}
            >
              {kind && (
                <span className="starter-kind">
                  {kind === "analysis" ? t("starters.kindAnalysis") : t("starters.kindQuestion")}
                </span>
              )}
              {label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
