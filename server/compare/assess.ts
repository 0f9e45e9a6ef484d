// What a comparison judges after an answer's own assertions: its groundedness against the case's sources (the
// offline check, or GROUNDING_JUDGE) and the rubric, scored by a judge model that is not the answering one. Both go
// through the gateway as `measure` calls and the verdict cache; a judge that cannot score leaves a note, not a failure.
import type { AssertionResult } from "../../contract/compare";
import type { RubricSkip, RubricVerdict } from "../../contract/compareQuality";
import { formatDecimal, formatNumber } from "../../contract/numbers";
import { ANSWER_SYSTEM_PROMPT, shownPassages } from "../../graphs/chat/prompts";
import type { Grounder } from "../quality/grounder";
import { negated } from "./assertions";
import type { JudgeCache } from "../quality/judgeCache";
import { judgeRubric } from "../quality/rubric";
import type { ModelGateway } from "../models/gateway";
import { passagesOf } from "./calls";
import type { Assertion, SuiteCase } from "./suite";

type RubricAssertion = Extract<Assertion, { type: "rubric" }>;

/** The least mean score (1..5) that passes a rubric assertion which sets none. */
export const DEFAULT_RUBRIC_MIN = 3.5;

export interface AssessOptions {
  gateway: ModelGateway;
  grounder: Grounder;
  cache?: JudgeCache;
  /** Rubric judges in order of preference (the run's, else RUBRIC_JUDGE). */
  judges: string[];
  /** Score every prompt case with the default rubric, not only those that ask for it. */
  rubricForAll?: boolean;
  /** Let a model judge its own answers (rubric and grounding). */
  allowSelfJudge?: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What an answered row gets: its grounding (cases with sources), the rubric verdict and its assertion results. */
export interface Assessment {
  grounding?: Awaited<ReturnType<Grounder["ground"]>>;
  rubric?: RubricVerdict | RubricSkip;
  assertions: AssertionResult[];
}

export function rubricAssertions(c: SuiteCase, forAll = false): RubricAssertion[] {
  const own = c.assert.filter((a): a is RubricAssertion => a.type === "rubric");
  return own.length || !forAll || c.kind !== "prompt" ? own : [{ type: "rubric" }];
}

function rubricResult(a: RubricAssertion, verdict: RubricVerdict): AssertionResult {
  const min = a.min ?? DEFAULT_RUBRIC_MIN;
  const pass = verdict.mean >= min;
  const score = (verdict.mean - 1) / 4;
  const scores = Object.entries(verdict.scores)
    .map(([id, n]) => `${id} ${n}`)
    .join(", ");
  const outcome: AssertionResult = {
    type: "rubric",
    pass,
    score,
    reason: `${scores} (medie ${formatDecimal(verdict.mean, "ro", 2)}, minim ${formatNumber(min, "ro")}) — judecător ${verdict.judge}, ${verdict.promptVersion}`,
    reasonEn: `${scores} (mean ${formatDecimal(verdict.mean, "en", 2)}, minimum ${formatNumber(min, "en")}) — judge ${verdict.judge}, ${verdict.promptVersion}`,
  };
  return a.not ? negated(outcome) : outcome;
}

/** Judges one answered row of a prompt case; rows of annotation cases, errors and n/a get nothing. */
export async function assessAnswer(
  c: SuiteCase,
  model: string,
  text: string,
  options: AssessOptions,
): Promise<Assessment> {
  const out: Assessment = { assertions: [] };
  if (c.kind !== "prompt") return out;
  if (c.sources) {
    out.grounding = await options.grounder.ground(text, shownPassages(passagesOf(c.sources)), {
      answeredBy: model,
      allowSelfJudge: options.allowSelfJudge,
      purpose: "measure",
      signal: options.signal,
    });
  }
  for (const a of rubricAssertions(c, options.rubricForAll)) {
    const verdict = await judgeRubric(
      model,
      {
        system: c.sources ? ANSWER_SYSTEM_PROMPT : c.system,
        sources: c.sources,
        prompt: c.prompt,
        answer: text,
      },
      {
        gateway: options.gateway,
        cache: options.cache,
        judges: a.judge ? [a.judge] : options.judges,
        allowSelf: a.selfJudge ?? options.allowSelfJudge,
        criteria: a.criteria,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
      },
    );
    out.rubric = verdict;
    if (!("skipped" in verdict)) out.assertions.push(rubricResult(a, verdict));
  }
  return out;
}
