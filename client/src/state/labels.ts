// Human corrections of annotations (POST /api/labels): which ones exist, and the edit form's draft as pure
// functions. A correction replaces the model's annotation on screen; the model's stays available beside it.
import {
  JUSTIFICATION_MAX_CHARS,
  TONES,
  TOPICS,
  type Annotation,
  type Tone,
  type Topic,
} from "../../../contract/annotation";
import type { HumanLabel } from "../../../contract/threads";
import type { AttributedAnnotation } from "./chat";

// The codebook's values and limits come from the contract, so the form offers exactly what the schema accepts.
export const TONE_VALUES: readonly Tone[] = TONES;
export const TOPIC_VALUES: readonly Topic[] = TOPICS;
/** The schema's limit on `justificare`. */
export const JUSTIFICATION_MAX = JUSTIFICATION_MAX_CHARS;

/** A correction as the UI shows it. */
export interface LabelView {
  annotation: Annotation;
  annotator: string;
  createdAt: string;
  /** The model whose annotation was corrected. */
  correctedModel?: string;
}

/** Corrections by `labelKey(messageId, target)`; the newest one for a target wins. */
export type LabelsState = Readonly<Record<string, LabelView>>;

export function labelKey(messageId: string, target: string): string {
  return `${messageId}\u0000${target}`;
}

function toView(label: HumanLabel): LabelView {
  return {
    annotation: label.annotation,
    annotator: label.annotator,
    createdAt: label.createdAt,
    correctedModel: label.correctedModel,
  };
}

export function labelsFrom(labels: readonly HumanLabel[]): LabelsState {
  let state: LabelsState = {};
  for (const label of labels) state = withLabel(state, label);
  return state;
}

export function withLabel(state: LabelsState, label: HumanLabel): LabelsState {
  const key = labelKey(label.messageId, label.target);
  const current = state[key];
  if (current && current.createdAt > label.createdAt) return state;
  return { ...state, [key]: toView(label) };
}

/** What a card shows: the correction when there is one, with the model's original kept beside it. */
export interface ShownAnnotation {
  annotation: Annotation;
  corrected?: LabelView;
  original?: AttributedAnnotation;
}

export function shownAnnotation(
  original: AttributedAnnotation | undefined,
  label: LabelView | undefined,
): ShownAnnotation | undefined {
  if (label) return { annotation: label.annotation, corrected: label, original };
  return original ? { annotation: original.annotation, original } : undefined;
}

/** The fields a person changed, in the schema's order, for "corrected: tone, populism". */
export function changedFields(before: Annotation, after: Annotation): (keyof Annotation)[] {
  const keys: (keyof Annotation)[] = [
    "ton",
    "populism",
    "anti_elitism",
    "popor_central",
    "tema",
    "tinta",
    "incredere",
    "justificare",
    "dovezi",
  ];
  return keys.filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

// ---- the edit form ----

/**
 * The form's values: text fields as typed, evidence as one line separated by semicolons (evidence phrases
 * may contain commas: "noi, cei de jos").
 */
export interface AnnotationDraft {
  ton: Tone;
  populism: boolean;
  anti_elitism: boolean;
  popor_central: boolean;
  tema: Topic;
  tinta: string;
  incredere: number;
  justificare: string;
  dovezi: string;
}

export function draftFrom(a: Annotation): AnnotationDraft {
  return {
    ton: a.ton,
    populism: a.populism,
    anti_elitism: a.anti_elitism,
    popor_central: a.popor_central,
    tema: a.tema,
    tinta: a.tinta ?? "",
    incredere: a.incredere,
    justificare: a.justificare,
    dovezi: (a.dovezi ?? []).join("; "),
  };
}

/**
 * Sets one populism dimension. The codebook calls a text populist only when it is anti-elitist AND
 * people-centred, so the flag follows the two dimensions (a person can still untick it afterwards).
 */
export function setDimension(
  draft: AnnotationDraft,
  dimension: "anti_elitism" | "popor_central",
  value: boolean,
): AnnotationDraft {
  const next = { ...draft, [dimension]: value };
  return { ...next, populism: next.anti_elitism && next.popor_central };
}

export type DraftProblem = "justification.tooLong" | "populism.withoutDimensions";

/** What keeps the draft from being saved (blocking), or deserves a second look (the populism rule). */
export function draftProblems(draft: AnnotationDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (draft.justificare.trim().length > JUSTIFICATION_MAX) problems.push("justification.tooLong");
  if (draft.populism && !(draft.anti_elitism && draft.popor_central))
    problems.push("populism.withoutDimensions");
  return problems;
}

export function isBlocking(problem: DraftProblem): boolean {
  return problem === "justification.tooLong";
}

/** The annotation a draft stands for, valid against the server's schema. */
export function annotationFromDraft(draft: AnnotationDraft): Annotation {
  const tinta = draft.tinta.trim();
  const dovezi = draft.dovezi
    .split(";")
    .map((w) => w.trim())
    .filter(Boolean);
  return {
    ton: draft.ton,
    populism: draft.populism,
    anti_elitism: draft.anti_elitism,
    popor_central: draft.popor_central,
    tema: draft.tema,
    tinta: tinta || null,
    incredere: Math.min(1, Math.max(0, Math.round(draft.incredere * 100) / 100)),
    justificare: draft.justificare.trim().slice(0, JUSTIFICATION_MAX),
    ...(dovezi.length > 0 ? { dovezi } : {}),
  };
}

// ---- the annotator's name, remembered between visits ----

const ANNOTATOR_KEY = "echochamber.annotator";

export function loadAnnotator(storage: Pick<Storage, "getItem"> | undefined): string {
  return storage?.getItem(ANNOTATOR_KEY)?.trim().slice(0, 100) ?? "";
}

export function saveAnnotator(name: string, storage: Pick<Storage, "setItem"> | undefined): void {
  try {
    storage?.setItem(ANNOTATOR_KEY, name.trim().slice(0, 100));
  } catch (err) {
    console.warn("could not remember the annotator", err);
  }
}
