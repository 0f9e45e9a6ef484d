import { describe, expect, it } from "vitest";
import {
  analyze,
  foldDiacritics,
  normalizeCedilla,
  splitSentences,
  stem,
  tokenize,
} from "../../contract/text";
import { buildAnswerMessages, parseAnswerPrompt } from "../../graphs/chat/prompts";
import { HumanMessage } from "@langchain/core/messages";
import { PASSAGES } from "../support/fixtures";

describe("Romanian text normalisation", () => {
  it("turns cedilla ş ţ Ş Ţ into comma-below ș ț Ș Ț and leaves the rest", () => {
    expect(normalizeCedilla("Ţara şi ştiinţa Ş")).toBe("Țara și știința Ș");
    expect(normalizeCedilla("ăâî")).toBe("ăâî");
  });

  it("folds diacritics so that cedilla, comma and bare spellings meet", () => {
    const forms = ["Ţară", "Țară", "tara", "ţara"];
    expect(new Set(forms.map(foldDiacritics))).toEqual(new Set(["tara"]));
  });

  it("keeps hyphenated clitics as one token", () => {
    expect(tokenize("S-a dus într-o zi")).toEqual(["s-a", "dus", "intr-o", "zi"]);
  });

  it("stems inflected forms of one word to the same stem", () => {
    const stems = ["pensiile", "pensiilor", "pensii", "pensie"].map((w) => stem(foldDiacritics(w)));
    expect(new Set(stems).size).toBe(1);
    expect(stem("taxelor")).toBe(stem("taxe"));
    expect(stem("guvernului")).toBe(stem("guvernul"));
  });

  it("drops stopwords in analyze but keeps content words", () => {
    expect(analyze("Ce se întâmplă cu pensiile în România?")).toEqual(["intampl", "pens", "roman"]);
  });

  it("splits sentences but not after common abbreviations", () => {
    expect(splitSentences("A vorbit dl. Popescu despre taxe. Apoi a plecat! Ce urmează?")).toEqual([
      "A vorbit dl. Popescu despre taxe.",
      "Apoi a plecat!",
      "Ce urmează?",
    ]);
  });
});

describe("answer prompt", () => {
  it("reads back the question and numbered passages it was built from", () => {
    const question = "Ce se spune despre pensii?\nȘi despre taxe?";
    const parsed = parseAnswerPrompt(buildAnswerMessages(question, PASSAGES));
    expect(parsed?.hasSources).toBe(true);
    expect(parsed?.question).toBe(question);
    expect(parsed?.passages.map((p) => p.n)).toEqual([1, 2, 3]);
    expect(parsed?.passages[1]?.text).toBe(PASSAGES[1]!.text);
  });

  it("tells a plain chat prompt apart from an empty sources block", () => {
    expect(parseAnswerPrompt([new HumanMessage("Salut")])).toMatchObject({
      hasSources: false,
      question: "Salut",
    });
    expect(parseAnswerPrompt(buildAnswerMessages("Ceva?", []))).toMatchObject({
      hasSources: true,
      passages: [],
    });
  });
});
