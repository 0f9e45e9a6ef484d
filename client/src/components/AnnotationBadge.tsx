// An annotation card, for the user's message and for each source: at a glance the tone colour, populism with
// its dimensions, topic, confidence and who annotated it; expanded, the evidence words, target and
// justification. A person can correct it (stored as a human label); the card then shows the correction,
// "corrected by <name>", and keeps the model's original in the hover text and in the expanded view.
import { useId, useState } from "react";
import type { Annotation } from "../../../contract/annotation";
import { justificationIn } from "../../../contract/lexiconReasons";
import { TONE_KEYS, topicLabel, type MessageKey, type Translate } from "../i18n";
import { useI18n } from "../i18nContext";
import { useReview } from "../review";
import type { AttributedAnnotation } from "../state/chat";
import { changedFields, shownAnnotation } from "../state/labels";
import { AnnotationEditor } from "./AnnotationEditor";
import { useAccess } from "../AccessGate";
import { pagesFor } from "../access";

const FIELD_KEYS: Record<keyof Annotation, MessageKey> = {
  ton: "annotation.field.ton",
  populism: "annotation.populism",
  anti_elitism: "annotation.antiElitism",
  popor_central: "annotation.peopleCentrism",
  tema: "annotation.topic",
  tinta: "annotation.target",
  incredere: "annotation.confidence",
  justificare: "annotation.justification",
  dovezi: "annotation.evidence",
};

interface Props {
  /** The model's annotation; undefined when only a correction exists (or nothing yet). */
  value: AttributedAnnotation | undefined;
  /** What was annotated, for tests and styling: "message" or "source". */
  target: "message" | "source";
  /** Where a correction is stored (the answer's id and "message" or the source's id); absent until stored. */
  labelTarget?: { messageId: string; target: string };
  /** Only tone and populism on the row, for the compact source list. */
  compact?: boolean;
  defaultOpen?: boolean;
  /**
   * What to say when this annotation cannot be corrected here (no labelTarget): by default the chat's "once the
   * answer has finished"; a page without answers says its own.
   */
  uncorrectableNote?: MessageKey;
}

function dimensionsOf(a: Annotation, t: Translate): string[] {
  return [
    a.anti_elitism ? t("annotation.antiElitism") : undefined,
    a.popor_central ? t("annotation.peopleCentrism") : undefined,
  ].filter((d): d is string => d !== undefined);
}

/** The annotation in one line of words, for hover texts and screen readers. */
export function annotationSentence(a: Annotation, t: Translate, lang: "ro" | "en"): string {
  const dims = dimensionsOf(a, t);
  return [
    t(TONE_KEYS[a.ton] ?? "tone.neutru"),
    a.populism ? t("annotation.populist") : t("annotation.notPopulist"),
    dims.length > 0 && !a.populism ? dims.join(", ") : undefined,
    topicLabel(lang, a.tema),
    `${Math.round(a.incredere * 100)}%`,
  ]
    .filter(Boolean)
    .join(" · ");
}

function Chips({ a, compact }: { a: Annotation; compact?: boolean }) {
  const { t, lang } = useI18n();
  const dims = dimensionsOf(a, t);
  return (
    <>
      <span className={`chip tone tone-${a.ton}`}>{t(TONE_KEYS[a.ton] ?? "tone.neutru")}</span>
      {a.populism ? (
        <span className="chip populist">
          {t("annotation.populist")}
          {!compact && dims.length > 0 && <span className="chip-sub">{dims.join(" · ")}</span>}
        </span>
      ) : (
        !compact &&
        dims.map((d) => (
          <span key={d} className="chip dimension">
            {d}
          </span>
        ))
      )}
      {!compact && (
        <>
          <span className="chip topic" title={t("annotation.topic")}>
            {topicLabel(lang, a.tema)}
          </span>
          <span className="chip confidence" title={t("annotation.confidence")}>
            {Math.round(a.incredere * 100)}%
          </span>
        </>
      )}
    </>
  );
}

function Details({ a, model }: { a: Annotation; model: string }) {
  const { t, lang } = useI18n();
  const evidence = a.dovezi ?? [];
  return (
    <dl className="badge-fields">
      <dt>{t("annotation.evidence")}</dt>
      <dd>
        {evidence.length > 0 ? (
          <ul className="evidence">
            {evidence.map((word, i) => (
              <li key={`${i}-${word}`}>{word}</li>
            ))}
          </ul>
        ) : (
          "—"
        )}
      </dd>
      <dt>{t("annotation.populism")}</dt>
      <dd>
        <span className={a.populism ? "yes" : "no"}>{a.populism ? "✓" : "✗"}</span> ·{" "}
        {t("annotation.antiElitism")}{" "}
        <span className={a.anti_elitism ? "yes" : "no"}>{a.anti_elitism ? "✓" : "✗"}</span> ·{" "}
        {t("annotation.peopleCentrism")}{" "}
        <span className={a.popor_central ? "yes" : "no"}>{a.popor_central ? "✓" : "✗"}</span>
      </dd>
      <dt>{t("annotation.target")}</dt>
      <dd>{a.tinta || "—"}</dd>
      <dt>{t("annotation.justification")}</dt>
      <dd>{a.justificare ? justificationIn(a.justificare, lang) : "—"}</dd>
      <dt>{t("annotation.model")}</dt>
      <dd>
        <code>{model}</code>
      </dd>
    </dl>
  );
}

export function AnnotationBadge({
  value,
  target,
  labelTarget,
  compact = false,
  defaultOpen = false,
  uncorrectableNote = "annotation.editLater",
}: Props) {
  const { t, lang } = useI18n();
  const review = useReview();
  // Correcting an annotation is annotating: not for a guest.
  const mayCorrect = pagesFor(useAccess().user).annotate;
  const [open, setOpen] = useState(defaultOpen);
  const [editing, setEditing] = useState(false);
  const detailsId = useId();
  const label = labelTarget ? review.labelFor(labelTarget.messageId, labelTarget.target) : undefined;
  const shown = shownAnnotation(value, label);
  if (!shown) return null;
  const a = shown.annotation;
  const corrected = shown.corrected;
  const original = shown.original;
  const modelName = original?.model ?? corrected?.correctedModel ?? t("annotation.unknownModel");
  const author = corrected ? t("annotation.correctedBy", { name: corrected.annotator }) : modelName;
  const changed = corrected && original ? changedFields(original.annotation, corrected.annotation) : [];

  // The hover text carries what the compact row leaves out, and the model's original under a correction.
  const hover = [
    `${t("annotation.label")}: ${annotationSentence(a, t, lang)}`,
    a.dovezi?.length ? `${t("annotation.evidence")}: ${a.dovezi.join(", ")}` : undefined,
    corrected
      ? `${t("annotation.correctedBy", { name: corrected.annotator })}`
      : `${t("annotation.model")}: ${modelName}`,
    corrected && original
      ? `${t("annotation.original", { model: modelName })}: ${annotationSentence(original.annotation, t, lang)}`
      : undefined,
  ]
    .filter(Boolean)
    .join("\n");

  return (
    <div
      className={`badge badge-${target}${compact ? " compact" : ""}${open ? " open" : ""}${corrected ? " corrected" : ""}`}
      data-testid="annotation-badge"
      data-target={target}
      data-tone={a.ton}
      data-populist={String(a.populism)}
      data-corrected={corrected ? "true" : undefined}
    >
      <button
        type="button"
        className="badge-summary"
        aria-expanded={open}
        aria-controls={detailsId}
        title={hover}
        onClick={() => setOpen((o) => !o)}
      >
        <Chips a={a} compact={compact} />
        {corrected ? (
          <span className="chip human" data-testid="label-corrected">
            ✎ {author}
          </span>
        ) : (
          !compact && <span className="badge-model">{modelName}</span>
        )}
        <span className="badge-caret" aria-hidden="true">
          {open ? "▴" : "▾"}
        </span>
      </button>
      {open && (
        <div className="badge-details" id={detailsId}>
          {editing && labelTarget ? (
            <AnnotationEditor
              initial={a}
              onCancel={() => setEditing(false)}
              onSave={async (annotation, annotator) => {
                await review.saveLabel(labelTarget.messageId, labelTarget.target, annotation, annotator);
                setEditing(false);
              }}
            />
          ) : (
            <>
              {corrected && (
                <p className="correction-note">
                  {t("annotation.correctedBy", { name: corrected.annotator })}
                  {changed.length > 0 && (
                    <span className="muted">
                      {" "}
                      · {t("annotation.changed")}: {changed.map((k) => t(FIELD_KEYS[k])).join(", ")}
                    </span>
                  )}
                </p>
              )}
              <Details
                a={a}
                model={corrected ? t("annotation.byHuman", { name: corrected.annotator }) : modelName}
              />
              {corrected && original && (
                <div className="original" data-testid="annotation-original">
                  <p className="original-title">{t("annotation.original", { model: modelName })}</p>
                  <div className="badge-chips">
                    <Chips a={original.annotation} />
                  </div>
                  {original.annotation.justificare && (
                    <p className="muted original-why">
                      {justificationIn(original.annotation.justificare, lang)}
                    </p>
                  )}
                </div>
              )}
              {!mayCorrect ? null : labelTarget ? (
                <button
                  type="button"
                  className="ghost-button small"
                  data-testid="annotation-edit"
                  onClick={() => setEditing(true)}
                >
                  ✎ {t("annotation.edit")}
                </button>
              ) : (
                <p className="muted small-note" data-testid="annotation-note">
                  {t(uncorrectableNote)}
                </p>
              )}
            </>
          )}
        </div>
      )}
    </div>
  );
}
