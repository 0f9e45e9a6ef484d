// The offline lexicon's justifications read in English: every sentence the lexicon writes over the shipped corpus is
// read whole (no Romanian left outside the quoted words), the quoted words stay the text's own, and a justification
// the lexicon did not write is left as it was.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { justificationIn, lexiconJustificationEn } from "../../contract/lexiconReasons";
import { annotateLexicon } from "../../server/models/offline/lexicon";

const CORPUS = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..", "corpus", "cleaned");

/** The shipped corpus's texts, and each of their sentences alone (shorter texts take other branches). */
function corpusTexts(): string[] {
  const out: string[] = [];
  for (const file of readdirSync(CORPUS).filter((f) => f.endsWith(".jsonl"))) {
    for (const line of readFileSync(path.join(CORPUS, file), "utf8").split("\n")) {
      if (!line.trim()) continue;
      const { text } = JSON.parse(line) as { text: string };
      out.push(text, ...text.split(/(?<=[.!?])\s+/));
    }
  }
  return out;
}

const quotedWords = (text: string) => [...text.matchAll(/[„“]([^”]*)”/g)].map((m) => m[1]);
const outsideQuotes = (text: string) => text.replace(/[„“][^”]*(?:”|$)/g, "");

describe("lexiconJustificationEn", () => {
  it("reads every justification the lexicon writes over the shipped corpus, keeping the quoted words", () => {
    const texts = corpusTexts();
    expect(texts.length).toBeGreaterThan(500);
    for (const text of texts) {
      const ro = annotateLexicon(text).justificare;
      const en = lexiconJustificationEn(ro);
      expect(en, ro).not.toBeNull();
      expect(outsideQuotes(en!), ro).not.toMatch(/[ăâîșțĂÂÎȘȚ]|\b(?:fără|temă|și|popor)\b/);
      expect(quotedWords(en!)).toEqual(quotedWords(ro));
    }
  });

  it("says each kind of reason in English", () => {
    const cases: [string, string][] = [
      [
        "Hoții de la putere ne fură pensiile, dar poporul se va trezi!",
        "Negative tone: “Hoții”, “ne fură”; populism: the people (“poporul”) set against the elite (“Hoții”, “ne fură”); topic: pensions (“pensiile”).",
      ],
      [
        "Bravo, încă o taxă!",
        "Negative tone: irony (“Bravo”) and “încă o taxă”; no populism; topic: taxes (“taxă”).",
      ],
      [
        "Când se plătesc pensiile în martie?",
        "Neutral tone: a question asking for information (“Când”), no evaluative words; no populism; topic: pensions (“pensiile”).",
      ],
      [
        "Nu e rău deloc, dar nici bine.",
        "Neutral tone: positive cues (“Nu e rău”) and negative (“nici bine”) balance out; no populism; topic: other (no keyword).",
      ],
    ];
    for (const [text, english] of cases) {
      expect(lexiconJustificationEn(annotateLexicon(text).justificare)).toBe(english);
    }
  });

  it("reads a cut sentence as far as it goes", () => {
    expect(lexiconJustificationEn("Ton negativ: „hoți”; populism: poporul („popor”) opus eli….")).toBe(
      "Negative tone: “hoți”; populism: the people (“popor”….",
    );
  });

  it("leaves a justification the lexicon did not write as it was", () => {
    const model = "Textul critică pensiile speciale ale magistraților.";
    expect(lexiconJustificationEn(model)).toBeNull();
    expect(lexiconJustificationEn("Ton negativ: textul critică pensiile.")).toBeNull();
    expect(justificationIn(model, "en")).toBe(model);
    const lexicon = annotateLexicon("Bravo, încă o taxă!").justificare;
    expect(justificationIn(lexicon, "ro")).toBe(lexicon);
    expect(justificationIn(lexicon, "en")).toMatch(/^Negative tone: /);
  });
});
