import { describe, expect, it } from "vitest";
import type { Passage } from "../../contract/corpus";
import { AttachmentIndex, attachmentShare, withAttachments } from "../../corpus/retrieval/attachments";
import type { Retriever } from "../../corpus/retrieval/types";
import { buildAnswerMessages } from "../../graphs/chat/prompts";
import { extractiveReply } from "../../server/models/offline/extractive";
import { attachmentThemes } from "../../server/attachments/themes";
import { BRIDGE_PARAGRAPH, POPULIST_PARAGRAPH, longSpeech } from "../support/attachmentText";

const corpusPassage = (n: number): Passage => ({
  id: `doc${n}#0`,
  docId: `doc${n}`,
  text: `Un comentariu din corpus despre pensii (${n}).`,
  score: 0.5,
  meta: { source: "forum", platform: "forum", date: "2024-01-01", url: "" },
});

/** A corpus retriever that returns k passages of its own and records what it was asked. */
function fakeCorpus(): Retriever & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    embedder: "offline:hash",
    size: 100,
    search: async (_q, { k }) => {
      asked.push(k);
      return Array.from({ length: k }, (_, i) => corpusPassage(i));
    },
    facets: () => ({ platforms: [], sources: [], dateMin: null, dateMax: null }),
  };
}

describe("attachment retrieval", () => {
  const speech = longSpeech(60_000);

  it("finds the passage of a long attachment that answers the question, marked as the attachment's", () => {
    const index = new AttachmentIndex([{ name: "discurs.txt", text: speech, current: true }]);
    expect(index.size).toBeGreaterThan(50);
    const [best] = index.search("Ce spune despre elita coruptă și popor?", 3);
    expect(best?.text).toContain("elita coruptă");
    expect(best?.meta).toMatchObject({ title: "discurs.txt", source: "discurs.txt", attachment: true });
    expect(best?.id).toMatch(/^attachment:0#\d+$/);
    expect(best!.score).toBeGreaterThan(0);
    expect(best!.score).toBeLessThanOrEqual(1);
    const [bridge] = index.search("Cât costă podul peste Mureș?", 3);
    expect(bridge?.text).toContain(BRIDGE_PARAGRAPH.slice(0, 40));
  });

  it("gives the opening passages of the message's own attachment when nothing matches, none of an earlier one", () => {
    const current = new AttachmentIndex([{ name: "a.txt", text: speech, current: true }]);
    const opening = current.search("Rezumă textul atașat.", 2);
    expect(opening.map((p) => p.id)).toEqual(["attachment:0#0", "attachment:0#1"]);
    const earlier = new AttachmentIndex([{ name: "a.txt", text: speech }]);
    expect(earlier.search("Rezumă textul atașat.", 2)).toEqual([]);
  });

  it("puts the attachment's passages first and fills the rest of k from the corpus", async () => {
    const corpus = fakeCorpus();
    const retriever = withAttachments(corpus, [{ name: "discurs.txt", text: speech, current: true }]);
    const sources = await retriever.search("elita coruptă a furat pensiile poporului", { k: 5 });
    expect(sources).toHaveLength(5);
    expect(attachmentShare(5)).toBe(4);
    // Only the passages that match: the populist paragraph's chunk (and its overlapping neighbour, if any).
    const attached = sources.filter((s) => s.meta.attachment).length;
    expect(attached).toBeGreaterThanOrEqual(1);
    expect(attached).toBeLessThanOrEqual(4);
    expect(sources.slice(0, attached).every((s) => s.meta.attachment)).toBe(true);
    expect(sources[0]!.text).toContain("elita coruptă");
    expect(corpus.asked).toEqual([5 - attached]);
    expect(attachmentShare(1)).toBe(1);
    // A question that matches many passages takes every slot of the share, and the corpus the rest.
    corpus.asked.length = 0;
    const many = await retriever.search("drumurile școlile fermierii spitalul bugetul", { k: 5 });
    expect(many.slice(0, 4).every((s) => s.meta.attachment)).toBe(true);
    expect(many[4]!.meta.attachment).toBeUndefined();
    expect(corpus.asked).toEqual([1]);
  });

  it("keeps the answering model's prompt bounded: only the retrieved passages, never the whole attachment", async () => {
    const corpus = fakeCorpus();
    const huge = longSpeech(200_000);
    const retriever = withAttachments(corpus, [{ name: "discurs.txt", text: huge, current: true }]);
    const sources = await retriever.search("Ce teme populiste apar? elita coruptă", { k: 5 });
    const prompt = buildAnswerMessages("Ce teme populiste apar?", sources)
      .map((m) => String(m.content))
      .join("\n");
    // Five passages of at most ~800 characters each, the system prompt and the question.
    expect(prompt.length).toBeLessThan(6_000);
    expect(prompt).toContain(POPULIST_PARAGRAPH.slice(0, 50));
    expect(prompt).toContain("(discurs.txt · text atașat)");
  });

  it("has the offline model answer a question about the attached text from the attachment's passages only", async () => {
    const corpus = fakeCorpus();
    const retriever = withAttachments(corpus, [{ name: "discurs.txt", text: speech, current: true }]);
    const question = "Ce teme populiste apar în textul atașat? Despre pensii?";
    const sources = await retriever.search(question, { k: 5 });
    const reply = extractiveReply(buildAnswerMessages(question, sources));
    const cited = [...reply.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.every((n) => sources[n - 1]?.meta.attachment)).toBe(true);
    // Without the words "attached text" the corpus's passages (which also speak of pensions) compete.
    const open = extractiveReply(buildAnswerMessages("Ce se spune despre pensii?", sources));
    const openCited = [...open.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(openCited.some((n) => !sources[n - 1]?.meta.attachment)).toBe(true);
  });

  it("finds the populist passage for a question about populism that names none of its words", async () => {
    const question = "Ce teme populiste apar în textul atașat?";
    // By the words alone nothing matches: the opening passages stand in.
    const plain = new AttachmentIndex([{ name: "discurs.txt", text: speech, current: true }]);
    expect(plain.search(question, 3)[0]?.id).toBe("attachment:0#0");
    const themed = new AttachmentIndex(
      [{ name: "discurs.txt", text: speech, current: true }],
      attachmentThemes,
    );
    const [best] = themed.search(question, 3);
    expect(best?.text).toContain(POPULIST_PARAGRAPH.slice(0, 60));
    expect(best!.score).toBeGreaterThan(0);
    // A question that asks about no dimension is searched by its words only.
    expect(attachmentThemes("Cât costă podul?")).toBeNull();
    // With both rankings, the fused one still puts the passage holding the words and the evidence first.
    const [fused] = themed.search("Ce spune despre elita coruptă?", 3);
    expect(fused?.text).toContain("elita coruptă");
    // First in both rankings: the most a passage can score.
    expect(fused!.score).toBeCloseTo(1, 12);

    // The offline model then quotes it, citing the attachment.
    const retriever = withAttachments(
      fakeCorpus(),
      [{ name: "discurs.txt", text: speech, current: true }],
      attachmentThemes,
    );
    const sources = await retriever.search(question, { k: 5 });
    const reply = extractiveReply(buildAnswerMessages(question, sources));
    expect(reply).toContain("[1]");
    expect(sources[0]!.text).toContain("Poporul cinstit");
  });

  it("indexes a thread's attachments once: a later turn reuses the index and the theme scores", () => {
    const text = longSpeech(8_000) + " Un text unic pentru acest test.";
    let scored = 0;
    const counting = (passage: string) => {
      scored++;
      return passage.includes("elita") ? 1 : 0;
    };
    const theme = () => counting;
    const first = new AttachmentIndex([{ name: "a.txt", text, current: true }], theme);
    expect(first.search("Ce teme populiste apar?", 1)[0]?.text).toContain("elita");
    expect(scored).toBe(first.size);
    // The next turn (the attachment no longer current, another name) searches the same index.
    const later = new AttachmentIndex([{ name: "b.txt", text }], theme);
    expect(later.search("Ce teme populiste apar?", 1)[0]?.meta.title).toBe("b.txt");
    expect(scored).toBe(first.size);
  });
});
