// The "Revizuire" view: the queue of rows that most need a person (or the random sample kept apart), one row at a
// time, labelled with the keyboard — a key per label of the field in focus, ↑/↓ between fields, Enter to save (the
// row stays, so blind mode can show what it held back) and, on a saved row, to go to the next, ←/→ between rows; an
// optional note (why this label) is saved with it, and keys typed there stay text. Blind mode (on by default) hides
// the models' labels until this person's label is saved, so the person is not anchored by them. Each field's buttons are a group named by the field; the field
// in focus is marked (aria-current) and said in a polite live region as the keys move it or set it, since the keys
// act where the DOM focus is not. Without a run (a data set's own labelling, before any model has
// run) there are no models: the queue is the sample then the rest, and other people's labels wait for this person's.
// Under the data set's labels per row (overlap) the server leaves out rows others have labelled enough; the form says
// how many are left (OverlapNote) and, after each save, asks again for the rows ahead. "Sar peste" (S) saves the row
// as skipped, with no labels, and goes on; "Nu sunt sigur(ă)" saves the labels as unsure, for the adjudicator. Words
// selected in the text (with the mouse, or with the keys after V) are marked as evidence for a field or the whole
// label (ReviewEvidence) and saved with it. A save that would leave fields empty asks once (SaveHeldNote).
import { useCallback, useEffect, useId, useLayoutEffect, useReducer, useRef, useState } from "react";
import { type DatasetGuidelines, type QueueResponse, type RunSummary } from "../../../../contract/workbench";
import { useAccess } from "../../AccessGate";
import { useI18n } from "../../i18nContext";
import {
  currentEntry,
  enterMeans,
  initialReviewState,
  isDirty,
  needsMoreQueue,
  queueCursor,
  queuePosition,
  QUEUE_PAGE,
  reviewReducer,
  reviewSaveBody,
  reviewSkipBody,
  canSkip,
  touched,
  type QueueMode,
  type SaveVia,
} from "../../state/review";
import {
  browserDraftStorage,
  conflictOf,
  expectedVersion,
  keepLabelDraft,
  labelDraftKey,
  readLabelDraft,
} from "../../state/labelConflict";
import { LabelConflict } from "./LabelConflict";
import {
  OverlapNote,
  reasonText,
  ReviewFields,
  ReviewOthers,
  ReviewToolbar,
  SaveHeldNote,
} from "./ReviewParts";
import { fetchItem, fetchQueue, saveLabel, type ReviewSource } from "../../workbenchApi";
import { useMyLabels } from "./useMyLabels";
import { mineCount } from "../../state/myLabels";
import { CodebookWarning, MineEmpty, MineFilter } from "./ReviewMine";
import { ItemMetaList } from "./ItemMetaList";
import { errorText, isAbort } from "./errorText";
import { GuidelinesPanel, useGuidelinesPanel } from "./GuidelinesPanel";
import { ReviewNote } from "./ReviewNote";
import { ReviewActions } from "./ReviewActions";
import { ReviewEvidence, type ReviewEvidenceHandle } from "./ReviewEvidence";
import { useReviewKeys } from "./useReviewKeys";
import { fieldName, labelText } from "../../labelWords";
import { useLeaveWarning } from "../../useLeaveWarning";

const sourceOf = (runId: string | undefined, datasetId: string): ReviewSource => runId ?? { datasetId };

/**
 * Whether to start on the sample: the first page of a run's priority queue came back empty and the sample still has
 * rows this person has not labelled. Asked once per view (`checked`, set once answered).
 */
export async function sampleHasRows(
  response: QueueResponse,
  runId: string,
  annotator: string,
  signal: AbortSignal | undefined,
  checked: { current: boolean },
): Promise<boolean> {
  if (checked.current || response.mode !== "priority") return false;
  if (response.items.length > 0) {
    checked.current = true;
    return false;
  }
  // Checked only once the sample answered: a load aborted meanwhile (a re-render) leaves the question to the next.
  const sample = await fetchQueue(runId, { annotator, mode: "sample", limit: 1 }, signal);
  checked.current = true;
  return sample.remaining > 0;
}

export function ReviewView({
  run,
  datasetId,
  annotator,
  blind: blindChosen,
  onBlind,
  blindByOwner = false,
  onSaved,
  guidelines,
}: {
  /** The data set's annotation guidelines (shown above the form, blind or not); null or absent when there are none. */
  guidelines?: DatasetGuidelines | null;
  /** Absent for a data set's own labelling (no run yet). */
  run?: RunSummary;
  datasetId: string;
  annotator: string;
  blind: boolean;
  onBlind: (blind: boolean) => void;
  /** The data set's owner chose blind review for this viewer: the checkbox stays on (the server enforces it). */
  blindByOwner?: boolean;
  onSaved: () => void;
}) {
  const { t, lang } = useI18n();
  const [state, dispatch] = useReducer(reviewReducer, undefined, () => initialReviewState());
  const [loadError, setLoadError] = useState<string>();
  // The review moved to the sample by itself (the priority queue had nothing for this person): the hint says why.
  const [autoSample, setAutoSample] = useState(false);
  const entry = currentEntry(state);
  const name = annotator.trim();
  const runId = run?.id;
  // Without models blindness only keeps other people's labels back until this person saved: always on.
  const blind = run && !blindByOwner ? blindChosen : true;
  // A run's priority queue is empty when every row is in the sample (a small data set): start on the sample then,
  // once, if it has rows left for this person.
  const sampleChecked = useRef(false);
  // Whose reading of the guidelines is remembered: the account's; without accounts this browser's (the name typed
  // would open and fold the panel at each keystroke of "Ioana").
  const { user } = useAccess();
  const panel = useGuidelinesPanel(guidelines, datasetId, user.kind === "user" ? user.name : "");
  const hasGuidelines = Boolean(guidelines);
  const toggleGuidelines = panel.toggle;

  // "Etichetele mele": read apart from the server's queues (./useMyLabels.ts), so that the guidelines' date never
  // asks the priority or sample queue again.
  const mode = state.mode;
  // Another name typed: another person's queue and count (this session's saves were the previous name's).
  const person = useRef(name);
  useEffect(() => {
    if (person.current === name) return;
    person.current = name;
    dispatch({ type: "review:person" });
  }, [name]);
  const reportMine = useCallback(
    (err: unknown) => setLoadError(err === undefined || isAbort(err) ? undefined : errorText(err, t)),
    [t],
  );
  const mine = useMyLabels({
    datasetId,
    name,
    mode,
    blind,
    guidelinesAt: guidelines?.updatedAt ?? null,
    dispatch,
    onError: reportMine,
  });

  // The queue, from the start whenever the person, the mode or blindness changes; then a page at a time after the
  // last row held (the route's `after` cursor).
  const loadQueue = useCallback(
    async (after: number | undefined, signal?: AbortSignal) => {
      if (!name) return;
      // The "mine" queue is read whole by useMyLabels, never from the server's queue.
      if (mode === "mine") return;
      try {
        const query = { annotator: name, mode, limit: QUEUE_PAGE, after };
        const response = await fetchQueue(sourceOf(runId, datasetId), query, signal);
        dispatch({ type: "review:queue", response, append: after !== undefined, asked: QUEUE_PAGE });
        setLoadError(undefined);
        if (runId && (await sampleHasRows(response, runId, name, signal, sampleChecked))) {
          dispatch({ type: "review:mode", mode: "sample" });
          setAutoSample(true);
        }
      } catch (err) {
        if (!isAbort(err)) setLoadError(errorText(err, t));
      }
    },
    [runId, datasetId, name, mode, t],
  );
  useEffect(() => {
    const controller = new AbortController();
    void loadQueue(undefined, controller.signal);
    return () => controller.abort();
  }, [loadQueue, blind]);

  // The next page when the person nears the end of what is held.
  const cursor = queueCursor(state);
  const refill = needsMoreQueue(state) && cursor !== undefined;
  useEffect(() => {
    if (!refill) return;
    const controller = new AbortController();
    void loadQueue(cursor, controller.signal);
    return () => controller.abort();
  }, [refill, loadQueue, cursor]);

  // The row on screen, whole; withheld labels stay withheld until this person saved.
  const idx = entry?.idx;
  const reload = useCallback(
    async (signal?: AbortSignal, replace = false) => {
      if (idx === undefined || !name) return;
      try {
        const item = await fetchItem(sourceOf(runId, datasetId), idx, { annotator: name, blind }, signal);
        // A choice not saved last time (a reload, a closed tab) comes back, unless the person keeps what is saved.
        const key = labelDraftKey(datasetId, idx, name);
        if (replace) keepLabelDraft(browserDraftStorage(), key, undefined);
        const kept = replace ? undefined : readLabelDraft(browserDraftStorage(), key);
        dispatch({ type: "review:read", item, kept, replace });
      } catch (err) {
        if (!isAbort(err)) setLoadError(errorText(err, t));
      }
    },
    [runId, datasetId, idx, name, blind, t],
  );
  useEffect(() => {
    const controller = new AbortController();
    void reload(controller.signal);
    return () => controller.abort();
  }, [reload]);
  // A tab left in the background may hold a row saved since in another: it is read again as the tab comes back.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") void reload();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [reload]);

  // What is chosen and not saved is kept in the browser per data set, row and person, and the page asks before it
  // is closed or reloaded.
  const unsaved = Boolean(state.item) && touched(state);
  const { item: heldItem, draft: heldDraft, note: heldNote, evidence: heldEvidence } = state;
  useEffect(() => {
    if (!heldItem || !name) return;
    const key = labelDraftKey(datasetId, heldItem.idx, name);
    const base = heldItem.mine?.updatedAt ?? null;
    keepLabelDraft(
      browserDraftStorage(),
      key,
      unsaved ? { draft: heldDraft, note: heldNote, evidence: heldEvidence, base } : undefined,
    );
  }, [heldItem, heldDraft, heldNote, heldEvidence, unsaved, datasetId, name]);
  useLeaveWarning(unsaved);

  // Key handlers read the newest state through a ref, so they are not re-attached on every key.
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  }, [state]);
  const save = useCallback(
    async (skip = false) => {
      const s = stateRef.current;
      if (skip && !canSkip(s)) return;
      const body = skip ? reviewSkipBody(s, name) : reviewSaveBody(s, name);
      if (!s.item || !body || s.saving) return;
      dispatch({ type: "review:saving" });
      try {
        // The version of this person's label the page read: a save made since in another tab is not overwritten unseen.
        const expected = { expectedUpdatedAt: expectedVersion(s.item.mine) };
        const label = await saveLabel(datasetId, s.item.idx, { ...body, ...expected }, s.item.withheld);
        keepLabelDraft(browserDraftStorage(), labelDraftKey(datasetId, label.idx, name), undefined);
        dispatch({ type: "review:saved", label });
        // A skipped row is done with: the next one comes.
        if (skip) dispatch({ type: "review:move", delta: 1 });
        onSaved();
        // Saved: the models' labels may now be shown.
        if (s.item.withheld) void reload();
        // Under labels per row, rows held ahead may have had their labels from others meanwhile: the queue after this
        // row is asked again, so that the next row is one that still needs labels.
        if (s.overlap !== null && s.mode !== "mine") {
          const query = { annotator: name, mode: s.mode, limit: QUEUE_PAGE, after: s.item.idx };
          fetchQueue(sourceOf(runId, datasetId), query)
            .then((response) =>
              dispatch({ type: "review:queueAhead", response, after: label.idx, asked: QUEUE_PAGE }),
            )
            .catch((err: unknown) => {
              if (!isAbort(err)) setLoadError(errorText(err, t));
            });
        }
      } catch (err) {
        const stored = conflictOf(err);
        dispatch(
          stored
            ? { type: "review:conflict", stored }
            : { type: "review:failed", message: errorText(err, t) },
        );
      }
    },
    [datasetId, runId, name, onSaved, reload, t],
  );

  // Enter, Ctrl+Enter in the note and "Salvează" alike: fields left empty are named once before the row is saved.
  const onEnter = useCallback(
    (via: SaveVia) => {
      const what = enterMeans(stateRef.current);
      if (what === "save") void save();
      else if (what === "ask") dispatch({ type: "review:incomplete", via });
      else if (what === "noLabels") dispatch({ type: "review:noLabels" });
      else if (what === "next") dispatch({ type: "review:move", delta: 1 });
    },
    [save],
  );

  // The label the last key press set, said before the field the focus moved on to; forgotten on any other move.
  const evidenceRef = useRef<ReviewEvidenceHandle>(null);
  const { lastPick, forgetPick } = useReviewKeys({
    name,
    stateRef,
    dispatch,
    onEnter,
    save,
    hasGuidelines,
    toggleGuidelines,
    evidenceRef,
  });

  // The card is far down the page (the run's header and tabs above it): each text shown is brought into view, so
  // that the keys label what the reader sees.
  const cardRef = useRef<HTMLElement>(null);
  const shownIdx = name ? entry?.idx : undefined;
  useEffect(() => {
    if (shownIdx !== undefined) cardRef.current?.scrollIntoView?.({ block: "nearest" });
  }, [shownIdx]);

  const setMode = (mode: QueueMode) => {
    setAutoSample(false);
    dispatch({ type: "review:mode", mode });
  };
  const labelledCount = mineCount(mine.rows, state.saved, state.mode);
  const item = state.item;
  const dirty = isDirty(state);
  const done = Boolean(item?.mine) && !dirty;
  const fieldIds = useId();
  const picked = lastPick && lastPick.idx === entry?.idx ? lastPick : undefined;
  const announcement = [
    picked &&
      t("wb.review.picked", {
        field: fieldName(picked.field, t),
        value: labelText(picked.field, picked.value, t, lang),
      }),
    t("wb.review.fieldNow", { field: fieldName(state.field, t) }),
  ]
    .filter(Boolean)
    .join(" ");
  // While the card names the empty fields (its own live region), the field the cursor moved to is not said over it.
  const said = useRef(announcement);
  if (state.held?.why !== "incomplete") said.current = announcement;

  return (
    <div className="wb-review" data-testid="review">
      <ReviewToolbar
        state={state}
        run={run}
        blind={blind}
        blindByOwner={blindByOwner}
        onBlind={onBlind}
        onMode={setMode}
        mine={labelledCount}
      />
      {state.mode === "mine" && guidelines && (
        <MineFilter checked={mine.onlyBeforeGuidelines} onChange={mine.setOnlyBeforeGuidelines} />
      )}
      <OverlapNote state={state} name={name} />
      <p className="hint" data-testid="review-mode-hint">
        {t(
          state.mode === "sample"
            ? autoSample
              ? "wb.review.sampleAuto"
              : "wb.review.sampleHint"
            : state.mode === "mine"
              ? "wb.review.mineHint"
              : run
                ? blindByOwner
                  ? "wb.review.priorityBlindHint"
                  : "wb.review.priorityHint"
                : "wb.review.allHint",
        )}
      </p>

      <GuidelinesPanel
        guidelines={guidelines}
        open={panel.open}
        start={panel.start}
        onToggle={toggleGuidelines}
      />

      {!name && <p className="note note-warn">{t("wb.review.needName")}</p>}
      {loadError && (
        <p className="error-text" role="alert">
          {loadError}
        </p>
      )}
      {name && state.total !== null && state.entries.length === 0 && !(state.overlap && state.full > 0) && (
        <p className="hint" data-testid="review-empty">
          {t(state.total === 0 && state.mode === "priority" ? "wb.review.emptyPriority" : "wb.review.empty")}{" "}
          {state.mode === "priority" && run && (
            <button type="button" className="link-button" onClick={() => setMode("sample")}>
              {t("wb.review.toSample")}
            </button>
          )}
        </p>
      )}

      {name && state.mode === "mine" && state.exhausted && state.entries.length === 0 && (
        <MineEmpty filtered={mine.filtered} />
      )}

      {name && entry && (
        <article
          ref={cardRef}
          className="wb-review-card"
          data-testid="review-item"
          data-idx={entry.idx}
          data-saved={done ? "true" : "false"}
          // Keys choose nothing until the row is read (a label is for a text read).
          aria-busy={item || loadError ? undefined : true}
        >
          <header className="wb-review-head">
            <strong>{t("wb.item.title", { n: entry.idx + 1 })}</strong>
            <span className="hint">
              {t("wb.review.position", queuePosition(state))}
              {entry.reasons.length > 0 && ` · ${entry.reasons.map((r) => reasonText(r, t)).join(", ")}`}
            </span>
          </header>
          {item ? (
            <ReviewEvidence
              ref={evidenceRef}
              text={item.text}
              evidence={state.evidence}
              onEvidence={(evidence) => dispatch({ type: "review:evidence", evidence })}
            />
          ) : (
            <p className="hint">{t("wb.results.loading")}</p>
          )}
          {/* Under blind review the server already withholds gold kept as metadata. */}
          <ItemMetaList meta={item?.meta} testId="review-meta" />

          <ReviewFields
            field={state.field}
            draft={state.draft}
            idPrefix={fieldIds}
            onFocus={(field) => {
              forgetPick();
              dispatch({ type: "review:focus", field });
            }}
            onPick={(field, value) => dispatch({ type: "review:pick", field, value })}
          />

          <CodebookWarning draft={state.draft} field={state.field} saved={Boolean(item?.mine)} />
          <SaveHeldNote held={state.held} skippable={canSkip(state)} />

          <ReviewNote
            note={state.note}
            disabled={!item}
            onNote={(note) => dispatch({ type: "review:note", note })}
          />

          {state.restored && (
            <p className="hint" data-testid="label-draft-restored">
              {t("wb.draft.restored")}
            </p>
          )}
          {state.conflict && (
            <LabelConflict
              stored={state.conflict}
              draft={state.draft}
              note={state.note}
              evidence={state.evidence}
              text={state.item?.text ?? ""}
              busy={state.saving}
              onKeep={() => void reload(undefined, true)}
              onOverwrite={() => {
                // The save reads the newest state through the ref: the stored version becomes the one expected.
                stateRef.current = reviewReducer(stateRef.current, { type: "review:overwrite" });
                dispatch({ type: "review:overwrite" });
                void save();
              }}
            />
          )}

          <p className="sr-only" aria-live="polite" data-testid="review-field-live">
            {said.current}
          </p>

          <ReviewActions
            state={state}
            done={done}
            withModels={Boolean(run && item?.annotations)}
            dispatch={dispatch}
            onSave={(skip) => (skip ? void save(true) : onEnter("button"))}
          />

          <ReviewOthers item={item} run={run} />
        </article>
      )}
    </div>
  );
}
