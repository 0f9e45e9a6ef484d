// The compare form checked against the contract's bounds before anything is sent (models, runs, temperatures, and the
// answers a run would ask for), so the page says what is wrong next to the field, in its language, instead of a
// refusal from the server. Pure; the server checks the same bounds again.
import { COMPARE_LIMITS, plannedAnswers as answersPlanned, type SuiteInfo } from "../../../contract/compare";
import { TEMPERATURE_RANGE } from "../../../contract/settings";
import { formatCount, formatScore } from "../format";
import type { Lang } from "../i18n";
import { countOf, NOUNS } from "../plural";
import { parseTemperatures } from "./compare";

export type FormField = "models" | "runs" | "temperatures" | "answers";

export interface FormProblem {
  field: FormField;
  key:
    | "compare.noModels"
    | "compare.limit.models"
    | "compare.limit.runs"
    | "compare.badTemperatures"
    | "compare.limit.temperatures"
    | "compare.limit.answers";
  params: Record<string, number>;
}

export interface CheckedForm {
  problems: FormProblem[];
  runs: number | null;
  /** Undefined: the suite's defaults; null: not readable. */
  temperatures: number[] | null | undefined;
  /** The answers the run would ask for, when the suite and the fields are known. */
  total: number | null;
  maxAnswers: number;
}

/** Runs as typed: a whole number, else null. */
export function parseRuns(text: string): number | null {
  const value = Number(text.trim());
  return text.trim() !== "" && Number.isInteger(value) ? value : null;
}

/**
 * Answers of a run, as the server plans it (contract's plannedAnswers); a suite listed without its cases' repeats
 * counts each case `runs` times.
 */
export function plannedAnswers(
  suite: Pick<SuiteInfo, "cases" | "repeats">,
  runs: number,
  temperatures: number,
  models: number,
): number {
  return answersPlanned(
    suite.repeats ?? new Array<number>(suite.cases).fill(runs),
    runs,
    temperatures,
    models,
  );
}

export function checkCompareForm(input: {
  models: string[];
  runs: string;
  temperatures: string;
  suite: SuiteInfo | undefined;
  maxAnswers?: number;
}): CheckedForm {
  const problems: FormProblem[] = [];
  const maxAnswers = input.maxAnswers ?? COMPARE_LIMITS.answers;
  const { models } = input;
  if (models.length === 0) problems.push({ field: "models", key: "compare.noModels", params: {} });
  else if (models.length > COMPARE_LIMITS.models)
    problems.push({
      field: "models",
      key: "compare.limit.models",
      params: { max: COMPARE_LIMITS.models, n: models.length },
    });

  const runs = parseRuns(input.runs);
  if (runs === null || runs < 1 || runs > COMPARE_LIMITS.runs)
    problems.push({ field: "runs", key: "compare.limit.runs", params: { max: COMPARE_LIMITS.runs } });

  const temperatures = input.temperatures.trim() ? parseTemperatures(input.temperatures) : undefined;
  if (temperatures === null)
    problems.push({
      field: "temperatures",
      key: "compare.badTemperatures",
      params: { min: TEMPERATURE_RANGE.min, max: TEMPERATURE_RANGE.max },
    });
  else if (temperatures && temperatures.length > COMPARE_LIMITS.temperatures)
    problems.push({
      field: "temperatures",
      key: "compare.limit.temperatures",
      params: { max: COMPARE_LIMITS.temperatures, n: temperatures.length },
    });

  const temperatureCount = temperatures?.length ?? input.suite?.defaults.temperatures?.length ?? 1;
  // Counted only from fields within their bounds: a count from 12 runs would be a figure nobody can run.
  const total =
    input.suite && problems.length === 0 && runs !== null
      ? plannedAnswers(input.suite, runs, temperatureCount, models.length)
      : null;
  if (total !== null && total > maxAnswers)
    problems.push({ field: "answers", key: "compare.limit.answers", params: { total, max: maxAnswers } });
  return { problems, runs, temperatures, total, maxAnswers };
}

/** The problem to show next to a field, if any. */
export function problemOf(checked: CheckedForm, field: FormField): FormProblem | undefined {
  return checked.problems.find((p) => p.field === field);
}

/** A problem's figures as its message says them in a language: counts with their nouns ("24 de răspunsuri"), numbers
 * in the language's format ("1.500"). */
export function problemParams(problem: FormProblem, lang: Lang): Record<string, string> {
  const p = problem.params;
  const count = (n: number | undefined) => formatCount(n ?? 0, lang);
  switch (problem.key) {
    case "compare.noModels":
      return {};
    case "compare.limit.models":
      return { models: countOf(p.max ?? 0, NOUNS.model, lang), n: count(p.n) };
    case "compare.limit.runs":
      return { max: count(p.max) };
    case "compare.badTemperatures":
      return { min: formatScore(p.min ?? 0, lang), max: formatScore(p.max ?? 0, lang) };
    case "compare.limit.temperatures":
      return { temperatures: countOf(p.max ?? 0, NOUNS.temperature, lang), n: count(p.n) };
    case "compare.limit.answers":
      return { answers: countOf(p.total ?? 0, NOUNS.answer, lang), max: count(p.max) };
  }
}

/** "Comparația va cere 24 de răspunsuri (cel mult 1.500)": the planned answers' figures, as problemParams says them. */
export function plannedParams(total: number, maxAnswers: number, lang: Lang): Record<string, string> {
  return { answers: countOf(total, NOUNS.answer, lang), max: formatCount(maxAnswers, lang) };
}
