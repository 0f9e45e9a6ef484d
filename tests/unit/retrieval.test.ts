// Unit tests for the retrieval building blocks: hash embeddings, BM25, rank fusion, MMR and chunking.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseCorpusRecord } from "../../corpus/pipeline/buildIndex";
import { chunkRecord, splitIntoChunks } from "../../corpus/pipeline/chunk";
import { defaultShardCount, shardCapacity } from "../../corpus/pipeline/hnswShards";
import { type CorpusRecord, CorpusRecordSchema } from "../../contract/corpus";
import { Bm25Index } from "../../corpus/retrieval/bm25";
import { RRF_K, mmr, rankFusion, rankFusionCeiling, scoreFusion } from "../../corpus/retrieval/fusion";
import { DEFAULT_HASH_DIMENSIONS, HashEmbeddings } from "../../server/models/offline/hashEmbeddings";
import { analyze, splitSentences } from "../../contract/text";

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function record(fields: Partial<CorpusRecord> & { id: string; text: string }): CorpusRecord {
  return CorpusRecordSchema.parse({ source: "Test", platform: "stiri", date: "2025-01-01", ...fields });
}

describe("HashEmbeddings", () => {
  const embeddings = new HashEmbeddings();

  it("embeds comma-below, cedilla and unaccented spellings of a sentence the same way", async () => {
    const [comma, cedilla, plain] = await embeddings.embedDocuments([
      "Țara își plătește pensiile și datoriile.",
      "Ţara îşi plăteşte pensiile şi datoriile.",
      "TARA isi plateste pensiile si datoriile.",
    ]);
    expect(dot(comma, cedilla)).toBeGreaterThan(0.999);
    expect(dot(comma, plain)).toBeGreaterThan(0.999);
  });

  it("places inflected forms of a word closer than unrelated words", async () => {
    const pensiile = embeddings.embedVector("pensiile");
    expect(dot(pensiile, embeddings.embedVector("pensiilor"))).toBeGreaterThan(0.4);
    expect(dot(pensiile, embeddings.embedVector("autostrada"))).toBeLessThan(0.15);
  });

  it("is deterministic across instances and returns unit vectors of the configured size", async () => {
    const text = "Guvernul a aprobat bugetul pentru spitale.";
    const a = await new HashEmbeddings().embedQuery(text);
    const b = await new HashEmbeddings().embedQuery(text);
    expect(a).toEqual(b);
    expect(a).toHaveLength(DEFAULT_HASH_DIMENSIONS);
    expect(Math.sqrt(dot(a, a))).toBeCloseTo(1, 5);
    const small = await new HashEmbeddings({ dimensions: 64 }).embedQuery(text);
    expect(small).toHaveLength(64);
    expect(Math.sqrt(dot(small, small))).toBeCloseTo(1, 5);
  });

  it("gives a zero vector to text without content words", async () => {
    const vector = await embeddings.embedQuery("și de la ... !");
    expect(vector.every((x) => x === 0)).toBe(true);
  });

  it("keeps its vectors bit for bit (stored indexes and resume caches hold them)", () => {
    // sha256 prefixes of the float32 bytes, computed by the implementation before the token cache was added.
    const texts = [
      "Guvernul a aprobat bugetul pentru spitale.",
      "Ţara îşi plăteşte pensiile şi datoriile; pensiile speciale, pensiile mici, pensiile tuturor!",
      "Într-o zi s-a dus la primărie: taxa pe carbon, TVA-ul la alimente și accizele la carburanți.",
      "Metroul spre aeroport întârzie din nou. Metroul, metroul, metroul.",
      `Autostrada ${"a".repeat(120)} Moldovei`,
    ];
    const golden = {
      256: [
        "911f6c91212d1788",
        "b20e1f3e8b0f8d84",
        "7f02eabddc9b331b",
        "d29b9197678a8127",
        "b8288943e0ebad15",
      ],
      64: [
        "4d7b81abc62b42d1",
        "6515e437322a9e43",
        "3bbf630ebc813577",
        "7b78a6cde8da7d19",
        "ace7962d74004775",
      ],
    };
    const digest = (v: Float32Array) =>
      createHash("sha256")
        .update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
        .digest("hex")
        .slice(0, 16);
    for (const dimensions of [256, 64] as const) {
      const embedder = new HashEmbeddings({ dimensions });
      // Twice: the second time every token comes from the cache.
      for (let round = 0; round < 2; round++) {
        expect(texts.map((text) => digest(embedder.embedVector(text)))).toEqual(golden[dimensions]);
      }
    }
  });

  it("gives the same vectors once its token cache has been emptied", () => {
    const embedder = new HashEmbeddings();
    const text = "Pensiile speciale ale magistraților vor fi recalculate.";
    const before = embedder.embedVector(text);
    // About 1.5 million n-gram features: more than the cache keeps, so it is emptied on the way.
    for (let i = 0; i < 400; i++) {
      embedder.embedVector(Array.from({ length: 100 }, (_, j) => `cuvant${i}z${j}`).join(" "));
    }
    expect(embedder.embedVector(text)).toEqual(before);
    expect(new HashEmbeddings().embedVector(text)).toEqual(before);
  });

  it("rejects nonsensical sizes", () => {
    expect(() => new HashEmbeddings({ dimensions: 0 })).toThrow(RangeError);
    expect(() => new HashEmbeddings({ minN: 4, maxN: 3 })).toThrow(RangeError);
  });
});

describe("Bm25Index", () => {
  const texts = [
    "Pensiile speciale ale magistraților vor fi recalculate de la anul.",
    "Autostrada Moldovei întârzie, spun constructorii, din cauza exproprierilor.",
    "Guvernul promite creșterea pensiilor și a salariilor din sănătate.",
    "Școlile din mediul rural primesc microbuze și laptopuri noi.",
  ];
  const index = Bm25Index.fromTexts(texts);

  it("ranks the document that matches the query's rare terms first", () => {
    const hits = index.search("pensii speciale magistrati", 4);
    expect(hits[0].doc).toBe(0);
    expect(hits.map((h) => h.doc)).toContain(2);
    expect(hits.map((h) => h.doc)).not.toContain(1);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
  });

  it("returns nothing for unknown terms and honours n", () => {
    expect(index.search("submarin nuclear", 5)).toEqual([]);
    expect(index.search("pensii", 1)).toHaveLength(1);
  });

  it("leaves out the documents rejected by the filter predicate", () => {
    const hits = index.search("pensii speciale magistrati", 4, (doc) => doc !== 0);
    expect(hits[0].doc).toBe(2);
    expect(hits.every((h) => h.doc !== 0)).toBe(true);
  });

  it("searches the same after a JSON round trip", () => {
    const restored = Bm25Index.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    expect(restored.size).toBe(4);
    expect(restored.search("autostrada exproprieri", 3)).toEqual(index.search("autostrada exproprieri", 3));
  });

  it("gives a rare term more weight than a common one", () => {
    const [common] = analyze("pensiile");
    const [rare] = analyze("magistraților");
    expect(index.idf(rare)).toBeGreaterThan(index.idf(common));
  });
});

describe("rankFusion", () => {
  it("sums 1/(k + rank) over the lists", () => {
    const fused = rankFusion(
      [
        ["a", "b", "c"],
        ["b", "c", "d"],
      ],
      60,
    );
    expect(fused.map((f) => f.id)).toEqual(["b", "c", "a", "d"]);
    expect(fused[0].score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[1].score).toBeCloseTo(1 / 63 + 1 / 62, 12);
    expect(fused[2].score).toBeCloseTo(1 / 61, 12);
    expect(fused[3].score).toBeCloseTo(1 / 63, 12);
  });

  it("counts an id once per list and keeps first-seen order on ties", () => {
    const fused = rankFusion([["x", "x"], ["y"]], 10);
    expect(fused).toEqual([
      { id: "x", score: 1 / 11 },
      { id: "y", score: 1 / 11 },
    ]);
  });

  it("names its constant k = 60 once, and the ceiling that puts fused scores on 0..1 follows it", () => {
    expect(RRF_K).toBe(60);
    const lists = [
      ["a", "b"],
      ["a", "c"],
    ];
    // First in both lists is the most an id can reach, with the default k and with another.
    expect(rankFusion(lists)[0]!.score).toBe(rankFusionCeiling([1, 1]));
    expect(rankFusion(lists, 10, [2, 1])[0]!.score).toBeCloseTo(rankFusionCeiling([2, 1], 10), 15);
  });
});

describe("scoreFusion", () => {
  it("rescales each list to 0..1 and averages, so a clear winner in one list can beat a runner-up in both", () => {
    const fused = scoreFusion([
      [
        { id: "a", score: 0.9 },
        { id: "b", score: 0.5 },
        { id: "c", score: 0.4 },
      ],
      [
        { id: "b", score: 12 },
        { id: "a", score: 11.5 },
        { id: "d", score: 2 },
      ],
    ]);
    expect(fused.map((f) => f.id)).toEqual(["a", "b", "c", "d"]);
    expect(fused[0].score).toBeCloseTo((1 + 0.95) / 2, 12);
    expect(fused[1].score).toBeCloseTo((0.2 + 1) / 2, 12);
    expect(fused[3].score).toBe(0);
  });

  it("gives 1 to the first of a list used alone, and to equal scores", () => {
    expect(scoreFusion([[], [{ id: "x", score: 3 }]])).toEqual([{ id: "x", score: 1 }]);
    const tied = scoreFusion([
      [
        { id: "p", score: 2 },
        { id: "q", score: 2 },
      ],
    ]);
    expect(tied).toEqual([
      { id: "p", score: 1 },
      { id: "q", score: 1 },
    ]);
  });

  it("honours weights", () => {
    const lists = [
      [
        { id: "dense", score: 1 },
        { id: "lex", score: 0 },
      ],
      [
        { id: "lex", score: 5 },
        { id: "dense", score: 0 },
      ],
    ];
    expect(scoreFusion(lists, [3, 1])[0].id).toBe("dense");
    expect(scoreFusion(lists, [1, 3])[0].id).toBe("lex");
  });
});

describe("mmr", () => {
  const query = [1, 0, 0];
  const candidates = [
    { name: "a", vector: [0.9, 0.1, 0] },
    { name: "a-copy", vector: [0.89, 0.11, 0] },
    { name: "b", vector: [0.6, 0, 0.8] },
  ];

  it("prefers a diverse second pick over a near duplicate", () => {
    expect(mmr(query, candidates, 0.5, 2).map((c) => c.name)).toEqual(["a", "b"]);
  });

  it("is plain relevance order when lambda is 1", () => {
    expect(mmr(query, candidates, 1, 3).map((c) => c.name)).toEqual(["a", "a-copy", "b"]);
  });

  it("uses given relevance scores instead of the query vector", () => {
    const scored = candidates.map((c, i) => ({ ...c, relevance: [0.2, 0.1, 1][i] }));
    expect(mmr(query, scored, 1, 1)[0].name).toBe("b");
  });
});

describe("chunkRecord", () => {
  const sentence = (i: number) =>
    `Aceasta este propoziția numărul ${i} despre bugetul local și investițiile promise de primărie.`;
  const article = Array.from({ length: 30 }, (_, i) => sentence(i + 1)).join(" ");

  it("keeps a short text whole", () => {
    const chunks = chunkRecord(record({ id: "scurt", text: "Un text scurt despre taxe." }));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({
      id: "scurt#0",
      docId: "scurt",
      n: 0,
      text: "Un text scurt despre taxe.",
    });
  });

  it("keeps a long comment whole", () => {
    const chunks = chunkRecord(record({ id: "c1", platform: "facebook", text: article.slice(0, 1500) }));
    expect(chunks).toHaveLength(1);
    expect(chunks[0].text).toBe(article.slice(0, 1500).trim());
  });

  it("splits a long article at sentence boundaries into overlapping chunks of at most 800 characters", () => {
    const doc = record({ id: "art", text: article, title: "Bugetul", url: "https://exemplu.ro/a" });
    const chunks = chunkRecord(doc);
    expect(chunks.length).toBeGreaterThan(2);
    chunks.forEach((chunk, n) => {
      expect(chunk.id).toBe(`art#${n}`);
      expect(chunk.docId).toBe("art");
      expect(chunk.meta).toEqual({
        source: "Test",
        platform: "stiri",
        date: "2025-01-01",
        url: "https://exemplu.ro/a",
        title: "Bugetul",
      });
      expect(chunk.text.length).toBeLessThanOrEqual(800);
      if (n < chunks.length - 1) expect(chunk.text.length).toBeGreaterThanOrEqual(500);
      expect(chunk.text.endsWith(".")).toBe(true);
    });
    for (let n = 1; n < chunks.length; n++) {
      const previous = splitSentences(chunks[n - 1].text);
      expect(splitSentences(chunks[n].text)[0]).toBe(previous[previous.length - 1]);
    }
    // Every sentence of the article is in some chunk, in order.
    const covered = new Set(chunks.flatMap((c) => splitSentences(c.text)));
    expect(splitSentences(article).every((s) => covered.has(s))).toBe(true);
  });

  it("cuts a sentence longer than a chunk at word boundaries", () => {
    const runOn = Array.from({ length: 300 }, (_, i) => `cuvant${i}`).join(" ");
    const pieces = splitIntoChunks(runOn);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length <= 800)).toBe(true);
    expect(pieces.join(" ").split(" ")).toContain("cuvant299");
  });
});

describe("parseCorpusRecord", () => {
  const valid = { id: "d1", text: "Text", source: "Sursa", platform: "facebook", date: "2025-01-02" };
  const cases: unknown[] = [
    valid,
    { ...valid, url: "https://exemplu.ro", title: "Titlu", lang: "en" },
    { ...valid, title: "" },
    { ...valid, extra: 1, meta: { a: 1 } },
    { ...valid, date: "2025-01-02T10:00:00Z" },
    { ...valid, date: "02.01.2025" },
    { ...valid, id: "" },
    { ...valid, text: 7 },
    { ...valid, url: null },
    { ...valid, title: null },
    { ...valid, lang: 3 },
    { ...valid, dateImputed: true },
    { ...valid, title: "Titlu", dateImputed: false },
    { ...valid, dateImputed: "da" },
    { text: "fără id", source: "s", platform: "p", date: "2025-01-01" },
    { ...valid, id: "__proto__" },
    null,
    "text",
    [valid],
    42,
  ];

  it("returns what the schema returns, keys in the same order, or null when the schema rejects", () => {
    for (const value of cases) {
      const result = CorpusRecordSchema.safeParse(value);
      const parsed = parseCorpusRecord(value);
      expect(parsed, JSON.stringify(value)).toEqual(result.success ? result.data : null);
      if (parsed && result.success) expect(Object.keys(parsed)).toEqual(Object.keys(result.data));
    }
  });
});

describe("HNSW shards", () => {
  it("keeps one graph on two cores and splits large corpora when cores are free", () => {
    expect(defaultShardCount(0, 8)).toBe(1);
    expect(defaultShardCount(100_000, 2)).toBe(1);
    expect(defaultShardCount(100_000, 1)).toBe(1);
    expect(defaultShardCount(40_000, 8)).toBe(1);
    expect(defaultShardCount(100_000, 8)).toBe(2);
    expect(defaultShardCount(120_000, 3)).toBe(2);
    expect(defaultShardCount(1_000_000, 16)).toBe(4);
  });

  it("gives every label to exactly one shard", () => {
    for (const [count, shards] of [
      [10, 3],
      [2, 4],
      [0, 2],
      [99_999, 4],
    ]) {
      const total = Array.from({ length: shards }, (_, s) => shardCapacity(count, s, shards)).reduce(
        (a, b) => a + b,
        0,
      );
      expect(total, `${count}/${shards}`).toBe(count);
    }
    expect([0, 1, 2].map((s) => shardCapacity(10, s, 3))).toEqual([4, 3, 3]);
  });
});
