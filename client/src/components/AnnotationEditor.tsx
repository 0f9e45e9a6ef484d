// The form that corrects an annotation: tone and topic from the codebook's lists, the populism dimensions as
// checkboxes (the flag follows them), target and justification as text, confidence as a slider, and the
// annotator's name, remembered for the next correction. Saving stores a human label (POST /api/labels).
import { useId, useState, type FormEvent } from "react";
import type { Annotation } from "../../../contract/annotation";
import { ApiError } from "../api";
import { formatDecimal } from "../format";
import { TONE_KEYS, topicLabel } from "../i18n";
import { useI18n } from "../i18nContext";
import { useReview } from "../review";
import {
  JUSTIFICATION_MAX,
  TONE_VALUES,
  TOPIC_VALUES,
  annotationFromDraft,
  draftFrom,
  draftProblems,
  isBlocking,
  setDimension,
  type AnnotationDraft,
} from "../state/labels";

interface Props {
  initial: Annotation;
  /** Stores the correction under the annotator's name (empty: the server files it as "anonim"). */
  onSave: (annotation: Annotation, annotator: string) => Promise<void>;
  onCancel: () => void;
}

export function AnnotationEditor({ initial, onSave, onCancel }: Props) {
  const { t, lang } = useI18n();
  const { annotator, setAnnotator } = useReview();
  const id = useId();
  const [draft, setDraft] = useState<AnnotationDraft>(() => draftFrom(initial));
  const [name, setName] = useState(annotator);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const problems = draftProblems(draft);
  const blocked = problems.some(isBlocking);

  const set = <K extends keyof AnnotationDraft>(key: K, value: AnnotationDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (blocked || saving) return;
    setSaving(true);
    setError(undefined);
    const who = name.trim();
    if (who !== annotator) setAnnotator(who);
    try {
      await onSave(annotationFromDraft(draft), who);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t("annotation.saveFailed"));
      setSaving(false);
    }
  }

  return (
    <form
      className="annotation-editor"
      data-testid="annotation-editor"
      onSubmit={submit}
      onKeyDown={(e) => {
        // Esc leaves the form (and does not also stop an answer or close the panel).
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <div className="editor-grid">
        <label htmlFor={`${id}-ton`}>{t("annotation.field.ton")}</label>
        <select
          id={`${id}-ton`}
          data-testid="label-ton"
          value={draft.ton}
          onChange={(e) => set("ton", e.target.value as AnnotationDraft["ton"])}
        >
          {TONE_VALUES.map((tone) => (
            <option key={tone} value={tone}>
              {t(TONE_KEYS[tone])}
            </option>
          ))}
        </select>

        <label htmlFor={`${id}-tema`}>{t("annotation.field.tema")}</label>
        <select
          id={`${id}-tema`}
          data-testid="label-tema"
          value={draft.tema}
          onChange={(e) => set("tema", e.target.value as AnnotationDraft["tema"])}
        >
          {TOPIC_VALUES.map((topic) => (
            <option key={topic} value={topic}>
              {topicLabel(lang, topic)}
            </option>
          ))}
        </select>

        <span className="editor-label">{t("annotation.populism")}</span>
        <div className="editor-checks">
          <label>
            <input
              type="checkbox"
              data-testid="label-anti-elitism"
              checked={draft.anti_elitism}
              onChange={(e) => setDraft((d) => setDimension(d, "anti_elitism", e.target.checked))}
            />{" "}
            {t("annotation.antiElitism")}
          </label>
          <label>
            <input
              type="checkbox"
              data-testid="label-popor-central"
              checked={draft.popor_central}
              onChange={(e) => setDraft((d) => setDimension(d, "popor_central", e.target.checked))}
            />{" "}
            {t("annotation.peopleCentrism")}
          </label>
          <label className="populist-check">
            <input
              type="checkbox"
              data-testid="label-populism"
              checked={draft.populism}
              onChange={(e) => set("populism", e.target.checked)}
            />{" "}
            {t("annotation.populist")}
          </label>
        </div>
        {problems.includes("populism.withoutDimensions") && (
          <p className="editor-hint warn">{t("annotation.populismRule")}</p>
        )}

        <label htmlFor={`${id}-tinta`}>{t("annotation.target")}</label>
        <input
          id={`${id}-tinta`}
          type="text"
          value={draft.tinta}
          maxLength={200}
          placeholder={t("annotation.targetPlaceholder")}
          onChange={(e) => set("tinta", e.target.value)}
        />

        <label htmlFor={`${id}-incredere`}>
          {t("annotation.field.incredere")} <output>{formatDecimal(draft.incredere, lang, 2)}</output>
        </label>
        <input
          id={`${id}-incredere`}
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={draft.incredere}
          onChange={(e) => set("incredere", Number(e.target.value))}
        />

        <label htmlFor={`${id}-justificare`}>{t("annotation.justification")}</label>
        <div>
          <textarea
            id={`${id}-justificare`}
            rows={2}
            value={draft.justificare}
            onChange={(e) => set("justificare", e.target.value)}
            aria-invalid={problems.includes("justification.tooLong")}
          />
          <span className={`editor-count${problems.includes("justification.tooLong") ? " over" : ""}`}>
            {draft.justificare.trim().length}/{JUSTIFICATION_MAX}
          </span>
        </div>

        <label htmlFor={`${id}-dovezi`}>{t("annotation.evidence")}</label>
        <input
          id={`${id}-dovezi`}
          type="text"
          value={draft.dovezi}
          placeholder={t("annotation.evidencePlaceholder")}
          onChange={(e) => set("dovezi", e.target.value)}
        />

        <label htmlFor={`${id}-annotator`}>{t("annotation.annotator")}</label>
        <input
          id={`${id}-annotator`}
          type="text"
          data-testid="label-annotator"
          value={name}
          maxLength={100}
          autoComplete="name"
          placeholder={t("annotation.annotatorPlaceholder")}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="editor-actions">
        <button
          type="submit"
          className="primary-button"
          data-testid="label-save"
          disabled={blocked || saving}
        >
          {saving ? t("annotation.saving") : t("annotation.save")}
        </button>
        <button type="button" className="ghost-button" onClick={onCancel} disabled={saving}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
