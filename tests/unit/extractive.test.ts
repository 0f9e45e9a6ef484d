// The offline extractive chat model: which sentences it quotes, how it cites them, and how it streams and aborts.
import { AIMessageChunk, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import type { Passage } from "../../contract/corpus";
import { buildAnswerMessages, parseAnswerPrompt } from "../../graphs/chat/prompts";
import {
  EXTRACTIVE_TEXTS,
  OfflineExtractiveChatModel,
  composeExtractiveAnswer,
  type ExtractivePassage,
} from "../../server/models/offline/extractive";
import { analyze } from "../../contract/text";

const PASSAGES: ExtractivePassage[] = [
  {
    n: 1,
    text:
      "Pensiile au crescut cu 12% din ianuarie, dar pensionarii spun că banii nu ajung nici pentru facturi. " +
      "Guvernul promite o nouă recalculare a pensiilor în toamnă.",
  },
  {
    n: 2,
    text:
      "Școlile din mediul rural nu au profesori de matematică. " +
      "Părinții cer manuale gratuite la timp și transport pentru elevi.",
  },
  {
    n: 3,
    text:
      "Spitalele județene duc lipsă de medici și de medicamente. " +
      "Pacienții așteaptă luni de zile pentru o operație programată.",
  },
  {
    n: 4,
    text:
      "Recalcularea pensiilor a adus creșteri mici pentru cei cu vechime mare. " +
      "Mulți bătrâni trăiesc totuși la limita sărăciei, cu pensii sub salariul minim. " +
      "Vremea a fost frumoasă la mitingul de duminică.",
  },
  {
    n: 5,
    text: "Fermierii protestează față de prețul motorinei. Subvențiile agricole întârzie de două luni.",
  },
];

const PENSION_PASSAGES = new Set([1, 4]);

/** The quoted sentences of an answer, with the citation each carries. */
function bullets(text: string): { sentence: string; n: number }[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("- "))
    .map((line) => {
      const m = /^- (.*) \[(\d+)\]$/.exec(line);
      if (!m) throw new Error(`bullet without a citation: ${line}`);
      return { sentence: m[1] ?? "", n: Number(m[2]) };
    });
}

function jaccard(a: string, b: string): number {
  const x = new Set(analyze(a));
  const y = new Set(analyze(b));
  const shared = [...x].filter((s) => y.has(s)).length;
  return shared / (x.size + y.size - shared);
}

function passage(i: number, text: string, source: string): Passage {
  return {
    id: `p${i}`,
    docId: `d${i}`,
    text,
    score: 1 - i / 10,
    meta: { source, platform: "facebook", date: "2025-03-14", url: `https://example.org/${i}` },
  };
}

function asPassages(list: ExtractivePassage[]): Passage[] {
  return list.map((p) => passage(p.n, p.text, `sursa-${p.n}`));
}

describe("composeExtractiveAnswer", () => {
  it("quotes the pension sentences, cited with the numbers of the pension passages", () => {
    const answer = composeExtractiveAnswer("Ce spun oamenii despre pensii?", PASSAGES);
    expect(answer.text.startsWith(EXTRACTIVE_TEXTS.answerHeading)).toBe(true);
    const quoted = bullets(answer.text);
    expect(quoted.length).toBeGreaterThanOrEqual(2);
    for (const { sentence, n } of quoted) {
      expect(PENSION_PASSAGES.has(n)).toBe(true);
      // The quoted sentence really comes from the passage it cites.
      expect(PASSAGES.find((p) => p.n === n)?.text).toContain(sentence);
      expect(sentence.toLowerCase()).toMatch(/pensi|pensionar/);
    }
    // Both pension passages are covered, and nothing off-topic slips in.
    expect(new Set(quoted.map((q) => q.n))).toEqual(PENSION_PASSAGES);
    expect(answer.text).not.toMatch(/Vremea|Fermierii|Spitalele|Școlile/);
    expect(answer.cited.sort()).toEqual([1, 4]);
  });

  it("matches a question without diacritics against text with diacritics", () => {
    const answer = composeExtractiveAnswer("Ce se intampla in spitalele judetene?", PASSAGES);
    const quoted = bullets(answer.text);
    expect(quoted[0]).toEqual({
      sentence: "Spitalele județene duc lipsă de medici și de medicamente.",
      n: 3,
    });
    expect(quoted.every((q) => q.n === 3)).toBe(true);

    const elders = composeExtractiveAnswer("batranii si saracia", PASSAGES);
    expect(bullets(elders.text).map((q) => q.sentence)).toContain(
      "Mulți bătrâni trăiesc totuși la limita sărăciei, cu pensii sub salariul minim.",
    );
  });

  it("catches an inflection the stemmer misses through character trigrams", () => {
    // "protestele" and "protestează" share no stem, but most of their trigrams.
    const answer = composeExtractiveAnswer("protestele fermierilor", PASSAGES);
    expect(bullets(answer.text)[0]).toEqual({
      sentence: "Fermierii protestează față de prețul motorinei.",
      n: 5,
    });
  });

  it("gives every bullet a citation within the range of the passages", () => {
    for (const question of ["pensii", "școli și profesori", "medici", "motorina", "Ce spune guvernul?"]) {
      const answer = composeExtractiveAnswer(question, PASSAGES);
      const quoted = bullets(answer.text);
      expect(quoted.length).toBeGreaterThan(0);
      expect(quoted.length).toBeLessThanOrEqual(4);
      for (const { n } of quoted) {
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(PASSAGES.length);
      }
      expect(answer.cited).toEqual([...new Set(quoted.map((q) => q.n))]);
    }
  });

  it("never quotes the same or a near-identical sentence twice", () => {
    const repeated: ExtractivePassage[] = [
      { n: 1, text: "Pensiile mici nu ajung pentru facturi. Pensiile mici nu ajung pentru facturi!" },
      { n: 2, text: "Pensiile mici nu ajung pentru facturi și medicamente." },
      { n: 3, text: "Pensiile mici nu ajung pentru facturi." },
      { n: 4, text: "Pensiile mici ale agricultorilor au crescut mai puțin decât prețurile." },
    ];
    const quoted = bullets(composeExtractiveAnswer("pensiile mici", repeated, { maxSentences: 4 }).text);
    // One sentence of the "facturi" family, then the only different one; the repeats are skipped.
    expect(quoted).toHaveLength(2);
    expect(quoted.map((q) => q.n)).toContain(4);
    for (let i = 0; i < quoted.length; i++) {
      for (let j = i + 1; j < quoted.length; j++) {
        expect(jaccard(quoted[i]?.sentence ?? "", quoted[j]?.sentence ?? "")).toBeLessThanOrEqual(0.6);
      }
    }
  });

  it("takes at most two sentences from one passage and at most maxSentences in all", () => {
    const long: ExtractivePassage[] = [
      {
        n: 1,
        text:
          "Pensiile au crescut în ianuarie. Pensiile speciale rămân mari. " +
          "Pensiile de urmaș sunt mici. Pensiile agricultorilor sunt cele mai mici.",
      },
      { n: 2, text: "Pensiile din străinătate se plătesc greu." },
    ];
    const quoted = bullets(composeExtractiveAnswer("pensiile", long, { maxSentences: 3 }).text);
    expect(quoted).toHaveLength(3);
    expect(quoted.filter((q) => q.n === 1)).toHaveLength(2);
    expect(quoted.filter((q) => q.n === 2)).toHaveLength(1);
  });

  it("answers a question about the attached text from its words, not from the words naming the attachment", () => {
    const attached: ExtractivePassage[] = [
      {
        n: 1,
        text:
          "Guvernul a anunțat ieri o nouă lege a pensiilor, care va recalcula pensiile. " +
          "Al doilea punct al discursului a privit reforma justiției. " +
          "Magistrații au criticat propunerea, spunând că amenință independența instanțelor. " +
          "La final, premierul a răspuns întrebărilor despre inflație.",
      },
    ];
    for (const question of [
      "Ce spune textul atașat despre justiție?",
      "Ce spune documentul atașat despre justiție?",
      "What does the attached text say about justiției?",
    ]) {
      const answer = composeExtractiveAnswer(question, attached);
      expect(answer.text, question).toContain("reforma justiției");
      expect(answer.text, question).not.toContain(EXTRACTIVE_TEXTS.weakHeading);
    }
  });

  it("says in Romanian that no source was found when there are no passages", () => {
    const answer = composeExtractiveAnswer("Ce spun oamenii despre pensii?", []);
    expect(answer.text).toBe(EXTRACTIVE_TEXTS.noSources);
    expect(answer.text).toContain("nu am găsit în corpus nicio sursă");
    expect(answer.text).toMatch(/reformulați/);
    expect(answer.text).toMatch(/importați/);
    expect(answer.cited).toEqual([]);
  });

  it("lists the two nearest sources, marked as such, when none answers the question", () => {
    const answer = composeExtractiveAnswer("Care este starea drumurilor naționale?", PASSAGES);
    expect(answer.text).toContain("nu par să răspundă direct");
    expect(answer.text).toContain("Cele mai apropiate surse:");
    const quoted = bullets(answer.text);
    expect(quoted).toEqual([
      {
        sentence:
          "Pensiile au crescut cu 12% din ianuarie, dar pensionarii spun că banii nu ajung nici pentru facturi.",
        n: 1,
      },
      { sentence: "Școlile din mediul rural nu au profesori de matematică.", n: 2 },
    ]);
    expect(answer.cited).toEqual([1, 2]);
  });
});

describe("OfflineExtractiveChatModel", () => {
  const messages = buildAnswerMessages("Ce spun oamenii despre pensii?", asPassages(PASSAGES));

  it("answers the prompt buildAnswerMessages builds, end to end", async () => {
    const model = new OfflineExtractiveChatModel();
    const reply = await model.invoke(messages);
    const expected = composeExtractiveAnswer("Ce spun oamenii despre pensii?", PASSAGES).text;
    expect(reply.content).toBe(expected);
    // The citations point at the pension passages in the prompt the model was given.
    const parsed = parseAnswerPrompt(messages);
    for (const { sentence, n } of bullets(reply.text)) {
      expect(parsed?.passages.find((p) => p.n === n)?.text).toContain(sentence);
      expect(PENSION_PASSAGES.has(n)).toBe(true);
    }
    expect(model._llmType()).toBe("offline-extractive");
  });

  it("reports word counts as token usage", async () => {
    const reply = await new OfflineExtractiveChatModel().invoke(messages);
    const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
    const input = messages.reduce((sum, m) => sum + words(m.text), 0);
    const output = words(reply.text);
    expect(reply.usage_metadata).toEqual({
      input_tokens: input,
      output_tokens: output,
      total_tokens: input + output,
    });
  });

  it("streams word-sized pieces (when asked) that join to exactly the invoke output", async () => {
    const model = new OfflineExtractiveChatModel({ wordsPerPiece: 1 });
    const invoked = await model.invoke(messages);
    const pieces: string[] = [];
    let joined: AIMessageChunk | undefined;
    for await (const chunk of await model.stream(messages)) {
      pieces.push(chunk.text);
      joined = joined ? joined.concat(chunk) : chunk;
    }
    expect(pieces.length).toBeGreaterThan(20);
    expect(pieces.every((p) => p.trim().split(/\s+/).length === 1)).toBe(true);
    expect(pieces.join("")).toBe(invoked.text);
    expect(joined?.usage_metadata).toMatchObject(invoked.usage_metadata ?? {});
  });

  it("stops an aborted stream early with an abort error", async () => {
    const model = new OfflineExtractiveChatModel({ streamDelayMs: 20 });
    const controller = new AbortController();
    const pieces: string[] = [];
    const started = Date.now();
    const consume = async (): Promise<void> => {
      for await (const chunk of await model.stream(messages, { signal: controller.signal })) {
        pieces.push(chunk.text);
        if (pieces.length === 3) controller.abort();
      }
    };
    const error = await consume().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toMatch(/Abort/);
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    expect(pieces.length).toBeLessThan(5);
    const full = (await model.invoke(messages)).text;
    expect(pieces.join("").length).toBeLessThan(full.length);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("rejects an invoke whose signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      new OfflineExtractiveChatModel().invoke(messages, { signal: controller.signal }),
    ).rejects.toThrow();
  });

  it("says it has nothing to extract from a prompt without sources", async () => {
    const plain: BaseMessage[] = [
      new SystemMessage("Ești un asistent."),
      new HumanMessage("Salut! Cine ești?"),
    ];
    const reply = await new OfflineExtractiveChatModel().invoke(plain);
    expect(reply.content).toBe(EXTRACTIVE_TEXTS.noSourcesBlock);
    expect(reply.text).not.toContain("Salut");
  });

  it("says no source was found when the prompt's sources block is empty", async () => {
    const reply = await new OfflineExtractiveChatModel().invoke(buildAnswerMessages("Ce spun oamenii?", []));
    expect(reply.content).toBe(EXTRACTIVE_TEXTS.noSources);
  });

  it("streams pieces of at most four words by default", async () => {
    const pieces: string[] = [];
    for await (const chunk of await new OfflineExtractiveChatModel().stream(messages))
      pieces.push(chunk.text);
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.every((p) => p.trim().split(/\s+/).length <= 4)).toBe(true);
    expect(pieces.slice(0, -1).some((p) => p.trim().split(/\s+/).length === 4)).toBe(true);
  });

  it("feeds its pieces to LangGraph's messages stream mode", async () => {
    const model = new OfflineExtractiveChatModel({ wordsPerPiece: 1 });
    const graph = new StateGraph(MessagesAnnotation)
      .addNode("answer", async (state, config) => ({
        messages: [await model.invoke(state.messages, config)],
      }))
      .addEdge(START, "answer")
      .addEdge("answer", END)
      .compile();
    const tokens: string[] = [];
    for await (const [message, metadata] of await graph.stream({ messages }, { streamMode: "messages" })) {
      if (metadata.langgraph_node === "answer") tokens.push(message.text);
    }
    const expected = composeExtractiveAnswer("Ce spun oamenii despre pensii?", PASSAGES).text;
    expect(tokens.length).toBeGreaterThan(20);
    expect(tokens.join("")).toBe(expected);
  });
});
