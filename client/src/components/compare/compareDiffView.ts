// The pure side of "Compară două comparații" (CompareDiff.tsx): the pair in the address (?diff=<a>,<b>), the runs
// picked in "Comparații anterioare" in the order they are compared (the older first, as the baseline), and the
// rows of the case list, a case and a model a row, filtered to the changes or not; and, for a row opened, the case and
// the model's answers in each run, read from the runs as GET /api/compare/:runId gives them.
import type { CaseAnswer, CaseView } from "../../../../contract/compare";
import type { CaseChange, CompareDiffResponse } from "../../../../contract/compareDiff";
import type { CompareHistoryItem } from "../../../../contract/compareHistory";
import type { ReviewField } from "../../../../contract/workbench";
import type { Lang, Translate } from "../../i18n";
import { fieldName, labelText } from "../../labelWords";

const DIFF_PARAM = "diff";

/** The pair of the address (`?diff=a,b`), or none. */
export function diffFromSearch(search: string): [string, string] | undefined {
  const value = new URLSearchParams(search).get(DIFF_PARAM);
  const ids = (value ?? "").split(",").map((s) => s.trim());
  return ids.length === 2 && ids[0] && ids[1] ? [ids[0], ids[1]] : undefined;
}

/** The address with the pair shown (none: without it); the comparison opened alone leaves it. */
export function urlWithDiff(href: string, pair: readonly [string, string] | undefined): string {
  const url = new URL(href);
  if (pair) url.searchParams.set(DIFF_PARAM, `${pair[0]},${pair[1]}`);
  else url.searchParams.delete(DIFF_PARAM);
  // The ",": kept readable in a link sent to a teacher.
  return `${url.pathname}${url.search.replace(/%2C/gi, ",")}${url.hash}`;
}

/** Whether a run of the list may be picked: one that no longer runs. */
export const pickable = (item: Pick<CompareHistoryItem, "status">) => item.status !== "running";

/** Two picked runs in the order compared: the older is a (the baseline), the newer b. */
export function diffPair(picked: readonly CompareHistoryItem[]): [string, string] | undefined {
  if (picked.length !== 2) return undefined;
  const [x, y] = [...picked].sort((p, q) =>
    p.createdAt === q.createdAt ? p.runId.localeCompare(q.runId) : p.createdAt.localeCompare(q.createdAt),
  );
  return [x!.runId, y!.runId];
}

/** The picks after a click on one: added or removed; a third replaces the older pick, so two stay. */
export function togglePick(picked: readonly string[], runId: string): string[] {
  if (picked.includes(runId)) return picked.filter((id) => id !== runId);
  return [...picked, runId].slice(-2);
}

/** A row of the case list: one case, one model. */
export interface DiffRow {
  key: string;
  caseId: string;
  variant: string | null;
  /** The case's title, a variant's with its " · varianta A" already (contract/compareSuiteVariants.ts). */
  title: string;
  /** The case changed between the runs (CompareDiffCase.contentChanged). */
  contentChanged?: true;
  model: string;
  passedA: boolean | null;
  passedB: boolean | null;
  change: CaseChange;
  labels?: { a: Record<string, string[]>; b: Record<string, string[]> };
}

export type DiffFilter = "changes" | "all";

/** A row worth showing under "Only changes": anything but "same", and an annotation whose labels changed. */
export const isChange = (cell: { change: CaseChange; labels?: unknown }) =>
  cell.change !== "same" || cell.labels !== undefined;

export function diffRows(diff: CompareDiffResponse, filter: DiffFilter): DiffRow[] {
  return diff.cases.flatMap((c) =>
    c.models
      .filter((m) => filter === "all" || isChange(m))
      .map((m) => ({
        key: `${c.caseId}|${c.variant ?? ""}|${m.model}`,
        caseId: c.caseId,
        variant: c.variant,
        title: c.title,
        ...(c.contentChanged ? { contentChanged: true as const } : {}),
        model: m.model,
        passedA: m.passedA,
        passedB: m.passedB,
        change: m.change,
        ...(m.labels ? { labels: m.labels } : {}),
      })),
  );
}

/** A label set as one line in the page's words, as the workbench names labels: "Ton: negativ · Populism: da, nu". */
export function labelsText(labels: Record<string, string[]>, t: Translate, lang: Lang): string {
  return Object.entries(labels)
    .map(([field, values]) => {
      const f = field as ReviewField;
      return `${fieldName(f, t)}: ${values.map((v) => labelText(f, v, t, lang)).join(", ")}`;
    })
    .join(" · ");
}

/** An opened row in one run: the case as that run has it, and the row's model's answers to it (none: not asked). */
export interface DiffAnswerSide {
  view: CaseView;
  answers: CaseAnswer[];
}

/**
 * The row's case and model in one run's cases, matched as the diff matches them (id and prompt variant); null when
 * the run has no such case (a case of the other run only).
 */
export function answersOfRow(
  row: Pick<DiffRow, "caseId" | "variant" | "model">,
  cases: readonly CaseView[],
): DiffAnswerSide | null {
  const view = cases.find((c) => c.id === row.caseId && (c.variant ?? null) === row.variant);
  return view ? { view, answers: view.answers.filter((a) => a.model === row.model) } : null;
}

/** An answer clamped in the diff until "Arată tot": longer than this many characters or lines. */
export const CLAMP = { chars: 600, lines: 10 } as const;

export function isLongAnswer(text: string | null | undefined): boolean {
  if (!text) return false;
  return text.length > CLAMP.chars || text.split("\n").length > CLAMP.lines;
}
