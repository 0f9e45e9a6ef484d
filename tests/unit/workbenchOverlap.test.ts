// Labels per row (overlap) in pure code: how many people labelled each row (the progress's "rows at k", the fewest and
// the median), the methods sentence in both languages with its plurals, and the agreement report on rows labelled by
// different subsets of people, as an overlap leaves them (Krippendorff's α takes the missing values; each pair of
// people counts only the rows both labelled).
import { describe, expect, it } from "vitest";
import { REVIEW_FIELDS, SetOverlapSchema, type ReviewField } from "../../contract/workbench";
import { krippendorffAlpha } from "../../server/annotation/metrics";
import { computeAgreement } from "../../server/workbench/agreement";
import { datasetProgress } from "../../server/workbench/datasetProgress";
import { overlapSentence } from "../../server/workbench/methods";
import { overlapCoverage } from "../../server/workbench/overlapCoverage";
import type { AgreementData } from "../../server/workbench/store";

const labelOf = (idx: number, annotator: string) => ({ idx, annotator });

describe("overlapCoverage", () => {
  it("counts people per row once each, rows at k, the fewest and the median (unlabelled rows as 0)", () => {
    const labels = [
      labelOf(0, "ana"),
      labelOf(0, "ion"),
      labelOf(0, "ana"),
      labelOf(1, "ana"),
      labelOf(2, "ana"),
      labelOf(2, "ion"),
      labelOf(2, "dan"),
      labelOf(9, "ana"),
    ];
    expect(overlapCoverage(4, labels, 2)).toEqual({ rowsAtOverlap: 2, min: 0, median: 1.5 });
    expect(overlapCoverage(3, labels, 1)).toEqual({ rowsAtOverlap: 3, min: 1, median: 2 });
    expect(overlapCoverage(0, [], 3)).toEqual({ rowsAtOverlap: 0, min: 0, median: 0 });
  });

  it("gives the progress its rows at k only with an overlap", () => {
    const all = {
      labels: [labelOf(0, "ana"), labelOf(0, "ion")].map((l) => ({
        ...l,
        updatedAt: "2026-12-07T10:00:00Z",
      })),
      adjudications: [],
    };
    const typed = all as unknown as Parameters<typeof datasetProgress>[1];
    expect(datasetProgress({ id: "d", rows: 3, overlap: 2 }, typed)).toMatchObject({
      overlap: 2,
      rowsAtOverlap: 1,
    });
    expect(datasetProgress({ id: "d", rows: 3, overlap: null }, typed)).not.toHaveProperty("rowsAtOverlap");
  });
});

describe("the overlap setting", () => {
  it("takes a whole number 1..50 or null", () => {
    expect(SetOverlapSchema.safeParse({ overlap: 3 }).success).toBe(true);
    expect(SetOverlapSchema.safeParse({ overlap: null }).success).toBe(true);
    for (const bad of [0, 51, 1.5, "2"])
      expect(SetOverlapSchema.safeParse({ overlap: bad }).success).toBe(false);
  });
});

describe("the methods sentence of labels per row", () => {
  it("says every text reached k when the fewest did, with the median", () => {
    const s = overlapSentence({ overlap: 3, coverage: { rowsAtOverlap: 600, min: 3, median: 3 } }, 600, 50);
    expect(s.ro).toBe(
      "Proprietarul setului a cerut 3 etichete pe text: coada fiecărui adnotator a lăsat deoparte textele etichetate deja de 3 persoane; textele eșantionului aleator le-au primit toți adnotatorii. Fiecare text a fost etichetat de cel puțin 3 persoane (mediana: 3 etichete pe text).",
    );
    expect(s.en).toBe(
      "The data set's owner asked for 3 labels per text: each annotator's queue left out the texts 3 people had labelled already; every annotator got the texts of the random sample. Every text was labelled by at least 3 people (median: 3 labels per text).",
    );
  });

  it("says how many texts reached k otherwise, with Romanian plurals ('de' from 20) and no sample clause without one", () => {
    const s = overlapSentence({ overlap: 20, coverage: { rowsAtOverlap: 1, min: 1, median: 2.5 } }, 600, 0);
    expect(s.ro).toBe(
      "Proprietarul setului a cerut 20 de etichete pe text: coada fiecărui adnotator a lăsat deoparte textele etichetate deja de 20 de persoane. 1 din 600 de texte a ajuns la 20 de etichete; cel mai puțin etichetat text are 1 etichetă, iar mediana este de 2,5 etichete pe text.",
    );
    expect(s.en).toBe(
      "The data set's owner asked for 20 labels per text: each annotator's queue left out the texts 20 people had labelled already. 1 of 600 texts reached 20 labels; the least labelled text has 1 label, and the median is 2.5 labels per text.",
    );
  });
});

function columns(values: Partial<Record<ReviewField, (string | null)[]>>, n: number) {
  return Object.fromEntries(
    REVIEW_FIELDS.map((f) => [f, values[f] ?? new Array<string | null>(n).fill(null)]),
  ) as Record<ReviewField, (string | null)[]>;
}

describe("agreement on rows labelled by different people", () => {
  it("computes α from the values present, and each pair on the rows both labelled only", async () => {
    // 12 rows, 4 people, 2 labels per row (overlap 2) by rotating pairs: nobody labelled every row.
    const _ = null;
    const n = 12;
    const ton = ["negativ", "pozitiv", "neutru"];
    const value = (row: number) => ton[row % 3]!;
    const pairs: [number, number][] = [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 0],
    ];
    const people = ["ana", "ion", "dan", "eva"];
    const matrix = people.map((_name, p) =>
      Array.from({ length: n }, (_x, row) => {
        const [a, b] = pairs[row % 4]!;
        if (p !== a && p !== b) return _;
        // Eva disagrees on one of her rows.
        return p === 3 && row === 3 ? "pozitiv" : value(row);
      }),
    );
    const data: AgreementData = {
      idxs: Array.from({ length: n }, (_x, i) => i),
      models: {},
      humans: Object.fromEntries(people.map((name, p) => [name, columns({ ton: matrix[p]! }, n)])),
      gold: columns({}, n),
      adjudicated: columns({}, n),
    };
    const report = await computeAgreement(data, { resamples: 50, seed: 1 });
    const field = report.fields.find((f) => f.field === "ton")!;
    const units = Array.from({ length: n }, (_x, row) =>
      matrix.map((column) => column[row]).filter((v): v is string => v !== null),
    );
    expect(field.alphaHumans.coders).toBe(4);
    expect(field.alphaHumans.value).toBeCloseTo(krippendorffAlpha(units)!, 4);
    expect(field.alphaHumans.value).toBeGreaterThan(0);
    expect(field.alphaHumans.value).toBeLessThan(1);
    const anaIon = field.pairs.find((p) => p.a === "human:ana" && p.b === "human:ion")!;
    expect(anaIon.n).toBe(3);
    expect(anaIon.observed).toBe(1);
    // Ana and Dan never labelled the same row: a pair with no rows, no κ, and nothing breaks.
    const anaDan = field.pairs.find((p) => [p.a, p.b].sort().join() === "human:ana,human:dan");
    expect(anaDan === undefined || (anaDan.n === 0 && anaDan.kappa.value === null)).toBe(true);
  });
});
