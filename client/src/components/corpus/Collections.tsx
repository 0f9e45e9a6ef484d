// The corpus's collections (an import each, or a file placed by hand such as the shipped corpus): documents,
// sources, period and origin; each can be downloaded cleaned (JSON Lines or CSV) or removed (a job; its files are
// kept aside in corpus/removed).
import type { CollectionSummary, CorpusStatus } from "../../../../contract/corpusPage";
import { exportUrl } from "../../corpusApi";
import { formatCount } from "../../format";
import { platformName } from "../../corpusNames";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { formatWhen } from "./format";
import { ScrollRegion } from "../ScrollRegion";

type I18n = ReturnType<typeof useI18n>;

interface Props {
  status: CorpusStatus;
  busy: boolean;
  onRemove(collection: CollectionSummary): void;
}

/** How many sources a collection has in all (the summary lists only the largest). */
export function sourceTotal(c: Pick<CollectionSummary, "sources" | "sourceCount">): number {
  return c.sourceCount ?? c.sources.length;
}

/** Where a collection came from: an import running now, the page's latest import, the CLI, or the project. */
function origin(c: CollectionSummary, t: I18n["t"], lang: I18n["lang"]): string {
  if (c.importing) {
    return t("corpus.collections.importing", { file: c.importing.feedUrl ?? c.importing.fileName ?? c.name });
  }
  if (c.lastImport) {
    const file = c.lastImport.feedUrl ?? c.lastImport.fileName ?? c.name;
    return `${t("corpus.collections.imported", { file })}, ${formatWhen(c.lastImport.at, lang)}`;
  }
  return t(c.imported ? "corpus.collections.importedCli" : "corpus.collections.shipped");
}

function Downloads({ collection }: { collection?: string }) {
  const { t } = useI18n();
  return (
    <span className="corpus-downloads">
      <a href={exportUrl("jsonl", collection)} download>
        JSONL
      </a>
      <a href={exportUrl("csv", collection)} download>
        CSV
      </a>
      <span className="sr-only">{t("corpus.collections.download")}</span>
    </span>
  );
}

export function Collections({ status, busy, onRemove }: Props) {
  const { t, lang } = useI18n();
  return (
    <section className="corpus-card" aria-labelledby="corpus-collections-title">
      <h3 id="corpus-collections-title">{t("corpus.collections.title")}</h3>
      <ScrollRegion label={t("corpus.collections.table")}>
        <table className="corpus-collections" data-testid="corpus-collections">
          <thead>
            <tr>
              <th scope="col">{t("corpus.collections.name")}</th>
              <th scope="col">{t("corpus.collections.documents")}</th>
              <th scope="col">{t("corpus.collections.sources")}</th>
              <th scope="col">{t("corpus.collections.period")}</th>
              <th scope="col">{t("corpus.collections.origin")}</th>
              <th scope="col">{t("corpus.collections.download")}</th>
              <th scope="col">
                <span className="sr-only">{t("corpus.collections.remove")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {status.collections.map((c) => (
              <tr key={c.name} data-collection={c.name}>
                <th scope="row">
                  <code>{c.name}</code>
                </th>
                <td>{status.catalog === "ready" ? formatCount(c.documents, lang) : "…"}</td>
                <td>
                  {c.sources
                    .slice(0, 3)
                    .map((s) => s.value)
                    .join(", ")}
                  {sourceTotal(c) > 3 && (
                    <span className="muted" data-testid="corpus-collection-more">
                      {" "}
                      {t("corpus.collections.more", { n: formatCount(sourceTotal(c) - 3, lang) })}
                    </span>
                  )}
                  {c.platforms.length > 0 && (
                    <span className="muted">
                      {" "}
                      · {c.platforms.map((p) => platformName(lang, p.value)).join(", ")}
                    </span>
                  )}
                </td>
                <td>
                  {c.dateMin ? `${c.dateMin} – ${c.dateMax}` : "—"}
                  {(c.undated ?? 0) > 0 && (
                    <span className="muted" data-testid="corpus-collection-undated">
                      {" "}
                      · {countOf(c.undated!, NOUNS.undatedDocument, lang)}
                    </span>
                  )}
                </td>
                <td>{origin(c, t, lang)}</td>
                <td>{c.documents > 0 && <Downloads collection={c.name} />}</td>
                <td>
                  <button
                    type="button"
                    className="link-button danger"
                    disabled={busy}
                    data-testid="corpus-remove"
                    onClick={() => onRemove(c)}
                  >
                    {t("corpus.collections.remove")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <p className="hint">
        {t("corpus.collections.downloadAll")} <Downloads />
      </p>
    </section>
  );
}
