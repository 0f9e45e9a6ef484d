// A thread's Markdown export records how each answer was made — its temperature, top-k and corpus filters — and names
// platforms and topics as the pages do ("Fișier importat", "educație"), in the language it is exported in.
import { describe, expect, it } from "vitest";
import { EMPTY_GROUNDING, type Grounding } from "../../contract/grounding";
import type { StoredMessage, Thread } from "../../contract/threads";
import { threadToMarkdown } from "../../server/chat/exportThread";

const thread: Thread = {
  id: "t1",
  title: "Școli",
  createdAt: "2026-01-02T10:00:00Z",
  updatedAt: "2026-01-02T10:00:00Z",
};

function answer(done: Partial<NonNullable<StoredMessage["done"]>> | undefined): StoredMessage[] {
  return [
    {
      id: "q",
      threadId: "t1",
      role: "user",
      text: "Ce spun oamenii despre școli?",
      createdAt: "2026-01-02T10:00:00Z",
      status: "done",
    },
    {
      id: "a",
      threadId: "t1",
      role: "assistant",
      text: "Școlile au nevoie de bani [1].",
      createdAt: "2026-01-02T10:00:01Z",
      status: "done",
      annotation: {
        annotation: {
          ton: "negativ",
          populism: false,
          anti_elitism: false,
          popor_central: false,
          tema: "educatie",
          tinta: "",
          incredere: 0.8,
          justificare: "x",
        },
        model: "offline:lexicon",
      },
      sources: [
        {
          id: "d1#0",
          docId: "d1",
          text: "Școlile au nevoie de bani.",
          score: 1,
          meta: { source: "fisier.csv", platform: "import", date: "2025-03-01", url: "" },
        },
        {
          id: "d2#0",
          docId: "d2",
          text: "Alt text.",
          score: 1,
          meta: {
            source: "Blogul X",
            platform: "blog-local",
            date: "2026-01-01",
            dateImputed: true,
            url: "",
          },
        },
      ],
      ...(done
        ? {
            done: {
              model: "offline:extractive",
              timings: { retrieveMs: 1, annotateMs: 1, firstTokenMs: 1, totalMs: 3 },
              fallbacks: [],
              ...done,
            },
          }
        : {}),
    },
  ];
}

describe("the Markdown export of an answer", () => {
  it("records the temperature, top-k and filters the answer used, in Romanian and in English", () => {
    const messages = answer({
      settings: {
        temperature: 0.7,
        topK: 3,
        filters: { platform: ["stiri", "import"], source: ["Ziarul X"], dateFrom: "2024-01-01" },
      },
    });
    expect(threadToMarkdown(thread, messages, "ro")).toContain(
      "**Setări:** temperatură 0,7 · top-k 3 · filtre: platforme: Știri, Fișier importat; surse: Ziarul X; date: 2024-01-01 – …",
    );
    expect(threadToMarkdown(thread, messages, "en")).toContain(
      "**Settings:** temperature 0.7 · top-k 3 · filters: platforms: News, Imported file; sources: Ziarul X; dates: 2024-01-01 – …",
    );
  });

  it("says when no filter applied, and writes nothing for an answer stored before settings were recorded", () => {
    const plain = answer({ settings: { temperature: 0.2, topK: 5 } });
    expect(threadToMarkdown(thread, plain, "ro")).toContain(
      "**Setări:** temperatură 0,2 · top-k 5 · fără filtre",
    );
    expect(threadToMarkdown(thread, plain, "en")).toContain(
      "**Settings:** temperature 0.2 · top-k 5 · no filters",
    );
    expect(threadToMarkdown(thread, answer({}), "ro")).not.toContain("Setări");
  });

  it("writes decimal figures as the page's language does: 0,80 in Romanian, 0.80 in English", () => {
    expect(threadToMarkdown(thread, answer({}), "ro")).toContain("încredere 0,80");
    expect(threadToMarkdown(thread, answer({}), "en")).toContain("confidence 0.80");
  });

  it("names platforms and topics as the pages do, an unknown platform as it is", () => {
    const ro = threadToMarkdown(thread, answer({}), "ro");
    expect(ro).toContain("1. fisier.csv · Fișier importat · 2025-03-01");
    expect(ro).toContain("2. Blogul X · blog-local · fără dată");
    expect(ro).toContain("temă educație;");
    const en = threadToMarkdown(thread, answer({}), "en");
    expect(en).toContain("1. fisier.csv · Imported file · 2025-03-01");
    expect(en).toContain("2. Blogul X · blog-local · no date");
    expect(en).toContain("topic education;");
  });
});

describe("the Markdown export's counts and a stopped answer", () => {
  const grounding = (claims: number, unsupported: number): Grounding => ({
    score: (claims - unsupported) / claims,
    invalidCitations: [],
    unsupported: Array.from({ length: unsupported }, () => ({
      sentence: "Ceva.",
      kind: "no_citation" as const,
      reason: "afirmație fără citare",
    })),
    claims,
    method: "lexical",
  });

  it("says the grounding's claims in the singular for one and with 'de' from 20 up, in both languages", () => {
    const line = (g: Grounding, lang: "ro" | "en") =>
      threadToMarkdown(thread, answer({ grounding: g }), lang)
        .split("\n")
        .find((l) => /^\*\*(Fundamentare|Grounding):/.test(l));
    expect(line(grounding(1, 0), "ro")).toBe(
      "**Fundamentare:** 1,00 — 1 din 1 afirmație susținută de sursele citate (măsură lexicală)",
    );
    expect(line(grounding(20, 0), "ro")).toBe(
      "**Fundamentare:** 1,00 — 20 din 20 de afirmații susținute de sursele citate (măsură lexicală)",
    );
    expect(line(grounding(1, 0), "en")).toBe(
      "**Grounding:** 1.00 — 1 of 1 claim supported by the cited sources (lexical measure)",
    );
    expect(line(grounding(4, 1), "en")).toBe(
      "**Grounding:** 0.75 — 3 of 4 claims supported by the cited sources (lexical measure)",
    );
  });

  it("says a stopped answer has no claim to check, as the page does, and leaves out its empty bullet", () => {
    const [question, reply] = answer({ grounding: EMPTY_GROUNDING });
    const stopped: StoredMessage[] = [
      question!,
      {
        ...reply!,
        status: "stopped",
        text: "Răspuns extractiv (offline): am ales din surse propozițiile.\n\n- ",
      },
    ];
    const ro = threadToMarkdown(thread, stopped, "ro");
    expect(ro).toContain("**Fundamentare:** 1,00 — nicio afirmație de verificat (măsură lexicală)");
    expect(ro).not.toContain("0 din 0");
    expect(ro).toContain(
      "Răspuns extractiv (offline): am ales din surse propozițiile.\n\n**Adnotarea întrebării:**",
    );
    expect(ro.split("\n")).not.toContain("- ");
    expect(ro.split("\n")).not.toContain("-");
    const en = threadToMarkdown(thread, stopped, "en");
    expect(en).toContain("**Grounding:** 1.00 — no claim to check (lexical measure)");
    expect(en).not.toContain("0 of 0");
  });

  it("keeps a list that ends with an item, and counts one attached character in the singular", () => {
    const [question, reply] = answer({});
    const listed: StoredMessage[] = [
      { ...question!, attachments: [{ name: "a.txt", chars: 1, text: "x" }] },
      { ...reply!, text: "Puncte:\n\n- unu [1]\n- doi" },
    ];
    expect(threadToMarkdown(thread, listed, "ro")).toContain("Puncte:\n\n- unu [1]\n- doi\n");
    expect(threadToMarkdown(thread, listed, "en")).toContain("- a.txt (1 character)");
    expect(threadToMarkdown(thread, listed, "ro")).toContain("- a.txt (1 caracter)");
  });
});
