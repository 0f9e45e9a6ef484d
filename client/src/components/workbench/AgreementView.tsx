// The "Acord" view: whether the models reach the agreement people reached among themselves (the verdict in the
// UI's language), then per field Krippendorff's α, Cohen's κ for every pair (human–human, human–model,
// model–model, run–run) and accuracy / macro-F1 against gold or adjudicated labels, all with bootstrap 95%
// intervals, in numbers and as forest plots; the people's agreement on the words they marked as evidence
// (./EvidenceAgreement.tsx); and the methods paragraph, ready to paste, with a copy button.
import { useEffect, useState } from "react";
import type { MethodsResponse, ReviewField, RunSummary } from "../../../../contract/workbench";
import type { Lang } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import {
  coderIndex,
  coderLabel,
  fieldReport,
  formatEstimate,
  hasHumanLabels,
  methodsLanguage,
  MIN_AGREEMENT_ROWS,
  pairsByKind,
  tooFewRows,
} from "../../state/agreementView";
import { showsEvidence } from "../../state/evidenceAgreementView";
import { fetchMethods } from "../../workbenchApi";
import { ForestPlot, type ForestRow } from "./Charts";
import { EvidenceAgreement } from "./EvidenceAgreement";
import { FieldTabs } from "./ChartsView";
import { errorText, isAbort } from "./errorText";
import { fieldName } from "../../labelWords";
import { useAgreement } from "./useAgreement";

export function Methods({
  runId,
  freshness,
  initial,
}: {
  runId: string;
  freshness: string;
  /** The paragraph before the fetch answers (tests render with it). */
  initial?: MethodsResponse;
}) {
  const { t, lang } = useI18n();
  const [methods, setMethods] = useState<MethodsResponse | undefined>(initial);
  // The paragraph follows the UI language; the reader's pick of the other language holds until the UI switches.
  const [picked, setPicked] = useState<{ lang: Lang; under: Lang }>();
  const shown = methodsLanguage(lang, picked);
  const setShown = (l: Lang) => setPicked({ lang: l, under: lang });
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    const controller = new AbortController();
    fetchMethods(runId, controller.signal)
      .then(setMethods)
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(errorText(err, t));
      });
    return () => controller.abort();
  }, [runId, freshness, t]);

  async function copy() {
    if (!methods) return;
    try {
      await navigator.clipboard.writeText(methods[shown]);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch (err) {
      // Without clipboard access (plain http on a LAN) the text stays selectable by hand.
      console.warn("clipboard refused", err);
      setError(t("wb.methods.copyFailed"));
    }
  }

  return (
    <section className="wb-card wb-methods" aria-labelledby="wb-methods-title">
      <div className="wb-progress-head">
        <h3 id="wb-methods-title">{t("wb.methods.title")}</h3>
        <div className="segmented" role="group">
          {(["ro", "en"] as const).map((l) => (
            <button key={l} type="button" aria-pressed={shown === l} onClick={() => setShown(l)}>
              {l === "ro" ? "Română" : "English"}
            </button>
          ))}
        </div>
      </div>
      {error && <p className="error-text">{error}</p>}
      {methods && (
        <>
          <p className="wb-methods-text" data-testid="methods" lang={shown}>
            {methods[shown]}
          </p>
          <button
            type="button"
            className="ghost-button"
            data-testid="methods-copy"
            onClick={() => void copy()}
          >
            {copied ? t("actions.copied") : t("actions.copy")}
          </button>
        </>
      )}
    </section>
  );
}

export function AgreementView({ run, freshness }: { run: RunSummary; freshness: string }) {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<"all" | "sample">("all");
  const [field, setField] = useState<ReviewField>("ton");
  const { report, error, loading } = useAgreement(run.id, items, 1000, freshness);
  const fr = report ? fieldReport(report, field) : undefined;
  const coders = report ? coderIndex(report) : undefined;
  const nameOf = (key: string) =>
    coders
      ? coderLabel(
          coders,
          key,
          (name, n) => t("wb.agreement.coderRepeat", { name, n }),
          (kind) => t(`wb.agreement.coder.${kind}`),
          (n) => t("wb.agreement.coder.peers", { n }),
        )
      : key;
  const alphaRows: ForestRow[] = fr
    ? [
        {
          key: "humans",
          label: t("wb.agreement.alphaHumans"),
          estimate: fr.alphaHumans,
          n: fr.alphaHumans.units,
        },
        { key: "all", label: t("wb.agreement.alphaAll"), estimate: fr.alphaAll, n: fr.alphaAll.units },
        ...Object.entries(fr.alphaRuns).map(([model, a]) => ({
          key: `runs:${model}`,
          label: t("wb.agreement.alphaRuns", { model }),
          estimate: a,
          n: a.units,
        })),
      ]
    : [];

  return (
    <section className="wb-agreement" data-testid="agreement" aria-busy={loading}>
      <div className="wb-row">
        <div className="segmented" role="group" aria-label={t("wb.agreement.items")}>
          {(["all", "sample"] as const).map((i) => (
            <button
              key={i}
              type="button"
              data-testid={`agreement-items-${i}`}
              aria-pressed={items === i}
              onClick={() => setItems(i)}
            >
              {t(`wb.agreement.items.${i}`)}
            </button>
          ))}
        </div>
        {report && (
          <span className="hint">
            {t("wb.agreement.basis", {
              n: report.n,
              resamples: countOf(report.resamples, NOUNS.resample, lang),
              seed: report.seed,
            })}
          </span>
        )}
      </div>
      {error && <p className="error-text">{error}</p>}
      {loading && !report && <p className="hint">{t("wb.agreement.computing")}</p>}
      {report && (
        <>
          {tooFewRows(report.n) ? (
            <p className="note note-warn" data-testid="agreement-too-few">
              {t("wb.agreement.tooFewAll", {
                n: report.n,
                min: countOf(MIN_AGREEMENT_ROWS, NOUNS.row, lang),
              })}
            </p>
          ) : (
            <p className="wb-verdict" data-testid="agreement-verdict">
              {report.summary[lang]}
            </p>
          )}
          {!hasHumanLabels(report) && <p className="note note-warn">{t("wb.agreement.noHumans")}</p>}
          {report.coders.some((c) => c.peers !== undefined) && (
            <p className="hint" data-testid="agreement-peers-note">
              {t("wb.agreement.peersNote")}
            </p>
          )}
          <FieldTabs field={field} onField={setField} />
          {!tooFewRows(report.n) && report.verdicts.filter((v) => v.field === field).length > 0 && (
            <ul className="wb-verdicts">
              {report.verdicts
                .filter((v) => v.field === field)
                .map((v) => (
                  <li
                    key={v.model}
                    data-model={v.model}
                    data-status={v.status}
                    data-reaches={v.reaches === null ? "unknown" : String(v.reaches)}
                  >
                    <span
                      className={`wb-reach ${v.reaches === null ? "unknown" : v.reaches ? "yes" : "no"}`}
                      aria-hidden="true"
                    />
                    {v[lang]}{" "}
                    <span className="hint">
                      (κ {t("wb.agreement.modelHuman")} {formatEstimate(v.modelHuman, lang)};{" "}
                      {t("wb.agreement.humanHuman")} {formatEstimate(v.humanHuman, lang)})
                    </span>
                  </li>
                ))}
            </ul>
          )}
          {fr ? (
            <div className="wb-agreement-grid">
              <section className="wb-card">
                <h3>{t("wb.agreement.alpha", { field: fieldName(field, t) })}</h3>
                <ForestPlot rows={alphaRows} testid="agreement-alpha" />
              </section>
              {pairsByKind(fr).map((g) => (
                <section className="wb-card" key={g.kind} data-testid="agreement-pairs" data-kind={g.kind}>
                  <h3>{t(`wb.agreement.kind.${g.kind}`)}</h3>
                  <ForestPlot
                    rows={g.pairs.map((p) => ({
                      key: `${p.a}|${p.b}`,
                      label: `${nameOf(p.a)} × ${nameOf(p.b)}`,
                      estimate: p.kappa,
                      n: p.n,
                      kind: p.kind,
                    }))}
                  />
                </section>
              ))}
              {fr.reference && fr.vsReference.length > 0 && (
                <section className="wb-card" data-testid="agreement-reference">
                  <h3>{t(fr.reference === "gold" ? "wb.agreement.vsGold" : "wb.agreement.vsAdjudicated")}</h3>
                  <ForestPlot
                    bands={false}
                    rows={fr.vsReference.flatMap((r) => [
                      {
                        key: `${r.coder}:acc`,
                        label: `${nameOf(r.coder)} · ${t("wb.agreement.accuracy")}`,
                        estimate: r.accuracy,
                        n: r.n,
                      },
                      {
                        key: `${r.coder}:f1`,
                        label: `${nameOf(r.coder)} · macro-F1`,
                        estimate: r.macroF1,
                        n: r.n,
                      },
                    ])}
                  />
                </section>
              )}
            </div>
          ) : (
            <p className="hint">{t("wb.agreement.noField")}</p>
          )}
          {showsEvidence(report.evidence) && <EvidenceAgreement evidence={report.evidence} nameOf={nameOf} />}
          <p className="hint">{t("wb.agreement.reading")}</p>
        </>
      )}
      <Methods runId={run.id} freshness={freshness} />
    </section>
  );
}
