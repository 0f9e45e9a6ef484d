// Two stored comparisons side by side (GET /api/compare/diff): what changed from run a to run b per model (pass rate,
// latency) and per case (fixed, broke, same, changed between the runs, or in one run only). Pure: the route reads the
// runs and their answers, checks who may see them and refuses what cannot be compared; docs/compare.md, "Two
// comparisons".
import { createHash } from "node:crypto";
import { EVAL_FIELDS } from "../../contract/annotation";
import type {
  CaseChange,
  CompareDiffCase,
  CompareDiffCell,
  CompareDiffModel,
  CompareDiffResponse,
  CompareDiffRun,
  LabelSet,
} from "../../contract/compareDiff";
import { variantOfCase } from "../../contract/compareSuiteVariants";
import { AppError, type Lang } from "../../contract/errors";
import type { ResultRow } from "./runner";
import type { CompareRunRecord } from "./runStore";
import { figuresOf } from "./runView";
import { expectedFields, type SuiteCase } from "./suiteSchema";

/** A run with its answers, as the store gives them. */
export interface DiffSide {
  record: CompareRunRecord;
  rows: ResultRow[];
}

/** A case's place in both runs: its id and, for a suite with prompt variants, its variant. */
const caseKey = (c: { id: string; variant?: string }) => `${c.id}\u0000${variantOfCase(c) ?? ""}`;

function header(side: DiffSide, lang: Lang): CompareDiffRun {
  const { record } = side;
  const { suite } = record.request;
  return {
    runId: record.id,
    status: record.status,
    stopped: record.status === "done" && record.results?.interrupted === true,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
    suite: { id: suite.id, name: (lang === "en" && suite.nameEn) || suite.name, cases: suite.cases.length },
    models: record.request.models,
    runs: record.request.runs,
    temperatures: record.request.temperatures,
    progress: { done: record.done, total: record.total },
  };
}

/** Whether a run's figures are over fewer answers than it was asked for. */
function isPartial(record: CompareRunRecord): boolean {
  return record.status !== "done" || record.results?.interrupted === true;
}

/**
 * What a model is given for a case, hashed: its kind and prompt, system prompt, sources and token limit, or the text it
 * annotates. Two cases with the same key are the same case only when this is the same too: every "Suita mea" is
 * `inline`, named "Suita mea", with cases `caz-1…caz-N` by position, so two unrelated own suites share every key. A
 * case's checks (assertions, gold labels, repeats), title and criterion are not in it: a run after a check was
 * corrected is compared with the one before, and says what the corrected check passes.
 */
function contentOf(c: SuiteCase): string {
  const given =
    c.kind === "prompt"
      ? { kind: c.kind, prompt: c.prompt, system: c.system, sources: c.sources, maxTokens: c.maxTokens }
      : { kind: c.kind, text: c.text };
  return createHash("sha256").update(JSON.stringify(given)).digest("hex");
}

const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);

function modelFigures(a: DiffSide, b: DiffSide, models: string[]): CompareDiffModel[] {
  const fa = figuresOf(a.record, a.rows)?.models ?? [];
  const fb = figuresOf(b.record, b.rows)?.models ?? [];
  return models.map((model) => {
    const x = fa.find((m) => m.model === model);
    const y = fb.find((m) => m.model === model);
    const pa = x?.passRate ?? null;
    const pb = y?.passRate ?? null;
    return {
      model,
      passRate: { a: pa, b: pb, delta: delta(pa, pb) },
      latencyMean: { a: x?.latency?.mean ?? null, b: y?.latency?.mean ?? null },
      latencyMedian: { a: x?.latency?.p50 ?? null, b: y?.latency?.p50 ?? null },
    };
  });
}

/** A model's answers to one case in one run, over its temperatures and runs. */
interface CaseOutcome {
  /** Every applicable answer passed; null when none applies (n/a). */
  passed: boolean | null;
  labels: LabelSet | null;
}

function outcomeOf(c: SuiteCase, rows: ResultRow[]): CaseOutcome {
  const applicable = rows.filter((r) => r.status !== "n/a");
  const passed = applicable.length === 0 ? null : applicable.every((r) => r.pass === true);
  if (c.kind !== "annotation") return { passed, labels: null };
  // The gold fields when the case has gold labels, else every field the schema evaluates.
  const gold = expectedFields(c.expected);
  const fields = gold.length > 0 ? gold : EVAL_FIELDS;
  const labels: LabelSet = {};
  for (const field of fields) {
    const values = applicable
      .map((r) => (r.annotation as Record<string, unknown> | null)?.[field])
      .filter((v) => v !== undefined && v !== null)
      .map(String);
    if (values.length > 0) labels[field] = [...new Set(values)].sort();
  }
  return { passed, labels };
}

const sameLabels = (x: LabelSet, y: LabelSet) => JSON.stringify(x) === JSON.stringify(y);

function changeOf(a: boolean | null, b: boolean | null): CaseChange {
  if (a === false && b === true) return "fixed";
  if (a === true && b === false) return "broke";
  return "same";
}

/** The rows of a run by case key and model. */
function rowsByCell(side: DiffSide): Map<string, ResultRow[]> {
  const byId = new Map(side.record.request.suite.cases.map((c) => [c.id, c]));
  const cells = new Map<string, ResultRow[]>();
  for (const row of side.rows) {
    const c = byId.get(row.caseId);
    if (!c) continue;
    const key = `${caseKey(c)}\u0000${row.model}`;
    cells.set(key, [...(cells.get(key) ?? []), row]);
  }
  return cells;
}

/** A model's answers to a case in one run: the case and its rows, or null when the run has neither. */
type CellSide = { c: SuiteCase; rows: ResultRow[] } | null;

/** One model on one case, or null when neither run has an answer to it (the cell is left out, not counted). */
function cellOf(model: string, a: CellSide, b: CellSide, contentChanged: boolean): CompareDiffCell | null {
  const x = a && a.rows.length > 0 ? outcomeOf(a.c, a.rows) : null;
  const y = b && b.rows.length > 0 ? outcomeOf(b.c, b.rows) : null;
  if (!x && !y) return null;
  if (!x || !y)
    return {
      model,
      passedA: x?.passed ?? null,
      passedB: y?.passed ?? null,
      change: x ? "only_a" : "only_b",
    };
  // The case itself changed: its outcomes are shown, not compared.
  if (contentChanged) return { model, passedA: x.passed, passedB: y.passed, change: "changed" };
  return {
    model,
    passedA: x.passed,
    passedB: y.passed,
    change: changeOf(x.passed, y.passed),
    ...(x.labels && y.labels && !sameLabels(x.labels, y.labels)
      ? { labels: { a: x.labels, b: y.labels } }
      : {}),
  };
}

/**
 * Run b against run a (a the baseline). Cases are matched by id and prompt variant and compared only when their
 * content is the same too (contentOf); a case with the same key whose content changed is listed once with
 * `contentChanged` and its cells `changed`. Refused: the same run twice, and two runs with no case of the same key and
 * content (`compare:diff_suite_mismatch`: two unrelated "Suita mea" share every key). Suites that differ (another
 * name or id, a case added, removed or changed) but share a case are compared on every case of either, with
 * `suiteMismatch`; a run still running (or stopped, interrupted) is compared on the answers it has, with `partial`. A
 * cell neither run answered (a case of one run only with a model of the other only, or not answered yet by either) is
 * left out, and so is a case left with no cell.
 */
export function diffRuns(a: DiffSide, b: DiffSide, lang: Lang = "ro"): CompareDiffResponse {
  if (a.record.id === b.record.id) throw new AppError("compare:diff_same_run");
  const suiteA = a.record.request.suite;
  const suiteB = b.record.request.suite;
  const keysA = new Map(suiteA.cases.map((c) => [caseKey(c), c]));
  const keysB = new Map(suiteB.cases.map((c) => [caseKey(c), c]));
  /** Keys in both runs whose content changed. */
  const changed = new Set(
    [...keysA].filter(([k, c]) => keysB.has(k) && contentOf(c) !== contentOf(keysB.get(k)!)).map(([k]) => k),
  );
  const matched = [...keysA.keys()].filter((k) => keysB.has(k) && !changed.has(k));
  if (matched.length === 0)
    throw new AppError("compare:diff_suite_mismatch", { suiteA: suiteA.name, suiteB: suiteB.name });
  const same =
    suiteA.id === suiteB.id &&
    suiteA.name === suiteB.name &&
    matched.length === keysA.size &&
    matched.length === keysB.size;

  const modelsA = a.record.request.models;
  const modelsB = b.record.request.models;
  const shared = modelsA.filter((m) => modelsB.includes(m));
  const everyModel = [...modelsA, ...modelsB.filter((m) => !modelsA.includes(m))];
  const cellsA = rowsByCell(a);
  const cellsB = rowsByCell(b);
  const counts: CompareDiffResponse["counts"] = {
    fixed: 0,
    broke: 0,
    same: 0,
    changed: 0,
    only_a: 0,
    only_b: 0,
  };

  // a's cases in a's order, then those b added.
  const keys = [...keysA.keys(), ...[...keysB.keys()].filter((k) => !keysA.has(k))];
  const cases: CompareDiffCase[] = keys.flatMap((key) => {
    const ca = keysA.get(key);
    const cb = keysB.get(key);
    const c = (cb ?? ca)!;
    const contentChanged = changed.has(key);
    const models = everyModel.flatMap((model) => {
      const cell = cellOf(
        model,
        ca && modelsA.includes(model) ? { c: ca, rows: cellsA.get(`${key}\u0000${model}`) ?? [] } : null,
        cb && modelsB.includes(model) ? { c: cb, rows: cellsB.get(`${key}\u0000${model}`) ?? [] } : null,
        contentChanged,
      );
      if (!cell) return [];
      counts[cell.change] += 1;
      return [cell];
    });
    if (models.length === 0) return [];
    return [
      {
        caseId: c.id,
        variant: variantOfCase(c),
        title: (lang === "en" && (cb?.titleEn ?? ca?.titleEn)) || c.title || c.id,
        kind: c.kind,
        ...(contentChanged ? { contentChanged: true } : {}),
        models,
      },
    ];
  });

  return {
    a: header(a, lang),
    b: header(b, lang),
    suiteMismatch: !same,
    partial: isPartial(a.record) || isPartial(b.record),
    models: modelFigures(a, b, shared),
    onlyA: modelsA.filter((m) => !modelsB.includes(m)),
    onlyB: modelsB.filter((m) => !modelsA.includes(m)),
    cases,
    counts,
  };
}
