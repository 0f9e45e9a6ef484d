// Agreement on evidence spans: character-level overlap F1 (Dice) of the words two people marked, per field, for the
// whole label's spans and over all spans; rows where neither marked anything are left out, rows where one did count as
// 0; means per pair and over pairs; skipped rows count nowhere; and the report under blind review.
import { describe, expect, it } from "vitest";
import { REVIEW_FIELDS, type EvidenceSpan, type ReviewField } from "../../contract/workbench";
import { computeAgreement } from "../../server/workbench/agreement";
import {
  evidenceAgreement,
  overlapF1,
  pairEvidence,
  pairScore,
  type EvidenceCoder,
} from "../../server/workbench/evidenceAgreement";
import { PEERS_KEY } from "../../server/workbench/peerAgreement";
import type { AgreementData } from "../../server/workbench/store";

type Labels = (string | null)[];

/** A person who labelled `rows` rows (every field, or those given) and marked `spans` on them. */
function coder(
  name: string,
  spans: (EvidenceSpan[] | null)[],
  options: { unlabelled?: number[]; fields?: ReviewField[] } = {},
): EvidenceCoder {
  const n = spans.length;
  const column = (f: ReviewField): Labels =>
    Array.from({ length: n }, (_, i) =>
      options.unlabelled?.includes(i) || (options.fields && !options.fields.includes(f)) ? null : "x",
    );
  return {
    key: `human:${name}`,
    columns: Object.fromEntries(REVIEW_FIELDS.map((f) => [f, column(f)])) as Record<ReviewField, Labels>,
    spans,
  };
}

/** A span over the first occurrence of `words` in `text`. */
const span = (text: string, words: string, field?: ReviewField): EvidenceSpan => {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`${words} not in ${text}`);
  return field ? { start, end: start + words.length, field } : { start, end: start + words.length };
};

describe("overlapF1, the character-level F1 of two people's spans on a row", () => {
  it("is 1 for the same spans, 0 for disjoint ones, and 2|A∩B|/(|A|+|B|) for a partial overlap", () => {
    expect(overlapF1([{ start: 3, end: 9 }], [{ start: 3, end: 9 }])).toBe(1);
    expect(overlapF1([{ start: 0, end: 4 }], [{ start: 4, end: 9 }])).toBe(0);
    // 0–6 and 3–12 share 3 characters: 2·3 / (6 + 9) = 0.4.
    expect(overlapF1([{ start: 0, end: 6 }], [{ start: 3, end: 12 }])).toBeCloseTo(0.4, 10);
    // Two spans on one side against one on the other: 0–4 and 6–10 against 2–8 share 2 + 2; 2·4 / (8 + 6) = 4/7.
    expect(
      overlapF1(
        [
          { start: 0, end: 4 },
          { start: 6, end: 10 },
        ],
        [{ start: 2, end: 8 }],
      ),
    ).toBeCloseTo(4 / 7, 10);
  });

  it("is symmetric, 0 when only one side marked words, and null (no agreement to measure) when neither did", () => {
    const a = [{ start: 0, end: 6 }];
    const b = [{ start: 3, end: 12 }];
    expect(overlapF1(a, b)).toBe(overlapF1(b, a));
    expect(overlapF1(a, [])).toBe(0);
    expect(overlapF1([], b)).toBe(0);
    expect(overlapF1([], [])).toBeNull();
  });

  it("counts a character covered by two spans of one person once (a field's span over the whole label's)", () => {
    expect(
      overlapF1(
        [
          { start: 0, end: 10 },
          { start: 0, end: 5 },
        ],
        [{ start: 0, end: 10 }],
      ),
    ).toBe(1);
  });

  it("counts UTF-16 code units, as the spans' offsets do: diacritics are one each, an emoji two", () => {
    const text = "👵 Pensionarii sunt furați de hoții ăștia!";
    const a = [span(text, "furați de hoții")];
    const b = [span(text, "hoții ăștia")];
    // The emoji shifts the offsets by 2; the words are 15 and 11 units and share „hoții” (5): 2·5 / 26.
    expect(a[0]!.start).toBe(text.indexOf("furați"));
    expect(overlapF1(a, b)).toBeCloseTo(10 / 26, 10);
  });
});

describe("a pair's evidence agreement over rows", () => {
  const text = "Hoții de la guvern ne fură pensiile";
  it("averages the rows where at least one marked words, leaving out rows neither marked and counting one-sided rows as 0", () => {
    const ana = coder("ana", [[span(text, "Hoții")], [span(text, "ne fură")], null, [span(text, "guvern")]]);
    const ion = coder("ion", [[span(text, "Hoții")], null, null, [span(text, "de la guvern")]]);
    const score = pairScore(pairEvidence(ana, ion));
    // Rows: 1 (same), 0 (only ana), left out (neither), 2·6/(6 + 12) = 2/3: mean (1 + 0 + 2/3) / 3 over 3 rows.
    expect(score.all).toEqual({ f1: Math.round(((1 + 0 + 2 / 3) / 3) * 10_000) / 10_000, rows: 3 });
    expect(score.fields.find((f) => f.field === undefined)).toEqual(score.all);
    expect(score.fields.find((f) => f.field === "ton")).toEqual({ field: "ton", f1: null, rows: 0 });
  });

  it("scores a field's spans per field and the whole label's apart; all spans together whatever they name", () => {
    // ana marks „Hoții” for anti-elitism, ion the same word for the whole label.
    const ana = coder("ana", [[span(text, "Hoții", "anti_elitism")]]);
    const ion = coder("ion", [[span(text, "Hoții")]]);
    const score = pairScore(pairEvidence(ana, ion));
    expect(score.all).toEqual({ f1: 1, rows: 1 });
    expect(score.fields).toContainEqual({ field: "anti_elitism", f1: 0, rows: 1 });
    expect(score.fields).toContainEqual({ f1: 0, rows: 1 });
    expect(score.fields.map((f) => f.field)).toEqual([...REVIEW_FIELDS, undefined]);
  });

  it("leaves out a row one of them did not label (a skipped save has no labels), and a field one did not label", () => {
    const ana = coder("ana", [[span(text, "Hoții")], [span(text, "pensiile", "ton")]]);
    // ion skipped row 0 (no labels, whatever spans) and labelled only populism on row 1.
    const ion = coder("ion", [[span(text, "guvern")], null], { unlabelled: [0], fields: ["populism"] });
    const score = pairScore(pairEvidence(ana, ion));
    // Row 1 counts for all spans (both labelled the row): ana's „pensiile” against nothing.
    expect(score.all).toEqual({ f1: 0, rows: 1 });
    expect(score.fields.find((f) => f.field === "ton")).toEqual({ field: "ton", f1: null, rows: 0 });
  });

  it("gives the mean over pairs that rest on rows, each pair weighing the same, and the rows any of them rests on", async () => {
    const ana = coder("ana", [[span(text, "Hoții")], [span(text, "fură")], null]);
    const ion = coder("ion", [[span(text, "Hoții")], [span(text, "fură")], null]);
    const eva = coder("eva", [null, null, [span(text, "pensiile")]]);
    const dan = coder("dan", [null, null, null]);
    const { report } = await evidenceAgreement([ana, ion, eva, dan]);
    expect(report.people).toBe(3);
    expect(report.pairs).toHaveLength(6);
    const pair = (a: string, b: string) =>
      report.pairs.find((p) => p.a === `human:${a}` && p.b === `human:${b}`)!;
    expect(pair("ana", "ion").all).toEqual({ f1: 1, rows: 2 });
    // ana × eva: rows 0 and 1 only ana marked, row 2 only eva: 0 on 3 rows.
    expect(pair("ana", "eva").all).toEqual({ f1: 0, rows: 3 });
    expect(pair("ana", "dan").all).toEqual({ f1: 0, rows: 2 });
    expect(pair("eva", "dan").all).toEqual({ f1: 0, rows: 1 });
    // Six pairs rest on rows: ana × ion 1, the five others 0.
    expect(report.mean.all).toEqual({ f1: Math.round((1 / 6) * 10_000) / 10_000, rows: 3, pairs: 6 });
  });

  it("leaves the event loop free between batches of pairs on a large class", async () => {
    const people = Array.from({ length: 8 }, (_, i) => coder(`p${i}`, [[span(text, "Hoții")]]));
    let slices = 0;
    const { pairs } = await evidenceAgreement(people, async () => {
      slices++;
    });
    // 28 pairs: one pause after the first 25.
    expect(pairs).toHaveLength(28);
    expect(slices).toBe(1);
  });
});

describe("the agreement report's evidence", () => {
  const N = 12;
  const text = "Hoții de la guvern ne fură pensiile";
  const blank = (): Labels => new Array<string | null>(N).fill(null);
  const columns = (ton: Labels) =>
    Object.fromEntries(REVIEW_FIELDS.map((f) => [f, f === "ton" ? ton : blank()])) as Record<
      ReviewField,
      Labels
    >;
  const tones = Array.from({ length: N }, (_, i) => ["negativ", "pozitiv", "neutru"][i % 3]!);
  const marks = (words: string, field?: ReviewField) =>
    Array.from({ length: N }, () => [span(text, words, field)]);
  function data(evidence: AgreementData["evidence"]): AgreementData {
    return {
      idxs: Array.from({ length: N }, (_, i) => i),
      humans: { ana: columns(tones), bogdan: columns(tones), carmen: columns(tones) },
      models: { "offline:lexicon": [columns(tones)] },
      gold: columns(blank()),
      adjudicated: columns(blank()),
      evidence,
    };
  }
  const evidence = {
    ana: marks("Hoții", "ton"),
    bogdan: marks("Hoții", "ton"),
    carmen: marks("pensiile", "ton"),
  };

  it("carries every pair of people with F1 per field and the mean, and no model", async () => {
    const r = await computeAgreement(data(evidence), { resamples: 0, seed: 42 });
    expect(r.evidence!.people).toBe(3);
    expect(r.evidence!.pairs.map((p) => `${p.a} × ${p.b}`)).toEqual([
      "human:ana × human:bogdan",
      "human:ana × human:carmen",
      "human:bogdan × human:carmen",
    ]);
    expect(r.evidence!.pairs[0]!.fields).toContainEqual({ field: "ton", f1: 1, rows: N });
    expect(r.evidence!.mean.fields).toContainEqual({ field: "ton", f1: 0.3333, rows: N, pairs: 3 });
    expect(r.evidence!.mean.all).toEqual({ f1: 0.3333, rows: N, pairs: 3 });
  });

  it("is absent where the data has no evidence to read (an older store), as older clients expect", async () => {
    const r = await computeAgreement(data(undefined), { resamples: 0, seed: 42 });
    expect(r).not.toHaveProperty("evidence");
  });

  it("folds the classmates together under blind review, and names none", async () => {
    const r = await computeAgreement(data(evidence), { resamples: 0, seed: 42, viewer: "ana" });
    const pairs = r.evidence!.pairs;
    expect(pairs.map((p) => [p.a, p.b])).toEqual([
      ["human:ana", PEERS_KEY],
      [PEERS_KEY, PEERS_KEY],
    ]);
    // ana × bogdan 1, ana × carmen 0: 0.5; bogdan × carmen 0.
    expect(pairs[0]!.all).toEqual({ f1: 0.5, rows: N });
    expect(pairs[1]!.all).toEqual({ f1: 0, rows: N });
    expect(JSON.stringify(r.evidence)).not.toMatch(/bogdan|carmen/);
    // With one classmate, that classmate's pair (and the mean, which would be it) is not shown.
    const two = data({ ana: evidence.ana, bogdan: evidence.bogdan });
    delete (two.humans as Record<string, unknown>).carmen;
    const alone = await computeAgreement(two, { resamples: 0, seed: 42, viewer: "ana" });
    expect(alone.evidence!.pairs).toEqual([]);
    expect(alone.evidence!.mean.all).toEqual({ f1: null, rows: 0, pairs: 0 });
  });
});
