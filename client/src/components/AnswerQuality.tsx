// Under a finished answer: how far it is grounded in its sources (score, claims supported, citations of missing
// sources, how it was measured), and, for a draft → refine answer, both parts with their time, tokens and cost, the
// combined figures, whether the refine step ran and why, and the draft itself one click away.
import type { Grounding } from "../../../contract/grounding";
import type { PartReport, RefineReport } from "../../../contract/refine";
import { formatCount, formatDecimal, formatMs, formatUsd } from "../format";
import { useI18n } from "../i18nContext";
import { countOf, NOUNS } from "../plural";

function scoreClass(score: number): string {
  return score >= 0.9 ? "good" : score >= 0.6 ? "fair" : "poor";
}

export function GroundingSummary({ grounding }: { grounding: Grounding }) {
  const { t, lang } = useI18n();
  const supported = grounding.claims - grounding.unsupported.length;
  const how =
    grounding.method === "judge"
      ? t("grounding.judge", { judge: grounding.judge ?? "" })
      : t("grounding.lexical");
  return (
    <div className="grounding-summary" data-testid="grounding-summary" data-score={grounding.score}>
      <span className={`grounding-score ${scoreClass(grounding.score)}`}>
        {t("grounding.title")} {formatDecimal(grounding.score, lang, 2)}
      </span>
      <span>
        {grounding.claims > 0
          ? t("grounding.summary", {
              supported: formatCount(supported, lang),
              claims: countOf(grounding.claims, NOUNS.supportedClaim, lang),
            })
          : t("grounding.none")}
      </span>
      <span className="hint">({how})</span>
      {grounding.invalidCitations.length > 0 && (
        <span className="chip warn-chip" data-testid="grounding-invalid">
          {t("grounding.invalid", { list: grounding.invalidCitations.map((n) => `[${n}]`).join(" ") })}
        </span>
      )}
      {grounding.note && (
        <span className="hint">
          {" "}
          · {lang === "en" ? (grounding.noteEn ?? grounding.note) : grounding.note}
        </span>
      )}
    </div>
  );
}

function Part({
  label,
  part,
}: {
  label: string;
  part: PartReport | (RefineReport["combined"] & { model?: string });
}) {
  const { t, lang } = useI18n();
  const usage = part.usage;
  return (
    <span className="refine-part">
      <strong>{label}</strong>
      {"model" in part && part.model ? (
        <>
          {" "}
          <code className="model-id">{part.model}</code>
        </>
      ) : null}{" "}
      · {formatMs(part.ms, lang)}
      {usage && (
        <>
          {" "}
          · {formatCount(usage.inputTokens, lang)} → {formatCount(usage.outputTokens, lang)}{" "}
          {t("meta.tokens")}
          {usage.costUsd !== undefined && ` · ${formatUsd(usage.costUsd, lang)}`}
        </>
      )}
    </span>
  );
}

export function RefineSummary({ refine }: { refine: RefineReport }) {
  const { t, lang } = useI18n();
  const reason = lang === "en" ? (refine.reasonEn ?? refine.reason) : refine.reason;
  const outcome = refine.refine?.error
    ? t("refine.failed", { code: refine.refine.error })
    : refine.refined
      ? t("refine.refined", { reason })
      : t("refine.kept", { reason });
  return (
    <div className="refine-summary" data-testid="refine-summary" data-refined={refine.refined}>
      <div className="meta-line">
        <span className="refine-title">{t("refine.title")}:</span>
        <Part label={t("refine.draftPart")} part={refine.draft} />
        {refine.refine && <Part label={t("refine.refinePart")} part={refine.refine} />}
        {refine.refine && <Part label={t("refine.combined")} part={refine.combined} />}
      </div>
      <p className="hint" data-testid="refine-outcome">
        {outcome}
      </p>
      {refine.refined && (
        <details className="refine-draft">
          <summary>{t("refine.showDraft", { model: refine.draft.model })}</summary>
          <p className="draft-text">{refine.draft.text}</p>
        </details>
      )}
    </div>
  );
}
