// The answer's pipeline steps: one collapsible group (open while the answer runs, folded to a summary line
// once it is done) of collapsible rows, each with its timing and, expanded, its details in words: which
// model, how many passages, why a fallback happened.
import { memo, useState } from "react";
import type { StepName } from "../../../contract/protocol";
import { reasonLabel, type MessageKey } from "../i18n";
import { useI18n } from "../i18nContext";
import { formatMs } from "../format";
import { countOf, NOUNS } from "../plural";
import type { StepRow, StepState } from "../state/chat";
import { describeStep, type StepDetail } from "../state/stepDetail";

const STEP_KEYS: Record<StepName, MessageKey> = {
  retrieve: "step.retrieve",
  annotate: "step.annotate",
  answer: "step.answer",
  fallback: "step.fallback",
  draft: "step.draft",
  refine: "step.refine",
  grounding: "step.grounding",
};

const RUNNING_KEYS: Record<StepName, MessageKey> = {
  retrieve: "step.retrieve.running",
  annotate: "step.annotate.running",
  answer: "step.answer.running",
  fallback: "step.fallback.running",
  draft: "step.draft.running",
  refine: "step.refine.running",
  grounding: "step.grounding.running",
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

/** The one-line summary of a step's detail, shown next to its name. */
function useDetailLine(detail: StepDetail | undefined): string | undefined {
  const { t, lang } = useI18n();
  if (!detail) return undefined;
  switch (detail.kind) {
    case "passages":
      return detail.topK !== undefined
        ? t("step.detail.passagesOf", {
            found: countOf(detail.found, NOUNS.foundPassage, lang),
            k: detail.topK,
          })
        : countOf(detail.found, NOUNS.corpusPassage, lang);
    case "model":
      return detail.model;
    case "failure":
      return `${detail.model} — ${reasonLabel(lang, detail.reason)}`;
    case "retry":
      return t("step.detail.retry", {
        model: detail.model,
        attempt: detail.attempt,
        reason: reasonLabel(lang, detail.reason),
        ms: detail.delayMs,
      });
    case "stopped":
      return t("step.detail.stopped");
    case "fallback": {
      // Which branch moved on: annotate and answer each walk their own chain, side by side.
      const branch = detail.node ? `${t(STEP_KEYS[detail.node as StepName] ?? "step.answer")}: ` : "";
      const line = detail.to
        ? `${detail.from} → ${detail.to}`
        : detail.reason
          ? reasonLabel(lang, detail.reason)
          : detail.from;
      return `${branch}${line}`;
    }
    case "text":
      return detail.text;
  }
}

function DetailBody({ detail, raw }: { detail: StepDetail; raw: string }) {
  const { t, lang } = useI18n();
  const rows: [string, string][] = [];
  switch (detail.kind) {
    case "passages":
      rows.push([t("step.field.passages"), String(detail.found)]);
      if (detail.topK !== undefined) rows.push([t("step.field.topK"), String(detail.topK)]);
      break;
    case "model":
      rows.push([t("step.field.model"), detail.model]);
      break;
    case "failure":
      rows.push(
        [t("step.field.model"), detail.model],
        [t("step.field.reason"), reasonLabel(lang, detail.reason)],
      );
      break;
    case "retry":
      rows.push(
        [t("step.field.model"), detail.model],
        [t("step.field.reason"), reasonLabel(lang, detail.reason)],
        [t("step.field.attempt"), `${detail.attempt} (${detail.delayMs} ms)`],
      );
      break;
    case "stopped":
      rows.push([t("step.field.detail"), t("step.detail.stopped")]);
      break;
    case "fallback":
      if (detail.node)
        rows.push([t("step.field.node"), t(STEP_KEYS[detail.node as StepName] ?? "step.answer")]);
      if (detail.from) rows.push([t("step.field.failed"), detail.from]);
      if (detail.reason) rows.push([t("step.field.reason"), reasonLabel(lang, detail.reason)]);
      rows.push([t("step.field.next"), detail.to ?? t("step.detail.chainEnd")]);
      break;
    case "text":
      rows.push([t("step.field.detail"), detail.text]);
      break;
  }
  return (
    <dl className="step-detail" title={raw}>
      {rows.map(([k, v]) => (
        <div key={k} className="step-detail-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function StepRowView({ step }: { step: StepRow }) {
  const { t, lang } = useI18n();
  const detail = describeStep(step);
  const line = useDetailLine(detail);
  const name = t(STEP_KEYS[step.name] ?? "step.answer");
  const head = (
    <>
      <StepIcon state={step.state} label={t(STATE_KEYS[step.state])} />
      <span className="step-name">{name}</span>
      {step.ms !== undefined && step.state !== "running" && (
        <span className="step-ms">{formatMs(step.ms, lang)}</span>
      )}
      {line && <span className="step-detail-inline">{line}</span>}
    </>
  );
  return (
    <li
      className={`step step-${step.name} step-${step.state}`}
      data-testid="step"
      data-step={step.name}
      data-state={step.state}
      data-node={step.node}
    >
      {detail && step.detail ? (
        // A fallback says why a model failed: shown open, since the user should see it.
        <details open={step.name === "fallback"}>
          <summary>{head}</summary>
          <DetailBody detail={detail} raw={step.detail} />
        </details>
      ) : (
        <div className="step-head">{head}</div>
      )}
    </li>
  );
}

interface Props {
  steps: StepRow[];
  /** The answer is still running: the group stays open and names the current step. */
  live: boolean;
  totalMs?: number;
}

function StepListView({ steps, live, totalMs }: Props) {
  const { t, lang } = useI18n();
  // Follows the answer (open while live) until the user toggles it; then it is theirs.
  const [userOpen, setUserOpen] = useState<boolean>();
  if (steps.length === 0) return null;
  const open = userOpen ?? live;
  const running = [...steps].reverse().find((s) => s.state === "running");
  const fallbacks = steps.filter((s) => s.name === "fallback").length;
  const failed = steps.some((s) => s.state === "error");
  const summary = running
    ? t(RUNNING_KEYS[running.name] ?? "step.answer.running")
    : countOf(steps.length, NOUNS.step, lang);

  return (
    <details
      className={`steps${failed ? " has-error" : ""}`}
      open={open}
      onToggle={(e) => {
        const next = e.currentTarget.open;
        if (next !== open) setUserOpen(next);
      }}
    >
      <summary className="steps-summary" data-testid="steps-summary">
        {running ? (
          <span className="step-icon spinner" aria-hidden="true" />
        ) : (
          <span className={`step-icon ${failed && !fallbacks ? "error" : "done"}`} aria-hidden="true">
            {failed && !fallbacks ? "✕" : "✓"}
          </span>
        )}
        <span className="steps-title">{summary}</span>
        {!running && totalMs !== undefined && <span className="step-ms">{formatMs(totalMs, lang)}</span>}
        {fallbacks > 0 && <span className="chip warn-chip">{t("steps.fallbacks", { n: fallbacks })}</span>}
      </summary>
      <ol className="step-rows" aria-label={t("steps.title")}>
        {steps.map((step) => (
          <StepRowView key={step.key} step={step} />
        ))}
      </ol>
    </details>
  );
}

export const StepList = memo(StepListView);
