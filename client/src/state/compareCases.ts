// Every case of a comparison in one table, as promptfoo's results matrix shows an eval: one row a case, one cell a
// model with its pass/fail mark across runs and temperatures (and the people's verdicts on its answers); the filters
// "only failures", "only differences" and "people disagree with the checks", and a search on the cases' text that ignores case and diacritics (ş/ș, ţ/ț, ă, â, î). Pure functions: the table is
// client/src/components/compare/CaseTable.tsx. The rules are written out in docs/compare.md ("All cases in one table").
import { withoutExtractiveFraming } from "../../../contract/extractiveFraming";
import { humanDisagrees, type CaseAnswer, type CaseView, type HumanVerdict } from "../../../contract/compare";
import { REVIEW_FIELDS, type ReviewField } from "../../../contract/workbench";
import { answerMark, caseColumns } from "./compare";
import { foldText } from "./search";

export const CASE_FILTERS = ["all", "failures", "differences", "human_disagrees"] as const;
export type CaseFilter = (typeof CASE_FILTERS)[number];

export function isCaseFilter(value: string): value is CaseFilter {
  return (CASE_FILTERS as readonly string[]).includes(value);
}

/**
 * A model's mark on a case, over all its answers (runs × temperatures):
 * pass (every judged answer passed), fail (none did), mixed (some did), error (every judged answer is a failed call),
 * na (the model cannot do this kind of case), pending (no answer yet, the run goes on), none (no answer, run over).
 */
export type CellMark = "pass" | "fail" | "mixed" | "error" | "na" | "pending" | "none";

export interface CaseCell {
  model: string;
  mark: CellMark;
  /** Passed answers of `judged`. */
  passed: number;
  /** Answers that were judged: passed, failed, or a failed call (which counts as not passed); n/a left out. */
  judged: number;
  /** Failed calls among `judged`. */
  errors: number;
  /** Whether every failed call ran out of time (the cell says "timed out" rather than "error"). */
  timedOut: boolean;
  /** The answer the cell quotes: the model's first that is not n/a (temperature, then run order), else its first. */
  shown: CaseAnswer | null;
  /** People's verdicts on the model's answers to the case; null when a person marked none. */
  human: CellHuman | null;
}

/**
 * The people's verdicts in a cell: how many of the model's answers they passed and failed, and the cell's verdict
 * (pass or fail when every mark agrees, mixed otherwise).
 */
export interface CellHuman {
  verdict: "pass" | "fail" | "mixed";
  passed: number;
  failed: number;
}

/** The people's verdicts on some answers, or null when none is marked. */
export function cellHuman(answers: readonly CaseAnswer[]): CellHuman | null {
  const passed = answers.filter((a) => a.human?.verdict === "pass").length;
  const failed = answers.filter((a) => a.human?.verdict === "fail").length;
  if (passed + failed === 0) return null;
  return { verdict: failed === 0 ? "pass" : passed === 0 ? "fail" : "mixed", passed, failed };
}

export interface CaseRow {
  view: CaseView;
  cells: CaseCell[];
  /** A judged answer failed, or a call failed. */
  failed: boolean;
  /** The models disagree (differenceRule). */
  differs: boolean;
  /** A person's verdict on one of its answers says the opposite of the automatic checks (humanDisagrees). */
  humanDisagrees: boolean;
}

const TIMEOUTS = new Set(["provider:timeout", "provider:first_token_timeout"]);

/** One model's cell of a case. `running`: a model without an answer yet is waited for, not "no answer". */
export function caseCell(view: CaseView, model: string, running: boolean): CaseCell {
  const [col] = caseColumns(view, [model]);
  const { answers, passed, judged } = col!;
  const failedCalls = answers.filter((a) => answerMark(a) === "error");
  const errors = failedCalls.length;
  const mark: CellMark =
    answers.length === 0
      ? running
        ? "pending"
        : "none"
      : judged === 0
        ? "na"
        : errors === judged
          ? "error"
          : passed === judged
            ? "pass"
            : passed === 0
              ? "fail"
              : "mixed";
  return {
    model,
    mark,
    passed,
    judged,
    errors,
    timedOut: errors > 0 && failedCalls.every((a) => TIMEOUTS.has(a.error?.code ?? "")),
    shown: answers.find((a) => answerMark(a) !== "na") ?? answers[0] ?? null,
    human: cellHuman(answers),
  };
}

/** Whether a judged answer of the case failed or its call failed (the filter "Doar eșecurile"). */
export function hasFailure(view: CaseView): boolean {
  return view.answers.some((a) => {
    const mark = answerMark(a);
    return mark === "fail" || mark === "error";
  });
}

/** The fields whose labels are compared: the case's gold fields, or every review field for a case without gold. */
export function comparedFields(view: Pick<CaseView, "expected">): ReviewField[] {
  const gold = REVIEW_FIELDS.filter((f) => view.expected?.[f] !== undefined);
  return gold.length > 0 ? gold : [...REVIEW_FIELDS];
}

/** An annotation's labels on `fields` as one comparable string ("negativ|true"); null without an annotation. */
function labelKey(answer: CaseAnswer, fields: readonly ReviewField[]): string | null {
  if (!answer.annotation) return null;
  const labels = answer.annotation as Partial<Record<ReviewField, unknown>>;
  return fields.map((f) => String(labels[f] ?? "")).join("|");
}

/**
 * Whether the models disagree on a case (the filter "Doar diferențele"). Only models with at least one judged answer
 * take part (n/a answers and answers not made yet are left out), and at least two must. They disagree when
 * - their shares of passed answers differ (a failed call counts as not passed): 3/3 beside 2/3, 1/1 beside 0/1; or
 * - on an annotation case, the labels differ: the set of label combinations one model gave on the compared fields
 *   (comparedFields: the gold fields, else every review field) is not the same as another's. Answers without a valid
 *   annotation take no part in this second test (they already count as failed in the first).
 */
export function modelsDiffer(view: CaseView, models: readonly string[]): boolean {
  const columns = caseColumns(view, models).filter((c) => c.judged > 0);
  if (columns.length < 2) return false;
  const [first, ...rest] = columns;
  if (rest.some((c) => c.passed * first!.judged !== first!.passed * c.judged)) return true;
  if (view.kind !== "annotation") return false;
  const fields = comparedFields(view);
  const labelSets = columns
    .map((c) => new Set(c.answers.map((a) => labelKey(a, fields)).filter((k): k is string => k !== null)))
    .filter((set) => set.size > 0);
  const [base, ...others] = labelSets;
  return others.some((set) => set.size !== base!.size || [...set].some((k) => !base!.has(k)));
}

/**
 * Whether a person's verdict on an answer of the case says the opposite of the automatic checks (the filter "Oamenii
 * nu sunt de acord cu verificările"): a person passed an answer the checks failed (a failed call counts as failed),
 * or failed one they passed. n/a answers have no automatic outcome and take no part.
 */
export function peopleDisagree(view: Pick<CaseView, "answers">): boolean {
  return view.answers.some(humanDisagrees);
}

/** The table's rows, one a case in the suite's order. */
export function caseRows(cases: readonly CaseView[], models: readonly string[], running: boolean): CaseRow[] {
  return cases.map((view) => ({
    view,
    cells: models.map((m) => caseCell(view, m, running)),
    failed: hasFailure(view),
    differs: modelsDiffer(view, models),
    humanDisagrees: peopleDisagree(view),
  }));
}

/** Text as the search compares it: lower-case, without diacritics (ş and ș alike), whitespace runs as one space. */
export function searchKey(text: string): string {
  return foldText(text).replace(/\s+/g, " ").trim();
}

/**
 * Whether a case matches the search: every word of the query (case and diacritics ignored, in any order) occurs in
 * its title, its input (the prompt, or the annotated text), its English gloss or its id. An empty query matches all.
 */
export function matchesSearch(view: CaseView, query: string): boolean {
  const words = searchKey(query).split(" ").filter(Boolean);
  if (words.length === 0) return true;
  const haystack = searchKey([view.title, view.input, view.inputEn ?? "", view.id].join("\n"));
  return words.every((w) => haystack.includes(w));
}

export function passesFilter(row: CaseRow, filter: CaseFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "failures":
      return row.failed;
    case "differences":
      return row.differs;
    case "human_disagrees":
      return row.humanDisagrees;
  }
}

/** The rows the table shows for a filter and a search, in the suite's order. */
export function visibleRows(rows: readonly CaseRow[], filter: CaseFilter, query: string): CaseRow[] {
  return rows.filter((r) => passesFilter(r, filter) && matchesSearch(r.view, query));
}

/** How many cases each filter keeps (the search left aside), for the filter's options. */
export function filterCounts(rows: readonly CaseRow[]): Record<CaseFilter, number> {
  return {
    all: rows.length,
    failures: rows.filter((r) => r.failed).length,
    differences: rows.filter((r) => r.differs).length,
    human_disagrees: rows.filter((r) => r.humanDisagrees).length,
  };
}

/** Whitespace runs as one space, cut at a word near `max` characters with "…" when longer. */
export function excerpt(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

/**
 * Markdown's marks taken out for a one-line excerpt: a line's list bullet or number, heading or quote mark, and
 * emphasis and code marks ("- **Guvernul** a anunțat" → "Guvernul a anunțat").
 */
export function withoutMarkdown(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)]|#{1,6}|>)\s+/, ""))
    .join("\n")
    .replace(/(\*\*|__|`)/g, "");
}

/**
 * The text a cell quotes from a prompt answer: the answer without the offline model's fixed opening and without
 * Markdown's marks, or the failed call's message.
 */
export function answerText(answer: CaseAnswer): string {
  if (answer.error) return answer.error.message;
  return withoutMarkdown(withoutExtractiveFraming(answer.text).text);
}

/** One answer's key among a run's: its case, model, temperature and run, as the server names it. */
export function answerKey(caseId: string, a: Pick<CaseAnswer, "model" | "temperature" | "run">): string {
  return [caseId, a.model, a.temperature, a.run].join("\u0000");
}

/**
 * The cases with the verdicts saved on this page since the run was read (by answerKey; null: cleared) in place of
 * the ones read with it, so that the table and the answers show a mark as soon as it is stored.
 */
export function withHumanVerdicts(
  cases: readonly CaseView[],
  saved: ReadonlyMap<string, HumanVerdict | null>,
): CaseView[] {
  if (saved.size === 0) return cases as CaseView[];
  return cases.map((view) => {
    if (!view.answers.some((a) => saved.has(answerKey(view.id, a)))) return view;
    return {
      ...view,
      answers: view.answers.map((a) => {
        const key = answerKey(view.id, a);
        if (!saved.has(key)) return a;
        const human = saved.get(key);
        const { human: _old, ...rest } = a;
        return human ? { ...rest, human } : rest;
      }),
    };
  });
}
