// The "‹ k/n ›" switch under an answer that was regenerated: pages through the versions of its turn, each shown
// with its own question, sources, model and timing (client/src/state/answerVersions.ts).
import { memo } from "react";
import { useI18n } from "../i18nContext";

interface Props {
  /** The turn's key (client/src/state/answerVersions.ts). */
  turn: string;
  /** The version shown, from 0. */
  index: number;
  count: number;
  onPage: (turn: string, index: number, count: number) => void;
}

function AnswerVersionSwitchInner({ turn, index, count, onPage }: Props) {
  const { t } = useI18n();
  const label = t("versions.label", { k: index + 1, n: count });
  return (
    <div className="answer-versions" role="group" aria-label={t("versions.group")}>
      <button
        type="button"
        className="icon-button small"
        data-testid="answer-version-prev"
        aria-label={t("versions.prev")}
        title={t("versions.prev")}
        disabled={index <= 0}
        onClick={() => onPage(turn, index - 1, count)}
      >
        ‹
      </button>
      <span className="answer-version-label" data-testid="answer-version-label" title={label}>
        {index + 1}/{count}
      </span>
      <span className="sr-only" aria-live="polite">
        {label}
      </span>
      <button
        type="button"
        className="icon-button small"
        data-testid="answer-version-next"
        aria-label={t("versions.next")}
        title={t("versions.next")}
        disabled={index >= count - 1}
        onClick={() => onPage(turn, index + 1, count)}
      >
        ›
      </button>
    </div>
  );
}

export const AnswerVersionSwitch = memo(AnswerVersionSwitchInner);
