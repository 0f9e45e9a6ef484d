// The sidebar's search over the threads' messages, rendered without a browser: each found thread with an excerpt of
// its matching message, the match marked and a message's markup shown as text; a clear "nothing found" in ro and en;
// the box offered from the first thread on. Also the excerpt's cut around a folded match and the search's state.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { excerptAround, excerptParts, queryTerms, type ThreadSearchHit } from "../../contract/threadSearch";
import type { Thread } from "../../contract/threads";
import { Sidebar, ThreadSearchResults } from "../../client/src/components/Sidebar";
import { I18nProvider } from "../../client/src/i18nContext";
import { searchMarks, serverQuery, threadSearchReducer } from "../../client/src/state/threadSearch";

const now = new Date().toISOString();
const thread = (id: string, title = `Conversația ${id}`): Thread => ({
  id,
  title,
  userId: "ana",
  createdAt: now,
  updatedAt: now,
});

function html(lang: "ro" | "en", element: ReactElement): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{element}</I18nProvider>);
}
afterEach(() => vi.unstubAllGlobals());

const noop = () => undefined;
const actions = { onOpen: noop, onRename: async () => undefined, onDelete: async () => undefined };

function hit(id: string, title: string, text: string, query: string): ThreadSearchHit {
  const around = excerptAround(text, queryTerms(query));
  return {
    thread: thread(id, title),
    match: around ? { messageId: `${id}-m`, role: "assistant", ...around } : undefined,
  };
}

describe("the thread search's results", () => {
  it("shows each found thread with the excerpt of its message under the title, the match marked", () => {
    const hits = [
      hit(
        "a",
        "Seminar 3",
        "Despre pensiile speciale ale magistraților s-a scris mult.",
        "PENSIILE SPECIALE",
      ),
      { thread: thread("b", "Pensiile speciale") },
    ];
    const out = html("ro", <ThreadSearchResults hits={hits} query="pensiile speciale" {...actions} />);
    expect(
      [...out.matchAll(/data-testid="thread-search-result" data-thread-id="(\w+)"/g)].map((m) => m[1]),
    ).toEqual(["a", "b"]);
    expect(out.match(/data-testid="thread-search-snippet"/g)).toHaveLength(1);
    expect(out).toContain('data-testid="thread-search-snippet" data-message-id="a-m"');
    expect(out).toContain(
      'Răspuns: </span><span data-testid="thread-search-excerpt">Despre <mark>pensiile</mark> <mark>speciale</mark> ale magistraților',
    );
    expect(out).not.toContain("thread-search-empty");
  });

  it("marks every occurrence of the words in the snippet, whatever their diacritics and case", () => {
    const text = "O țară bogată, spun unii; alții: ŢARA e săracă. Tara noastră.";
    const out = html(
      "ro",
      <ThreadSearchResults hits={[hit("t", "T", text, "tara")]} query="tara" {...actions} />,
    );
    expect([...out.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => m[1])).toEqual(["țară", "ŢARA", "Tara"]);
  });

  it("shows a message's markup as text, never as HTML", () => {
    const text = '<img src=x onerror="alert(1)"> și <b>pensiile</b>';
    const out = html(
      "ro",
      <ThreadSearchResults hits={[hit("x", "T", text, "pensiile")]} query="pensiile" {...actions} />,
    );
    expect(out).not.toContain("<img");
    expect(out).not.toContain("<b>");
    expect(out).toContain("&lt;img src=x");
    expect(out).toContain("&lt;b&gt;<mark>pensiile</mark>&lt;/b&gt;");
  });

  it("says plainly that nothing holds the query, in Romanian and in English", () => {
    const ro = html("ro", <ThreadSearchResults hits={[]} query="buget" {...actions} />);
    expect(ro).toContain('data-testid="thread-search-empty"');
    expect(ro).toContain("Nicio conversație nu conține „buget”");
    const en = html("en", <ThreadSearchResults hits={[]} query="buget" {...actions} />);
    expect(en).toContain("No conversation holds “buget”");
    const others = html("ro", <ThreadSearchResults hits={[]} query="buget" othersMatch {...actions} />);
    expect(others).toContain('data-testid="thread-search-empty"');
    expect(others).not.toContain("buget");
  });

  it("offers the search box from the first thread on, the title filter standing until the server answers", () => {
    const out = html(
      "ro",
      <Sidebar
        list={{ threads: [thread("only")], status: "ready" }}
        open
        onClose={noop}
        onNew={noop}
        onRetry={noop}
        {...actions}
      />,
    );
    expect(out).toContain('data-testid="thread-search"');
    expect(out).toContain('data-testid="thread-item" data-thread-id="only"');
  });
});

describe("a search of several words", () => {
  const text = "Guvernul a promis, în campanie, că pensiile speciale vor fi tăiate.";

  it("marks each word of the excerpt on its own, wherever it is and whatever the query's order", () => {
    const hits = [hit("w", "Seminar 4", text, "pensii GUVERN")];
    const out = html("en", <ThreadSearchResults hits={hits} query="pensii GUVERN" {...actions} />);
    expect(out).toContain(
      '<span data-testid="thread-search-excerpt"><mark>Guvern</mark>ul a promis, în campanie, că <mark>pensii</mark>le speciale',
    );
  });

  it("marks every word in the opened message, a quoted phrase whole", () => {
    const marked = (query: string) => searchMarks(text, query).map((r) => text.slice(r.start, r.end));
    expect(marked("pensii guvern")).toEqual(["Guvern", "pensii"]);
    expect(marked('"pensiile speciale" tăiate a')).toEqual(["pensiile speciale", "tăiate"]);
    expect(marked('"speciale pensiile"')).toEqual([]);
  });

  it("asks the server only for a query with a word of two characters or more", () => {
    expect(serverQuery("a b")).toBe("");
    expect(serverQuery('"a" b')).toBe("");
    expect(serverQuery("a  guvern")).toBe("a guvern");
  });
});

describe("an excerpt around a match", () => {
  it("marks the original letters of a folded match, whatever their form (cedilla, NFD, case)", () => {
    for (const [text, query, marked] of [
      ["Ce spun despre Iaşi studenţii?", '"iasi studentii"', "Iaşi studenţii"],
      ["Tara si \u0163ara", "ȚARA", "Tara"],
      ["o vorbă de-a\u0301 lungul", '"a lungul"', "a\u0301 lungul"],
      ["x ŞTIRI y", "știri", "ŞTIRI"],
    ] as const) {
      const around = excerptAround(text, queryTerms(query));
      expect(around && excerptParts(around).hit).toBe(marked);
    }
    expect(excerptAround("fără potrivire", queryTerms("pensii"))).toBeNull();
  });

  it("keeps a long message's words around the match, marking what it left out", () => {
    const words = (n: number, w: string) => Array.from({ length: n }, () => w).join(" ");
    const text = `${words(40, "început")} pensiile speciale ${words(40, "sfârșit")}`;
    const around = excerptAround(text, queryTerms('"pensiile speciale"'))!;
    expect(around.excerpt.startsWith("…început")).toBe(true);
    expect(around.excerpt.endsWith("sfârșit…")).toBe(true);
    expect(around.excerpt.length).toBeLessThan(200);
    expect(excerptParts(around).hit).toBe("pensiile speciale");
  });
});

describe("the search's state", () => {
  it("asks the server only from two characters on and drops an answer to a query typed over", () => {
    expect(serverQuery(" a ")).toBe("");
    expect(serverQuery("  pensii   speciale ")).toBe("pensii speciale");
    const idle = threadSearchReducer(
      { status: "loading", query: "pe" },
      { type: "search:typed", query: "p" },
    );
    expect(idle).toEqual({ status: "idle" });
    const loading = threadSearchReducer(idle, { type: "search:typed", query: "pens" });
    expect(loading).toEqual({ status: "loading", query: "pens" });
    const stale = threadSearchReducer(loading, { type: "search:answered", query: "pe", hits: [] });
    expect(stale).toBe(loading);
    expect(threadSearchReducer(loading, { type: "search:answered", query: "pens", hits: [] })).toEqual({
      status: "ready",
      query: "pens",
      hits: [],
    });
    // The same query asked again (the list changed): the results shown stay until the new answer replaces them.
    const ready = threadSearchReducer(loading, { type: "search:answered", query: "pens", hits: [] });
    expect(threadSearchReducer(ready, { type: "search:typed", query: "pens " })).toBe(ready);
    const again = [{ thread: thread("z") }];
    expect(threadSearchReducer(ready, { type: "search:answered", query: "pens", hits: again })).toEqual({
      status: "ready",
      query: "pens",
      hits: again,
    });
    expect(threadSearchReducer(loading, { type: "search:failed", query: "pens" })).toEqual({
      status: "error",
      query: "pens",
    });
  });
});
