// The comparison's answer-quality panels: groundedness per model on the grounded cases, the rubric and who judged,
// draft → refine parts, the failure modes with their examples one click away, and each answer's own notes.
import type { CaseAnswer, CompareResults, ModelSummary } from "../../../../contract/compare";
import type { Lang } from "../../../../contract/lang";
import { FAILURE_MODES, type PartTotals } from "../../../../contract/compareQuality";
import { formatDecimal, formatMs, formatScore, formatUsd } from "../../format";
import { useI18n } from "../../i18nContext";
import { ScrollRegion } from "../ScrollRegion";

const pct = (v: number | null | undefined, na: string) =>
  v === null || v === undefined ? na : `${Math.round(v * 100)}%`;

export function AnswerQualityNotes({ answer }: { answer: CaseAnswer }) {
  const { t, lang } = useI18n();
  const notes: string[] = [];
  if (answer.grounding)
    notes.push(t("compare.answer.grounding", { score: formatDecimal(answer.grounding.score, lang, 2) }));
  if (answer.rubric)
    notes.push(
      "skipped" in answer.rubric
        ? t("compare.answer.rubricSkipped", {
            reason:
              lang === "en" ? (answer.rubric.skippedEn ?? answer.rubric.skipped) : answer.rubric.skipped,
          })
        : t("compare.answer.rubric", {
            mean: formatDecimal(answer.rubric.mean, lang, 2),
            judge: answer.rubric.judge,
          }),
    );
  if (answer.parts) {
    const refine = answer.parts.refine
      ? ` + ${answer.parts.refine.model} ${formatMs(answer.parts.refine.ms, lang)}`
      : "";
    notes.push(
      t("compare.answer.parts", {
        draft: `${answer.parts.draft.model} ${formatMs(answer.parts.draft.ms, lang)}`,
        refine,
      }),
    );
  }
  if (notes.length === 0) return null;
  return (
    <p className="hint answer-quality" data-testid="answer-quality">
      {notes.join(" · ")}
    </p>
  );
}

function GroundingTable({ results }: { results: CompareResults }) {
  const { t, lang } = useI18n();
  const na = t("compare.na");
  const rows = results.models.filter((m) => m.grounding);
  if (rows.length === 0) return null;
  return (
    <ScrollRegion label={t("compare.grounding.title")}>
      <h3>{t("compare.grounding.title")}</h3>
      <p className="hint">{t("compare.grounding.intro")}</p>
      <table className="compare-table" data-testid="compare-grounding">
        <thead>
          <tr>
            <th scope="col">{t("compare.col.model")}</th>
            <th scope="col">{t("compare.grounding.invalid")}</th>
            <th scope="col">{t("compare.grounding.unsupported")}</th>
            <th scope="col">{t("compare.grounding.mean")}</th>
            <th scope="col">{t("compare.grounding.answers")}</th>
            <th scope="col">{t("compare.grounding.by")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => {
            const g = m.grounding!;
            return (
              <tr key={m.model} data-model={m.model}>
                <th scope="row">
                  <code>{m.model}</code>
                </th>
                <td data-testid="grounding-invalid-rate">
                  {pct(g.invalidCitationRate, na)} ({g.invalidCitations}/{g.citations})
                </td>
                <td data-testid="grounding-unsupported-rate">
                  {pct(g.unsupportedRate, na)} ({g.unsupported}/{g.claims})
                </td>
                <td>{g.meanScore === null ? na : formatDecimal(g.meanScore, lang, 2)}</td>
                <td>{g.answers}</td>
                <td>{g.method === "lexical" ? t("compare.grounding.lexical") : g.judges.join(", ")}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function RubricTable({ results }: { results: CompareResults }) {
  const { t, lang } = useI18n();
  const rows = results.models.filter((m) => m.rubric);
  if (rows.length === 0) return null;
  const criteria = [...new Set(rows.flatMap((m) => Object.keys(m.rubric!.byCriterion)))];
  const num = (v: number | null | undefined) =>
    v === null || v === undefined ? t("compare.na") : formatDecimal(v, lang, 2);
  return (
    <ScrollRegion label={t("compare.rubric.title")}>
      <h3>{t("compare.rubric.title")}</h3>
      <p className="hint">{t("compare.rubric.intro")}</p>
      <table className="compare-table" data-testid="compare-rubric">
        <thead>
          <tr>
            <th scope="col">{t("compare.col.model")}</th>
            <th scope="col">{t("compare.rubric.mean")}</th>
            {criteria.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
            <th scope="col">{t("compare.rubric.judges")}</th>
            <th scope="col">{t("compare.rubric.unscored")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => {
            const r = m.rubric!;
            return (
              <tr key={m.model} data-model={m.model}>
                <th scope="row">
                  <code>{m.model}</code>
                </th>
                <td>{num(r.mean)}</td>
                {criteria.map((c) => (
                  <td key={c}>{num(r.byCriterion[c])}</td>
                ))}
                <td>
                  {Object.entries(r.judges)
                    .map(([j, n]) => `${j} (${n})`)
                    .join(", ") || "—"}
                </td>
                <td>
                  {Object.entries(r.unscored)
                    .map(([why, n]) => `${why} × ${n}`)
                    .join("; ") || "—"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function PartRow({
  entry,
  label,
  part,
  rate,
}: {
  entry: string;
  label: string;
  part: PartTotals;
  rate?: string;
}) {
  const { lang } = useI18n();
  const na = "n/a";
  return (
    <tr>
      <th scope="row">
        <code>{entry}</code>
      </th>
      <td>{label}</td>
      <td>
        <code>{part.model}</code>
      </td>
      <td>
        {part.latency ? formatMs(part.latency.p50, lang) : na} /{" "}
        {part.latency ? formatMs(part.latency.p95, lang) : na}
      </td>
      <td>
        {part.tokens.input} → {part.tokens.output}
      </td>
      <td>{formatUsd(part.costUsd, lang)}</td>
      <td>{rate ?? ""}</td>
    </tr>
  );
}

function PipelineTable({ results }: { results: CompareResults }) {
  const { t } = useI18n();
  const rows = results.models.filter((m) => m.pipeline);
  if (rows.length === 0) return null;
  return (
    <ScrollRegion label={t("compare.pipeline.title")}>
      <h3>{t("compare.pipeline.title")}</h3>
      <table className="compare-table" data-testid="compare-pipeline">
        <thead>
          <tr>
            <th scope="col">{t("compare.col.model")}</th>
            <th scope="col">{t("compare.pipeline.part")}</th>
            <th scope="col">{t("compare.col.model")}</th>
            <th scope="col">{t("compare.col.latency")}</th>
            <th scope="col">{t("meta.tokens")}</th>
            <th scope="col">{t("compare.col.cost")}</th>
            <th scope="col">{t("compare.pipeline.rate")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.flatMap((m) => {
            const p = m.pipeline!;
            const rate = `${p.refineRuns}/${p.answers} (${pct(p.refineRate, "n/a")})`;
            const combined: PartTotals = {
              model: m.model,
              latency: p.combined.latency,
              tokens: {
                input: p.draft.tokens.input + p.refine.tokens.input,
                output: p.draft.tokens.output + p.refine.tokens.output,
              },
              costUsd: p.combined.costUsd,
            };
            return [
              <PartRow
                key={`${m.model}-d`}
                entry={m.model}
                label={t("compare.pipeline.draft")}
                part={p.draft}
                rate={rate}
              />,
              <PartRow
                key={`${m.model}-r`}
                entry={m.model}
                label={t("compare.pipeline.refine")}
                part={p.refine}
              />,
              <PartRow
                key={`${m.model}-c`}
                entry={m.model}
                label={t("compare.pipeline.combined")}
                part={combined}
              />,
            ];
          })}
        </tbody>
      </table>
      <p className="hint">{t("compare.pipeline.hint")}</p>
    </ScrollRegion>
  );
}

/**
 * The stability the recommendation speaks of (mean similarity between runs, per temperature), for the instability
 * mode that could count nothing: "1,00 la t=0; 0,95 la t=0,7", or null when no case had two answered runs.
 */
function similarityAt(m: ModelSummary, lang: Lang): string | null {
  const measured = m.stability.byTemperature.filter((s) => s.score !== null);
  if (measured.length === 0) return null;
  return measured
    .map((s) => `${formatDecimal(s.score!, lang, 2)} (t=${formatScore(s.temperature, lang)})`)
    .join("; ");
}

export function FailureModesPanel({ results }: { results: CompareResults }) {
  const { t, lang } = useI18n();
  const models = results.models.filter((m) => m.failureModes);
  if (models.length === 0) return null;
  return (
    <div className="failure-modes" data-testid="failure-modes">
      <h3>{t("compare.failures.title")}</h3>
      {models.map((m) => (
        <div className="failure-model" key={m.model} data-model={m.model}>
          <h4>
            <code>{m.model}</code>
          </h4>
          <ul className="failure-list">
            {FAILURE_MODES.map((mode) => {
              const f = m.failureModes![mode];
              // Nothing it could happen in (no case checks it): not "0/0", which reads as "none found".
              const unmeasured = f.of === 0;
              const similarity = mode === "instability" && unmeasured ? similarityAt(m, lang) : null;
              return (
                <li
                  key={mode}
                  className={`failure-mode${f.count > 0 ? " has-cases" : ""}`}
                  data-testid="failure-mode"
                  data-mode={mode}
                  data-count={f.count}
                  data-unmeasured={unmeasured ? "" : undefined}
                >
                  <details>
                    <summary>
                      <span className="count-chip">
                        {t(`compare.failure.${mode}`)}: {unmeasured ? "—" : `${f.count}/${f.of}`}
                      </span>
                    </summary>
                    {unmeasured ? (
                      <p className="hint" data-testid="failure-unmeasured">
                        {t(`compare.failure.unmeasured.${mode}`)}
                        {similarity && ` ${t("compare.failure.similarity", { figures: similarity })}`}
                      </p>
                    ) : f.examples.length === 0 ? (
                      <p className="hint">{t("compare.failures.none")}</p>
                    ) : (
                      <ol className="failure-examples" data-testid="failure-examples">
                        {f.examples.map((e, i) => (
                          <li key={i}>
                            <strong>
                              {t("compare.failure.example", {
                                title: lang === "en" ? (e.titleEn ?? e.title) : e.title,
                                temperature: formatDecimal(e.temperature, lang, 1),
                                run: e.run,
                              })}
                            </strong>
                            : {lang === "en" ? (e.reasonEn ?? e.reason) : e.reason}
                            {e.excerpt && <div className="hint">„{e.excerpt}”</div>}
                          </li>
                        ))}
                      </ol>
                    )}
                  </details>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}

export function QualityPanels({ results }: { results: CompareResults }) {
  const { t } = useI18n();
  return (
    <section className="compare-section" data-testid="compare-quality">
      <h2>{t("compare.quality")}</h2>
      <GroundingTable results={results} />
      <RubricTable results={results} />
      <PipelineTable results={results} />
      <FailureModesPanel results={results} />
    </section>
  );
}
