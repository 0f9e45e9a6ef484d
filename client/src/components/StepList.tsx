// The answer's pipeline steps as compact rows: name, status, duration, and the detail (why a fallback
// happened, how many passages were found) on one line that expands to the full text.
import { memo } from "react";
import type { StepName } from "../../../server/protocol";
import type { MessageKey } from "../i18n";
import { useI18n } from "../i18nContext";
import { formatMs } from "../format";
import type { StepRow, StepState } from "../state/chat";

const STEP_KEYS: Record<StepName, MessageKey> = {
  retrieve: "step.retrieve",
  annotate: "step.annotate",
  answer: "step.answer",
  fallback: "step.fallback",
};

const STATE_KEYS: Record<StepState, MessageKey> = {
  running: "step.running",
  done: "step.done",
  error: "step.error",
  cancelled: "step.cancelled",
};

const STATE_ICONS: Record<Exclude<StepState, "running">, string> = {
  done: "✓",
  error: "✕",
  cancelled: "■",
};

function StepIcon({ state, label }: { state: StepState; label: string }) {
  if (state === "running") return <span className="step-icon spinner" role="img" aria-label={label} />;
  return (
    <span className={`step-icon ${state}`} role="img" aria-label={label}>
      {STATE_ICONS[state]}
    </span>
  );
}

function StepRowView({ step }: { step: StepRow }) {
  const { t, lang } = useI18n();
  const name = STEP_KEYS[step.name] ? t(STEP_KEYS[step.name]) : step.name;
  const head = (
    <>
      <StepIcon state={step.state} label={t(STATE_KEYS[step.state])} />
      <span className="step-name">{name}</span>
      {step.ms !== undefined && <span className="step-ms">{formatMs(step.ms, lang)}</span>}
      {step.detail && <span className="step-detail-inline">{step.detail}</span>}
    </>
  );
  return (
    <li
      className={`step step-${step.name} step-${step.state}`}
      data-testid="step"
      data-step={step.name}
      data-state={step.state}
    >
      {step.detail ? (
        // A fallback says why the model failed: shown open, since the user should see it.
        <details open={step.name === "fallback"}>
          <summary>{head}</summary>
          <p className="step-detail">{step.detail}</p>
        </details>
      ) : (
        <div className="step-head">{head}</div>
      )}
    </li>
  );
}

function StepListView({ steps }: { steps: StepRow[] }) {
  const { t } = useI18n();
  if (steps.length === 0) return null;
  return (
    <ol className="steps" aria-label={t("steps.title")}>
      {steps.map((step) => (
        <StepRowView key={step.key} step={step} />
      ))}
    </ol>
  );
}

export const StepList = memo(StepListView);
