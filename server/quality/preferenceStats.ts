// Stored preferences aggregated for the page: Bradley–Terry strengths with bootstrap intervals, wins, losses and
// ties per model, how many people judged, and the asking person's own verdicts.
import type { PreferenceStats, StoredPreference, StrengthEntry } from "../../contract/preferences";
import { bradleyTerryWithIntervals, type Comparison } from "./bradleyTerry";

export const RESAMPLES = 1000;
/** One virtual tie per compared pair: a model that always lost still gets a finite, small strength. */
export const SMOOTHING = 1;

export function comparisonsOf(preferences: readonly StoredPreference[]): Comparison[] {
  return preferences.map((p) =>
    p.choice === "tie"
      ? { winner: p.a, loser: p.b, tie: true }
      : p.choice === "a"
        ? { winner: p.a, loser: p.b }
        : { winner: p.b, loser: p.a },
  );
}

export function preferenceStats(preferences: readonly StoredPreference[], person?: string): PreferenceStats {
  const comparisons = comparisonsOf(preferences);
  const fitted = bradleyTerryWithIntervals(comparisons, { resamples: RESAMPLES, smoothing: SMOOTHING });
  const tally = new Map<string, { wins: number; losses: number; ties: number }>();
  const entry = (m: string) => tally.get(m) ?? (tally.set(m, { wins: 0, losses: 0, ties: 0 }), tally.get(m)!);
  for (const c of comparisons) {
    if (c.tie) {
      entry(c.winner).ties++;
      entry(c.loser).ties++;
    } else {
      entry(c.winner).wins++;
      entry(c.loser).losses++;
    }
  }
  const models: StrengthEntry[] = [...fitted]
    .map(([model, s]) => ({ model, ...s, ...entry(model) }))
    .sort((x, y) => y.strength - x.strength);
  return {
    models,
    comparisons: preferences.length,
    people: new Set(preferences.map((p) => p.person)).size,
    mine: person
      ? preferences
          .filter((p) => p.person === person)
          .map(({ caseId, temperature, run, a, b }) => ({ caseId, temperature, run, a, b }))
      : [],
    resamples: RESAMPLES,
  };
}
