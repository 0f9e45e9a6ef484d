// Parts of the review form (./ReviewView.tsx): its toolbar (with "Etichetele mele"), why a row is in the queue, the note on labels per row, the grid of a
// row's fields with a button per label (the keys shown on the field in focus), what the card says instead of saving
// (fields left empty, no label chosen), and what the models and other people said of the row when the page may show it.
import {
  REVIEW_FIELDS,
  REVIEW_FIELD_VALUES,
  type ItemDetail,
  type ReviewField,
  type RunSummary,
} from "../../../../contract/workbench";
import { formatCount } from "../../format";
import type { Translate } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { fieldName, labelText } from "../../labelWords";
import { countOf, NOUNS } from "../../plural";
import { labelKey, type Draft, type QueueMode, type ReviewState, type SaveHeld } from "../../state/review";
import { AnnotationList, HumanLabelList } from "./ItemPanel";

const REASONS = [
  "models_disagree",
  "runs_disagree",
  "low_confidence",
  "failed",
  "sample",
  "rest",
  "mine",
  "beforeGuidelines",
  "skipped",
  "unsure",
] as const;

/** Why a row is in the queue, in words; a reason this page does not know shows as the server named it. */
export function reasonText(reason: string, t: Translate): string {
  return (REASONS as readonly string[]).includes(reason)
    ? t(`wb.reason.${reason as (typeof REASONS)[number]}`)
    : reason;
}

/**
 * Under labels per row: how many rows are left for this person and that the others have their labels already, or,
 * when none is left, that they are done. A count only, as the server gives it: whose labels those are stays withheld.
 */
export function OverlapNote({
  state,
  name,
}: {
  state: Pick<ReviewState, "overlap" | "full" | "remaining" | "total" | "mode">;
  name: string;
}) {
  const { t, lang } = useI18n();
  if (!name || state.overlap === null || state.remaining === null || state.mode !== "priority") return null;
  const k = countOf(state.overlap, NOUNS.label, lang);
  if (state.remaining === 0 && state.full > 0)
    return (
      <p className="note" data-testid="review-overlap-done" role="status">
        {t("wb.review.overlapDone", { k })}
      </p>
    );
  return (
    <p className="hint" data-testid="review-overlap" data-remaining={state.remaining} data-full={state.full}>
      {t(state.full > 0 ? "wb.review.overlapLeft" : "wb.review.overlapLeftAll", {
        n: countOf(state.remaining, NOUNS.row, lang),
        k,
      })}
    </p>
  );
}

/** A row's fields, each with a button per label; the field in focus shows each label's key. */
export function ReviewFields({
  field: current,
  draft,
  idPrefix,
  onFocus,
  onPick,
}: {
  field: ReviewField;
  draft: Draft;
  idPrefix: string;
  onFocus: (field: ReviewField) => void;
  onPick: (field: ReviewField, value: string) => void;
}) {
  const { t, lang } = useI18n();
  return (
    <div className="wb-fields" role="group" aria-label={t("wb.review.yourLabels")}>
      {REVIEW_FIELDS.map((field) => (
        <div
          key={field}
          role="group"
          aria-labelledby={`${idPrefix}-${field}`}
          aria-current={current === field ? "true" : undefined}
          className={`wb-field-row${current === field ? " active" : ""}`}
          data-field={field}
        >
          <button
            type="button"
            id={`${idPrefix}-${field}`}
            className="wb-field-name"
            onClick={() => onFocus(field)}
          >
            {fieldName(field, t)}
          </button>
          <div className="wb-label-buttons">
            {REVIEW_FIELD_VALUES[field].map((value, i) => (
              <button
                key={value}
                type="button"
                className={`wb-label-button${draft[field] === value ? " chosen" : ""}`}
                data-testid="review-label"
                data-field={field}
                data-value={value}
                aria-pressed={draft[field] === value}
                onClick={() => onPick(field, value)}
              >
                {current === field && <kbd>{labelKey(i)}</kbd>} {labelText(field, value, t, lang)}
              </button>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

/**
 * What the card said instead of saving (../../state/review.ts, enterMeans): the fields left empty, with how to save as
 * it is, or that no label is chosen (and, on a row that may be skipped, "Sar peste"). Shown under the fields, in a
 * polite live region that is always there, so that a screen reader says it as it appears.
 */
export function SaveHeldNote({ held, skippable }: { held: SaveHeld | null; skippable: boolean }) {
  const { t } = useI18n();
  return (
    <div aria-live="polite" aria-atomic="true" data-testid="review-save-live">
      {held?.why === "incomplete" && (
        <p className="note note-warn" data-testid="review-incomplete" data-empty={held.empty.join(" ")}>
          {t(held.empty.length === 1 ? "wb.review.incompleteOne" : "wb.review.incomplete", {
            fields: held.empty.map((field) => fieldName(field, t)).join(", "),
            again: t(`wb.review.again.${held.via}`),
          })}
        </p>
      )}
      {held?.why === "noLabels" && (
        <p className="note" data-testid="review-nothing-chosen">
          {t("wb.review.nothingChosen")}
          {skippable && ` ${t("wb.review.nothingChosenSkip")}`}
          {/* Said again at a further Enter: a text that differs only by a no-break space is read once more. */}
          {held.again && "\u00a0"}
        </p>
      )}
    </div>
  );
}

/** What the models (of a run) and the other people said of the row, or that it is withheld until this person saves. */
export function ReviewOthers({ item, run }: { item: ItemDetail | null; run: RunSummary | undefined }) {
  const { t } = useI18n();
  return (
    <section
      className="wb-review-models"
      data-testid="review-models"
      data-withheld={item?.withheld ? "true" : "false"}
    >
      {run && <h4>{t("wb.item.models")}</h4>}
      {item?.withheld || !item?.annotations ? (
        <p className="hint">{t(run ? "wb.review.hidden" : "wb.review.hiddenPeople")}</p>
      ) : (
        run && <AnnotationList annotations={item.annotations.filter((a) => a.repeat === 1)} />
      )}
      {item?.labels && item.labels.length > 0 && (
        <>
          <h4>{t("wb.item.people")}</h4>
          <HumanLabelList labels={item.labels} />
        </>
      )}
    </section>
  );
}

/**
 * The queue's mode (priority, sample, or the person's own labels with how many they are), blind review (a run's; fixed
 * when the owner chose it) and the rows left.
 */
export function ReviewToolbar({
  state,
  run,
  blind,
  blindByOwner,
  onBlind,
  onMode,
  mine = 0,
}: {
  state: Pick<ReviewState, "mode" | "total" | "remaining" | "saved">;
  run: RunSummary | undefined;
  blind: boolean;
  blindByOwner: boolean;
  onBlind: (blind: boolean) => void;
  onMode: (mode: QueueMode) => void;
  /** Rows this person labelled in the data set ("Etichetele mele (12)"). */
  mine?: number;
}) {
  const { t, lang } = useI18n();
  return (
    <div className="wb-row">
      <div className="segmented" role="group" aria-label={t("wb.review.mode")}>
        {(["priority", "sample", "mine"] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            data-testid={`review-mode-${mode}`}
            aria-pressed={state.mode === mode}
            onClick={() => onMode(mode)}
          >
            {mode === "mine"
              ? t("wb.review.mode.mine", { n: formatCount(mine, lang) })
              : t(!run && mode === "priority" ? "wb.review.mode.all" : `wb.review.mode.${mode}`)}
          </button>
        ))}
      </div>
      {run && (
        <label className="check" title={blindByOwner ? t("wb.review.blindByOwner") : undefined}>
          <input
            type="checkbox"
            data-testid="review-blind"
            checked={blind}
            disabled={blindByOwner}
            onChange={(e) => onBlind(e.target.checked)}
          />
          {t("wb.review.blind")}
          {blindByOwner && (
            <span className="hint" data-testid="review-blind-owner">
              {" "}
              · {t("wb.review.blindByOwner")}
            </span>
          )}
        </label>
      )}
      {state.total !== null && (
        <span className="hint" data-testid="review-remaining">
          {t("wb.review.remaining", {
            n: countOf(state.remaining ?? 0, NOUNS.remainingRow, lang),
            total: formatCount(state.total, lang),
          })}
          {state.saved.length > 0 &&
            ` · ${t("wb.review.savedNow", { n: countOf(state.saved.length, NOUNS.savedRow, lang) })}`}
        </span>
      )}
    </div>
  );
}
