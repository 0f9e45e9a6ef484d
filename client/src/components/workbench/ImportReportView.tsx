// The per-line error report of an import: rows imported, rows skipped by reason with their line numbers, gold
// values that map to no label, characters the decoder could not read, repeated ids and warnings.
import type { ImportReport } from "../../../../contract/workbench";
import { formatCount } from "../../format";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { reportView } from "../../state/datasetImport";
import { fieldName } from "../../labelWords";

export function ImportReportView({ report }: { report: ImportReport }) {
  const { t, lang } = useI18n();
  const view = reportView(report);
  return (
    <div className="wb-report" data-testid="dataset-report" data-clean={view.clean ? "true" : "false"}>
      <p>
        {t("wb.report.imported", { n: countOf(view.imported, NOUNS.importedRow, lang) })}
        {view.skippedTotal > 0 && (
          <> · {t("wb.report.skipped", { n: countOf(view.skippedTotal, NOUNS.skippedRow, lang) })}</>
        )}
      </p>
      {view.skipped.length > 0 && (
        <ul className="wb-report-lines">
          {view.skipped.map((s) => (
            <li key={s.reason} data-reason={s.reason}>
              <strong>{t(`wb.skip.${s.reason}`)}</strong> ({formatCount(s.count, lang)}):{" "}
              {t("wb.report.lines", { lines: s.lines.join(", ") })}
              {s.more > 0 && ` ${t("wb.report.more", { n: countOf(s.more, NOUNS.fileLine, lang) })}`}
            </li>
          ))}
        </ul>
      )}
      {view.goldUnmapped.map((g) => (
        <p key={g.field} className="note note-warn">
          {t("wb.report.goldUnmapped", {
            field: fieldName(g.field, t),
            n: countOf(g.count, NOUNS.row, lang),
            values: g.values.map((v) => `„${v}”`).join(", "),
          })}
        </p>
      ))}
      {view.invalidChars > 0 && (
        <p className="note note-warn">
          {t("wb.report.invalidChars", { n: countOf(view.invalidChars, NOUNS.undecodableChar, lang) })}
        </p>
      )}
      {view.duplicateIds > 0 && (
        <p className="hint">
          {t("wb.report.duplicateIds", { n: countOf(view.duplicateIds, NOUNS.repeatedId, lang) })}
        </p>
      )}
      {view.warnings.map((w) => (
        <p key={w} className="hint">
          {w}
        </p>
      ))}
    </div>
  );
}
