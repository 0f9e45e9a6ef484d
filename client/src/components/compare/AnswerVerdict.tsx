// A person's verdict under one answer of a finished comparison, as promptfoo's viewer lets a reader mark an output
// 👍/👎 with a comment: ✓ right / ✗ wrong (pressed again: cleared) and an optional comment saved on Enter or when
// the field is left (PUT /api/compare/:runId/verdict). Saves go one after another, so the last choice is the one
// kept; a failed save says why and keeps what was chosen and typed, to be sent again.
import { useRef, useState } from "react";
import {
  HUMAN_COMMENT_MAX,
  humanDisagrees,
  type CaseAnswer,
  type HumanVerdict,
  type HumanVerdictValue,
} from "../../../../contract/compare";
import { ApiError, putVerdict } from "../../api";
import { useAccess } from "../../AccessGate";
import { useI18n } from "../../i18nContext";
import { useReview } from "../../review";
import { formatRunTime } from "../../state/compareHistory";
import { sayPageError, serverError, type PageError } from "./pageError";

/** A failed save: the server's refusal, or no answer from it at all (said in the page's words, not the browser's). */
type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "failed"; error: PageError | "unreachable" };

export function AnswerVerdict({
  runId,
  caseId,
  answer,
  onSaved,
}: {
  runId: string;
  caseId: string;
  answer: CaseAnswer;
  /** The mark as the server stored it (null: cleared). */
  onSaved: (human: HumanVerdict | null) => void;
}) {
  const { t, lang } = useI18n();
  const { user } = useAccess();
  const { annotator } = useReview();
  const stored = answer.human ?? null;
  // What the person chose and typed: kept as it is whatever the server says, until a save of it succeeds.
  const [verdict, setVerdict] = useState<HumanVerdictValue | null>(stored?.verdict ?? null);
  const [comment, setComment] = useState(stored?.comment ?? "");
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const [needVerdict, setNeedVerdict] = useState(false);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pending = useRef(0);
  const id = `${caseId}-${answer.model}-${answer.temperature}-${answer.run}`.replace(/[^\w-]/g, "_");

  const save = (next: HumanVerdictValue | null, text: string) => {
    pending.current += 1;
    setState({ kind: "saving" });
    // Without accounts the name typed above the answers (VerdictName, shared with blind preferences and the chat's
    // corrections) names the verdict; an account, or a guest, is named by the server.
    const person = user?.kind === "local" && annotator.trim() ? annotator.trim().slice(0, 100) : undefined;
    queue.current = queue.current.then(async () => {
      try {
        const saved = await putVerdict(runId, {
          caseId,
          model: answer.model,
          temperature: answer.temperature,
          run: answer.run,
          verdict: next,
          ...(next && text.trim() ? { comment: text.trim() } : {}),
          ...(person ? { person } : {}),
        });
        pending.current -= 1;
        onSaved(saved.human);
        if (pending.current === 0) setState({ kind: "saved" });
      } catch (err) {
        pending.current -= 1;
        setState({ kind: "failed", error: err instanceof ApiError ? serverError(err) : "unreachable" });
      }
    });
  };

  const choose = (value: HumanVerdictValue) => {
    const next = verdict === value ? null : value;
    setVerdict(next);
    setNeedVerdict(false);
    save(next, comment);
  };

  const commit = () => {
    const text = comment.trim();
    if (!verdict) {
      // A clear that failed is sent again; a comment alone waits for a verdict.
      if (state.kind === "failed" && stored) save(null, "");
      else setNeedVerdict(text !== "");
      return;
    }
    // Nothing new to keep (unless the last save failed: then it is sent again).
    if (state.kind !== "failed" && text === (stored?.comment ?? "") && verdict === stored?.verdict) return;
    save(verdict, text);
  };

  return (
    <div className="answer-verdict" role="group" aria-label={t("compareCases.human.label")}>
      <span className="answer-verdict-label">{t("compareCases.human.label")}:</span>
      <button
        type="button"
        className="feedback-button answer-verdict-pass"
        data-testid="answer-human-pass"
        aria-pressed={verdict === "pass"}
        title={t("compareCases.human.passHint")}
        onClick={() => choose("pass")}
      >
        ✓ {t("compareCases.human.pass")}
      </button>
      <button
        type="button"
        className="feedback-button answer-verdict-fail"
        data-testid="answer-human-fail"
        aria-pressed={verdict === "fail"}
        title={t("compareCases.human.failHint")}
        onClick={() => choose("fail")}
      >
        ✗ {t("compareCases.human.fail")}
      </button>
      <label className="answer-verdict-comment" htmlFor={`verdict-comment-${id}`}>
        <span className="sr-only">{t("compareCases.human.comment")}</span>
        <input
          id={`verdict-comment-${id}`}
          type="text"
          data-testid="answer-human-comment"
          value={comment}
          maxLength={HUMAN_COMMENT_MAX}
          placeholder={`${t("compareCases.human.comment")}: ${t("compareCases.human.commentPlaceholder")}`}
          onChange={(e) => setComment(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              commit();
            }
          }}
        />
      </label>
      {needVerdict && !verdict && <p className="hint">{t("compareCases.human.needVerdict")}</p>}
      {stored && state.kind !== "failed" && (
        <p className="hint" data-testid="answer-human-by">
          {t("compareCases.human.by", { by: stored.by, at: formatRunTime(stored.at, lang) })}
          {humanDisagrees(answer) && <> {t("compareCases.human.checksDisagree")}</>}
        </p>
      )}
      <span className="feedback-status" role="status" data-testid="answer-human-status">
        {state.kind === "saving"
          ? t("compareCases.human.saving")
          : state.kind === "saved"
            ? t("compareCases.human.saved")
            : ""}
      </span>
      {state.kind === "failed" && (
        <p className="error-text" role="alert" data-testid="answer-human-error">
          {t("compareCases.human.failed", {
            error:
              state.error === "unreachable"
                ? t("compareCases.human.unreachable")
                : sayPageError(state.error, t, lang),
          })}{" "}
          <button
            type="button"
            className="ghost-button"
            data-testid="answer-human-retry"
            onClick={() => save(verdict, comment)}
          >
            {t("compareCases.human.retry")}
          </button>
        </p>
      )}
    </div>
  );
}

/**
 * Without accounts, the name that signs the verdicts (the remembered name the blind preferences and the chat's
 * corrections use too); with a login the server names them by the account, so nothing is asked.
 */
export function VerdictName() {
  const { t } = useI18n();
  const { user } = useAccess();
  const { annotator, setAnnotator } = useReview();
  if (user?.kind !== "local") return null;
  return (
    <label className="field answer-verdict-name">
      <span>{t("compareCases.human.person")}</span>
      <input
        type="text"
        data-testid="answer-human-person"
        value={annotator}
        maxLength={100}
        placeholder={t("compareCases.human.personPlaceholder")}
        onChange={(e) => setAnnotator(e.target.value)}
      />
    </label>
  );
}
