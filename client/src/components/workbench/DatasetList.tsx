// The data sets kept on the server: name, size, source file, date and gold fields; one click opens a data set.
import type { DatasetSummary } from "../../../../contract/workbench";
import { formatBytes } from "../../format";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { fieldName } from "../../labelWords";

export function formatDate(iso: string, lang: "ro" | "en"): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === "ro" ? "ro-RO" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(d);
}

export function DatasetList({
  datasets,
  selectedId,
  onOpen,
  loading,
}: {
  datasets: DatasetSummary[];
  selectedId: string | undefined;
  onOpen: (id: string) => void;
  loading: boolean;
}) {
  const { t, lang } = useI18n();
  if (datasets.length === 0) {
    return <p className="hint">{loading ? t("wb.datasets.loading") : t("wb.datasets.none")}</p>;
  }
  return (
    <ul className="wb-datasets" data-testid="dataset-list">
      {datasets.map((d) => (
        <li key={d.id}>
          <button
            type="button"
            className={`wb-dataset${d.id === selectedId ? " selected" : ""}`}
            data-testid="dataset-item"
            data-dataset={d.id}
            aria-current={d.id === selectedId ? "true" : undefined}
            onClick={() => onOpen(d.id)}
          >
            <span className="wb-dataset-name">
              {d.name}
              {d.shared && (
                <>
                  {" "}
                  <span
                    className="wb-badge"
                    data-testid="dataset-shared-badge"
                    title={t("wb.datasets.sharedBadgeTitle")}
                  >
                    {t("wb.datasets.sharedBadge")}
                  </span>
                </>
              )}
            </span>
            <span className="hint">
              {t("wb.datasets.rows", { n: countOf(d.rows, NOUNS.row, lang) })}
              {" · "}
              {d.source === "corpus" ? t("wb.datasets.fromCorpus") : d.sourceFile}
              {d.bytes > 0 && ` · ${formatBytes(d.bytes, lang)}`}
              {" · "}
              {formatDate(d.createdAt, lang)}
              {d.source === "cli" && ` · ${t("wb.datasets.cli")}`}
            </span>
            {d.goldFields.length > 0 && (
              <span className="hint">
                {t("wb.datasets.gold", { fields: d.goldFields.map((f) => fieldName(f, t)).join(", ") })}
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}
