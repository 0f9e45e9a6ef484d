// The owner's annotation guidelines for the open data set (what counts as populism here, edge cases, examples): a
// Markdown textarea with its count against the server's limit, a preview rendered as the page renders untrusted
// Markdown (no raw HTML), and a save that says "saved" (or "cleared" for an empty text). A save says which version
// the text started from: when another teacher or tab saved first, the text stays here beside theirs until the owner
// keeps one (GuidelinesConflict.tsx, state/guidelinesEditor.ts). Every person labelling the data set reads them in the
// labelling panel (GuidelinesPanel.tsx); the codebook stays the fields' definition.
import { useEffect, useId, useReducer, useRef } from "react";
import { GUIDELINES_MAX_CHARS, type DatasetGuidelines } from "../../../../contract/workbench";
import { formatCount } from "../../format";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { draftChanged, draftCheck } from "../../state/guidelines";
import {
  editorStart,
  expectedFor,
  guidelinesConflictOf,
  guidelinesEditorReducer,
} from "../../state/guidelinesEditor";
import { saveGuidelines } from "../../workbenchApi";
import { SafeMarkdown } from "../SafeMarkdown";
import { formatDate } from "./DatasetList";
import { errorSaid } from "./errorText";
import { GuidelinesConflict } from "./GuidelinesConflict";

export function GuidelinesEditor({
  datasetId,
  guidelines,
  onGuidelines,
}: {
  datasetId: string;
  guidelines: DatasetGuidelines | null;
  onGuidelines: (guidelines: DatasetGuidelines | null) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const [state, dispatch] = useReducer(guidelinesEditorReducer, guidelines, editorStart);
  const { draft, save, conflict } = state;
  // Another data set opened: its own guidelines, and no word about the last one's save.
  const shown = useRef(datasetId);
  useEffect(() => {
    if (shown.current === datasetId) return;
    shown.current = datasetId;
    dispatch({ type: "load", guidelines });
  }, [datasetId, guidelines]);

  const check = draftCheck(draft);
  const changed = draftChanged(draft, guidelines);

  // A save expects the version the text started from; "keep mine" expects the stored one the conflict showed.
  async function onSave(overwrite = false) {
    if (save.kind === "saving" || check.tooLong) return;
    const forId = datasetId;
    dispatch({ type: "saving" });
    try {
      const { guidelines: stored } = await saveGuidelines(forId, draft, expectedFor(state, overwrite));
      if (shown.current !== forId) return;
      onGuidelines(stored);
      dispatch({ type: "saved", stored });
    } catch (err) {
      if (shown.current !== forId) return;
      const found = guidelinesConflictOf(err);
      if (!found) return dispatch({ type: "failed", error: err });
      // The data set's guidelines are what was stored meanwhile (the page shows them); the text here stays.
      onGuidelines(found.stored);
      dispatch({ type: "conflict", stored: found.stored });
    }
  }

  return (
    <section className="wb-guidelines" data-testid="dataset-guidelines" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t("wb.guidelines.title")}</h4>
      <p className="hint">{t("wb.guidelines.intro")}</p>
      {conflict && (
        <GuidelinesConflict
          stored={conflict.stored}
          busy={save.kind === "saving"}
          canOverwrite={!check.tooLong}
          onOverwrite={() => void onSave(true)}
          onTake={() => dispatch({ type: "take" })}
        />
      )}
      <div className="field wb-guidelines-field">
        <label htmlFor={`${id}-text`}>{t("wb.guidelines.label")}</label>
        <textarea
          id={`${id}-text`}
          data-testid="dataset-guidelines-edit"
          rows={8}
          value={draft}
          placeholder={t("wb.guidelines.placeholder")}
          aria-describedby={`${id}-count`}
          aria-invalid={check.tooLong || undefined}
          onChange={(e) => dispatch({ type: "edit", text: e.target.value })}
        />
        <span
          className={check.tooLong ? "error-text" : "hint"}
          id={`${id}-count`}
          data-testid="dataset-guidelines-count"
        >
          {t(check.tooLong ? "wb.guidelines.tooLong" : "wb.guidelines.count", {
            n: formatCount(check.chars, lang),
            max: countOf(GUIDELINES_MAX_CHARS, NOUNS.character, lang),
          })}
        </span>
      </div>
      <div className="wb-row">
        <button
          type="button"
          className="send-button"
          data-testid="dataset-guidelines-save"
          disabled={save.kind === "saving" || !changed || check.tooLong || Boolean(conflict)}
          onClick={() => void onSave()}
        >
          {save.kind === "saving"
            ? t("annotation.saving")
            : check.clears && guidelines
              ? t("wb.guidelines.clear")
              : t("wb.guidelines.save")}
        </button>
        {save.kind === "saved" && !changed && (
          <span className="hint" role="status" data-testid="dataset-guidelines-saved">
            {t(save.cleared ? "wb.guidelines.cleared" : "wb.guidelines.saved")}
          </span>
        )}
        {guidelines && (
          <span className="hint" data-testid="dataset-guidelines-updated">
            {t("wb.guidelines.updated", {
              date: formatDate(guidelines.updatedAt, lang),
              name: guidelines.updatedBy,
            })}
          </span>
        )}
      </div>
      {save.kind === "error" && (
        <p className="error-text" role="alert" data-testid="dataset-guidelines-error">
          {errorSaid(save.error, t, lang)}
        </p>
      )}
      {!check.clears && (
        <div className="wb-guidelines-preview" data-testid="dataset-guidelines-preview">
          <h5>{t("wb.guidelines.preview")}</h5>
          <SafeMarkdown text={draft} />
        </div>
      )}
    </section>
  );
}
