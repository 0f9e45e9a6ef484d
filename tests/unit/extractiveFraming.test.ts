// The offline extractive model's framing in the reader's language: English for an English reader, the quotes as the
// sources say them, the grounding check reading the framing as no claim in either language, and the next model's
// prompt showing an earlier English-framed answer in Romanian.
import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import type { Passage } from "../../contract/corpus";
import { EXTRACTIVE_FRAMING, framingInRomanian, isExtractiveFraming } from "../../contract/extractiveFraming";
import { checkGrounding } from "../../contract/groundingCheck";
import { buildAnswerMessages, buildRefineMessages, shownPassages } from "../../graphs/chat/prompts";
import {
  OfflineExtractiveChatModel,
  composeExtractiveAnswer,
  type ExtractivePassage,
} from "../../server/models/offline/extractive";

const PASSAGES: ExtractivePassage[] = [
  {
    n: 1,
    text:
      "Pensiile au crescut cu 12% din ianuarie, dar pensionarii spun că banii nu ajung nici pentru facturi. " +
      "Guvernul promite o nouă recalculare a pensiilor în toamnă.",
  },
  { n: 2, text: "Școlile din mediul rural nu au profesori de matematică." },
];

const passage = (text: string, i: number): Passage => ({
  id: `p${i}`,
  docId: `d${i}`,
  text,
  score: 1,
  meta: { source: "test", platform: "facebook", date: "2025-03-01", url: "https://example.org" },
});

const PROMPT_PASSAGES = PASSAGES.map((p, i) => passage(p.text, i));
const QUESTION = "Ce spun pensionarii despre pensii?";

/** The quoted bullets of an answer (what comes from the sources). */
const bullets = (text: string) => text.split("\n").filter((line) => line.startsWith("- "));

describe("the extractive answer's framing", () => {
  it("frames the quotes in English for an English reader and leaves the quotes as the sources say them", () => {
    const ro = composeExtractiveAnswer(QUESTION, PASSAGES);
    const en = composeExtractiveAnswer(QUESTION, PASSAGES, { lang: "en" });
    expect(en.text.startsWith(EXTRACTIVE_FRAMING.en.answerHeading)).toBe(true);
    expect(en.text).not.toContain("Răspuns extractiv");
    expect(bullets(en.text)).toEqual(bullets(ro.text));
    expect(bullets(en.text).length).toBeGreaterThan(0);
    expect(en.cited).toEqual(ro.cited);
  });

  it("says in English that nothing was found, and that a prompt without sources cannot be answered", async () => {
    expect(composeExtractiveAnswer(QUESTION, [], { lang: "en" }).text).toBe(EXTRACTIVE_FRAMING.en.noSources);
    const model = new OfflineExtractiveChatModel();
    const plain = await model.invoke([new HumanMessage("Hello, who are you?")], { displayLang: "en" });
    expect(plain.content).toBe(EXTRACTIVE_FRAMING.en.noSourcesBlock);
  });

  it("takes the reader's language as a call option, Romanian without one", async () => {
    const model = new OfflineExtractiveChatModel();
    const messages = buildAnswerMessages(QUESTION, PROMPT_PASSAGES);
    const streamed: string[] = [];
    for await (const chunk of await model.stream(messages, { displayLang: "en" })) streamed.push(chunk.text);
    expect(streamed.join("").startsWith(EXTRACTIVE_FRAMING.en.answerHeading)).toBe(true);
    const romanian = await model.invoke(messages);
    expect(romanian.text.startsWith(EXTRACTIVE_FRAMING.ro.answerHeading)).toBe(true);
  });

  it("has an English text for every Romanian one", () => {
    for (const key of Object.keys(EXTRACTIVE_FRAMING.ro) as (keyof typeof EXTRACTIVE_FRAMING.ro)[]) {
      expect(EXTRACTIVE_FRAMING.en[key]).toBeTruthy();
      expect(EXTRACTIVE_FRAMING.en[key]).not.toMatch(/[ăâîșțĂÂÎȘȚ]/);
    }
  });
});

describe("the grounding check and the framing", () => {
  const shown = shownPassages(PROMPT_PASSAGES);

  it("counts no English framing sentence as a claim: the same verdict as the Romanian answer", () => {
    const ro = checkGrounding(composeExtractiveAnswer(QUESTION, PASSAGES).text, shown);
    const en = checkGrounding(composeExtractiveAnswer(QUESTION, PASSAGES, { lang: "en" }).text, shown);
    expect(en).toEqual(ro);
    expect(en.unsupported).toEqual([]);
    expect(en.claims).toBe(bullets(composeExtractiveAnswer(QUESTION, PASSAGES).text).length);
  });

  it("reads every English framing text (nothing found, weak sources, no sources block) as no claim", () => {
    for (const text of Object.values(EXTRACTIVE_FRAMING.en)) {
      const grounding = checkGrounding(text, shown);
      expect(grounding, text).toMatchObject({ claims: 0, score: 1, unsupported: [] });
    }
    const weak = composeExtractiveAnswer("Ce cred șoferii despre autostrăzi?", PASSAGES, { lang: "en" });
    expect(weak.text.startsWith(EXTRACTIVE_FRAMING.en.weakHeading)).toBe(true);
    expect(checkGrounding(weak.text, shown).unsupported).toEqual([]);
  });

  it("knows the framing sentences and nothing else", () => {
    expect(isExtractiveFraming("Here are the closest ones anyway, as a starting point.")).toBe(true);
    expect(isExtractiveFraming("Cele mai apropiate surse:")).toBe(true);
    expect(isExtractiveFraming("Pensiile au crescut cu 12% din ianuarie.")).toBe(false);
  });
});

describe("what the next model is shown", () => {
  const english = composeExtractiveAnswer(QUESTION, PASSAGES, { lang: "en" }).text;
  const romanian = composeExtractiveAnswer(QUESTION, PASSAGES).text;

  it("shows an earlier English-framed answer in the history framed in Romanian", () => {
    expect(framingInRomanian(english)).toBe(romanian);
    const history: BaseMessage[] = [new HumanMessage(QUESTION), new AIMessage(english)];
    const messages = buildAnswerMessages("Și despre școli?", PROMPT_PASSAGES, history);
    const shownToModel = messages.map((m) => m.text).join("\n");
    expect(shownToModel).toContain(EXTRACTIVE_FRAMING.ro.answerHeading);
    expect(shownToModel).not.toContain("Extractive answer");
    // Another answer passes through unchanged.
    expect(framingInRomanian("Pensiile au crescut [1].")).toBe("Pensiile au crescut [1].");
  });

  it("gives the refining model an English-framed draft framed in Romanian", () => {
    const messages = buildRefineMessages(buildAnswerMessages(QUESTION, PROMPT_PASSAGES), english);
    expect(messages.at(-2)!.text).toBe(romanian);
  });
});
