// The "echo chamber" view of an answer: how the retrieved passages lean (tone as one stacked bar, populism and
// its two dimensions as shares) and how many echo the question's own tone. Hand-written SVG: bars only, the
// words stay HTML so they never stretch with the bar.
import { memo } from "react";
import { agreeing } from "../../../contract/plural";
import type { Annotation } from "../../../contract/annotation";
import { formatCount } from "../format";
import { TONE_KEYS, topicLabel } from "../i18n";
import { useI18n } from "../i18nContext";
import { countOf, NOUNS } from "../plural";
import { useReview } from "../review";
import { sourceAnnotation, type AssistantMessage, type AttributedAnnotation } from "../state/chat";
import { echoStats, share, toneSegments, TONE_ORDER, type EchoStats } from "../state/echo";
import { shownAnnotation } from "../state/labels";

/** A share as a bar, with its confidence interval as a thin line over it when given (the chat's ratings per model). */
export function ShareBar({
  value,
  className,
  interval,
}: {
  value: number;
  className: string;
  interval?: readonly [low: number, high: number];
}) {
  return (
    <svg className="echo-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
      <rect className="echo-track" x="0" y="0" width="100" height="10" rx="2" />
      {value > 0 && <rect className={className} x="0" y="0" width={value * 100} height="10" rx="2" />}
      {interval && (
        <rect
          className="echo-interval"
          x={interval[0] * 100}
          y="4"
          width={Math.max(0.5, (interval[1] - interval[0]) * 100)}
          height="2"
        />
      )}
    </svg>
  );
}

function ToneBar({ stats }: { stats: EchoStats }) {
  return (
    <svg className="echo-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
      <rect className="echo-track" x="0" y="0" width="100" height="10" rx="2" />
      {toneSegments(stats).map((s) => (
        <rect
          key={s.tone}
          className={`echo-tone-${s.tone}`}
          x={s.start * 100}
          y="0"
          width={s.width * 100}
          height="10"
          data-tone={s.tone}
          data-count={s.count}
        />
      ))}
    </svg>
  );
}

interface Props {
  message: AssistantMessage;
  /** The question's annotation as shown (a correction when there is one). */
  question?: AttributedAnnotation;
}

function EchoChartView({ message, question }: Props) {
  const { t, lang } = useI18n();
  const { labelFor } = useReview();
  const annotations: (Annotation | undefined)[] = message.sources.map(
    (s) => shownAnnotation(sourceAnnotation(message, s), labelFor(message.id, s.id))?.annotation,
  );
  const questionShown = shownAnnotation(question, labelFor(message.id, "message"))?.annotation;
  const stats = echoStats(annotations, questionShown);
  if (stats.annotated < 2) return null;
  const pct = (count: number) => `${Math.round(share(count, stats) * 100)}%`;
  const toneText = TONE_ORDER.filter((tone) => stats.tones[tone] > 0)
    .map((tone) => `${t(TONE_KEYS[tone])} ${stats.tones[tone]}`)
    .join(", ");
  const rows: { key: string; label: string; count: number; className: string }[] = [
    { key: "populism", label: t("annotation.populist"), count: stats.populist, className: "echo-populist" },
    {
      key: "anti",
      label: t("annotation.antiElitism"),
      count: stats.antiElitism,
      className: "echo-dimension",
    },
    {
      key: "people",
      label: t("annotation.peopleCentrism"),
      count: stats.peopleCentrism,
      className: "echo-dimension",
    },
  ];

  return (
    <section className="echo" data-testid="echo-chart" aria-label={t("echo.title")}>
      <h2 className="section-title">
        {t("echo.title")}{" "}
        <span className="count">
          {t("echo.basis", {
            n: formatCount(stats.annotated, lang),
            total: countOf(stats.total, NOUNS.annotatedPassage, lang),
          })}
        </span>
      </h2>
      <div
        className="echo-row"
        role="img"
        aria-label={`${t("echo.tone")}: ${toneText}`}
        data-testid="echo-tone"
      >
        <span className="echo-label">{t("echo.tone")}</span>
        <ToneBar stats={stats} />
        <span className="echo-value echo-legend">
          {TONE_ORDER.filter((tone) => stats.tones[tone] > 0).map((tone) => (
            <span key={tone} className={`legend legend-${tone}`}>
              {t(TONE_KEYS[tone])} {stats.tones[tone]}
            </span>
          ))}
        </span>
      </div>
      {rows.map((row) => (
        <div
          key={row.key}
          className="echo-row"
          role="img"
          aria-label={`${row.label}: ${row.count}/${stats.annotated}`}
          data-testid={`echo-${row.key}`}
        >
          <span className="echo-label">{row.label}</span>
          <ShareBar value={share(row.count, stats)} className={row.className} />
          <span className="echo-value">
            {row.count}/{stats.annotated} · {pct(row.count)}
          </span>
        </div>
      ))}
      <p className="echo-note">
        {stats.questionTone !== undefined && stats.sameTone !== undefined && (
          <span data-testid="echo-same-tone">
            {t(agreeing(stats.sameTone, ["echo.sameToneOne", "echo.sameTone"] as const, lang), {
              n: formatCount(stats.sameTone, lang),
              total: countOf(stats.annotated, NOUNS.corpusPassage, lang),
              tone: t(TONE_KEYS[stats.questionTone]),
            })}{" "}
          </span>
        )}
        {stats.topics.length > 0 && (
          <span className="muted">
            {t("echo.topics")}:{" "}
            {stats.topics
              .slice(0, 3)
              .map((x) => `${topicLabel(lang, x.topic)} ${x.count}`)
              .join(", ")}
          </span>
        )}
      </p>
    </section>
  );
}

export const EchoChart = memo(EchoChartView);
