// The attachment search fused with the dictionary's evidence beyond populism, measured on a small fictional report
// (tests/fixtures/attachmentThemes.ts): a question about insults, attacks, negative or positive tone, irony or a
// topic finds the passages that carry it first, where its words alone find nothing.
import { describe, expect, it } from "vitest";
import { AttachmentIndex } from "../../corpus/retrieval/attachments";
import { attachmentThemes } from "../../server/attachments/themes";
import { analyzeLexicon } from "../../server/models/offline/lexicon";
import {
  THEMED_PARAGRAPHS,
  THEME_QUESTIONS,
  themedReport,
  type ThemeCase,
} from "../fixtures/attachmentThemes";

/** The paragraphs whose passages answer each question: those the dictionary finds the asked evidence in. */
const RELEVANT: Record<ThemeCase, ThemeCase[]> = {
  insulte: ["insulte"],
  // Insults are attacks, and so are the anti-elite accusations.
  atacuri: ["insulte", "atacuri"],
  // Every passage whose tone the dictionary reads as negative: the insults, the attacks and the irony are too.
  negativ: ["insulte", "atacuri", "negativ", "ironie"],
  pozitiv: ["pozitiv"],
  ironie: ["ironie"],
  coruptie: ["coruptie"],
};

const report = themedReport();

/** Which themed paragraphs the first passages found hold, in order (a neutral passage counts as null). */
function firstFound(index: AttachmentIndex, question: string, n: number): (ThemeCase | null)[] {
  return index.search(question, n).map((p) => {
    const found = (Object.keys(THEMED_PARAGRAPHS) as ThemeCase[]).find((c) =>
      p.text.includes(THEMED_PARAGRAPHS[c]),
    );
    return found ?? null;
  });
}

/** Whether the relevant passages take the first places, all of them, before any other. */
function relevantFirst(index: AttachmentIndex, c: ThemeCase): boolean {
  const relevant = RELEVANT[c];
  const first = firstFound(index, THEME_QUESTIONS[c], relevant.length);
  return first.length === relevant.length && first.every((f) => f !== null && relevant.includes(f));
}

describe("the attachment search by the dictionary's evidence", () => {
  const cases = Object.keys(THEME_QUESTIONS) as ThemeCase[];

  it("has a fixture whose themed paragraphs carry the evidence asked for, and neutral ones none", () => {
    const neutral = analyzeLexicon(report.split("\n\n").slice(0, 10).join("\n\n"));
    expect(neutral.offense + neutral.antiEliteScore + neutral.negative).toBe(0);
    expect(neutral.irony).toBe(false);
    const of = (c: ThemeCase) => analyzeLexicon(THEMED_PARAGRAPHS[c]);
    expect(of("insulte").offense).toBeGreaterThan(0);
    expect(of("atacuri")).toMatchObject({ offense: 0, annotation: { anti_elitism: true } });
    expect(of("negativ")).toMatchObject({ offense: 0, annotation: { ton: "negativ", anti_elitism: false } });
    expect(of("pozitiv").annotation.ton).toBe("pozitiv");
    expect(of("ironie").irony).toBe(true);
    expect(of("coruptie").annotation.tema).toBe("coruptie");
    // Each question's words are not its paragraph's: found by the words alone, they would find nothing.
    for (const c of cases) {
      const words = THEME_QUESTIONS[c]
        .toLowerCase()
        .split(/\W+/u)
        .filter((w) => w.length > 4);
      for (const w of words) expect(THEMED_PARAGRAPHS[c].toLowerCase()).not.toContain(w);
    }
  });

  it("puts the passages with the evidence first for every question, where the words alone put none of them first", () => {
    const plain = new AttachmentIndex([{ name: "raport.txt", text: report, current: true }]);
    const themed = new AttachmentIndex(
      [{ name: "raport.txt", text: report, current: true }],
      attachmentThemes,
    );
    const byWords = cases.filter((c) => relevantFirst(plain, c));
    const byEvidence = cases.filter((c) => relevantFirst(themed, c));
    // 0 of 6 by the words (the report's opening passages stand in), 6 of 6 with the dictionary's evidence.
    expect(byWords).toEqual([]);
    expect(byEvidence).toEqual(cases);
    // The insults come before the accusations among the attacks: they carry both kinds of evidence.
    expect(firstFound(themed, THEME_QUESTIONS.atacuri, 2)).toEqual(["insulte", "atacuri"]);
  });

  it("fuses the evidence with the question's words: the passage holding both comes first", () => {
    const themed = new AttachmentIndex(
      [{ name: "raport.txt", text: report, current: true }],
      attachmentThemes,
    );
    // "consilier" is in the insult's paragraph and in the neutral opening ("Consiliul"); the insults decide.
    const [best] = themed.search("Ce insulte primește consilierul?", 3);
    expect(best?.text).toContain(THEMED_PARAGRAPHS.insulte);
    expect(best!.score).toBeCloseTo(1, 12);
  });

  it("asks for a dimension only when the question names it, and for a topic only by a full keyword", () => {
    expect(attachmentThemes("Cât costă podul?")).toBeNull();
    expect(attachmentThemes("Rezumă textul atașat.")).toBeNull();
    expect(attachmentThemes("Ce jigniri și injurii apar?")).not.toBeNull();
    expect(attachmentThemes("Care e tonul negativ din discurs?")).not.toBeNull();
    expect(attachmentThemes("Ce spune despre pensii?")).not.toBeNull();
    // The same question asks with the same scoring function: the index keeps its scores between turns.
    expect(attachmentThemes("Ce insulte apar?")).toBe(attachmentThemes("Există insulte?"));
    expect(attachmentThemes("Ce insulte apar?")).not.toBe(attachmentThemes("Ce ironii apar?"));
  });
});
