// From a model's rows to the figures of issue #17: groundedness on the grounded cases, the rubric's scores and who
// judged, a draft → refine entry's parts, and the failure modes with their first examples. Pure.
import type { Distribution } from "../../contract/compare";
import {
  FAILURE_MODES,
  type FailureExample,
  type FailureModeId,
  type FailureModes,
  type GroundingFigures,
  type PartFigures,
  type PartTotals,
  type PipelineFigures,
  type RubricFigures,
} from "../../contract/compareQuality";
import { citationsIn, unsupportedReasonEn } from "../../contract/grounding";
import type { ResultRow } from "./runner";
import type { Suite, SuiteCase } from "./suite";

/** Examples kept per failure mode. */
export const EXAMPLES_PER_MODE = 5;

const answered = (r: ResultRow) => r.status === "ok" || r.status === "fail";

function mean(values: number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

export function groundingFigures(rows: ResultRow[]): GroundingFigures | null {
  const grounded = rows.filter((r) => answered(r) && r.grounding);
  if (grounded.length === 0) return null;
  let citations = 0;
  let invalidCitations = 0;
  let claims = 0;
  let unsupported = 0;
  const scores: number[] = [];
  const judges = new Set<string>();
  const methods = new Set<string>();
  for (const r of grounded) {
    const g = r.grounding!;
    const cited = citationsIn(r.text);
    citations += cited.length;
    invalidCitations += cited.filter((n) => g.invalidCitations.includes(n)).length;
    claims += g.claims;
    unsupported += g.unsupported.length;
    if (g.claims > 0) scores.push(g.score);
    methods.add(g.method);
    if (g.judge) judges.add(g.judge);
  }
  return {
    invalidCitationRate: citations ? invalidCitations / citations : null,
    unsupportedRate: claims ? unsupported / claims : null,
    meanScore: mean(scores),
    answers: grounded.length,
    citations,
    invalidCitations,
    claims,
    unsupported,
    method: methods.size > 1 ? "mixed" : methods.has("judge") ? "judge" : "lexical",
    judges: [...judges],
  };
}

export function rubricFigures(rows: ResultRow[]): RubricFigures | null {
  const judged = rows.filter((r) => r.rubric);
  if (judged.length === 0) return null;
  const scored = judged.flatMap((r) => (r.rubric && "mean" in r.rubric ? [r.rubric] : []));
  const unscored: Record<string, number> = {};
  for (const r of judged) {
    if (r.rubric && "skipped" in r.rubric) unscored[r.rubric.skipped] = (unscored[r.rubric.skipped] ?? 0) + 1;
  }
  const criteria = [...new Set(scored.flatMap((v) => Object.keys(v.scores)))];
  const judges: Record<string, number> = {};
  for (const v of scored) judges[v.judge] = (judges[v.judge] ?? 0) + 1;
  return {
    mean: mean(scored.map((v) => v.mean)),
    byCriterion: Object.fromEntries(
      criteria.map((c) => [
        c,
        mean(scored.flatMap((v) => (v.scores[c] === undefined ? [] : [v.scores[c]!]))),
      ]),
    ),
    n: scored.length,
    unscored,
    judges,
    promptVersion: scored[0]?.promptVersion ?? null,
  };
}

function totals(parts: PartFigures[], distribution: (values: number[]) => Distribution | null): PartTotals {
  return {
    model: parts[0]?.model ?? "",
    latency: distribution(parts.map((p) => p.ms)),
    tokens: {
      input: parts.reduce((s, p) => s + (p.inputTokens ?? 0), 0),
      output: parts.reduce((s, p) => s + (p.outputTokens ?? 0), 0),
    },
    costUsd: Math.round(parts.reduce((s, p) => s + (p.costUsd ?? 0), 0) * 1e8) / 1e8,
  };
}

/** Each part's figures, the combined ones, and how often the refine step ran; null for a single model. */
export function pipelineFigures(
  model: string,
  rows: ResultRow[],
  distribution: (values: number[]) => Distribution | null,
): PipelineFigures | undefined {
  if (!model.includes(">")) return undefined;
  const [draftModel, refineModel] = model.split(">").map((m) => m.trim()) as [string, string];
  const withParts = rows.filter((r) => r.parts);
  const drafts = withParts.map((r) => r.parts!.draft);
  const refines = withParts.flatMap((r) => (r.parts!.refine ? [r.parts!.refine] : []));
  const refineRuns = refines.length;
  return {
    draft: { ...totals(drafts, distribution), model: draftModel },
    refine: { ...totals(refines, distribution), model: refineModel },
    combined: {
      latency: distribution(withParts.map((r) => r.latencyMs ?? 0)),
      costUsd: Math.round(withParts.reduce((s, r) => s + (r.costUsd ?? 0), 0) * 1e8) / 1e8,
    },
    answers: withParts.length,
    refineRuns,
    refineRate: withParts.length ? refineRuns / withParts.length : null,
    refineFailures: withParts.filter((r) => r.parts!.refineError).length,
  };
}

function excerpt(text: string, limit = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

function example(c: SuiteCase | undefined, r: ResultRow, reason: string, reasonEn: string): FailureExample {
  return {
    caseId: r.caseId,
    title: c?.title ?? r.caseId,
    ...(c?.titleEn ? { titleEn: c.titleEn } : {}),
    temperature: r.temperature,
    run: r.run,
    reason,
    reasonEn,
    excerpt: excerpt(r.text),
  };
}

/** Whether the case asks for a refusal (then refusing is no failure), or for a length finish. */
const expects = (c: SuiteCase | undefined, type: string, value?: string) =>
  c?.assert.some(
    (a) => a.type === type && !a.not && (value === undefined || ("value" in a && a.value === value)),
  ) ?? false;

/** Each failure mode: how often, over how many answers it could happen in, and its first examples. */
export function failureModes(suite: Suite, rows: ResultRow[]): FailureModes {
  const cases = new Map(suite.cases.map((c) => [c.id, c]));
  const found: Record<FailureModeId, FailureExample[]> = Object.fromEntries(
    FAILURE_MODES.map((m) => [m, []]),
  ) as unknown as Record<FailureModeId, FailureExample[]>;
  const of: Record<FailureModeId, number> = Object.fromEntries(FAILURE_MODES.map((m) => [m, 0])) as Record<
    FailureModeId,
    number
  >;
  const prompts = rows.filter((r) => answered(r) && r.kind === "prompt");
  for (const r of prompts) {
    const c = cases.get(r.caseId);
    if (r.grounding) {
      of.hallucinated_citations++;
      of.unsupported_claims++;
      const invalid = r.grounding.invalidCitations;
      const cited = invalid.map((n) => `[${n}]`).join("");
      if (invalid.length)
        found.hallucinated_citations.push(
          example(c, r, `citează ${cited}, care nu există`, `cites ${cited}, which does not exist`),
        );
      const claim = r.grounding.unsupported.find((u) => u.kind !== "invalid_citation");
      if (claim) {
        const quoted = excerpt(claim.sentence, 120);
        found.unsupported_claims.push(
          example(c, r, `„${quoted}” — ${claim.reason}`, `“${quoted}” — ${unsupportedReasonEn(claim)}`),
        );
      }
    }
    if (!expects(c, "refusal")) {
      of.refusals++;
      if (r.refused)
        found.refusals.push(example(c, r, "refuză o cerere legitimă", "refuses a legitimate request"));
    }
    if (!expects(c, "finish-reason", "length")) {
      of.truncations++;
      if (r.finishReason === "length")
        found.truncations.push(
          example(c, r, "trunchiat (finish_reason length)", "truncated (finish_reason length)"),
        );
    }
    if (c?.kind === "prompt" && c.system && !c.sources) {
      of.ignored_role++;
      const failed = r.assertions.filter((a) => !a.pass && a.type !== "latency" && a.type !== "stable");
      const role = r.rubric && "scores" in r.rubric ? r.rubric.scores.rol : undefined;
      if (failed.length || (role !== undefined && role <= 2)) {
        const why = failed.length
          ? failed.map((a) => `${a.type}: ${a.reason}`).join("; ")
          : `rubrică: rol ${role}`;
        const whyEn = failed.length
          ? failed.map((a) => `${a.type}: ${a.reasonEn ?? a.reason}`).join("; ")
          : `rubric: role ${role}`;
        found.ignored_role.push(example(c, r, why, whyEn));
      }
    }
  }
  // Instability: a case × temperature whose `stable` assertion failed, counted once.
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows.filter(answered)) {
    if (!r.assertions.some((a) => a.type === "stable")) continue;
    const key = `${r.caseId}\u0000${r.temperature}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) {
    of.instability++;
    const first = group[0]!;
    const stable = first.assertions.find((a) => a.type === "stable");
    if (stable && !stable.pass)
      found.instability.push(
        example(cases.get(first.caseId), first, stable.reason, stable.reasonEn ?? stable.reason),
      );
  }
  return Object.fromEntries(
    FAILURE_MODES.map((m) => [
      m,
      { count: found[m].length, of: of[m], examples: found[m].slice(0, EXAMPLES_PER_MODE) },
    ]),
  ) as FailureModes;
}
