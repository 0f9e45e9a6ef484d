// Unit tests for character pieces (corpus/retrieval/pieces.ts): which pieces a text has, a document's counted
// pieces, the corpus statistics and the BM25 over pieces that rescores candidates; and the shared helpers they
// use (length norms per group, query term selection over piece hashes).
import { describe, expect, it } from "vitest";
import { Bm25Index, lengthNorms } from "../../corpus/retrieval/bm25";
import { buildDocumentPieces } from "../../corpus/retrieval/documentBm25";
import { addPieces, PieceBag, PieceIndex, queryPieces } from "../../corpus/retrieval/pieces";
import { searchTerms, selectQueryTerms } from "../../corpus/retrieval/terms";
import type { CorpusRecord } from "../../contract/corpus";

const PARAMS = { k1: 1.2, b: 0.3, titleWeight: 1, groupPrior: 5 };

function pieceSet(text: string): Set<number> {
  return new Set(queryPieces(text));
}

function shared(a: Set<number>, b: Set<number>): number {
  return [...a].filter((key) => b.has(key)).length;
}

function index(texts: string[], groups?: string[]): PieceIndex {
  return PieceIndex.build(
    texts.map((text, i) => ({ bag: PieceBag.of(undefined, [text], 1), group: groups?.[i] ?? "" })),
    PARAMS,
  );
}

describe("the pieces of a text", () => {
  it("cuts each word, marked at both ends, into 4-letter pieces, folded, without stopwords", () => {
    // "<tara>" has three pieces: "<tar", "tara", "ara>".
    expect(queryPieces("Țară")).toHaveLength(3);
    expect(pieceSet("Țară")).toEqual(pieceSet("tara"));
    expect(pieceSet("Ţară")).toEqual(pieceSet("TARA"));
    // Stopwords and one-letter words have no pieces; a two-letter word is one piece ("<tv>").
    expect(queryPieces("și de la o x")).toEqual([]);
    expect(queryPieces("tv")).toHaveLength(1);
  });

  it("gives a misspelt word most of the pieces of the right one, where their word stems differ", () => {
    const right = pieceSet("parlamentarii");
    const typo = pieceSet("prlamentarii");
    expect(searchTerms("prlamentarii")).not.toEqual(searchTerms("parlamentarii"));
    expect(shared(right, typo)).toBeGreaterThanOrEqual(right.size - 3);
    expect(shared(right, pieceSet("pensionarii"))).toBeLessThanOrEqual(3);
  });

  it("counts repeats, with a weight per text", () => {
    const counts = new Map<number, number>();
    addPieces("cojocna cojocna", 1, counts);
    addPieces("cojocna", 3, counts);
    expect([...counts.values()]).toEqual(Array(6).fill(5));
  });
});

describe("a document's pieces", () => {
  it("counts its title's pieces titleWeight times and its chunks' once", () => {
    const bag = PieceBag.of("Băile Cojocna", ["cojocna", "apa caldă"], 2);
    const [first] = queryPieces("cojocna");
    expect(bag.count(first)).toBe(3);
    expect(bag.count(queryPieces("băile")[0])).toBe(2);
    expect(bag.count(queryPieces("zzzz")[0])).toBe(0);
    expect(new Set(bag.keys).size).toBe(bag.keys.length);
    expect([...bag.keys].every((key) => bag.count(key) > 0)).toBe(true);
    // Title: 4 + 6 pieces, twice; chunks: "<cojocna>" 6, "<apa>" 2, "<calda>" 4.
    expect(bag.length).toBe(2 * (4 + 6) + 6 + 2 + 4);
  });

  it("holds the same counts as adding the pieces one by one, its keys ascending", () => {
    const title = "Primăria Cluj: parcarea din centru, scumpită";
    const texts = [
      "Parcarea costă mai mult în centru.",
      "Consilierii au votat; parcarea, parcarea și iar parcarea.",
    ];
    const expected = new Map<number, number>();
    addPieces(title, 3, expected);
    for (const text of texts) addPieces(text, 1, expected);
    const bag = PieceBag.of(title, texts, 3);
    expect(bag.keys.length).toBe(expected.size);
    expect([...bag.keys].every((key, i) => i === 0 || key > bag.keys[i - 1])).toBe(true);
    for (const [key, count] of expected) expect(bag.count(key)).toBe(count);
    expect(bag.length).toBe([...expected.values()].reduce((sum, count) => sum + count, 0));
  });

  it("is counted at build time from a document's title and chunks, exactly as the retriever counts it", () => {
    const record = (id: string, text: string, title?: string): CorpusRecord => ({
      id,
      text,
      title,
      source: "Gazeta",
      platform: "stiri",
      date: "2025-01-01",
      url: "",
      lang: "ro",
    });
    const records = [record("a", "unu doi", "Titlul"), record("b", "trei")];
    const chunks = [
      { docId: "a", text: "prima parte", meta: { title: "Titlul" } },
      { docId: "a", text: "a doua parte", meta: { title: "Titlul" } },
      { docId: "b", text: "trei", meta: {} },
    ];
    const pieces = buildDocumentPieces(records, chunks, { titleWeight: 2 });
    const bag = PieceBag.of("Titlul", ["prima parte", "a doua parte"], 2);
    const query = pieces.query("titlul parte", {});
    expect(pieces.size).toBe(2);
    expect(pieces.scorer(query)(0, bag)).toBeGreaterThan(0);
    expect(pieces.df(queryPieces("parte")[0])).toBe(1);
  });
});

describe("BM25 over pieces", () => {
  const texts = [
    "Parlamentarii au votat bugetul.",
    "Consilierii au votat bugetul.",
    "Pensionarii așteaptă recalcularea.",
    "Bugetul spitalelor a fost votat.",
  ];
  const pieces = index(texts);

  it("keeps document frequency, IDF and burstiness by piece", () => {
    const [votat] = queryPieces("votat");
    const [parl] = queryPieces("parlamentarii");
    expect(pieces.df(votat)).toBe(3);
    expect(pieces.df(parl)).toBe(1);
    expect(pieces.idf(parl)).toBeGreaterThan(pieces.idf(votat));
    expect(pieces.burstiness(parl)).toBe(1);
    expect(pieces.df(queryPieces("zzzz")[0])).toBe(0);
  });

  it("finds the document of a misspelt word that the word BM25 cannot tell from the others", () => {
    const query = "prlamentarii votat bugetul";
    const words = Bm25Index.fromTexts(texts);
    const wordScores = words.search(query, 4);
    // Words: the first two documents tie (both hold "votat" and "bugetul", and nothing else of the query).
    expect(wordScores[0].score).toBeCloseTo(wordScores[1].score, 10);
    const score = pieces.scorer(pieces.query(query, {}));
    const bags = texts.map((text) => PieceBag.of(undefined, [text], 1));
    const scores = bags.map((bag, doc) => score(doc, bag));
    expect(scores.indexOf(Math.max(...scores))).toBe(0);
    for (const value of scores) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of scores) expect(value).toBeLessThan(1);
  });

  it("scores on 0..1: a document that holds every piece very often comes close to 1", () => {
    const many = Array(200).fill("cojocna").join(" ");
    const corpus = index([many, "altceva", "nimic", "apa"]);
    const score = corpus.scorer(corpus.query("cojocna", {}));
    expect(score(0, PieceBag.of(undefined, [many], 1))).toBeGreaterThan(0.95);
    expect(score(1, PieceBag.of(undefined, ["altceva"], 1))).toBe(0);
  });

  it("normalises length within each group: a long article is compared with articles", () => {
    const article = `cojocna ${Array(60).fill("text lung despre altceva").join(" ")}`;
    const texts = [article, `${article} diferit`, "cojocna frumoasa azi", "alt comentariu scurt"];
    const groups = ["site", "site", "comentarii", "comentarii"];
    const byGroup = index(texts, groups);
    const oneGroup = index(texts);
    const bags = texts.map((text) => PieceBag.of(undefined, [text], 1));
    const query = byGroup.query("cojocna", {});
    const ratio = (corpus: PieceIndex) => {
      const score = corpus.scorer(query);
      return score(0, bags[0]) / score(2, bags[2]);
    };
    expect(ratio(byGroup)).toBeGreaterThan(ratio(oneGroup));
  });

  it("reads back from its JSON form with the same statistics and scores", () => {
    const copy = PieceIndex.fromJSON(JSON.parse(JSON.stringify(pieces.toJSON())));
    const query = pieces.query("prlamentarii votat", {});
    expect(copy.query("prlamentarii votat", {})).toEqual(query);
    const bag = PieceBag.of(undefined, [texts[0]], 1);
    expect(copy.scorer(query)(0, bag)).toBe(pieces.scorer(query)(0, bag));
    expect(() => PieceIndex.fromJSON({ ...pieces.toJSON(), version: 2 as 1 })).toThrow(/version/);
  });
});

describe("helpers shared with the word BM25", () => {
  it("selects query pieces as words: known ones only, the strongest when there are too many", () => {
    const pieces = index(["cojocna cojocna cojocna", "apa", "apa rece", "apa calda"]);
    const keys = queryPieces("cojocna apa necunoscut");
    const all = selectQueryTerms(keys, pieces);
    expect(all.every(({ term }) => pieces.df(term) > 0)).toBe(true);
    expect(all.length).toBe(queryPieces("cojocna apa").length);
    // The bursty, rare pieces of "cojocna" outrank the common "apa".
    const two = selectQueryTerms(keys, pieces, { maxTerms: 2 });
    const cojocna = new Set(queryPieces("cojocna"));
    expect(two.every(({ term }) => cojocna.has(term))).toBe(true);
  });

  it("computes length norms as textbook BM25 with one group, per group with several", () => {
    const lengths = [10, 30, 100, 300];
    const one = lengthNorms(lengths, [0, 0, 0, 0], 1, { k1: 1.2, b: 0.75, groupPrior: 0 });
    const average = 110;
    lengths.forEach((length, doc) => expect(one[doc]).toBeCloseTo(1.2 * (0.25 + (0.75 * length) / average)));
    const two = lengthNorms(lengths, [0, 0, 1, 1], 2, { k1: 1.2, b: 0.75, groupPrior: 0 });
    expect(two[0]).toBeCloseTo(1.2 * (0.25 + (0.75 * 10) / 20));
    expect(two[3]).toBeCloseTo(1.2 * (0.25 + (0.75 * 300) / 200));
  });
});
