// The results table, virtualised (@tanstack/react-virtual): only the rows on screen exist in the page, so
// 10,000+ rows scroll as smoothly as 20. Each row: its number, the text (cut; the whole text on demand), each
// model's labels with confidence, justification and evidence, and its flags (with a mark when people marked evidence
// on it). Rows have one fixed height.
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useRef, type CSSProperties } from "react";
import { justificationIn } from "../../../../contract/lexiconReasons";
import type { ResultRow } from "../../../../contract/workbench";
import { formatCount } from "../../format";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import {
  confidenceBand,
  modelCells,
  rowAt,
  sortBy,
  type ModelCell,
  type ResultSort,
  type ResultsFilters,
  type ResultsWindow,
} from "../../state/resultsWindow";
import { LabelChips } from "./labels";

export const ROW_HEIGHT = 92;
/** Rows drawn beyond the screen: enough for a wheel step, few enough that a fast scroll lays out little per frame. */
const OVERSCAN = 4;
/**
 * BENCH BASELINE ONLY: bench/workbenchUi.ts sets `window.__echochamberBenchRenderAllRows = true` before the page loads
 * (Playwright's addInitScript) to measure the virtualised table against one that renders every row (overscan = all).
 * No address, setting or control of the app sets it, so nobody reaches this by accident.
 */
const RENDER_ALL_ROWS =
  typeof window !== "undefined" &&
  (window as { __echochamberBenchRenderAllRows?: unknown }).__echochamberBenchRenderAllRows === true;

function Cell({
  cell,
  contested,
}: {
  cell: ModelCell | undefined;
  contested: ResultRow["flags"]["modelsDisagree"];
}) {
  const { t, lang } = useI18n();
  if (!cell) return <div className="wb-cell wb-pending">{t("wb.results.pending")}</div>;
  if (cell.error) {
    return (
      <div className="wb-cell wb-failed" title={cell.error}>
        {t("wb.results.failed")}: {cell.error}
      </div>
    );
  }
  const justification = cell.justification ? justificationIn(cell.justification, lang) : "";
  return (
    <div className="wb-cell">
      <div className="wb-cell-head">
        <LabelChips labels={cell.labels} highlight={contested} compact />
        {cell.confidence !== null && (
          <span className={`wb-conf ${confidenceBand(cell.confidence)}`} title={t("annotation.confidence")}>
            {Math.round(cell.confidence * 100)}%
          </span>
        )}
        {cell.repeats > 1 && (
          <span
            className={`wb-repeats${cell.repeatsAgree ? "" : " differ"}`}
            title={t("wb.results.repeatsTitle")}
          >
            ×{cell.repeats}
            {cell.repeatsAgree ? "" : " ≠"}
          </span>
        )}
        {cell.olderCodebook && (
          <span className="wb-old" title={t("wb.results.olderCodebook")}>
            ⚑
          </span>
        )}
      </div>
      {(justification || cell.evidence.length > 0) && (
        <div
          className="wb-justification"
          title={[justification, cell.evidence.join("; ")].filter(Boolean).join(" — ")}
        >
          {justification}
          {cell.evidence.length > 0 && <i> {cell.evidence.map((e) => `„${e}”`).join(" ")}</i>}
        </div>
      )}
    </div>
  );
}

/** Where a row sits: by its offset only, so a memoised row is not drawn again while it stays put. */
const rowStyle = (top: number): CSSProperties => ({ transform: `translateY(${top}px)`, height: ROW_HEIGHT });

const Row = memo(function Row({
  row,
  models,
  top,
  onOpen,
}: {
  row: ResultRow;
  models: readonly string[];
  top: number;
  onOpen: (idx: number) => void;
}) {
  const { t } = useI18n();
  const cells = modelCells(row, models);
  const f = row.flags;
  // Absent from a server before workbench 1.27.
  const evidenceBy = row.evidenceBy ?? [];
  return (
    <div className="wb-tr" role="row" style={rowStyle(top)} data-testid="results-row" data-idx={row.idx}>
      <div className="wb-td wb-idx" role="cell">
        {row.idx + 1}
      </div>
      <div className="wb-td wb-text" role="cell">
        <button
          type="button"
          className="wb-text-button"
          onClick={() => onOpen(row.idx)}
          title={t("wb.results.open")}
        >
          {row.text}
          {row.textLength > row.text.length && "…"}
        </button>
      </div>
      {cells === null ? (
        <div className="wb-td wb-withheld" role="cell" style={{ gridColumn: `span ${models.length}` }}>
          {t("wb.results.withheld")}
        </div>
      ) : (
        cells.map((cell, i) => (
          <div className="wb-td" role="cell" key={models[i]}>
            <Cell cell={cell} contested={f.modelsDisagree} />
          </div>
        ))
      )}
      <div className="wb-td wb-flags" role="cell">
        {f.modelsDisagree.length > 0 && <span className="wb-flag disagree">{t("wb.flag.models")}</span>}
        {f.runsDisagree.length > 0 && <span className="wb-flag runs">{t("wb.flag.runs")}</span>}
        {f.failed > 0 && <span className="wb-flag failed">{t("wb.flag.failed")}</span>}
        {f.inSample && <span className="wb-flag sample">{t("wb.flag.sample")}</span>}
        {f.reviewers.length > 0 && (
          <span className="wb-flag reviewed" title={f.reviewers.join(", ")}>
            ✓ {f.reviewers.length}
            {f.adjudicated && " ⚖"}
          </span>
        )}
        {evidenceBy.length > 0 && (
          // People marked words as evidence for their label (the row panel shows them): a quote mark and how many.
          <span
            className="wb-flag evidence"
            role="img"
            data-testid="results-evidence"
            aria-label={t("wb.flag.evidence", { names: evidenceBy.join(", ") })}
            title={t("wb.flag.evidence", { names: evidenceBy.join(", ") })}
          >
            ❝ {evidenceBy.length}
          </span>
        )}
      </div>
    </div>
  );
});

/** A sortable column's header: the order is said on the header itself (aria-sort belongs to a columnheader, not to
 * the button inside it), the button changes it. */
function SortHeader({
  sort,
  filters,
  onFilters,
  children,
}: {
  sort: ResultSort;
  filters: ResultsFilters;
  onFilters: (f: ResultsFilters) => void;
  children: string;
}) {
  const active = filters.sort === sort;
  return (
    <div
      className="wb-th"
      role="columnheader"
      aria-sort={active ? (filters.order === "asc" ? "ascending" : "descending") : undefined}
    >
      <button
        type="button"
        className={`wb-sort${active ? " active" : ""}`}
        data-testid={`results-sort-${sort}`}
        onClick={() => onFilters(sortBy(filters, sort))}
      >
        {children}
        <span aria-hidden="true">{active ? (filters.order === "asc" ? " ▲" : " ▼") : ""}</span>
      </button>
    </div>
  );
}

export function ResultsTable({
  window: win,
  models,
  filters,
  onFilters,
  onRange,
  onOpen,
}: {
  window: ResultsWindow;
  models: readonly string[];
  filters: ResultsFilters;
  onFilters: (f: ResultsFilters) => void;
  onRange: (range: { start: number; end: number }) => void;
  onOpen: (idx: number) => void;
}) {
  const { t, lang } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const count = win.total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: RENDER_ALL_ROWS ? count : OVERSCAN,
    // Rows are drawn in React's next task rather than inside the scroll event: two shorter tasks, not one long one.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const start = items[0]?.index ?? 0;
  const end = items[items.length - 1]?.index ?? 0;
  useEffect(() => onRange({ start, end }), [start, end, onRange]);
  // New filters: back to the top.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [win.key]);

  // Fixed minimum column widths keep every (absolutely placed) row's grid the same as the header's.
  const columns = `4rem minmax(16rem, 2.2fr) repeat(${models.length}, minmax(14rem, 1.6fr)) 8rem`;
  const minWidth = `${28 + 14 * models.length}rem`;
  return (
    <div
      className="wb-table"
      role="table"
      aria-rowcount={count}
      data-testid="results-table"
      data-total={count}
    >
      <div
        className="wb-table-scroll"
        ref={scroller}
        style={{ "--wb-columns": columns, "--wb-min-width": minWidth } as CSSProperties}
      >
        <div className="wb-tr wb-thead" role="row">
          <SortHeader sort="idx" filters={filters} onFilters={onFilters}>
            #
          </SortHeader>
          <div className="wb-th" role="columnheader">
            {t("wb.results.text")}
          </div>
          {models.map((m) => (
            <div className="wb-th" role="columnheader" key={m}>
              <code>{m}</code>
            </div>
          ))}
          <SortHeader sort="priority" filters={filters} onFilters={onFilters}>
            {t("wb.results.flags")}
          </SortHeader>
        </div>
        <div className="wb-tbody" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rowAt(win, item.index);
            return row ? (
              <Row key={item.key} row={row} models={models} top={item.start} onOpen={onOpen} />
            ) : (
              <div key={item.key} className="wb-tr wb-loading-row" role="row" style={rowStyle(item.start)}>
                <div className="wb-td" role="cell">
                  {item.index + 1}
                </div>
                <div className="wb-td" role="cell">
                  <span className="wb-skeleton" />
                </div>
              </div>
            );
          })}
        </div>
      </div>
      <p className="hint wb-table-foot">
        {win.total === null
          ? t("wb.results.loading")
          : t("wb.results.count", {
              n: countOf(win.total, NOUNS.shownRow, lang),
              rows: formatCount(win.datasetRows ?? 0, lang),
              complete: formatCount(win.complete ?? 0, lang),
            })}
      </p>
    </div>
  );
}
