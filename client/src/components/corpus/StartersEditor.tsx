// The corpus page's starter questions: the questions a new conversation offers for this corpus (instead of the
// built-in examples about the sample corpus), up to STARTERS_MAX rows of a label and a question, with optional
// English words; saved whole (PUT /api/corpus/starters), an empty list bringing the built-in examples back. Drafts can
// be suggested from what the corpus holds (its sources, platforms, period). The server checks the limits and says
// which row breaks one.
import { useEffect, useState } from "react";
import type { CorpusResponse } from "../../../../contract/api";
import { inLanguage, type UserError } from "../../../../contract/errors";
import { STARTER_LABEL_MAX_CHARS, STARTERS_MAX } from "../../../../contract/starters";
import { saveStarters } from "../../corpusApi";
import { useI18n } from "../../i18nContext";
import { keptError } from "../../keptError";
import {
  EMPTY_DRAFT,
  fromDrafts,
  suggestStarters,
  toDrafts,
  type StarterDraft,
} from "../../state/starterDrafts";

interface Props {
  /** GET /api/corpus: the starters saved so far, and what suggestions are made from. */
  facets?: CorpusResponse;
  /** Called after a save, so that the chat reads its starters again. */
  onSaved?: () => void;
}

export function StartersEditor({ facets, onSaved }: Props) {
  const { t, lang } = useI18n();
  const [drafts, setDrafts] = useState<StarterDraft[]>();
  const [savedCount, setSavedCount] = useState(0);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<"own" | "defaults">();
  const [error, setError] = useState<UserError>();
  const [nothingToSuggest, setNothingToSuggest] = useState(false);

  // The saved list becomes the drafts once; a later read of the facets (after a corpus job) keeps what is being edited.
  useEffect(() => {
    if (!facets || drafts) return;
    const own = facets.starters ?? [];
    setDrafts(toDrafts(own));
    setSavedCount(own.length);
  }, [facets, drafts]);

  if (!drafts) return null;

  const edit = (next: StarterDraft[]) => {
    setDrafts(next);
    setSaved(undefined);
    setNothingToSuggest(false);
  };
  const change = (i: number, field: keyof StarterDraft, value: string) =>
    edit(drafts.map((d, j) => (j === i ? { ...d, [field]: value } : d)));

  const save = async (list: StarterDraft[]) => {
    setSaving(true);
    setError(undefined);
    try {
      const { starters } = await saveStarters(fromDrafts(list));
      setDrafts(toDrafts(starters));
      setSavedCount(starters.length);
      setSaved(starters.length > 0 ? "own" : "defaults");
      onSaved?.();
    } catch (err) {
      setError(keptError(err));
    } finally {
      setSaving(false);
    }
  };

  const reset = () => {
    if (!window.confirm(t("corpus.starters.confirmReset"))) return;
    void save([]);
  };

  const suggest = () => {
    const kept = drafts.filter((d) => fromDrafts([d]).length > 0);
    const suggested = suggestStarters(facets, STARTERS_MAX - kept.length);
    if (suggested.length === 0) {
      setNothingToSuggest(true);
      return;
    }
    edit([...kept, ...suggested]);
  };

  return (
    <section
      className="corpus-card corpus-starters"
      data-testid="corpus-starters"
      aria-labelledby="corpus-starters-title"
    >
      <h3 id="corpus-starters-title">{t("corpus.starters.title")}</h3>
      <p className="hint">
        {t("corpus.starters.intro", { max: STARTERS_MAX })}{" "}
        <span data-testid="corpus-starters-current">
          {savedCount > 0
            ? t("corpus.starters.usingOwn", { count: savedCount })
            : t("corpus.starters.usingDefaults")}
        </span>
      </p>
      <ol className="starter-rows">
        {drafts.map((d, i) => (
          <li key={i} className="starter-row" data-testid="corpus-starter-row">
            <fieldset>
              <legend>{t("corpus.starters.row", { n: i + 1 })}</legend>
              <label>
                <span>{t("corpus.starters.label", { max: STARTER_LABEL_MAX_CHARS })}</span>
                <input
                  type="text"
                  data-testid="corpus-starter-label"
                  maxLength={STARTER_LABEL_MAX_CHARS}
                  value={d.label}
                  onChange={(e) => change(i, "label", e.target.value)}
                />
              </label>
              <label>
                <span>{t("corpus.starters.text")}</span>
                <textarea
                  data-testid="corpus-starter-text"
                  rows={2}
                  value={d.text}
                  onChange={(e) => change(i, "text", e.target.value)}
                />
              </label>
              <details open={Boolean(d.labelEn || d.textEn) || undefined}>
                <summary>{t("corpus.starters.english")}</summary>
                <label>
                  <span>{t("corpus.starters.labelEn")}</span>
                  <input
                    type="text"
                    lang="en"
                    data-testid="corpus-starter-label-en"
                    maxLength={STARTER_LABEL_MAX_CHARS}
                    value={d.labelEn}
                    onChange={(e) => change(i, "labelEn", e.target.value)}
                  />
                </label>
                <label>
                  <span>{t("corpus.starters.textEn")}</span>
                  <textarea
                    lang="en"
                    data-testid="corpus-starter-text-en"
                    rows={2}
                    value={d.textEn}
                    onChange={(e) => change(i, "textEn", e.target.value)}
                  />
                </label>
              </details>
              <button
                type="button"
                className="ghost-button small"
                data-testid="corpus-starter-remove"
                onClick={() => edit(drafts.filter((_, j) => j !== i))}
              >
                {t("corpus.starters.remove", { n: i + 1 })}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="starter-actions">
        <button
          type="button"
          className="ghost-button"
          data-testid="corpus-starters-add"
          disabled={drafts.length >= STARTERS_MAX}
          onClick={() => edit([...drafts, { ...EMPTY_DRAFT }])}
        >
          {t("corpus.starters.add")}
        </button>
        <button
          type="button"
          className="ghost-button"
          data-testid="corpus-starters-suggest"
          title={t("corpus.starters.suggestHint")}
          disabled={drafts.length >= STARTERS_MAX}
          onClick={suggest}
        >
          {t("corpus.starters.suggest")}
        </button>
        <button
          type="button"
          className="primary-button"
          data-testid="corpus-starters-save"
          disabled={saving}
          onClick={() => void save(drafts)}
        >
          {saving ? t("corpus.starters.saving") : t("corpus.starters.save")}
        </button>
        {savedCount > 0 && (
          <button
            type="button"
            className="ghost-button"
            data-testid="corpus-starters-reset"
            disabled={saving}
            onClick={reset}
          >
            {t("corpus.starters.reset")}
          </button>
        )}
      </div>
      {nothingToSuggest && <p className="hint">{t("corpus.starters.nothingToSuggest")}</p>}
      {saved && (
        <p className="corpus-ok" role="status" data-testid="corpus-starters-saved">
          {t(saved === "own" ? "corpus.starters.saved" : "corpus.starters.savedDefaults")}
        </p>
      )}
      {error && (
        <p className="corpus-error" role="alert" data-testid="corpus-starters-error">
          {t("corpus.starters.error", { message: inLanguage(error, lang) })}
        </p>
      )}
    </section>
  );
}
