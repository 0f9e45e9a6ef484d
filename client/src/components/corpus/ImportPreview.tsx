// What the file will become, before the import: the lines the reader skipped (with their numbers), then the first
// rows (with the platform each will get when a column gives it) or the first documents.
import type { CorpusPreview } from "../../../../contract/corpusPage";
import { importWarningText } from "../../../../contract/importWarnings";
import { canonicalPlatform } from "../../../../contract/platformAliases";
import { platformName } from "../../corpusNames";
import type { MessageKey } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { codeKey } from "../../state/corpusReport";
import { largeImportSeconds, roughDuration } from "../../state/corpusImport";
import { formatBytes } from "../../format";
import { ScrollRegion } from "../ScrollRegion";

/** "CSV · semicolon-delimited, with a header": the format and the reader's description, in the page's language. */
export function PreviewFormat({ preview }: { preview: CorpusPreview }) {
  const { lang } = useI18n();
  const detail = lang === "en" ? (preview.formatDetailEn ?? preview.formatDetail) : preview.formatDetail;
  return (
    <>
      {preview.format.toUpperCase()}
      {detail && ` · ${detail}`}
    </>
  );
}

/**
 * The importer's notes on what was read (characters the encoding could not decode, repeated ids), in the page's
 * language: said from their codes, so that switching the language switches them too; as the server wrote them when
 * it sent no codes.
 */
export function PreviewWarnings({ preview }: { preview: CorpusPreview }) {
  const { t, lang } = useI18n();
  const warnings = preview.codedWarnings?.map((w) => importWarningText(w, lang)) ?? preview.warnings;
  if (warnings.length === 0) return null;
  return (
    <ul className="corpus-warnings" aria-label={t("corpus.preview.warnings")}>
      {warnings.map((w) => (
        <li key={w}>{w}</li>
      ))}
    </ul>
  );
}

/** The preview's skipped lines, one warning per reason, as the workbench's preview says them. */
export function PreviewSkipped({ preview }: { preview: CorpusPreview }) {
  const { t, lang } = useI18n();
  if (!preview.skipped?.length) return null;
  return (
    <>
      {preview.skipped.map((s) => {
        const key: MessageKey | undefined = codeKey("skip", s.reason);
        return (
          <p key={s.reason} className="corpus-warning" role="status" data-testid="corpus-preview-skipped">
            {t("corpus.preview.skipped", {
              reason: key ? t(key) : s.reason,
              lines: countOf(s.count, NOUNS.line, lang),
              first: s.where[0] ?? "",
            })}
          </p>
        );
      })}
    </>
  );
}

/**
 * The platform a row will get: the form's (for every record) when filled in, else the row's platform column read
 * through the aliases, else the format's default.
 */
export function rowPlatform(
  preview: CorpusPreview,
  formPlatform: string,
  row: Record<string, string>,
): string {
  const column = preview.defaults.platformColumn;
  const own = column ? (row[column] ?? "").trim() : "";
  return canonicalPlatform(formPlatform.trim() || own || preview.defaults.platform);
}

/** What an empty platform field means: one platform for all, or each row's from its platform column. */
/**
 * A file over LARGE_IMPORT_BYTES: it will take a while, with a rough time from the benchmark's rate (said to be rough),
 * so that a person who starts it knows to wait, or to leave the page (the job goes on on the server).
 */
export function LargeFileNote({ bytes }: { bytes: number }) {
  const { t, lang } = useI18n();
  const seconds = largeImportSeconds(bytes);
  if (seconds === null) return null;
  const { unit, value } = roughDuration(seconds);
  return (
    <p className="corpus-warning" role="note" data-testid="corpus-large-file">
      {t("corpus.map.large", {
        size: formatBytes(bytes, lang),
        time: t(unit === "s" ? "corpus.map.largeSeconds" : "corpus.map.largeMinutes", { n: value }),
      })}
    </p>
  );
}

export function PlatformHint({ preview }: { preview: CorpusPreview }) {
  const { t, lang } = useI18n();
  const platform = platformName(lang, preview.defaults.platform);
  const column = preview.defaults.platformColumn;
  return (
    <small className="hint" data-testid="corpus-platform-hint">
      {column
        ? t("corpus.map.platformColumnHint", { column, platform })
        : t("corpus.map.platformHint", { platform })}
    </small>
  );
}

export function PreviewTable({ preview, platform }: { preview: CorpusPreview; platform: string }) {
  const { t, lang } = useI18n();
  if (preview.tabular) {
    const perRow = preview.defaults.platformColumn !== undefined;
    return (
      <ScrollRegion label={t("corpus.preview.rows")} className="table-scroll corpus-preview-rows">
        <table>
          <caption>{t("corpus.preview.rows")}</caption>
          <thead>
            <tr>
              {preview.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              {perRow && <th scope="col">{t("corpus.preview.platformAs")}</th>}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, i) => (
              <tr key={i}>
                {preview.columns.map((c) => (
                  <td key={c}>{row[c]}</td>
                ))}
                {perRow && (
                  <td data-testid="corpus-preview-platform">
                    {platformName(lang, rowPlatform(preview, platform, row))}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    );
  }
  if (preview.documents.length === 0) return <p className="hint">{t("corpus.preview.noDocuments")}</p>;
  return (
    <ol className="corpus-preview-docs" aria-label={t("corpus.preview.documents")}>
      {preview.documents.map((d, i) => (
        <li key={i}>
          {d.title && <strong>{d.title}</strong>}
          <span className="muted"> {[d.source, d.date, d.author].filter(Boolean).join(" · ")}</span>
          <p>{d.text}</p>
        </li>
      ))}
    </ol>
  );
}
