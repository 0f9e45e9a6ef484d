// Every case of a comparison in one table, as promptfoo's results matrix shows an eval: a row a case (criterion, title
// and input, expected labels), a cell a model with its passed answers of those judged across runs and temperatures
// and a short excerpt of its answer. Filters for only failures and only differences, a search on the cases' text, how
// many cases are shown. A row opens its case in the side-by-side answers below (CaseAnswers.tsx), by a click or by
// Enter. The rules are client/src/state/compareCases.ts.
import { useMemo, useState } from "react";
import type { CaseView } from "../../../../contract/compare";
import { formatCount } from "../../format";
import type { Translate } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { labelsInWords } from "../../labelWords";
import { countOf, NOUNS } from "../../plural";
import {
  answerText,
  CASE_FILTERS,
  caseRows,
  excerpt,
  filterCounts,
  isCaseFilter,
  visibleRows,
  type CaseCell,
  type CaseFilter,
  type CellHuman,
} from "../../state/compareCases";
import { ScrollRegion } from "../ScrollRegion";
import "./caseTable.css";

const SYMBOL: Record<CaseCell["mark"], string> = {
  pass: "✓",
  fail: "✗",
  mixed: "◐",
  error: "✗",
  na: "–",
  pending: "…",
  none: "—",
};

/** The colour class of a cell's mark (the side-by-side answers' classes, and one for a mixed result). */
const MARK_CLASS: Record<CaseCell["mark"], string> = {
  pass: "mark-pass",
  fail: "mark-fail",
  mixed: "mark-mixed",
  error: "mark-error",
  na: "mark-na",
  pending: "mark-na",
  none: "mark-na",
};

const HUMAN_CLASS: Record<CellHuman["verdict"], string> = {
  pass: "mark-pass",
  fail: "mark-fail",
  mixed: "mark-mixed",
};

/** The people's mark in a cell: "Om: ✓" / "Person: ✗", with the counts when the marks disagree or are several. */
function humanText(human: CellHuman, t: Translate, lang: "ro" | "en"): string {
  const who = t("compareCases.cell.humanShort");
  if (human.verdict === "mixed")
    return `${who}: ${formatCount(human.passed, lang)} ✓ · ${formatCount(human.failed, lang)} ✗`;
  const n = human.passed + human.failed;
  return `${who}: ${human.verdict === "pass" ? "✓" : "✗"}${n > 1 ? ` × ${formatCount(n, lang)}` : ""}`;
}

function markText(cell: CaseCell, t: Translate, lang: "ro" | "en"): string {
  const symbol = SYMBOL[cell.mark];
  switch (cell.mark) {
    case "pass":
    case "fail":
    case "mixed":
      return `${formatCount(cell.passed, lang)}/${formatCount(cell.judged, lang)} ${symbol}`;
    case "error":
      return `${symbol} ${cell.timedOut ? t("compareCases.cell.timeout") : t("compare.mark.error")}`;
    case "na":
      return `${symbol} ${t("compare.mark.na")}`;
    case "pending":
      return `${symbol} ${t("compareCases.cell.pending")}`;
    case "none":
      return `${symbol} ${t("compareCases.cell.none")}`;
  }
}

/** What the cell quotes: the labels of an annotation, the answer's text, the error, or why the model could not. */
function quotedText(cell: CaseCell, t: Translate, lang: "ro" | "en"): string {
  const a = cell.shown;
  if (!a) return "";
  if (a.status === "n/a") return a.note ?? "";
  if (a.annotation) return labelsInWords(a.annotation, t, lang);
  return answerText(a);
}

function ModelCell({ cell }: { cell: CaseCell }) {
  const { t, lang } = useI18n();
  const quoted = quotedText(cell, t, lang);
  const figures =
    cell.judged > 0
      ? [
          t("compareCases.cell.passed", {
            passed: formatCount(cell.passed, lang),
            answers: countOf(cell.judged, NOUNS.answer, lang),
          }),
          ...(cell.errors > 0 ? [t("compareCases.cell.errors", { n: formatCount(cell.errors, lang) })] : []),
        ].join(" · ")
      : "";
  const title = [figures, quoted.length > 1000 ? `${quoted.slice(0, 1000)}…` : quoted]
    .filter(Boolean)
    .join("\n\n");
  return (
    <td data-model={cell.model} data-mark={cell.mark} title={title || undefined}>
      <span className={`mark ${MARK_CLASS[cell.mark]}`} data-testid="case-cell-mark">
        {markText(cell, t, lang)}
      </span>
      {cell.errors > 0 && cell.mark !== "error" && (
        <span className="hint case-cell-errors">
          {" "}
          · {t("compareCases.cell.errors", { n: formatCount(cell.errors, lang) })}
        </span>
      )}
      {cell.human && (
        <span
          className={`case-cell-human mark ${HUMAN_CLASS[cell.human.verdict]}`}
          data-testid="case-cell-human"
          data-verdict={cell.human.verdict}
          title={t("compareCases.cell.human", {
            passed: formatCount(cell.human.passed, lang),
            failed: formatCount(cell.human.failed, lang),
          })}
        >
          {humanText(cell.human, t, lang)}
        </span>
      )}
      {quoted && <span className="case-excerpt">{excerpt(quoted, 90)}</span>}
    </td>
  );
}

export function CaseTable({
  cases,
  models,
  running,
  openedId,
  onOpen,
}: {
  cases: CaseView[];
  models: string[];
  /** The run goes on: a model without an answer yet is waited for, and the rows fill in as answers come. */
  running: boolean;
  /** The case open in the side-by-side answers. */
  openedId: string;
  onOpen: (caseId: string) => void;
}) {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState<CaseFilter>("all");
  const [query, setQuery] = useState("");
  const rows = useMemo(() => caseRows(cases, models, running), [cases, models, running]);
  const counts = filterCounts(rows);
  const shown = visibleRows(rows, filter, query);
  const withExpected = cases.some((c) => c.expected && Object.keys(c.expected).length > 0);
  const filterName = (f: CaseFilter) => t(`compareCases.filter.${f}`);

  const emptyText = (): string => {
    const searched = query.trim();
    const why = searched
      ? filter === "all"
        ? t("compareCases.empty.search", { query: searched })
        : t("compareCases.empty.searchFiltered", { query: searched, filter: filterName(filter) })
      : filter === "failures"
        ? t("compareCases.empty.failures")
        : filter === "human_disagrees"
          ? t("compareCases.empty.human_disagrees")
          : models.length < 2
            ? t("compareCases.empty.oneModel")
            : t("compareCases.empty.differences");
    return running ? `${why} ${t("compareCases.empty.soFar")}` : why;
  };

  return (
    <div className="case-table-block">
      <h3>{t("compareCases.title")}</h3>
      <p className="hint">{t("compareCases.hint")}</p>
      {running && (
        <p className="hint" data-testid="compare-case-running">
          {t("compareCases.running")}
        </p>
      )}
      <div className="case-table-controls">
        <label className="field">
          <span>{t("compareCases.filter")}</span>
          <select
            data-testid="compare-case-filter"
            value={filter}
            onChange={(e) => {
              if (isCaseFilter(e.target.value)) setFilter(e.target.value);
            }}
          >
            {CASE_FILTERS.map((f) => (
              <option key={f} value={f}>
                {t("compareCases.filter.option", { filter: filterName(f), n: formatCount(counts[f], lang) })}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("compareCases.search")}</span>
          <input
            type="search"
            data-testid="compare-case-search"
            value={query}
            placeholder={t("compareCases.searchPlaceholder")}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <p className="case-count" data-testid="compare-case-count" aria-live="polite">
          {t("compareCases.count", {
            shown: formatCount(shown.length, lang),
            cases: countOf(rows.length, NOUNS.testCase, lang),
          })}
        </p>
      </div>
      {filter !== "all" && (
        <p className="hint" data-testid="compare-case-rule">
          {t(`compareCases.rule.${filter}`)}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="note" role="status" data-testid="compare-case-empty">
          {emptyText()}
        </p>
      ) : (
        <ScrollRegion label={t("compareCases.title")}>
          <table className="compare-table case-table" data-testid="compare-case-table">
            <thead>
              <tr>
                <th scope="col">{t("compareCases.col.criterion")}</th>
                <th scope="col">{t("compareCases.col.case")}</th>
                {withExpected && <th scope="col">{t("compareCases.col.expected")}</th>}
                {models.map((m) => (
                  <th scope="col" key={m}>
                    <code>{m}</code>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map(({ view, cells, failed, differs, humanDisagrees }) => {
                const opened = view.id === openedId;
                return (
                  <tr
                    key={view.id}
                    data-testid="case-row"
                    data-case={view.id}
                    data-failed={failed}
                    data-differs={differs}
                    data-human-disagrees={humanDisagrees}
                    className={opened ? "opened" : undefined}
                    aria-current={opened ? "true" : undefined}
                    tabIndex={0}
                    onClick={() => onOpen(view.id)}
                    onKeyDown={(e) => {
                      if (e.target !== e.currentTarget) return;
                      if (e.key === "Enter" || e.key === " ") {
                        e.preventDefault();
                        onOpen(view.id);
                      }
                    }}
                  >
                    <td>{view.criterionLabel}</td>
                    <th scope="row" title={view.input}>
                      <span className="case-title">{view.title || view.id}</span>
                      <span className="case-excerpt">{excerpt(view.input, 90)}</span>
                    </th>
                    {withExpected && (
                      <td>{view.expected ? labelsInWords(view.expected, t, lang) || "—" : "—"}</td>
                    )}
                    {cells.map((cell) => (
                      <ModelCell key={cell.model} cell={cell} />
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}
