// An annotation at a glance (tone colour, populism and its dimensions, topic, confidence, model) that expands
// to the evidence words, target and justification. Used for the user's message and for each source.
import { useId, useState } from "react";
import type { Tone } from "../../../server/annotation/schema";
import { topicLabel, type MessageKey } from "../i18n";
import { useI18n } from "../i18nContext";
import type { AttributedAnnotation } from "../state/chat";

const TONE_KEYS: Record<Tone, MessageKey> = {
  pozitiv: "tone.pozitiv",
  negativ: "tone.negativ",
  neutru: "tone.neutru",
};

interface Props {
  value: AttributedAnnotation;
  /** What was annotated, for tests and styling: "message" or "source". */
  target: "message" | "source";
  defaultOpen?: boolean;
}

export function AnnotationBadge({ value, target, defaultOpen = false }: Props) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(defaultOpen);
  const detailsId = useId();
  const a = value.annotation;
  const toneKey: MessageKey | undefined = TONE_KEYS[a.ton];
  const tone = toneKey ? t(toneKey) : a.ton;
  const topic = topicLabel(lang, a.tema);
  const confidence = `${Math.round(a.incredere * 100)}%`;
  const evidence = a.dovezi ?? [];
  const model = value.model ?? t("annotation.unknownModel");
  const dimensions = [
    a.anti_elitism ? t("annotation.antiElitism") : undefined,
    a.popor_central ? t("annotation.peopleCentrism") : undefined,
  ].filter((d): d is string => d !== undefined);

  // The hover text carries everything the compact row leaves out.
  const hover = [
    `${t("annotation.label")}: ${tone}, ${a.populism ? t("annotation.populist") : t("annotation.notPopulist")}`,
    `${t("annotation.topic")}: ${topic} · ${t("annotation.confidence")}: ${confidence}`,
    evidence.length ? `${t("annotation.evidence")}: ${evidence.join(", ")}` : undefined,
    `${t("annotation.model")}: ${model}`,
  ]
    .filter(Boolean)
    .join("\n");

  return (
    <div
      className={`badge badge-${target}`}
      data-testid="annotation-badge"
      data-target={target}
      data-tone={a.ton}
      data-populist={String(a.populism)}
    >
      <button
        type="button"
        className="badge-summary"
        aria-expanded={open}
        aria-controls={detailsId}
        title={hover}
        onClick={() => setOpen((o) => !o)}
      >
        <span className={`chip tone tone-${a.ton}`}>{tone}</span>
        {a.populism ? (
          <span className="chip populist">
            {t("annotation.populist")}
            {dimensions.length > 0 && <span className="chip-sub">{dimensions.join(" · ")}</span>}
          </span>
        ) : (
          dimensions.map((d) => (
            <span key={d} className="chip dimension">
              {d}
            </span>
          ))
        )}
        <span className="chip topic" title={t("annotation.topic")}>
          {topic}
        </span>
        <span className="chip confidence" title={t("annotation.confidence")}>
          {confidence}
        </span>
        <span className="badge-model">{model}</span>
        <span className="badge-caret" aria-hidden="true">
          {open ? "▴" : "▾"}
        </span>
      </button>
      {open && (
        <dl className="badge-details" id={detailsId}>
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
            {a.populism ? "✓" : "✗"} · {t("annotation.antiElitism")} {a.anti_elitism ? "✓" : "✗"} ·{" "}
            {t("annotation.peopleCentrism")} {a.popor_central ? "✓" : "✗"}
          </dd>
          <dt>{t("annotation.target")}</dt>
          <dd>{a.tinta ?? "—"}</dd>
          <dt>{t("annotation.justification")}</dt>
          <dd>{a.justificare || "—"}</dd>
          <dt>{t("annotation.model")}</dt>
          <dd>
            <code>{model}</code>
          </dd>
        </dl>
      )}
    </div>
  );
}
