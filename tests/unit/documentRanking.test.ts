// Unit tests for document-level ranking: chunk scores aggregated per document, BM25 length normalisation per
// source with a title field, query term selection, passage choice and the retrieval figures.
import { describe, expect, it } from "vitest";
import { bestChunkPerDocument, DocumentLayout } from "../../corpus/retrieval/aggregate";
import { Bm25Index } from "../../corpus/retrieval/bm25";
import { bootstrapScores, documentRank, scoreRanks } from "../../corpus/retrieval/evaluation";
import { scoreFusion } from "../../corpus/retrieval/fusion";
import { choosePassages, chunkTermScores } from "../../corpus/retrieval/passages";
import { searchTerms, selectQueryTerms, type TermStatistics } from "../../corpus/retrieval/terms";

/** A text of n filler words that share nothing with the queries below. */
function filler(n: number, seed = 0): string[] {
  return Array.from({ length: n }, (_, i) => `umplutura${(i + seed) % 40}`);
}

describe("aggregating chunk scores per document", () => {
  // Document 0 is a long article cut into eight chunks; documents 1-3 are short comments of one chunk each.
  const layout = DocumentLayout.fromChunkDocIds([
    "art",
    "art",
    "art",
    "art",
    "art",
    "art",
    "art",
    "art",
    "c1",
    "c2",
    "c3",
  ]);

  it("maps chunks to documents and back", () => {
    expect(layout.documents).toBe(4);
    expect(layout.chunksOf(0)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(layout.chunksOf(2)).toEqual([9]);
    expect(layout.docOf[8]).toBe(1);
    expect(layout.firstChunk(3)).toBe(10);
    expect(() => DocumentLayout.fromChunkDocIds(["a", "b", "a"])).toThrow(/not adjacent/);
  });

  it("lists a long document with many matching chunks once, so that short documents are not crowded out", () => {
    // By chunk, the article takes the first five places; by document it takes one, at its best chunk's score.
    const chunkHits = [
      { label: 0, score: 0.9 },
      { label: 3, score: 0.85 },
      { label: 5, score: 0.84 },
      { label: 6, score: 0.83 },
      { label: 7, score: 0.82 },
      { label: 9, score: 0.8 },
      { label: 8, score: 0.7 },
      { label: 10, score: 0.6 },
    ];
    const top5Chunks = new Set(chunkHits.slice(0, 5).map((hit) => layout.docOf[hit.label]));
    expect(top5Chunks).toEqual(new Set([0]));
    const documents = bestChunkPerDocument(chunkHits, layout);
    expect(documents).toEqual([
      { doc: 0, score: 0.9, label: 0 },
      { doc: 2, score: 0.8, label: 9 },
      { doc: 1, score: 0.7, label: 8 },
      { doc: 3, score: 0.6, label: 10 },
    ]);
  });

  it("scores a document by its best chunk, not by how many chunks it has", () => {
    // Eight weak chunks of the article against one strong comment: the comment wins.
    const chunkHits = [
      ...Array.from({ length: 8 }, (_, label) => ({ label, score: 0.3 })),
      { label: 8, score: 0.5 },
    ];
    const [first, second] = bestChunkPerDocument(chunkHits, layout);
    expect(first).toEqual({ doc: 1, score: 0.5, label: 8 });
    expect(second).toEqual({ doc: 0, score: 0.3, label: 0 });
  });
});

describe("BM25 length normalisation and fields", () => {
  // Six long articles (one about magistrates' pensions) and thirty short comments (one about pensions).
  const articles = Array.from({ length: 6 }, (_, i) =>
    i === 0 ? [...filler(120, i), "pensi", "magist"] : filler(120, i),
  );
  const comments = Array.from({ length: 30 }, (_, i) => (i === 0 ? ["pensi", "mari", "azi"] : filler(3, i)));

  function build(groups: boolean): Bm25Index {
    const index = new Bm25Index({ k1: 1.2, b: 0.75, groupPrior: 0 });
    for (const text of articles) index.add({ text, group: groups ? "stiri" : "" });
    for (const text of comments) index.add({ text, group: groups ? "comentarii" : "" });
    return index;
  }

  it("with one norm for all, a long article that matches loses to a short comment that matches less", () => {
    const [first, second] = build(false).search(["pensi", "magist"], 3);
    expect(first.doc).toBe(6);
    expect(second.doc).toBe(0);
  });

  it("with a norm per source, the article is compared with articles and comes first", () => {
    const hits = build(true).search(["pensi", "magist"], 3);
    expect(hits[0].doc).toBe(0);
    expect(hits.map((hit) => hit.doc)).toContain(6);
  });

  it("shrinks a small source's average length towards the whole index's", () => {
    const index = new Bm25Index({ groupPrior: 4 });
    for (let i = 0; i < 4; i++) index.add({ text: filler(100), group: "stiri" });
    index.add({ text: filler(10), group: "forum" });
    const [news, forum] = index.groupAverages();
    const overall = (4 * 100 + 10) / 5;
    expect(news).toBeCloseTo((400 + 4 * overall) / 8);
    expect(forum).toBeCloseTo((10 + 4 * overall) / 5);
    expect(forum).toBeGreaterThan(10);
  });

  it("counts a title term titleWeight times, in the frequency and in the length", () => {
    const index = new Bm25Index({ titleWeight: 3, b: 0 });
    index.add({ title: ["pensi"], text: filler(5) });
    index.add({ text: ["pensi", ...filler(5)] });
    index.add({ text: filler(6) });
    const [first, second] = index.search(["pensi"], 2);
    expect(first.doc).toBe(0);
    expect(second.doc).toBe(1);
    expect(index.toJSON().docLengths).toEqual([8, 6, 6]);
    expect(index.burstiness("pensi")).toBe(2);
  });

  it("weighs query terms and bounds scores by the query's ideal score", () => {
    const index = Bm25Index.fromTexts(["pensii mari", "pensii mici", "salarii mari"]);
    const plain = index.search(searchTerms("pensii mari"), 3);
    const weighted = index.search(
      [
        { term: searchTerms("pensii")[0], weight: 0.1 },
        { term: searchTerms("mari")[0], weight: 1 },
      ],
      3,
    );
    expect(plain[0].doc).toBe(0);
    expect(weighted[1].doc).toBe(2);
    const query = selectQueryTerms(searchTerms("pensii mari"), index);
    const ideal = index.idealScore(query);
    for (const hit of index.search(query, 3)) expect(hit.score).toBeLessThan(ideal);
  });
});

describe("query term selection", () => {
  // "guvern" recurs within the documents about it (burstiness 3); "prost" occurs once wherever it occurs.
  const stats: TermStatistics = {
    df: (term) => ({ guvern: 10, prost: 10, rar: 1 })[term] ?? 0,
    idf: (term) => ({ guvern: 2, prost: 2, rar: 5 })[term] ?? 0,
    burstiness: (term) => ({ guvern: 3, prost: 1, rar: 1 })[term] ?? 0,
  };

  it("keeps the distinct terms the corpus holds, weighted by burstiness", () => {
    const terms = selectQueryTerms(["prost", "guvern", "necunoscut", "prost"], stats);
    expect(terms.map((t) => t.term)).toEqual(["prost", "guvern"]);
    const weight = Object.fromEntries(terms.map((t) => [t.term, t.weight]));
    expect(weight.guvern).toBeCloseTo(Math.sqrt(3));
    expect(weight.prost).toBe(1);
    expect(selectQueryTerms(["guvern", "prost"], stats, { burstExponent: 0 }).map((t) => t.weight)).toEqual([
      1, 1,
    ]);
  });

  it("cuts a long query to its strongest terms (weight times IDF), in query order", () => {
    const terms = selectQueryTerms(["prost", "rar", "guvern"], stats, { maxTerms: 2 });
    // rar: 1 * 5; guvern: 1.73 * 2 = 3.46; prost: 1 * 2.
    expect(terms.map((t) => t.term)).toEqual(["rar", "guvern"]);
  });

  it("analyses text into folded, stemmed terms cut to six letters", () => {
    expect(searchTerms("Pensiile MAGISTRAȚILOR și ale profesorilor")).toEqual(["pens", "magist", "profes"]);
    expect(searchTerms("magistratii")).toEqual(searchTerms("magistraților"));
  });
});

describe("passages of one document", () => {
  it("scores each chunk by the query's terms with the corpus IDF", () => {
    const scores = chunkTermScores(
      [["pens", "mari"], ["salar"], ["pens"]],
      [
        { term: "pens", weight: 1 },
        { term: "mari", weight: 1 },
      ],
      () => 1,
      { k1: 1.2, b: 0 },
    );
    expect(scores[0]).toBeGreaterThan(scores[2]);
    expect(scores[1]).toBe(0);
  });

  it("chooses the best passage, and a second one only when it matches nearly as well", () => {
    const settings = { maxPerDocument: 2, minShareOfBest: 0.8, denseWeight: 0.5 };
    const close = choosePassages([10, 11, 12], [0.5, 0.45, 0.1], [2, 1.8, 0], settings);
    expect(close.map((p) => p.label)).toEqual([10, 11]);
    expect(close[0].score).toBe(1);
    const far = choosePassages([10, 11], [0.5, 0.1], [2, 0.2], settings);
    expect(far.map((p) => p.label)).toEqual([10]);
  });
});

describe("fusion on absolute scales", () => {
  it("lets a confident ranking outweigh a ranking that found little", () => {
    // Dense found doc "a" at cosine 0.9; BM25's best, "b", reached only a tenth of the query's ideal score.
    const dense = [{ id: "a", score: 0.9 }];
    const lexical = [{ id: "b", score: 0.1 }];
    const absolute = scoreFusion([dense, lexical], [0.25, 0.75], ["absolute", "absolute"]);
    expect(absolute[0].id).toBe("a");
    // Rescaled within each list, both firsts would score 1 and the heavier list would win.
    expect(scoreFusion([dense, lexical], [0.25, 0.75])[0].id).toBe("b");
  });
});

describe("retrieval figures", () => {
  it("ranks a document among distinct documents", () => {
    expect(documentRank(["a", "a", "b", "c"], "b")).toBe(2);
    expect(documentRank(["a", "b"], "z")).toBe(0);
  });

  it("computes recall, MRR and nDCG@10 from ranks", () => {
    const scores = scoreRanks([1, 2, 6, 0]);
    expect(scores).toEqual({
      recallAt1: 0.25,
      recallAt5: 0.5,
      recallAt10: 0.75,
      mrr: Math.round(((1 + 1 / 2 + 1 / 6) / 4) * 1000) / 1000,
      ndcgAt10: Math.round(((1 + 1 / Math.log2(3) + 1 / Math.log2(7)) / 4) * 1000) / 1000,
    });
  });

  it("gives bootstrap intervals around the figure, the same from run to run", () => {
    const ranks = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0 : (i % 7) + 1));
    const first = bootstrapScores(ranks, 500, 7);
    expect(first).toEqual(bootstrapScores(ranks, 500, 7));
    for (const estimate of Object.values(first)) {
      expect(estimate.low).toBeLessThanOrEqual(estimate.value);
      expect(estimate.high).toBeGreaterThanOrEqual(estimate.value);
      expect(estimate.high - estimate.low).toBeGreaterThan(0);
      expect(estimate.high - estimate.low).toBeLessThan(0.3);
    }
  });
});
