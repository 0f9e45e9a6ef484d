// The corpus at a glance: documents by platform, source, month and length; then, from the annotations made by
// offline:lexicon at index time (or by a model, as a workbench run over the corpus), which sources are most negative
// and most populist, tone and populism over time, since when each large source leans negative, and topics by source.
import { useEffect, useState, type FormEvent } from "react";
import type { CorpusOverview } from "../../../../contract/corpusExplore";
import { inLanguage, type UserError } from "../../../../contract/errors";
import { annotateCorpus, fetchAnnotationModels, fetchOverview } from "../../corpusApi";
import { formatCount } from "../../format";
import { platformName } from "../../corpusNames";
import { useI18n } from "../../i18nContext";
import { agreeing } from "../../../../contract/plural";
import { countOf, NOUNS } from "../../plural";
import {
  countBars,
  defaultMinDocs,
  monthTones,
  rankSources,
  shareWindow,
  sinceWhen,
  topicMatrix,
} from "../../state/corpusCharts";
import {
  ChartFigure,
  Columns,
  HBars,
  MonthTones,
  SinceTable,
  ToneBySource,
  ToneLegend,
  TopicHeat,
} from "./Charts";
import { keptError } from "../../keptError";
import { formatMonth } from "./format";

function AnnotateWithModel({ onStarted }: { onStarted(): void }) {
  const { t, lang } = useI18n();
  const [models, setModels] = useState<string[]>([]);
  const [model, setModel] = useState("");
  const [sample, setSample] = useState("500");
  /** "started", or the error kept as the server's code (said in the page's language now). */
  const [message, setMessage] = useState<"started" | UserError>();
  useEffect(() => {
    fetchAnnotationModels()
      .then((list) => {
        setModels(list);
        setModel((m) => m || (list.find((id) => !id.startsWith("offline:")) ?? list[0] ?? ""));
      })
      .catch((err: unknown) => console.warn("models", err));
  }, []);
  // One start at a time: each makes a data set and a run (a paid model's calls), and nothing shows until both exist.
  const [starting, setStarting] = useState(false);
  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (starting) return;
    setStarting(true);
    setMessage(undefined);
    try {
      await annotateCorpus(model, sample ? Number(sample) : null);
      setMessage("started");
      onStarted();
    } catch (err) {
      setMessage(keptError(err));
    } finally {
      setStarting(false);
    }
  };
  return (
    <details className="corpus-annotate">
      <summary>{t("corpus.overview.annotateModel")}</summary>
      <form onSubmit={(e) => void start(e)} className="corpus-filters">
        <label className="field">
          <span>{t("settings.model")}</span>
          <select value={model} onChange={(e) => setModel(e.target.value)}>
            {models.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("corpus.overview.annotateSample")}</span>
          <select value={sample} onChange={(e) => setSample(e.target.value)}>
            {["200", "500", "1000", "5000"].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
            <option value="">{t("corpus.overview.annotateAll")}</option>
          </select>
        </label>
        <button type="submit" className="primary-button" disabled={!model || starting} aria-busy={starting}>
          {t("corpus.overview.annotateStart")}
        </button>
      </form>
      {message && (
        <p className="hint">
          {message === "started" ? t("corpus.overview.annotateStarted") : inLanguage(message, lang)}
        </p>
      )}
    </details>
  );
}

/** Under a chart by month: how many documents it leaves out for having only the import day as their date. */
export function UndatedNote({
  count,
  text,
  testId,
}: {
  count: number;
  text: "corpus.overview.undatedTimeline" | "corpus.overview.undatedMonths";
  testId: string;
}) {
  const { t, lang } = useI18n();
  if (count <= 0) return null;
  return (
    <p className="hint" data-testid={testId}>
      {t(agreeing(count, [`${text}One` as const, text], lang), {
        count: countOf(count, NOUNS.undatedDocument, lang),
      })}
    </p>
  );
}

export function Overview({ version, ready }: { version: number; ready: boolean }) {
  const { t, lang } = useI18n();
  const [choice, setChoice] = useState("lexicon");
  const [overview, setOverview] = useState<CorpusOverview>();
  const [error, setError] = useState<UserError>();
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    if (!ready) return;
    const controller = new AbortController();
    fetchOverview(choice, controller.signal)
      .then((next) => {
        setOverview(next);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(keptError(err));
      });
    return () => controller.abort();
  }, [choice, version, refresh, ready]);

  if (!overview) {
    return (
      <section className="corpus-card">
        <h3>{t("corpus.overview.title")}</h3>
        <p className="loading">{error ? inLanguage(error, lang) : t("corpus.loading")}</p>
      </section>
    );
  }
  const annotations = overview.annotations;
  const minDocs = annotations ? defaultMinDocs(annotations) : 1;
  const platforms = countBars(overview.byPlatform, 8);
  const platformBars = {
    ...platforms,
    rows: platforms.rows.map((row) => ({ ...row, label: platformName(lang, row.label) })),
  };
  const undated = overview.undated ?? 0;
  return (
    <section className="corpus-card" aria-labelledby="corpus-overview-title" data-testid="corpus-overview">
      <h3 id="corpus-overview-title">{t("corpus.overview.title")}</h3>
      <div className="compare-charts corpus-charts">
        <ChartFigure title={t("corpus.overview.byPlatform")} kind="platforms">
          <HBars bars={platformBars} restNoun={NOUNS.platform} />
        </ChartFigure>
        <ChartFigure title={t("corpus.overview.bySource", { n: 12 })} kind="sources">
          <HBars bars={countBars(overview.bySource, 12)} restNoun={NOUNS.source} />
        </ChartFigure>
        <ChartFigure title={t("corpus.overview.timeline")} kind="timeline">
          <Columns
            label={t("corpus.overview.timeline")}
            items={overview.byMonth.map((m) => ({ label: formatMonth(m.month, lang), value: m.count }))}
          />
          <UndatedNote count={undated} text="corpus.overview.undatedTimeline" testId="corpus-undated" />
        </ChartFigure>
        <ChartFigure title={t("corpus.overview.lengths")} kind="lengths">
          <Columns
            label={t("corpus.overview.lengths")}
            items={overview.lengths.map((b) => ({
              label:
                b.max === null
                  ? `≥ ${formatCount(b.min, lang)}`
                  : `${formatCount(b.min, lang)}–${formatCount(b.max, lang)}`,
              value: b.count,
            }))}
          />
        </ChartFigure>
      </div>
      <div className="corpus-filters">
        <label className="field wide">
          <span>{t("corpus.overview.annotationsFrom")}</span>
          <select value={choice} data-testid="corpus-annotations" onChange={(e) => setChoice(e.target.value)}>
            {overview.annotationSources.map((option) => (
              <option key={option.id} value={option.id}>
                {option.id === "lexicon"
                  ? t("corpus.overview.lexicon", { rows: countOf(option.rows, NOUNS.document, lang) })
                  : t("corpus.overview.run", {
                      model: option.model,
                      date: option.createdAt?.slice(0, 10) ?? "",
                      done: formatCount(option.done, lang),
                      rows: formatCount(option.rows, lang),
                    })}
              </option>
            ))}
          </select>
        </label>
        <AnnotateWithModel onStarted={() => setRefresh((n) => n + 1)} />
      </div>
      {error && <p className="corpus-error">{inLanguage(error, lang)}</p>}
      {!annotations || annotations.all.n === 0 ? (
        <p className="hint">{t("corpus.overview.noAnnotations")}</p>
      ) : (
        <>
          <ToneLegend />
          <p className="hint">
            {t("corpus.overview.minDocs", { n: countOf(minDocs, NOUNS.document, lang) })}
          </p>
          <div className="compare-charts corpus-charts">
            <ChartFigure title={t("corpus.overview.toneBySource")} kind="tone-by-source">
              <ToneBySource rows={rankSources(annotations, "negativ", minDocs)} highlight="negativ" />
            </ChartFigure>
            <ChartFigure title={t("corpus.overview.populismBySource")} kind="populism-by-source">
              <ToneBySource rows={rankSources(annotations, "populism", minDocs)} highlight="populism" />
            </ChartFigure>
            <ChartFigure title={t("corpus.overview.toneByMonth")} kind="tone-by-month">
              <MonthTones label={t("corpus.overview.toneByMonth")} months={monthTones(annotations.byMonth)} />
              <UndatedNote
                count={annotations.undated ?? 0}
                text="corpus.overview.undatedMonths"
                testId="corpus-annotations-undated"
              />
            </ChartFigure>
            <ChartFigure title={t("corpus.overview.topics")} kind="topics">
              <TopicHeat matrix={topicMatrix(annotations)} />
            </ChartFigure>
          </div>
          <ChartFigure title={t("corpus.overview.since")} kind="since">
            <p className="hint">
              {t(
                agreeing(
                  shareWindow(annotations),
                  ["corpus.overview.windowOne", "corpus.overview.window"] as const,
                  lang,
                ),
                {
                  n: shareWindow(annotations),
                },
              )}
            </p>
            <SinceTable
              rows={sinceWhen(annotations, shareWindow(annotations)).slice(0, 12)}
              months={annotations.byMonth.map((m) => m.month)}
            />
          </ChartFigure>
        </>
      )}
      <p className="hint">
        {overview.documents > 0 &&
          [
            formatCount(overview.documents, lang),
            overview.dateMin ? `${overview.dateMin} – ${overview.dateMax}` : "",
            undated > 0 ? countOf(undated, NOUNS.undatedDocument, lang) : "",
          ]
            .filter(Boolean)
            .join(" · ")}
      </p>
    </section>
  );
}
