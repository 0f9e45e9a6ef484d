// The recommendation, by a rule a student can check by hand: quality first (cases passed and JSON validity), then
// annotation macro-F1, then p95 latency, each step keeping the models within 5 points of the best. The fallback is the
// best model of another provider; the temperature is the primary's best pass rate, then its most stable.
import type { ModelSummary, RankEntry, Recommendation } from "../../contract/compare";

/** Two figures closer than this (0..1 scale) count as a tie and the next criterion decides. */
export const TIE = 0.05;
export const OFFLINE_FALLBACK = "offline:extractive";

export const RULE =
  "Calitate = media dintre scorul pe cazuri (cazuri trecute din toată suita; „n/a” contează ca netrecut) și rata de JSON valid " +
  "(0 pentru un model care nu scrie JSON, dacă suita cere JSON). Dintre modelele care generează text și au răspuns la cel puțin un apel, " +
  "se păstrează cele la cel mult 5 puncte de cea mai bună calitate; dintre ele, cele la cel mult 5 puncte de cel mai bun macro-F1 la adnotare; " +
  "dintre ele câștigă latența p95 cea mai mică. Rezerva este cel mai bun model rămas al altui furnizor (altfel modelul offline). " +
  "Temperatura: a modelului principal cu cea mai bună rată de trecere (±5 puncte), apoi cea mai stabilă, apoi cea mai mică.";

export function formatPercent(value: number | null): string {
  return value === null ? "n/a" : `${Math.round(value * 100)}%`;
}

export function formatNumber(value: number | null, digits = 2): string {
  return value === null ? "n/a" : value.toFixed(digits).replace(".", ",");
}

/** A temperature as Romanian writes it: 0, 0,7, 1,25. */
export function formatTemperature(value: number): string {
  return String(value).replace(".", ",");
}

export function formatMs(value: number | null): string {
  return value === null ? "n/a" : `${Math.round(value).toLocaleString("ro-RO")} ms`;
}

function exclusion(m: ModelSummary): string | undefined {
  if (!m.abilities) return "nu este un model cunoscut";
  // A draft → refine entry is configured with DRAFT_MODEL and REFINE_MODEL, not as MODEL_PRIMARY.
  if (m.pipeline) return "este o intrare ciornă → rafinare (se configurează cu DRAFT_MODEL și REFINE_MODEL)";
  if (m.abilities.chat === false) return "nu generează text, doar adnotează";
  if (m.calls.total > 0 && m.calls.na === m.calls.total) return "niciun caz al suitei nu i se aplică";
  if (!m.available) {
    const codes = Object.keys(m.errors);
    return `nu a răspuns la niciun apel${codes.length ? `: ${codes.join(", ")}` : ""}`;
  }
  return undefined;
}

function entryOf(m: ModelSummary, suiteHasJson: boolean): RankEntry {
  const excludedBecause = exclusion(m);
  const json = m.jsonValidRate;
  const quality = suiteHasJson ? (m.suiteScore + (json ?? 0)) / 2 : m.suiteScore;
  return {
    model: m.model,
    provider: m.provider,
    eligible: excludedBecause === undefined,
    ...(excludedBecause ? { excludedBecause } : {}),
    quality,
    suiteScore: m.suiteScore,
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

function qualityText(e: RankEntry): string {
  const json = e.jsonValidRate === null ? "" : `, JSON valid ${formatPercent(e.jsonValidRate)}`;
  return `calitate ${formatNumber(e.quality)} (cazuri trecute ${formatPercent(e.suiteScore)}${json})`;
}

function decisionText(pick: Pick): string {
  const { best, runnerUp } = pick;
  if (!runnerUp) return "singurul model eligibil";
  switch (pick.decidedBy) {
    case "quality":
      return `cea mai bună calitate; următorul, ${runnerUp.model}, are ${formatNumber(runnerUp.quality)}`;
    case "f1":
      return `calitate la egalitate (±5 puncte) cu ${runnerUp.model}; decide macro-F1 la adnotare: ${formatNumber(best.macroF1)} față de ${formatNumber(runnerUp.macroF1)}`;
    case "latency":
      return `calitate și adnotare la egalitate (±5 puncte) cu ${runnerUp.model}; decide latența p95: ${formatMs(best.latencyP95)} față de ${formatMs(runnerUp.latencyP95)}`;
    case "order":
      return `la egalitate în toate cu ${runnerUp.model}; decide ordinea din --models`;
    case "alone":
      return "singurul model eligibil";
  }
}

/** The primary's temperature: best pass rate within TIE, then the most stable, then the lowest. */
export function chooseTemperature(m: ModelSummary): { temperature: number; reason: string } | null {
  const options = m.byTemperature;
  if (options.length === 0) return null;
  const topPass = Math.max(...options.map((t) => t.passRate ?? 0));
  const pool = options.filter((t) => (t.passRate ?? 0) >= topPass - TIE);
  const chosen = [...pool].sort(
    (a, b) => (b.stability.score ?? -1) - (a.stability.score ?? -1) || a.temperature - b.temperature,
  )[0]!;
  const describe = (t: (typeof options)[number]) =>
    `rata de trecere ${formatPercent(t.passRate)}, stabilitate ${formatNumber(t.stability.score)}`;
  const others = options
    .filter((t) => t !== chosen)
    .map((t) => `la ${formatTemperature(t.temperature)}: ${describe(t)}`);
  const offline =
    m.provider === "offline"
      ? " Modelul offline ignoră temperatura; valoarea contează pentru modelele de rezervă."
      : "";
  const reason =
    options.length === 1
      ? `Temperatura ${formatTemperature(chosen.temperature)}: singura încercată (${describe(chosen)}).${offline}`
      : `Temperatura ${formatTemperature(chosen.temperature)}: ${describe(chosen)}${others.length ? ` (${others.join("; ")})` : ""}.${offline}`;
  return { temperature: chosen.temperature, reason };
}

export function recommend(models: ModelSummary[]): Recommendation {
  const suiteHasJson = models.some((m) => m.jsonValidRate !== null);
  const entries = models.map((m) => entryOf(m, suiteHasJson));
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
    reasons.push(
      "Niciun model comparat nu poate fi model principal (niciunul nu a generat text). Lanțul aplicației rămâne pe modelul offline.",
    );
    if (excluded.length)
      reasons.push(`Excluse: ${excluded.map((e) => `${e.model} (${e.excludedBecause})`).join(", ")}.`);
    return {
      primary: null,
      fallback: null,
      temperature: null,
      why: reasons.join(" "),
      reasons,
      ranking: entries,
      rule: RULE,
    };
  }
  const primary = first.best;
  reasons.push(`Model principal: ${primary.model} — ${qualityText(primary)}; ${decisionText(first)}.`);

  let fallback: string | null = null;
  const other = ranked.find((e) => e !== primary && e.provider !== primary.provider);
  if (other) {
    fallback = other.model;
    reasons.push(
      `Rezervă: ${other.model} — cel mai bun model al altui furnizor (${other.provider}, nu ${primary.provider}), ca o pană a furnizorului principal să nu le oprească pe amândouă; ${qualityText(other)}.`,
    );
  } else if (primary.provider !== "offline") {
    fallback = OFFLINE_FALLBACK;
    reasons.push(
      `Rezervă: ${OFFLINE_FALLBACK} — niciun model comparat nu e de la alt furnizor decât ${primary.provider}; modelul offline nu are nevoie de rețea.`,
    );
  } else {
    reasons.push(
      "Fără rezervă separată: modelul principal este cel offline, cu care lanțul se termină oricum.",
    );
  }

  const summary = models.find((m) => m.model === primary.model)!;
  const temperature = chooseTemperature(summary);
  if (temperature) reasons.push(temperature.reason);
  if (excluded.length)
    reasons.push(
      `Excluse din clasament: ${excluded.map((e) => `${e.model} (${e.excludedBecause})`).join(", ")}.`,
    );

  return {
    primary: primary.model,
    fallback,
    temperature: temperature?.temperature ?? null,
    why: reasons.join(" "),
    reasons,
    ranking: [...ranked, ...excluded],
    rule: RULE,
  };
}
