// The pieces of an index update that must be exact: BM25 and the piece statistics updated from a previous index
// equal those built from scratch over the new document list (reordered documents too), and the graph plan keeps
// the labels of kept chunks and gives new ones to the rest.
import { describe, expect, it } from "vitest";
import { Bm25Index, type Bm25Document, type Bm25Json } from "../../corpus/retrieval/bm25";
import { PieceBag, PieceIndex } from "../../corpus/retrieval/pieces";
import { searchTerms } from "../../corpus/retrieval/terms";
import { planGraphUpdate } from "../../corpus/pipeline/incrementalUpdate";
import { seededRandom } from "../../bench/synthetic";

const WORDS = "pensii guvern spital autostrada salarii primar scoala diaspora vot taxe medic drum".split(" ");

interface Doc {
  title?: string;
  text: string;
  group: string;
}

function documents(count: number, seed: number): Doc[] {
  const random = seededRandom(seed);
  const word = () => WORDS[Math.floor(random() * WORDS.length)];
  return Array.from({ length: count }, (_, i) => ({
    text: Array.from({ length: 3 + Math.floor(random() * 12) }, word).join(" "),
    title: i % 4 === 0 ? `${word()} ${word()}` : undefined,
    group: `sursa ${Math.floor(random() * 3)}`,
  }));
}

const bm25Doc = (doc: Doc): Bm25Document => ({
  text: searchTerms(doc.text),
  title: doc.title ? searchTerms(doc.title) : undefined,
  group: doc.group,
});

function bm25Of(docs: Doc[]): Bm25Index {
  const index = new Bm25Index({ k1: 1.2, b: 0.3, titleWeight: 3, groupPrior: 5 });
  for (const doc of docs) index.add(bm25Doc(doc));
  return index;
}

/** The JSON with postings in term order. */
function sorted(json: Bm25Json): Bm25Json {
  return {
    ...json,
    postings: Object.fromEntries(Object.entries(json.postings).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

const bag = (doc: Doc) => PieceBag.of(doc.title, [doc.text], 1);
const PIECES = { k1: 1.2, b: 1, titleWeight: 1, groupPrior: 5 };

describe("an updated BM25 and piece index", () => {
  const old = documents(60, 1);
  const fresh = documents(8, 2);
  // The new list: old documents 0-59 without 5, 17 and 30, two of them moved ahead of the others (another
  // order), document 40 changed, and 8 new documents in between.
  const order: (number | Doc)[] = [44, 3, ...fresh.slice(0, 4)];
  for (let i = 0; i < 60; i++)
    if (![5, 17, 30, 44, 3].includes(i)) order.push(i === 40 ? { ...old[40], text: "vot diaspora" } : i);
  order.push(...fresh.slice(4));
  const docs = order.map((entry) => (typeof entry === "number" ? old[entry] : entry));
  const keep = Int32Array.from(order, (entry) => (typeof entry === "number" ? entry : -1));
  const removed = [5, 17, 30, 40].map((i) => bag(old[i]));

  it("gives BM25 the postings, lengths, groups and scores of a build from scratch", () => {
    const previous = bm25Of(old).toJSON();
    const updated = Bm25Index.updated(previous, keep, (doc) => bm25Doc(docs[doc]));
    const built = bm25Of(docs);
    expect(sorted(updated.toJSON())).toEqual(sorted(built.toJSON()));
    for (const query of ["pensii guvern", "vot diaspora", "medic spital drum"]) {
      expect(updated.search(query, 10)).toEqual(built.search(query, 10));
    }
  });

  it("gives the pieces the statistics of a build from scratch", () => {
    const previous = PieceIndex.build(
      old.map((doc) => ({ bag: bag(doc), group: doc.group })),
      PIECES,
    ).toJSON();
    const updated = PieceIndex.updated(previous, keep, removed, (doc) => ({
      bag: bag(docs[doc]),
      group: docs[doc].group,
    }));
    const built = PieceIndex.build(
      docs.map((doc) => ({ bag: bag(doc), group: doc.group })),
      PIECES,
    );
    expect(updated.toJSON()).toEqual(built.toJSON());
  });
});

describe("the plan of a graph update", () => {
  const base = { labels: Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), points: 10, deleted: 0 };
  const limits = { maxChangedShare: 0.5, maxDeletedShare: 0.5 };

  it("keeps the labels of kept rows, gives the others new labels and deletes the rest", () => {
    // New rows: old 0, a new chunk, old 2..9 without 5.
    const plan = planGraphUpdate(base, [0, -1, 2, 3, 4, 6, 7, 8, 9], limits);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect([...plan.update.labelOf]).toEqual([0, 10, 2, 3, 4, 6, 7, 8, 9]);
    expect(plan.update.added).toEqual([1]);
    expect(plan.update.deletedLabels).toEqual([1, 5]);
    expect(plan.update).toMatchObject({ points: 11, deleted: 2 });
  });

  it("refuses when too much changed or too many points would be deleted", () => {
    expect(
      planGraphUpdate(base, [-1, -1, -1, -1, -1, 5, 6, 7, 8, 9], { ...limits, maxChangedShare: 0.1 }),
    ).toEqual({
      ok: false,
      reason: "changes",
    });
    expect(
      planGraphUpdate({ ...base, deleted: 3, points: 13 }, [0, 1, 2, 3, 4, 5, 6, 7], {
        ...limits,
        maxDeletedShare: 0.3,
      }),
    ).toEqual({
      ok: false,
      reason: "deleted",
    });
  });
});

describe("a BM25 index of a large corpus", () => {
  it("reads back from its JSON at 300,000 documents (spread arguments once overflowed the stack at about 140,000)", () => {
    const index = new Bm25Index();
    for (let i = 0; i < 300_000; i++) index.add({ text: [`t${i % 7}`, "comun"] });
    const json = JSON.parse(JSON.stringify(index.toJSON())) as Bm25Json;
    const read = Bm25Index.fromJSON(json);
    expect(read.size).toBe(300_000);
    expect(read.toJSON()).toEqual(json);
  });
});
