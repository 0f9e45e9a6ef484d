// The lexicon's question rule: a question that asks the corpus or the sources for information is `neutru` and not
// populist whatever its topic, a rhetorical question keeps the tone of its evaluation, a comment that contains a
// question keeps its own tone, and the evidence says which reading was made.
import { describe, expect, it } from "vitest";
import { annotateLexicon } from "../../server/models/offline/lexicon";
import { foldDiacritics } from "../../contract/text";
import { COMMENTS_WITH_QUESTIONS, NEUTRAL_QUESTIONS, RHETORICAL_QUESTIONS } from "../fixtures/questions";

describe("the question set", () => {
  it("is large enough to measure the goal (30 neutral, 30 rhetorical, 20 comments at least)", () => {
    expect(NEUTRAL_QUESTIONS.length).toBeGreaterThanOrEqual(30);
    expect(RHETORICAL_QUESTIONS.length).toBeGreaterThanOrEqual(30);
    expect(COMMENTS_WITH_QUESTIONS.length).toBeGreaterThanOrEqual(20);
  });

  it("codes at least 95% of the neutral questions on charged topics as neutru and not populist", () => {
    const wrong = NEUTRAL_QUESTIONS.filter((text) => {
      const a = annotateLexicon(text);
      return a.ton !== "neutru" || a.populism;
    });
    expect(wrong.length / NEUTRAL_QUESTIONS.length, wrong.join(" | ")).toBeLessThanOrEqual(0.05);
  });

  it("reads no anti-elitism or people-centrism into a neutral question that only names them", () => {
    for (const text of NEUTRAL_QUESTIONS) {
      const a = annotateLexicon(text);
      expect({ text, anti: a.anti_elitism, people: a.popor_central, tinta: a.tinta }).toEqual({
        text,
        anti: false,
        people: false,
        tinta: null,
      });
    }
  });

  it("keeps every rhetorical question with evaluative words negativ", () => {
    const wrong = RHETORICAL_QUESTIONS.filter((text) => annotateLexicon(text).ton !== "negativ");
    expect(wrong).toEqual([]);
  });

  it("gives a comment that contains a question the tone of its own evaluation", () => {
    const wrong = COMMENTS_WITH_QUESTIONS.filter(({ text, ton, populism }) => {
      const a = annotateLexicon(text);
      return a.ton !== ton || (populism !== undefined && a.populism !== populism);
    }).map((c) => c.text);
    expect(wrong).toEqual([]);
  });
});

describe("what a neutral question's annotation says", () => {
  it("names the words that ask and the charged topic word, each quoted from the text", () => {
    const text = "Ce spun oamenii despre pensiile speciale?";
    const a = annotateLexicon(text);
    expect(a.justificare).toContain("întrebare care cere informații („Ce spun”)");
    expect(a.justificare).toContain("„pensiile speciale” numește tema, nu tonul");
    expect(a.dovezi).toEqual(expect.arrayContaining(["Ce spun", "pensiile speciale"]));
    for (const piece of a.dovezi ?? []) expect(text).toContain(piece);
  });

  it("says that a people word in a question is only named, not appealed to", () => {
    const a = annotateLexicon("Ce spun românii despre pensiile speciale?");
    expect(a.popor_central).toBe(false);
    expect(a.justificare).toContain("întrebarea doar numește „românii”");
  });

  it("is surer of a recognised question than of a text with no evidence", () => {
    expect(annotateLexicon("Ce spun comentariile despre corupție?").incredere).toBeGreaterThan(
      annotateLexicon("Ședința a fost mutată pe joi.").incredere,
    );
  });

  it("lends no negative weight to the praise of another sentence: 'Bravo' stays praise, not irony", () => {
    const a = annotateLexicon("Bravo echipei! Ce spun comentariile despre corupție?");
    expect(a.ton).toBe("pozitiv");
    expect(a.justificare).not.toContain("ironie");
  });

  it("gives the same labels without diacritics and in capitals", () => {
    const text = "Ce argumente apar în comentarii despre corupția din Parlament?";
    const labels = (t: string) => {
      const a = annotateLexicon(t);
      return [a.ton, a.populism, a.anti_elitism, a.popor_central, a.tema];
    };
    expect(labels(foldDiacritics(text))).toEqual(labels(text));
    expect(labels(text.toUpperCase())).toEqual(labels(text));
  });
});

describe("what is not a neutral question", () => {
  it("keeps an evaluative word asked about the sources: 'hoții ăștia' is the asker's own attack", () => {
    const a = annotateLexicon("Ce spun comentariile despre hoții ăștia de la putere?");
    expect(a.ton).toBe("negativ");
    expect(a.anti_elitism).toBe(true);
  });

  it("reads an evaluative word in short quotation marks as mentioned, not used", () => {
    const a = annotateLexicon("Ce înseamnă „ciuma roșie” în comentariile politice?");
    expect(a.ton).toBe("neutru");
    expect(a.anti_elitism).toBe(false);
  });

  it("names the rhetorical cue as the evidence of a rhetorical question", () => {
    const a = annotateLexicon("Până când ne mai fură hoții ăștia din Parlament?");
    expect(a.ton).toBe("negativ");
    expect(a.justificare).toContain("întrebare retorică („Până când”)");
  });

  it("keeps the request to analyse a quoted comment an annotation of that comment", () => {
    const a = annotateLexicon("Analizează: «Hoții de la putere ne fură pensiile, dar poporul se va trezi!»");
    expect({ ton: a.ton, populism: a.populism }).toEqual({ ton: "negativ", populism: true });
  });

  it("does not let an emoji ride on a question about the sources", () => {
    expect(annotateLexicon("Ce spun oamenii despre pensiile speciale? 😡").ton).toBe("negativ");
  });
});

describe("a question about a fact", () => {
  it("names its topic like a question to the sources, unless a negation makes it a reproach", () => {
    const asked = annotateLexicon("Cine a cerut demisia ministrului?");
    expect({ ton: asked.ton, anti: asked.anti_elitism }).toEqual({ ton: "neutru", anti: false });
    const reproach = annotateLexicon("Cine nu a cerut demisia ministrului?");
    expect(reproach.anti_elitism).toBe(true);
  });
});

describe("the question mark", () => {
  it("alone never makes a text negative", () => {
    for (const text of ["Se aplică și la sate?", "???", "Vine mâine?"]) {
      expect(annotateLexicon(text).ton).toBe("neutru");
    }
  });

  it("does not cancel praise when the question asks about a fact", () => {
    expect(annotateLexicon("E o decizie bună pentru pensionari. Când intră în vigoare?").ton).toBe("pozitiv");
  });

  it("still sharpens a complaint that asks", () => {
    // "cam scump" (0.5 × 0.75) alone is too weak to be negative; asked, it is a complaint.
    expect(annotateLexicon("E cam scump abonamentul.").ton).toBe("neutru");
    expect(annotateLexicon("E cam scump abonamentul?").ton).toBe("negativ");
  });
});
