// The cleaning report of one import, as a person reads it: kept and dropped, a row per reason with its share and
// examples, near-duplicates beside the text that was kept (the words that differ marked), the diacritics fixed
// before and after, the other changes, what the import skipped and warned of, what the index build did, and the
// removal ledger's lines the clean could not read.
import type { CorpusImportRecord, NearDuplicateClusterView } from "../../../../contract/corpusPage";
import { encodingName } from "../../../../contract/encodings";
import { importWarningText } from "../../../../contract/importWarnings";
import { formatCount } from "../../format";
import type { MessageKey } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { agreeing } from "../../../../contract/plural";
import { countOf, NOUNS } from "../../plural";
import { LedgerUnreadable } from "./LedgerUnreadable";
import { codeKey, otherChanges, reasonRows, wordDiff, type DiffPiece } from "../../state/corpusReport";
import { percent } from "../../state/corpusCharts";

function Diff({ pieces }: { pieces: DiffPiece[] }) {
  return (
    <>{pieces.map((p, i) => (p.differs ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>
  );
}

function Cluster({ cluster }: { cluster: NearDuplicateClusterView }) {
  const { t } = useI18n();
  const kept = cluster.kept.text ?? "";
  return (
    <li className="corpus-cluster">
      {cluster.dropped.map((dropped) => {
        const diff = wordDiff(kept, dropped.text);
        return (
          <div key={dropped.id} className="corpus-side-by-side">
            <figure>
              <figcaption>
                {cluster.kept.collection
                  ? t("corpus.report.clusterKeptIn", {
                      id: cluster.kept.id,
                      collection: cluster.kept.collection,
                    })
                  : t("corpus.report.clusterKept", { id: cluster.kept.id })}
              </figcaption>
              <p>
                <Diff pieces={diff.a} />
              </p>
            </figure>
            <figure>
              <figcaption>
                {t("corpus.report.clusterDropped", { id: dropped.id })} ·{" "}
                {t("corpus.report.line", { line: dropped.line })}
              </figcaption>
              <p>
                <Diff pieces={diff.b} />
              </p>
            </figure>
          </div>
        );
      })}
    </li>
  );
}

/**
 * The import's warnings (a record split into very many fragments, characters not decoded, dates imputed), in the
 * page's language from their codes; as the server wrote them for records stored before the codes.
 */
function ImportWarnings({ imported }: { imported: NonNullable<CorpusImportRecord["import"]> }) {
  const { t, lang } = useI18n();
  const warnings = imported.codedWarnings?.map((w) => importWarningText(w, lang)) ?? imported.warnings;
  if (warnings.length === 0) return null;
  return (
    <ul
      className="corpus-warnings"
      aria-label={t("corpus.preview.warnings")}
      data-testid="corpus-report-warnings"
    >
      {warnings.map((w) => (
        <li key={w}>{w}</li>
      ))}
    </ul>
  );
}

export function CleanReport({ record }: { record: CorpusImportRecord }) {
  const { t, lang } = useI18n();
  const clean = record.clean;
  if (!clean) return null;
  const n = (v: number) => formatCount(v, lang);
  const label = (kind: "change" | "skip", code: string) => {
    const key = codeKey(kind, code);
    return key ? t(key) : code;
  };
  const rows = reasonRows(clean);
  const imported = record.import;
  const index = record.index;
  return (
    <section
      className="corpus-card corpus-report"
      data-testid="corpus-report"
      aria-labelledby="corpus-report-title"
    >
      <h3 id="corpus-report-title">{t("corpus.report.title")}</h3>
      <p className="corpus-report-summary">
        {t("corpus.report.kept", {
          kept: n(clean.kept),
          read: countOf(clean.read, NOUNS.record, lang),
          dropped: n(clean.dropped),
        })}
      </p>
      {(clean.undated ?? 0) > 0 && (
        <p className="hint" data-testid="corpus-report-undated">
          {t(agreeing(clean.undated!, ["corpus.report.undatedOne", "corpus.report.undated"] as const, lang), {
            count: countOf(clean.undated!, NOUNS.undatedDocument, lang),
          })}
        </p>
      )}
      <LedgerUnreadable
        count={clean.ledgerUnreadable}
        testId="corpus-clean-ledger-unreadable"
        messages={["corpus.report.ledgerUnreadableOne", "corpus.report.ledgerUnreadable"]}
      />
      <table className="corpus-reasons">
        <thead>
          <tr>
            <th scope="col">{t("corpus.report.reason")}</th>
            <th scope="col">{t("corpus.report.count")}</th>
            <th scope="col">{t("corpus.report.examples")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.reason} data-reason={row.reason} className={row.count === 0 ? "muted" : undefined}>
              <th scope="row">{t(`corpus.report.reason.${row.reason}` as MessageKey)}</th>
              <td>
                <span className="corpus-count" data-count={row.count}>
                  {n(row.count)}
                </span>
                {row.count > 0 && (
                  <span className="corpus-share-bar" aria-hidden="true">
                    <span style={{ width: `${Math.max(2, row.share * 100)}%` }} />
                  </span>
                )}
                {row.count > 0 && <span className="hint"> {percent(row.share)}</span>}
              </td>
              <td>
                {row.examples.length > 0 && (
                  <details>
                    <summary>{row.examples.length}</summary>
                    <ul className="corpus-examples">
                      {row.examples.map((e) => (
                        <li key={e.id}>
                          <span className="muted">
                            {t("corpus.report.line", { line: e.line })}
                            {e.duplicateOf && ` · ${t("corpus.report.repeats", { id: e.duplicateOf })}`}
                            {e.removed &&
                              ` · ${
                                e.removed.title
                                  ? t("corpus.report.removedTitled", {
                                      id: e.removed.id,
                                      title: e.removed.title,
                                    })
                                  : t("corpus.report.removedEarlier", { id: e.removed.id })
                              }`}
                            {e.lang && ` · ${t("corpus.report.language", { lang: e.lang })}`}
                          </span>{" "}
                          <q>{e.text}</q>
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {clean.dropped === 0 && <p className="hint">{t("corpus.report.none")}</p>}
      {clean.clusters.length > 0 && (
        <>
          <h4>{t("corpus.report.clusters")}</h4>
          <ul className="corpus-clusters">
            {clean.clusters.map((cluster) => (
              <Cluster key={cluster.kept.id} cluster={cluster} />
            ))}
          </ul>
        </>
      )}
      <h4 data-testid="corpus-diacritics" data-count={clean.diacritics.fixed}>
        {t("corpus.report.diacritics", { count: countOf(clean.diacritics.fixed, NOUNS.record, lang) })}
      </h4>
      {clean.diacritics.examples.length > 0 && (
        <table className="corpus-before-after">
          <thead>
            <tr>
              <th scope="col">{t("corpus.report.before")}</th>
              <th scope="col">{t("corpus.report.after")}</th>
            </tr>
          </thead>
          <tbody>
            {clean.diacritics.examples.map((e) => {
              const diff = wordDiff(e.before, e.after);
              return (
                <tr key={e.id}>
                  <td>
                    <Diff pieces={diff.a} />
                  </td>
                  <td>
                    <Diff pieces={diff.b} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {otherChanges(clean).length > 0 && (
        <p className="hint">
          {t("corpus.report.changes")}:{" "}
          {otherChanges(clean)
            .map((c) => `${label("change", c.rule)} (${n(c.count)})`)
            .join(", ")}
        </p>
      )}
      {imported && (
        <p className="hint">
          {t("corpus.report.import", {
            records: countOf(imported.records, NOUNS.record, lang),
            format: imported.format.toUpperCase(),
            encoding: encodingName(imported.encoding),
            skipped:
              imported.skippedTotal === 0
                ? "0"
                : imported.skipped
                    .map((s) =>
                      s.where.length === 0
                        ? t("corpus.report.skippedOne", {
                            reason: label("skip", s.reason),
                            count: n(s.count),
                          })
                        : t("corpus.report.skipped", {
                            reason: label("skip", s.reason),
                            count: n(s.count),
                            where:
                              s.where.length === 1
                                ? t("corpus.report.atLine", { line: s.where[0]! })
                                : t("corpus.report.atLines", { lines: s.where.join(", ") }),
                          }),
                    )
                    .join("; "),
          })}
        </p>
      )}
      {imported && <ImportWarnings imported={imported} />}
      <p className="hint">
        {t("corpus.report.corpus", {
          kept: n(clean.corpus.kept),
          read: countOf(clean.corpus.read, NOUNS.record, lang),
        })}
      </p>
      {index && (
        <p className="hint">
          {index.rebuilt
            ? t("corpus.report.index", {
                documents: countOf(index.documents, NOUNS.document, lang),
                chunks: countOf(index.chunks, NOUNS.chunk, lang),
                added: countOf(index.added, NOUNS.newDocument, lang),
                changed: countOf(index.changed, NOUNS.changedDocument, lang),
                removed: countOf(index.removed, NOUNS.removedDocument, lang),
                embedded: countOf(index.embedded, NOUNS.embeddedVector, lang),
                reused: countOf(index.reused, NOUNS.reusedVector, lang),
              })
            : t("corpus.report.indexUnchanged")}
        </p>
      )}
    </section>
  );
}
