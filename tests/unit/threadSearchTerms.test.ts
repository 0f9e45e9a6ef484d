// The thread search's query read as terms (contract/threadSearch.ts): words in any order and "quoted phrases", folded,
// without repeats or one-letter words; a query with no term refused by the route's schema; the excerpt and its marks
// over every term; and which thread holds every term, in its title or spread over its messages; a term under three
// characters only where a word starts, in the search and in the marks alike.
import { describe, expect, it } from "vitest";
import {
  excerptAround,
  holdsTerm,
  isWordChar,
  matchRanges,
  queryTerms,
  searchHit,
  termPlaces,
  THREAD_SEARCH_MAX_TERMS,
  ThreadSearchQuerySchema,
  type SearchableMessage,
} from "../../contract/threadSearch";
import type { Thread } from "../../contract/threads";

describe("a search query's terms", () => {
  it("splits words at white space and folds each, so their order no longer matters", () => {
    expect(queryTerms("pensii guvern")).toEqual(["pensii", "guvern"]);
    expect(queryTerms("  PENSIILE\t\nguvernului  ")).toEqual(["pensiile", "guvernului"]);
    expect(queryTerms("Ţară ȚARĂ tara")).toEqual(["tara"]);
    expect(queryTerms("50% a_b")).toEqual(["50%", "a_b"]);
  });

  it("keeps a quoted phrase whole, its white space as one space, and never searches for the quotes", () => {
    expect(queryTerms('"pensii speciale" guvern')).toEqual(["pensii speciale", "guvern"]);
    expect(queryTerms('guvern "Pensii   SPECIALE"')).toEqual(["guvern", "pensii speciale"]);
    expect(queryTerms('vot"ul din" sală')).toEqual(["vot", "ul din", "sala"]);
    expect(queryTerms('"" ""')).toEqual([]);
  });

  it("reads a quote left open as a phrase running to the end of the query", () => {
    expect(queryTerms('guvern "pensii spec')).toEqual(["guvern", "pensii spec"]);
    expect(queryTerms('guvern "')).toEqual(["guvern"]);
  });

  it("leaves out one-letter terms and repeats", () => {
    expect(queryTerms("pensii a guvern")).toEqual(["pensii", "guvern"]);
    expect(queryTerms('pensii "pensii" PENSII')).toEqual(["pensii"]);
    expect(queryTerms('a b "c" %')).toEqual([]);
    expect(queryTerms("ș")).toEqual([]);
    expect(queryTerms("la")).toEqual(["la"]);
  });

  it("is refused by the route's schema when it has no term, as a too-short query is", () => {
    expect(ThreadSearchQuerySchema.safeParse({ q: "pensii a" }).success).toBe(true);
    for (const q of ["a b", '"a" b', "% _"]) {
      const parsed = ThreadSearchQuerySchema.safeParse({ q });
      expect(parsed.success, q).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(["q"]);
    }
  });
});

describe("marks and excerpts over several terms", () => {
  it("marks every term where it occurs, in the text's order, joining overlapping places", () => {
    const text = "Guvernul a tăiat pensiile; guvernul tace.";
    const marked = (terms: string[]) => matchRanges(text, terms).map((r) => text.slice(r.start, r.end));
    expect(marked(["pensii", "guvern"])).toEqual(["Guvern", "pensii", "guvern"]);
    expect(marked(["pensii", "pensiile;"])).toEqual(["pensiile;"]);
    expect(marked(["a taiat", "taiat pensiile"])).toEqual(["a tăiat pensiile"]);
    expect(marked([])).toEqual([]);
  });

  it("centres the excerpt on the longest term (the first found of terms as long), marking the others in it", () => {
    const words = (n: number, w: string) => Array.from({ length: n }, () => w).join(" ");
    const text = `${words(30, "început")} guvernul și pensiile ${words(30, "sfârșit")}`;
    const around = excerptAround(text, ["pensii", "guvern"])!;
    expect(around.excerpt.startsWith("…început")).toBe(true);
    expect(around.excerpt.slice(around.start, around.end)).toBe("guvern");
    expect(around.marks?.map((m) => around.excerpt.slice(m.start, m.end))).toEqual(["guvern", "pensii"]);
    expect(excerptAround(text, ["nimic", "altceva"])).toBeNull();
  });

  it("centres the excerpt on the longest term, not on a short word found everywhere", () => {
    const text =
      "Despre ce vorbim aici de fapt? Unde sunt datele de care vorbea ministrul de finanțe, de ieri și de azi, " +
      "de la tribună, de la televizor și de la radio? Nimeni nu știe. Guvernul a tăiat pensiile de stat.";
    const around = excerptAround(text, queryTerms("pensiile de stat"))!;
    expect(around.excerpt.slice(around.start, around.end).toLowerCase()).toBe("pensiile");
    expect(around.excerpt).toContain("Guvernul a tăiat pensiile");
  });
});

describe("the words of a query", () => {
  it("leaves out the punctuation around a word, not inside it", () => {
    expect(queryTerms("pensii, guvern.")).toEqual(["pensii", "guvern"]);
    expect(queryTerms("(Guvernul) „pensii” 50%")).toEqual(["guvernul", "pensii", "50%"]);
    expect(queryTerms("într-un a_b")).toEqual(["intr-un", "a_b"]);
    expect(queryTerms("‘guvern’ *pensii* /ministru -buget- #rezist")).toEqual([
      "guvern",
      "pensii",
      "ministru",
      "buget",
      "#rezist",
    ]);
    // Punctuation alone is no term; a phrase loses it at its ends too.
    expect(queryTerms("-- ** pensii")).toEqual(["pensii"]);
    expect(queryTerms('"pensii speciale." guvern')).toEqual(["pensii speciale", "guvern"]);
  });

  it("counts the first eight terms only", () => {
    const terms = queryTerms("unu doi trei patru cinci sase sapte opt noua zece");
    expect(terms).toHaveLength(THREAD_SEARCH_MAX_TERMS);
    expect(terms.at(-1)).toBe("opt");
  });
});

describe("which thread holds every term", () => {
  const thread = (title: string): Thread => ({
    id: "t",
    title,
    userId: "ana",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  });
  const message = (id: string, text: string): SearchableMessage => ({ id, role: "user", text });

  it("finds terms spread over the title and several messages, showing the message holding the most", () => {
    const messages = [
      message("m1", "Despre guvern."),
      message("m2", "Pensii și guvern."),
      message("m3", "Guvern, pensii, vot."),
    ];
    expect(searchHit(thread("Seminar"), messages, ["pensii", "guvern"])?.match?.messageId).toBe("m2");
    expect(searchHit(thread("Seminar"), messages, ["pensii", "guvern", "vot"])?.match?.messageId).toBe("m3");
    expect(searchHit(thread("Votul"), messages.slice(0, 1), ["vot", "guvern"])?.match?.messageId).toBe("m1");
    expect(searchHit(thread("Votul"), [], ["vot"])).toEqual({ thread: thread("Votul") });
    expect(searchHit(thread("Seminar"), messages, ["pensii", "buget"])).toBeNull();
    expect(searchHit(thread("Seminar"), messages, [])).toBeNull();
  });
});

describe("a term under three characters, found only where a word starts", () => {
  it("is found after the text's start, white space, punctuation, symbols or emoji, not inside a word", () => {
    for (const text of [
      "ue",
      "ce spune ue",
      "(ue)",
      "ue-ului",
      "„ue”",
      "#ue",
      "despre ue.",
      "—ue",
      "🔥ue",
      "❤️ue",
      "#️⃣ue",
      "uefa",
    ])
      expect(holdsTerm(text, "ue"), text).toBe(true);
    // Inside a word of any script, after a digit, "_" or a combining mark that folding keeps.
    for (const text of ["influenta", "acuelea", "x_ue", "3ue", "жue", "αue", "𝐀ue", "𠀀ue", "a\u20ddue"])
      expect(holdsTerm(text, "ue"), text).toBe(false);
    expect(holdsTerm("in 2025, 25% din buget", "25")).toBe(true);
    expect(holdsTerm("in 2025", "25")).toBe(false);
    expect(holdsTerm("50%", "0%")).toBe(false);
    // Three characters or more: anywhere, as before.
    expect(holdsTerm("influenta", "uen")).toBe(true);
    expect(holdsTerm("guvernul", "vern")).toBe(true);
  });

  it("tells word characters from separators the way the stores do", () => {
    for (const char of ["a", "ș", "ж", "7", "_", "\u0301", "𝐀", "𠀀"])
      expect(isWordChar(char), char).toBe(true);
    // An emoji's variation selector and keycap mark belong to the emoji, though they are marks.
    for (const char of [" ", "-", "(", "„", "—", "…", "%", "#", "🔥", "\u200b", "\ufe0f", "\u20e3", ""])
      expect(isWordChar(char), char).toBe(false);
  });

  it("finds every place where a word starts, overlapping ones too", () => {
    expect(termPlaces("ue, influenta ue-ului", "ue")).toEqual([0, 14]);
    expect(termPlaces("%%%", "%%")).toEqual([0]);
    expect(termPlaces("influenta", "ue")).toEqual([]);
    expect(termPlaces("influenta uen", "uen")).toEqual([4, 10]);
  });

  it("marks only the places the search matched, in the excerpt and the opened message", () => {
    const text = "Influența UE asupra planului (PL) e completă; UE-ului îi place.";
    const marked = (terms: string[]) => matchRanges(text, terms).map((r) => text.slice(r.start, r.end));
    expect(marked(["ue"])).toEqual(["UE", "UE"]);
    expect(marked(["pl"])).toEqual(["pl", "PL", "pl"]);
    expect(marked(["pl", "ue", "uen"])).toEqual(["uen", "UE", "pl", "PL", "UE", "pl"]);
    const around = excerptAround(text, ["ue"])!;
    expect(around.excerpt.slice(around.start, around.end)).toBe("UE");
    expect(around.start).toBe(text.indexOf("UE"));
    expect(excerptAround("Influența contează.", ["ue"])).toBeNull();
  });

  it("holds a thread only where the title or a message has the term at a word's start", () => {
    const thread = (title: string): Thread => ({
      id: "t",
      title,
      userId: "ana",
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    });
    const inside = { id: "m1", role: "user" as const, text: "Influența contează." };
    const word = { id: "m2", role: "assistant" as const, text: "Mai ales a UE." };
    expect(searchHit(thread("Seminar"), [inside], ["ue"])).toBeNull();
    expect(searchHit(thread("Acuele"), [inside], ["ue"])).toBeNull();
    expect(searchHit(thread("Seminar"), [inside, word], ["ue"])?.match?.messageId).toBe("m2");
    expect(searchHit(thread("Despre UE"), [inside], ["ue"])).toEqual({ thread: thread("Despre UE") });
  });
});
