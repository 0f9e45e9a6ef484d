// The review card's buttons under the row (previous, save, unsure, skip, next, the models' labels), the save's error,
// the note on a skipped row and the keys' reminder. The card (./ReviewView.tsx) does the saving.
import type { Dispatch } from "react";
import { useI18n } from "../../i18nContext";
import { ownEnter } from "./ownEnter";
import { canSkip, isDirty, reviewLabels, type ReviewAction, type ReviewState } from "../../state/review";

export function ReviewActions({
  state,
  done,
  withModels,
  dispatch,
  onSave,
}: {
  state: ReviewState;
  /** The row is saved and unchanged since. */
  done: boolean;
  /** The models' labels are on the card (a run, not blind or saved): they may be copied. */
  withModels: boolean;
  dispatch: Dispatch<ReviewAction>;
  /** Save the row (asking first when fields are left empty); `skip`: as skipped ("Sar peste"), with no labels. */
  onSave: (skip: boolean) => void;
}) {
  const { t } = useI18n();
  const item = state.item;
  const dirty = isDirty(state);
  return (
    <>
      <div className="wb-actions">
        <button
          type="button"
          className="ghost-button"
          data-testid="review-prev"
          onKeyDown={ownEnter}
          disabled={state.position === 0}
          onClick={() => dispatch({ type: "review:move", delta: -1 })}
        >
          ← {t("wb.review.previous")}
        </button>
        <button
          type="button"
          className="send-button"
          data-testid="review-save"
          disabled={!item || state.saving || !reviewLabels(state.draft) || !dirty || Boolean(state.conflict)}
          onClick={() => onSave(false)}
        >
          {state.saving
            ? t("annotation.saving")
            : done
              ? t("wb.review.saved")
              : t(state.held?.why === "incomplete" ? "wb.review.saveAsIs" : "wb.review.save")}
        </button>
        <button
          type="button"
          className="ghost-button"
          data-testid="review-unsure"
          onKeyDown={ownEnter}
          aria-pressed={state.unsure}
          disabled={!item || state.saving}
          onClick={() => dispatch({ type: "review:unsure" })}
        >
          {state.unsure ? "☑" : "☐"} {t("wb.review.unsure")}
        </button>
        <button
          type="button"
          className="ghost-button"
          data-testid="review-skip"
          onKeyDown={ownEnter}
          aria-keyshortcuts="S"
          disabled={!canSkip(state)}
          onClick={() => onSave(true)}
        >
          {t("wb.review.skip")}
        </button>
        <button
          type="button"
          className="ghost-button"
          data-testid="review-next"
          onKeyDown={ownEnter}
          disabled={state.position >= state.entries.length - 1}
          onClick={() => dispatch({ type: "review:move", delta: 1 })}
        >
          {t("wb.review.next")} →
        </button>
        {withModels && (
          <button
            type="button"
            className="ghost-button small"
            onKeyDown={ownEnter}
            onClick={() => dispatch({ type: "review:copyModels" })}
          >
            {t("wb.review.copyModels")}
          </button>
        )}
      </div>
      {state.error && (
        <p className="error-text" role="alert">
          {state.error}
        </p>
      )}
      {item?.mine?.status === "skipped" && !dirty && (
        <p className="hint" data-testid="review-skipped">
          {t("wb.review.skippedNote")}
        </p>
      )}
      <p className="hint wb-keys">
        {t("wb.review.keys")} {t("wb.review.keysSkip")} {t("wb.review.keysEvidence")}
      </p>
    </>
  );
}
