// Bradley–Terry strengths against examples computed by hand, the bootstrap's intervals, and the preference store.
import { describe, expect, it } from "vitest";
import {
  bradleyTerryWithIntervals,
  fitBradleyTerry,
  type Comparison,
} from "../../server/quality/bradleyTerry";
import { preferenceStats } from "../../server/quality/preferenceStats";
import { SqlitePreferenceStore, normalizePreference } from "../../server/quality/preferenceStore";
import type { PreferenceInput } from "../../contract/preferences";

const games = (winner: string, loser: string, n: number, tie = false): Comparison[] =>
  Array.from({ length: n }, () => ({ winner, loser, ...(tie ? { tie } : {}) }));

describe("fitBradleyTerry", () => {
  it("gives 3:1 odds for a model that won three of four (p = 0.75 and 0.25)", () => {
    const p = fitBradleyTerry([...games("A", "B", 3), ...games("B", "A", 1)]);
    expect(p.get("A")).toBeCloseTo(0.75, 8);
    expect(p.get("B")).toBeCloseTo(0.25, 8);
  });

  it("solves a three-model example by hand: A beats B and C 3–1, B and C tie 2–2 → 0.6, 0.2, 0.2", () => {
    // By symmetry p_B = p_C = q; A's score equation 6 = 4·p/(p+q) + 4·p/(p+q) gives p = 3q, and p + 2q = 1.
    const p = fitBradleyTerry([
      ...games("A", "B", 3),
      ...games("B", "A", 1),
      ...games("A", "C", 3),
      ...games("C", "A", 1),
      ...games("B", "C", 2),
      ...games("C", "B", 2),
    ]);
    expect(p.get("A")).toBeCloseTo(0.6, 8);
    expect(p.get("B")).toBeCloseTo(0.2, 8);
    expect(p.get("C")).toBeCloseTo(0.2, 8);
  });

  it("gives equal strengths to a cycle, and counts a tie as half a win each way", () => {
    const cycle = fitBradleyTerry([
      ...games("A", "B", 2),
      ...games("B", "A", 1),
      ...games("B", "C", 2),
      ...games("C", "B", 1),
      ...games("C", "A", 2),
      ...games("A", "C", 1),
    ]);
    for (const m of ["A", "B", "C"]) expect(cycle.get(m)).toBeCloseTo(1 / 3, 8);
    // One win, one loss and two ties each: even.
    const tied = fitBradleyTerry([...games("A", "B", 1), ...games("B", "A", 1), ...games("A", "B", 2, true)]);
    expect(tied.get("A")).toBeCloseTo(0.5, 8);
    // Two wins and a tie against nothing: (2 + 0.5) / 3 = 5/6 of the pair.
    const lopsided = fitBradleyTerry([...games("A", "B", 2), ...games("A", "B", 1, true)]);
    expect(lopsided.get("A")).toBeCloseTo(5 / 6, 8);
  });

  it("keeps a model that never won finite with smoothing (one virtual tie per pair)", () => {
    const p = fitBradleyTerry(games("A", "B", 4), { smoothing: 1 });
    // 4.5 wins of 5 games for A.
    expect(p.get("A")).toBeCloseTo(0.9, 8);
    expect(p.get("B")).toBeCloseTo(0.1, 8);
  });
});

describe("bootstrap intervals", () => {
  it("bracket the estimate, narrow with more comparisons, and repeat with the same seed", () => {
    const few = [...games("A", "B", 3), ...games("B", "A", 1)];
    const many = [...games("A", "B", 30), ...games("B", "A", 10)];
    const a = bradleyTerryWithIntervals(few, { resamples: 300, smoothing: 1 }).get("A")!;
    const b = bradleyTerryWithIntervals(many, { resamples: 300, smoothing: 1 }).get("A")!;
    expect(a.low).toBeLessThanOrEqual(a.strength);
    expect(a.high).toBeGreaterThanOrEqual(a.strength);
    expect(b.high - b.low).toBeLessThan(a.high - a.low);
    expect(bradleyTerryWithIntervals(few, { resamples: 300, smoothing: 1 }).get("A")).toEqual(a);
  });
});

const verdict = (extra: Partial<PreferenceInput>): PreferenceInput => ({
  person: "Ana",
  runId: "r1",
  suiteId: "s",
  caseId: "c1",
  temperature: 0,
  run: 1,
  a: "x:b",
  b: "x:a",
  choice: "a",
  ...extra,
});

describe("the preference store", () => {
  it("keeps the pair in one order whichever side it was shown on, and a new verdict replaces the person's last", async () => {
    expect(normalizePreference(verdict({}))).toEqual({ a: "x:a", b: "x:b", choice: "b" });
    const store = new SqlitePreferenceStore(":memory:");
    await store.add(verdict({}));
    await store.add(verdict({ choice: "tie" }));
    await store.add(verdict({ person: "Dan", caseId: "c2" }));
    await store.add(verdict({ person: "Dan", caseId: "c3", suiteId: "altă" }));
    expect(await store.list({ suiteId: "s" })).toHaveLength(2);
    const ana = await store.list({ person: "Ana" });
    expect(ana).toHaveLength(1);
    expect(ana[0]).toMatchObject({ a: "x:a", b: "x:b", choice: "tie" });

    const stats = preferenceStats(await store.list({ suiteId: "s" }), "Dan");
    expect(stats).toMatchObject({ comparisons: 2, people: 2 });
    expect(stats.mine).toEqual([{ caseId: "c2", temperature: 0, run: 1, a: "x:a", b: "x:b" }]);
    expect(stats.models.find((m) => m.model === "x:b")).toMatchObject({ wins: 1, losses: 0, ties: 1 });
    expect(stats.models[0]!.model).toBe("x:b");
    await store.close();
  });
});
