// The thread search's query read as terms (contract/threadSearch.ts): words in any order and "quoted phrases", folded,
// without repeats or one-letter words; a query with no term refused by the route's schema; the excerpt and its marks
// over every term; and which thread holds every term, in its title or spread over its messages.
import { describe, expect, it } from "vitest";
import {
  excerptAround,
  matchRanges,
  queryTerms,
  searchHit,
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
