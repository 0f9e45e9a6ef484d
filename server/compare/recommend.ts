// The recommendation, by a rule a student can check by hand: quality first (cases passed and JSON validity), then
// annotation macro-F1, then p95 latency, each step keeping the models within 5 points of the best. The fallback is the
// best model of another provider; the temperature is the primary's best pass rate, then its most stable.
import type { ModelSummary, RankEntry, Recommendation } from "../../contract/compare";
import type { Lang } from "../../contract/errors";
import { RECOMMEND_TEXT, type RecommendText } from "./recommendText";

/** Two figures closer than this (0..1 scale) count as a tie and the next criterion decides. */
export const TIE = 0.05;
export const OFFLINE_FALLBACK = "offline:extractive";

// Romanian, as report.md and the CLI write figures.
export const formatPercent = RECOMMEND_TEXT.ro.percent;
export const formatNumber = RECOMMEND_TEXT.ro.number;
/** A temperature as Romanian writes it: 0, 0,7, 1,25. */
export const formatTemperature = RECOMMEND_TEXT.ro.temperature;
export const formatMs = RECOMMEND_TEXT.ro.ms;

function exclusion(m: ModelSummary, text: RecommendText): string | undefined {
  if (!m.abilities) return text.excluded.unknown;
  // A draft → refine entry is configured with DRAFT_MODEL and REFINE_MODEL, not as MODEL_PRIMARY.
  if (m.pipeline) return text.excluded.pipeline;
  if (m.abilities.chat === false) return text.excluded.annotatesOnly;
  if (m.calls.total > 0 && m.calls.na === m.calls.total) return text.excluded.noCase;
  if (!m.available) return text.excluded.noAnswer(Object.keys(m.errors));
  return undefined;
}

function entryOf(m: ModelSummary, suiteHasJson: boolean, text: RecommendText): RankEntry {
  const excludedBecause = exclusion(m, text);
  const json = m.jsonValidRate;
  const quality = suiteHasJson ? (m.suiteScore + (json ?? 0)) / 2 : m.suiteScore;
  return {
    model: m.model,
    provider: m.provider,
    eligible: excludedBecause === undefined,
    ...(excludedBecause ? { excludedBecause } : {}),
    quality,
    suiteScore: m.suiteScore,
    passRate: m.passRate,
    jsonValidRate: json,
    macroF1: m.annotation?.macroF1 ?? null,
    latencyP95: m.latency?.p95 ?? null,
    rank: null,
  };
}

interface Pick {
  best: RankEntry;
  /** Which step separated the winner from the runner-up still in the pool, if any. */
  decidedBy: "quality" | "f1" | "latency" | "order" | "alone";
  runnerUp?: RankEntry;
}

/** The funnel: quality within TIE of the best, then F1 within TIE, then the lowest p95 latency. */
export function pickBest(candidates: RankEntry[]): Pick | null {
  if (candidates.length === 0) return null;
  if (candidates.length === 1) return { best: candidates[0]!, decidedBy: "alone" };
  const topQuality = Math.max(...candidates.map((c) => c.quality));
  const byQuality = candidates.filter((c) => c.quality >= topQuality - TIE);
  if (byQuality.length === 1) {
    const runnerUp = [...candidates]
      .filter((c) => c !== byQuality[0])
      .sort((a, b) => b.quality - a.quality)[0];
    return { best: byQuality[0]!, decidedBy: "quality", runnerUp };
  }
  const topF1 = Math.max(...byQuality.map((c) => c.macroF1 ?? 0));
  const byF1 = byQuality.filter((c) => (c.macroF1 ?? 0) >= topF1 - TIE);
  if (byF1.length === 1) {
    const runnerUp = byQuality
      .filter((c) => c !== byF1[0])
      .sort((a, b) => (b.macroF1 ?? 0) - (a.macroF1 ?? 0))[0];
    return { best: byF1[0]!, decidedBy: "f1", runnerUp };
  }
  const latency = (c: RankEntry) => c.latencyP95 ?? Number.POSITIVE_INFINITY;
  const sorted = [...byF1].sort((a, b) => latency(a) - latency(b));
  const [best, runnerUp] = sorted;
  return { best: best!, decidedBy: latency(best!) === latency(runnerUp!) ? "order" : "latency", runnerUp };
}

function qualityText(e: RankEntry, text: RecommendText): string {
  const json = e.jsonValidRate === null ? null : text.percent(e.jsonValidRate);
  const passed = text.percent(e.suiteScore);
  // The table shows the pass rate over the cases that apply; said too when it reads differently, so the two agree.
  const applicable = e.passRate == null ? null : text.percent(e.passRate);
  return text.quality(text.number(e.quality), passed, json, applicable === passed ? null : applicable);
}

function decisionText(pick: Pick, text: RecommendText): string {
  const { best, runnerUp } = pick;
  if (!runnerUp) return text.decision.alone;
  switch (pick.decidedBy) {
    case "quality":
      return text.decision.quality(runnerUp.model, text.number(runnerUp.quality));
    case "f1":
      return text.decision.f1(runnerUp.model, text.number(best.macroF1), text.number(runnerUp.macroF1));
    case "latency":
      return text.decision.latency(runnerUp.model, text.ms(best.latencyP95), text.ms(runnerUp.latencyP95));
    case "order":
      return text.decision.order(runnerUp.model);
    case "alone":
      return text.decision.alone;
  }
}

/** The primary's temperature: best pass rate within TIE, then the most stable, then the lowest. */
export function chooseTemperature(
  m: ModelSummary,
  text: RecommendText = RECOMMEND_TEXT.ro,
): { temperature: number; reason: string } | null {
  const options = m.byTemperature;
  if (options.length === 0) return null;
  const topPass = Math.max(...options.map((t) => t.passRate ?? 0));
  const pool = options.filter((t) => (t.passRate ?? 0) >= topPass - TIE);
  const chosen = [...pool].sort(
    (a, b) => (b.stability.score ?? -1) - (a.stability.score ?? -1) || a.temperature - b.temperature,
  )[0]!;
  const describe = (t: (typeof options)[number]) =>
    text.temperatureFacts(text.percent(t.passRate), text.number(t.stability.score));
  const others = options
    .filter((t) => t !== chosen)
    .map((t) => text.temperatureAt(text.temperature(t.temperature), describe(t)));
  const offline = m.provider === "offline" ? text.offlineIgnoresTemperature : "";
  const shown = text.temperature(chosen.temperature);
  const reason =
    (options.length === 1
      ? text.onlyTemperature(shown, describe(chosen))
      : text.chosenTemperature(shown, describe(chosen), others)) + offline;
  return { temperature: chosen.temperature, reason };
}

/** The recommendation, its reasons in `lang` (Romanian for report.md and the CLI; the page asks in its language). */
export function recommend(models: ModelSummary[], lang: Lang = "ro"): Recommendation {
  const text = RECOMMEND_TEXT[lang];
  const suiteHasJson = models.some((m) => m.jsonValidRate !== null);
  const entries = models.map((m) => entryOf(m, suiteHasJson, text));
  const reasons: string[] = [];

  // The full ranking: the funnel applied again to what is left.
  const remaining = entries.filter((e) => e.eligible);
  const picks: Pick[] = [];
  while (remaining.length) {
    const pick = pickBest(remaining)!;
    picks.push(pick);
    pick.best.rank = picks.length;
    remaining.splice(remaining.indexOf(pick.best), 1);
  }
  const ranked = picks.map((p) => p.best);
  const excluded = entries.filter((e) => !e.eligible);

  const first = picks[0];
  if (!first) {
    reasons.push(text.noPrimary);
    if (excluded.length) reasons.push(text.excludedList(listed(excluded)));
    return {
      primary: null,
      fallback: null,
      temperature: null,
      why: reasons.join(" "),
      reasons,
      ranking: entries,
      rule: text.rule,
    };
  }
  const primary = first.best;
  reasons.push(text.primary(primary.model, qualityText(primary, text), decisionText(first, text)));

  let fallback: string | null = null;
  const other = ranked.find((e) => e !== primary && e.provider !== primary.provider);
  if (other) {
    fallback = other.model;
    reasons.push(
      text.fallbackOtherProvider(other.model, other.provider, primary.provider, qualityText(other, text)),
    );
  } else if (primary.provider !== "offline") {
    fallback = OFFLINE_FALLBACK;
    reasons.push(text.fallbackOffline(OFFLINE_FALLBACK, primary.provider));
  } else {
    reasons.push(text.noFallback);
  }

  const summary = models.find((m) => m.model === primary.model)!;
  const temperature = chooseTemperature(summary, text);
  if (temperature) reasons.push(temperature.reason);
  if (excluded.length) reasons.push(text.excludedFromRanking(listed(excluded)));

  return {
    primary: primary.model,
    fallback,
    temperature: temperature?.temperature ?? null,
    why: reasons.join(" "),
    reasons,
    ranking: [...ranked, ...excluded],
    rule: text.rule,
  };
}

/** The excluded models and why, as one list. */
function listed(excluded: RankEntry[]): string {
  return excluded.map((e) => `${e.model} (${e.excludedBecause})`).join(", ");
}
