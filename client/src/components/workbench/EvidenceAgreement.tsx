// "Acord pe dovezi" on the Agreement page: for every pair of people (or the classmates together under blind review)
// the character-level F1 of the words they marked as evidence, over all spans and per field (and the whole label),
// with the rows each figure rests on, the mean over pairs, and the pairs' F1 drawn as the page's other figures are.
import type { EvidenceAgreement as EvidenceReport } from "../../../../contract/workbench";
import { formatDecimal } from "../../format";
import { useI18n } from "../../i18nContext";
import { fieldName } from "../../labelWords";
import { countOf, NOUNS } from "../../plural";
import { MIN_AGREEMENT_ROWS, tooFewRows } from "../../state/agreementView";
import { evidenceColumns, scoreIn, type EvidenceColumn } from "../../state/evidenceAgreementView";
import { ScrollRegion } from "../ScrollRegion";
import { ForestPlot } from "./Charts";

type Scored = Parameters<typeof scoreIn>[0];

export function EvidenceAgreement({
  evidence,
  nameOf,
}: {
  evidence: EvidenceReport;
  nameOf: (key: string) => string;
}) {
  const { t, lang } = useI18n();
  const columns = evidenceColumns(evidence);
  const title = (c: EvidenceColumn) =>
    c === "all"
      ? t("wb.evidenceAgreement.all")
      : c === "label"
        ? t("wb.evidenceAgreement.whole")
        : fieldName(c, t);

  const cell = (scored: Scored, c: EvidenceColumn) => {
    const s = scoreIn(scored, c);
    const few = s.rows > 0 && tooFewRows(s.rows);
    return (
      <td
        key={c}
        data-column={c}
        data-value={s.f1 ?? ""}
        data-rows={s.rows}
        className={few ? "wb-evidence-few" : undefined}
        title={
          s.f1 === null
            ? undefined
            : t("wb.evidenceAgreement.cellTitle", {
                f1: formatDecimal(s.f1, lang, 2),
                rows: countOf(s.rows, NOUNS.row, lang),
              })
        }
      >
        {s.f1 === null ? "—" : formatDecimal(s.f1, lang, 2)}{" "}
        {s.rows > 0 && (
          <span className="hint">
            {few ? t("wb.agreement.tooFew", { n: s.rows }) : t("wb.evidenceAgreement.rows", { n: s.rows })}
          </span>
        )}
      </td>
    );
  };

  return (
    <section className="wb-card wb-evidence-agreement" data-testid="agreement-evidence">
      <h3>{t("wb.evidenceAgreement.title")}</h3>
      <p className="hint">{t("wb.evidenceAgreement.intro")}</p>
      {evidence.pairs.length === 0 ? (
        <p className="hint" data-testid="agreement-evidence-none">
          {t("wb.evidenceAgreement.noPairs")}
        </p>
      ) : (
        <>
          {tooFewRows(evidence.mean.all.rows) && (
            <p className="note note-warn" data-testid="agreement-evidence-few">
              {t("wb.evidenceAgreement.tooFewAll", {
                n: evidence.mean.all.rows,
                min: countOf(MIN_AGREEMENT_ROWS, NOUNS.row, lang),
              })}
            </p>
          )}
          <ScrollRegion label={t("wb.evidenceAgreement.title")}>
            <table className="compare-table wb-evidence-table">
              <thead>
                <tr>
                  <th scope="col">{t("wb.evidenceAgreement.pair")}</th>
                  {columns.map((c) => (
                    <th scope="col" key={c} data-column={c}>
                      {title(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {evidence.pairs.map((p) => (
                  <tr key={`${p.a}|${p.b}`} data-testid="agreement-evidence-pair" data-a={p.a} data-b={p.b}>
                    <th scope="row">
                      {nameOf(p.a)} × {nameOf(p.b)}
                    </th>
                    {columns.map((c) => cell(p, c))}
                  </tr>
                ))}
                {evidence.pairs.length > 1 && (
                  <tr data-testid="agreement-evidence-mean" className="wb-evidence-mean">
                    <th scope="row">{t("wb.evidenceAgreement.mean", { pairs: evidence.mean.all.pairs })}</th>
                    {columns.map((c) => cell(evidence.mean, c))}
                  </tr>
                )}
              </tbody>
            </table>
          </ScrollRegion>
          <figure className="wb-evidence-chart">
            <figcaption className="hint">{t("wb.evidenceAgreement.chart")}</figcaption>
            <ForestPlot
              testid="agreement-evidence-chart"
              bands={false}
              rows={evidence.pairs.map((p) => ({
                key: `${p.a}|${p.b}`,
                label: `${nameOf(p.a)} × ${nameOf(p.b)}`,
                estimate: { value: p.all.f1, low: null, high: null },
                n: p.all.rows,
              }))}
            />
          </figure>
        </>
      )}
    </section>
  );
}
