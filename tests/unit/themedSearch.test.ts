// The chat's corpus search for a question about a codebook dimension (corpus/retrieval/themedSearch.ts): a wider pool
// of the corpus's best documents re-ranked by the dictionary's evidence, so that "Unde apar insulte?" finds the
// insulting text even when its words put it twentieth; a question about no dimension is searched as before, with
// the same call; and the chat's retriever (server/chat/chatRetriever.ts) does this beneath the attachments.
import { describe, expect, it } from "vitest";
import type { Passage } from "../../contract/corpus";
import { THEME_POOL_MIN, themedOrder, withThemes } from "../../corpus/retrieval/themedSearch";
import type { Retriever, SearchOptions } from "../../corpus/retrieval/types";
import { corpusThemes } from "../../server/attachments/themes";
import { chatRetriever } from "../../server/chat/chatRetriever";
import { THEMED_PARAGRAPHS, THEME_QUESTIONS } from "../fixtures/attachmentThemes";

const passage = (id: string, text: string, score: number): Passage => ({
  id: `${id}#0`,
  docId: id,
  text,
  score,
  meta: { source: "test", platform: "forum", date: "2026-01-01", url: "" },
});

const NEUTRAL = "Strada Morilor va fi asfaltată pe o lungime de opt sute de metri până în luna iunie.";

/** A corpus whose words rank 200 neutral texts first and the insult 20th; records every search it is asked. */
function fakeCorpus(): { corpus: Retriever; asked: SearchOptions[] } {
  const ranked = Array.from({ length: 200 }, (_, i) =>
    i === 19
      ? passage("insult", THEMED_PARAGRAPHS.insulte, 0.5)
      : passage(`n${i}`, `${NEUTRAL} (${i})`, 1 - i / 400),
  );
  const asked: SearchOptions[] = [];
  const corpus: Retriever = {
    embedder: "offline:hash",
    size: ranked.length,
    search: async (_query, options) => {
      asked.push(options);
      return ranked.slice(0, options.k);
    },
    facets: () => ({ platforms: [], sources: [], dates: null }) as never,
  };
  return { corpus, asked };
}

describe("the corpus search for a question about a dimension", () => {
  it("brings the text that shows it to the first places, from a pool wider than k", async () => {
    const { corpus, asked } = fakeCorpus();
    const found = await withThemes(corpus, corpusThemes).search(THEME_QUESTIONS.insulte, {
      k: 5,
      filters: { platform: ["forum"] },
    });
    expect(found.map((p) => p.docId)[0]).toBe("insult");
    expect(found).toHaveLength(5);
    // One search, wider, with the person's filters.
    expect(asked).toEqual([{ k: THEME_POOL_MIN, filters: { platform: ["forum"] } }]);
    // Scores in 0..1, best first.
    for (const [i, p] of found.entries()) {
      expect(p.score).toBeGreaterThan(0);
      expect(p.score).toBeLessThanOrEqual(1);
      if (i > 0) expect(p.score).toBeLessThanOrEqual(found[i - 1]!.score);
    }
  });

  it("searches a question about no dimension as before: the same call, the same answer", async () => {
    const { corpus, asked } = fakeCorpus();
    const options = { k: 5, filters: { platform: ["forum"] } };
    const found = await withThemes(corpus, corpusThemes).search("strada Morilor asfaltată", options);
    expect(asked).toEqual([options]);
    expect(found).toEqual(await corpus.search("strada Morilor asfaltată", options));
    // Passages asked for themselves (an evaluation) are not re-ranked either.
    const passages = { k: 5, granularity: "passage" as const };
    await withThemes(corpus, corpusThemes).search(THEME_QUESTIONS.insulte, passages);
    expect(asked.at(-1)).toEqual(passages);
  });

  it("leaves a question that names a topic, not a dimension, to its words (the text it asks about stays first)", async () => {
    const { corpus, asked } = fakeCorpus();
    const question = THEME_QUESTIONS.coruptie;
    const found = await withThemes(corpus, corpusThemes).search(question, { k: 5 });
    expect(asked).toEqual([{ k: 5 }]);
    expect(found.map((p) => p.docId)).toEqual(["n0", "n1", "n2", "n3", "n4"]);
  });

  it("re-ranks only a question that asks for texts: one about an event keeps its words' answer", async () => {
    for (const question of [
      "Ce s-a întâmplat la atacul din Piața Victoriei?",
      "Cum apreciază guvernul bugetul pe anul viitor?",
    ]) {
      const { corpus, asked } = fakeCorpus();
      await withThemes(corpus, corpusThemes).search(question, { k: 5 });
      expect(asked, question).toEqual([{ k: 5 }]);
    }
    for (const question of [
      "Ce comentarii atacă politicienii?",
      "Cine critică guvernul?",
      "Which posts insult people?",
    ]) {
      const { corpus, asked } = fakeCorpus();
      await withThemes(corpus, corpusThemes).search(question, { k: 5 });
      expect(asked, question).toEqual([{ k: THEME_POOL_MIN }]);
    }
  });

  it("reads a document's evidence in its other passages too", () => {
    const pool = [
      passage("a", NEUTRAL, 0.9),
      {
        ...passage("b", `${NEUTRAL}!`, 0.8),
        otherPassages: [{ id: "b#3", text: THEMED_PARAGRAPHS.insulte, score: 0.7 }],
      },
    ];
    const evidence = corpusThemes("Unde apar insulte în comentarii?")!;
    expect(themedOrder(pool, evidence, 2).map((p) => p.docId)).toEqual(["b", "a"]);
  });

  it("keeps the words' order when nothing in the pool shows the dimension", () => {
    const pool = [
      passage("a", NEUTRAL, 0.9),
      passage("b", `${NEUTRAL}!`, 0.8),
      passage("c", `${NEUTRAL}?`, 0.7),
    ];
    expect(themedOrder(pool, () => 0, 2)).toEqual(pool.slice(0, 2));
  });

  it("is what the chat searches beneath the attachments", async () => {
    const { corpus } = fakeCorpus();
    const found = await chatRetriever(corpus).search(THEME_QUESTIONS.insulte, { k: 3 });
    expect(found[0]!.docId).toBe("insult");
    const withAttached = chatRetriever(corpus, [
      { id: "a1", name: "raport.txt", text: NEUTRAL, chars: NEUTRAL.length, truncated: false, current: true },
    ] as never);
    const mixed = await withAttached.search(THEME_QUESTIONS.insulte, { k: 5 });
    expect(mixed.map((p) => p.docId)).toContain("insult");
  });
});
