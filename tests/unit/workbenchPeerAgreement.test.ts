// The agreement report as a member held to blind review reads it: their own figures and the models' as they are, their
// classmates' only folded into one coder ("peers"), never by name; with one classmate, that classmate's figures are
// left out (folding one person names them).
import { describe, expect, it } from "vitest";
import { REVIEW_FIELDS, type ReviewField } from "../../contract/workbench";
import { computeAgreement } from "../../server/workbench/agreement";
import { PEERS_KEY } from "../../server/workbench/peerAgreement";
import type { AgreementData } from "../../server/workbench/store";

type Labels = (string | null)[];
const N = 12;
const blank = (): Labels => new Array<string | null>(N).fill(null);
const columns = (values: Partial<Record<ReviewField, Labels>>) =>
  Object.fromEntries(REVIEW_FIELDS.map((f) => [f, values[f] ?? blank()])) as Record<ReviewField, Labels>;

const base = ["negativ", "negativ", "pozitiv", "neutru", "negativ", "pozitiv"];
const GOLD = [...base, ...base];
const wrongAt = (rows: number[]) =>
  GOLD.map((t, i) => (rows.includes(i) ? (t === "negativ" ? "pozitiv" : "negativ") : t));

function data(humans: Record<string, Labels>): AgreementData {
  return {
    idxs: Array.from({ length: N }, (_, i) => i),
    humans: Object.fromEntries(Object.entries(humans).map(([k, v]) => [k, columns({ ton: v })])),
    models: { "offline:lexicon": [columns({ ton: wrongAt([0, 1, 2]) })] },
    gold: columns({ ton: GOLD }),
    adjudicated: columns({}),
  };
}

/** The names of `names` the report carries, as a coder's name or key anywhere in it. */
const namesIn = (report: object, names: string[]) => {
  const text = JSON.stringify(report);
  return names.filter((n) => text.includes(`"${n}"`) || text.includes(`human:${n}`));
};

const people = { ana: wrongAt([3]), bogdan: wrongAt([4, 5]), carmen: wrongAt([]) };
const options = { resamples: 200, seed: 42 };

describe("the agreement report under blind review", () => {
  it("names the member's classmates for the owner, as before", async () => {
    const r = await computeAgreement(data(people), options);
    expect(r.coders.map((c) => c.key)).toContain("human:ana");
    expect(r.fields[0]!.vsReference.map((s) => s.coder)).toContain("human:bogdan");
  });

  it("folds a member's classmates into one coder, with their figures together and no name", async () => {
    const full = await computeAgreement(data(people), options);
    const r = await computeAgreement(data(people), { ...options, viewer: "carmen" });
    expect(namesIn(r, ["ana", "bogdan"])).toEqual([]);
    expect(r.coders.filter((c) => c.kind === "human")).toEqual([
      { key: "human:carmen", kind: "human", name: "carmen" },
      { key: PEERS_KEY, kind: "human", name: PEERS_KEY, peers: 2 },
    ]);
    const ton = r.fields.find((f) => f.field === "ton")!;
    // Accuracy over all of the classmates' labels: 3 wrong of 24.
    const peers = ton.vsReference.find((s) => s.coder === PEERS_KEY)!;
    expect(peers.n).toBe(24);
    expect(peers.accuracy.value).toBeCloseTo(21 / 24, 4);
    expect(peers.confusion?.counts.flat().reduce((a, b) => a + b, 0)).toBe(24);
    // The member's own score and the model's stay as they are.
    const fullTon = full.fields.find((f) => f.field === "ton")!;
    for (const key of ["human:carmen", "model:offline:lexicon"])
      expect(ton.vsReference.find((s) => s.coder === key)).toEqual(
        fullTon.vsReference.find((s) => s.coder === key),
      );
    // Pairs: the member × classmates, the classmates among themselves and the model × classmates, as mean κ.
    const pairKeys = ton.pairs.map((p) => `${p.a}|${p.b}`);
    expect(pairKeys).toEqual(
      expect.arrayContaining([
        `${PEERS_KEY}|${PEERS_KEY}`,
        `human:carmen|${PEERS_KEY}`,
        `${PEERS_KEY}|model:offline:lexicon`,
        "human:carmen|model:offline:lexicon",
      ]),
    );
    const kappaOf = (a: string, b: string) => fullTon.pairs.find((p) => p.a === a && p.b === b)!.kappa.value!;
    const withMember = ton.pairs.find((p) => p.a === "human:carmen" && p.b === PEERS_KEY)!;
    expect(withMember.kappa.value).toBeCloseTo(
      (kappaOf("human:ana", "human:carmen") + kappaOf("human:bogdan", "human:carmen")) / 2,
      3,
    );
    expect(withMember.n).toBe(N);
    expect(withMember.kappa.low).not.toBeNull();
    // Label counts summed over the classmates; α and the verdicts, which name nobody, unchanged.
    expect(Object.values(ton.distribution[PEERS_KEY]!).reduce((a, b) => a + b, 0)).toBe(24);
    expect(ton.alphaHumans).toEqual(fullTon.alphaHumans);
    expect(r.verdicts).toEqual(full.verdicts);
  });

  it("shows a member who labelled nothing only the classmates together and the models", async () => {
    const r = await computeAgreement(data(people), { ...options, viewer: "dan" });
    expect(namesIn(r, ["ana", "bogdan", "carmen"])).toEqual([]);
    expect(r.coders.find((c) => c.key === PEERS_KEY)?.peers).toBe(3);
    const ton = r.fields.find((f) => f.field === "ton")!;
    expect(ton.vsReference.map((s) => s.coder)).toEqual([PEERS_KEY, "model:offline:lexicon"]);
  });

  it("leaves out a lone classmate's figures: folding one person would name them", async () => {
    const r = await computeAgreement(data({ ana: people.ana, carmen: people.carmen }), {
      ...options,
      viewer: "carmen",
    });
    expect(namesIn(r, ["ana"])).toEqual([]);
    expect(JSON.stringify(r)).not.toContain(PEERS_KEY);
    const ton = r.fields.find((f) => f.field === "ton")!;
    expect(ton.vsReference.map((s) => s.coder)).toEqual(["human:carmen", "model:offline:lexicon"]);
    expect(ton.pairs.map((p) => `${p.a}|${p.b}`)).toEqual(["human:carmen|model:offline:lexicon"]);
  });
});
