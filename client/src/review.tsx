// The human side of the review, shared by every card and answer through one context: corrections of
// annotations (POST/GET /api/labels) with the annotator's remembered name, and 👍/👎 feedback on answers.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useState,
  type ReactNode,
} from "react";
import type { Annotation } from "../../contract/annotation";
import { fetchLabels, postFeedback, postLabel } from "./api";
import { safeStorage } from "./i18n";
import {
  feedbackReducer,
  loadFeedback,
  saveFeedback,
  type FeedbackState,
  type FeedbackValue,
} from "./state/feedback";
import {
  labelKey,
  labelsFrom,
  loadAnnotator,
  saveAnnotator,
  withLabel,
  type LabelView,
  type LabelsState,
} from "./state/labels";
import { useAccess } from "./AccessGate";
import { pagesFor } from "./access";

interface Review {
  labels: LabelsState;
  labelFor(messageId: string, target: string): LabelView | undefined;
  /** Stores a correction by `annotator`; rejects with the server's error (shown by the form). */
  saveLabel(messageId: string, target: string, annotation: Annotation, annotator: string): Promise<void>;
  annotator: string;
  setAnnotator(name: string): void;
  feedback: FeedbackState;
  sendFeedback(messageId: string, value: FeedbackValue, comment?: string): void;
}

const ReviewContext = createContext<Review | null>(null);

type LabelsAction =
  { type: "loaded"; labels: LabelsState } | { type: "saved"; label: Parameters<typeof withLabel>[1] };

function labelsReducer(state: LabelsState, action: LabelsAction): LabelsState {
  // Corrections saved before the list arrived are newer than the list: keep them.
  return action.type === "loaded" ? { ...action.labels, ...state } : withLabel(state, action.label);
}

export function ReviewProvider({ children }: { children: ReactNode }) {
  const [labels, dispatchLabels] = useReducer(labelsReducer, {});
  const [annotator, setAnnotatorState] = useState(() => loadAnnotator(safeStorage()));
  const [feedback, dispatchFeedback] = useReducer(feedbackReducer, undefined, () =>
    loadFeedback(safeStorage()),
  );

  const mayAnnotate = pagesFor(useAccess().user).annotate;
  useEffect(() => {
    // A guest corrects nothing (the server refuses): no list to load.
    if (!mayAnnotate) return;
    const controller = new AbortController();
    fetchLabels(controller.signal)
      .then((list) => dispatchLabels({ type: "loaded", labels: labelsFrom(list) }))
      .catch((err: unknown) => {
        // Without the list, cards show the models' annotations; new corrections still work.
        if (!controller.signal.aborted) console.error("could not load the corrections", err);
      });
    return () => controller.abort();
  }, [mayAnnotate]);

  useEffect(() => saveFeedback(feedback, safeStorage()), [feedback]);

  const labelFor = useCallback(
    (messageId: string, target: string) => labels[labelKey(messageId, target)],
    [labels],
  );

  const saveLabel = useCallback(
    async (messageId: string, target: string, annotation: Annotation, name: string) => {
      const label = await postLabel({ messageId, target, annotation, annotator: name.trim() || undefined });
      dispatchLabels({ type: "saved", label });
    },
    [],
  );

  const setAnnotator = useCallback((name: string) => {
    setAnnotatorState(name);
    saveAnnotator(name, safeStorage());
  }, []);

  const sendFeedback = useCallback((messageId: string, value: FeedbackValue, comment?: string) => {
    dispatchFeedback({ type: "feedback:send", messageId, value, comment });
    postFeedback(messageId, value, comment?.trim() || undefined)
      .then(() => dispatchFeedback({ type: "feedback:sent", messageId }))
      .catch((err: unknown) => {
        console.error("could not send the feedback", err);
        dispatchFeedback({ type: "feedback:failed", messageId });
      });
  }, []);

  const value = useMemo<Review>(
    () => ({ labels, labelFor, saveLabel, annotator, setAnnotator, feedback, sendFeedback }),
    [labels, labelFor, saveLabel, annotator, setAnnotator, feedback, sendFeedback],
  );
  return <ReviewContext.Provider value={value}>{children}</ReviewContext.Provider>;
}

export function useReview(): Review {
  const review = useContext(ReviewContext);
  if (!review) throw new Error("useReview outside ReviewProvider");
  return review;
}
