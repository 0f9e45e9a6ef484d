// What a comparison found, once it is done or was interrupted: the summary per model, the recommendation (only for a
// run that made every answer; a stopped one says why it has none) with "Use in chat", the charts, the quality panels, the answers side by side, blind preferences and the report files.
// While it runs, the answers so far only (the table of every case fills in; useLiveCases.ts reads them).
import { useState } from "react";
import type { CompareRunResponse } from "../../../../contract/compare";
import { comparisonReportName } from "../../../../contract/exportFileName";
import { formatCount, formatDecimal, formatMs, formatUsd } from "../../format";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { reportUrl, showsResults, summaryRows, type SummaryRow } from "../../state/compare";
import { ScrollRegion } from "../ScrollRegion";
import { BlindPreference } from "./BlindPreference";
import { CaseAnswers } from "./CaseAnswers";
import { CompareCharts } from "./Charts";
import { QualityPanels } from "./QualityPanels";
import { UseInChat, type ChatSettingsAccess } from "./UseInChat";
import { useLiveCases } from "./useLiveCases";

const pct = (v: number | null, na: string) => (v === null ? na : `${Math.round(v * 100)}%`);

function SummaryTable({ rows }: { rows: SummaryRow[] }) {
  const { t, lang } = useI18n();
  const na = t("compare.na");
  const ms = (v: number | null) => (v === null ? na : formatMs(v, lang));
  const num = (v: number | null, digits = 1) => (v === null ? na : formatDecimal(v, lang, digits));
  return (
    <ScrollRegion label={t("compare.summary")}>
      <table className="compare-table" data-testid="compare-summary">
        <thead>
          <tr>
            <th scope="col">{t("compare.col.model")}</th>
            <th scope="col">{t("compare.col.latency")}</th>
            <th scope="col">{t("compare.col.ttft")}</th>
            <th scope="col">{t("compare.col.tps")}</th>
            <th scope="col">{t("compare.col.json")}</th>
            <th scope="col" title={t("compare.col.passHint")}>
              {t("compare.col.pass")}
            </th>
            <th scope="col" title={t("compare.col.suiteScoreHint")}>
              {t("compare.col.suiteScore")}
            </th>
            <th scope="col">{t("compare.col.f1")}</th>
            <th scope="col">{t("compare.col.cost")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.model} data-model={r.model} className={r.role ?? undefined}>
              <th scope="row">
                <code>{r.model}</code>
                {r.role && <span className={`role role-${r.role}`}>{t(`compare.role.${r.role}`)}</span>}
                {!r.available && <span className="hint"> {t("compare.unavailable")}</span>}
              </th>
              <td>
                {ms(r.latencyP50)} / {ms(r.latencyP95)}
              </td>
              <td>
                {ms(r.ttftP50)} / {ms(r.ttftP95)}
              </td>
              <td>{num(r.tokensPerSecond)}</td>
              <td>{pct(r.jsonValidRate, na)}</td>
              <td data-col="pass">{pct(r.passRate, na)}</td>
              <td data-col="suite-score">{pct(r.suiteScore, na)}</td>
              <td>
                {num(r.macroF1, 2)} / {num(r.kappa, 2)}
              </td>
              <td>
                {formatUsd(r.costUsd, lang)} <span className="hint">({r.pricing})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function RunResults({ run, chat }: { run: CompareRunResponse; chat?: ChatSettingsAccess }) {
  const { t, lang } = useI18n();
  const liveCases = useLiveCases(run, lang);
  // Judging blind: the pairs alone, every result that names a model out of sight (the tester saw the same answers
  // under their models' names right above the "anonymous" pair).
  const [judging, setJudging] = useState(false);
  const results = run.results;
  const running = run.status === "running";
  const cases = run.cases ?? (running ? liveCases : null);
  if (!results || !showsResults(run)) {
    // Keyed by the run as below, so that the case opened, the filter and the search stay as they were when the run
    // ends and its whole results come (and start afresh for another run).
    return running && cases ? (
      <>
        <CaseAnswers key={`cases-${run.runId}`} cases={cases} models={run.request.models} running />
      </>
    ) : null;
  }
  const rec = results.recommendation;
  if (judging && run.cases) return <BlindPreference run={run} judging onJudging={setJudging} />;
  return (
    <>
      <section className="compare-section">
        <h2>{t("compare.summary")}</h2>
        <SummaryTable rows={summaryRows(results)} />
      </section>
      {/* Stopped by its user; a run its server cut short says the same in its own notice (RunProgress). */}
      {!rec && results.interrupted && run.status === "done" && (
        <p className="note note-warn" role="status" data-testid="compare-no-recommendation">
          {t("compare.noRecommendation", {
            done: formatCount(run.progress.done, lang),
            answers: countOf(run.progress.total, NOUNS.answer, lang),
          })}
        </p>
      )}
      {rec && (
        <section className="compare-section recommendation" data-testid="compare-recommendation">
          <h2>{t("compare.recommendation")}</h2>
          <dl>
            <dt>{t("compare.primary")}</dt>
            <dd>
              <code>{rec.primary ?? t("compare.none")}</code>
            </dd>
            <dt>{t("compare.fallback")}</dt>
            <dd>
              <code>{rec.fallback ?? t("compare.none")}</code>
            </dd>
            <dt>{t("compare.temperature")}</dt>
            <dd>{rec.temperature === null ? t("compare.none") : formatDecimal(rec.temperature, lang, 1)}</dd>
            <dt>{t("compare.why")}</dt>
            <dd>{rec.why}</dd>
          </dl>
          {/* The rule, so that the figures above can be checked by hand against the table. */}
          <details className="hint">
            <summary>{t("compare.rule")}</summary>
            <p>{rec.rule}</p>
          </details>
          {chat && <UseInChat results={results} chat={chat} />}
        </section>
      )}
      <section className="compare-section">
        <h2>{t("compare.charts")}</h2>
        <CompareCharts results={results} cases={run.cases} />
      </section>
      <QualityPanels results={results} />
      {run.cases && (
        <CaseAnswers
          key={`cases-${run.runId}`}
          cases={run.cases}
          models={run.request.models}
          runId={run.status === "done" || run.status === "interrupted" ? run.runId : undefined}
        />
      )}
      {run.cases && <BlindPreference run={run} judging={false} onJudging={setJudging} />}
      <section className="compare-section" data-testid="compare-downloads">
        <h2>{t("compare.downloads")}</h2>
        <p className="downloads">
          {(["md", "csv", "json"] as const).map((f) => {
            // Named after the run, as the server names them (several runs saved together keep apart).
            const name = comparisonReportName(run.createdAt, run.runId, lang, f);
            return (
              <a
                key={f}
                className="ghost-button"
                href={reportUrl(run.runId, f, lang)}
                download={name}
                data-testid={`compare-download-${f}`}
              >
                {name}
              </a>
            );
          })}
        </p>
      </section>
    </>
  );
}
