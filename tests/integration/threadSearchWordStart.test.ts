// A term under three characters is found only where a word starts (contract/threadSearch.ts termPlaces), and both
// stores find exactly that: SQLite through the contract's own holdsTerm called from SQL, PostgreSQL through a pattern
// whose class of separators is spelt out from the contract's isWordChar (server/storage/pgSearchTerms.ts), whatever
// the database's locale ("C" here, which [[:alnum:]] would read as ASCII). Each store's hits, excerpts and marks are
// compared with the contract's searchHit over the same rows, for texts where the term follows every kind of
// character: white space, ASCII and typographic punctuation, symbols, emoji, digits, "_", letters of other scripts,
// letters beyond the first plane, combining marks that folding keeps; and the queries a user types ("UE pl", "25"),
// their threads and their marks, on both stores.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  queryTerms,
  searchHit,
  type SearchableMessage,
  type ThreadSearchHit,
} from "../../contract/threadSearch";
import type { Thread } from "../../contract/threads";
import type { Stores } from "../../server/storage/open";
import { classServices, titled } from "../support/classServices";
import { storeBackends, type StoreBackend } from "../support/storeBackends";

const services = await classServices();

/** What precedes "ue" (or "pl") in each message: separators, then word characters. */
const BEFORE = [
  ...[
    " ",
    "(",
    "[",
    "{",
    "\\",
    "/",
    "-",
    "'",
    '"',
    "`",
    "^",
    "|",
    "~",
    "*",
    "+",
    "=",
    "<",
    ">",
    ":",
    ";",
    ",",
    ".",
  ],
  ...[
    "!",
    "?",
    "#",
    "@",
    "%",
    "&",
    "$",
    "„",
    "”",
    "«",
    "»",
    "‘",
    "’",
    "–",
    "—",
    "…",
    "·",
    "€",
    "°",
    "§",
    "©",
  ],
  ...["\u00a0", "\u2009", "\u200b", "\u00ad", "🔥", "🇷🇴", "❤️", "#️⃣", "→", "\t", "\n"],
  ...["a", "ș", "ț", "ж", "α", "ß", "7", "٣", "½", "²", "ⅷ", "_", "𝐀", "𠀀", "\u20dd", "\u0301", "ﬁ", "ǅ"],
];
const FIRST_WORD_CHAR = BEFORE.indexOf("a");

/** Thread i's messages: "nr<i>z" names it; the terms follow BEFORE[i]. */
const TEXTS = BEFORE.map((c, i) => `Mesajul nr${i}z: x${c}ue și x${c}Pl${c}${c}%%%, la final${c}ue`);

const QUERIES = [
  "ue",
  "UE",
  "pl",
  "ue pl",
  '"ue"',
  "%%",
  "25",
  "0%",
  "la",
  "fi",
  "al",
  "xue",
  "ue final",
  "ue zz",
];

/** A hit as a reader sees it, without the store's ids (random per store): the title, the excerpt and its marks. */
function seen(hit: ThreadSearchHit, messageIndex: Map<string, number>) {
  if (!hit.match) return { title: hit.thread.title };
  const { messageId, ...match } = hit.match;
  return { title: hit.thread.title, message: messageIndex.get(messageId), match };
}

const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title);

for (const { name, make, skip } of storeBackends(services, { role: "cli" })) {
  describe.skipIf(skip)(titled(`a short term where a word starts, on ${name}`, services, skip), () => {
    let backend: StoreBackend;
    let stores: Stores;
    const threads: { thread: Thread; messages: SearchableMessage[] }[] = [];
    const messageIndex = new Map<string, number>();

    beforeAll(async () => {
      backend = make();
      stores = await backend.open();
      const { storage } = stores;
      let n = 0;
      for (const [i, text] of TEXTS.entries()) {
        // Every fifth title holds the term too, after its own character.
        const title = i % 5 === 0 ? `Titlul ${i}: a${BEFORE[i]}ue` : `Titlul ${i}`;
        const thread = await storage.createThread(title, "ana");
        const messages: SearchableMessage[] = [];
        for (const [k, body] of [`Întrebarea ${i}, în 2025, cu 25% și 50% mai mult.`, text].entries()) {
          const id = `${thread.id}-${k}`;
          const role = k === 0 ? "user" : "assistant";
          await storage.addMessage({
            id,
            threadId: thread.id,
            role,
            text: body,
            createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n++)).toISOString(),
            status: "done",
          });
          messages.push({ id, role, text: body });
          messageIndex.set(id, n);
        }
        threads.push({ thread: (await storage.getThread(thread.id))!, messages });
      }
    });

    afterAll(async () => {
      await stores?.close();
      await backend?.cleanup();
    });

    it("finds what the contract's searchHit finds, with the same excerpts and marks", async () => {
      for (const q of QUERIES) {
        const terms = queryTerms(q);
        const expected = threads
          .map(({ thread, messages }) => searchHit(thread, messages, terms))
          .filter((hit): hit is ThreadSearchHit => hit !== null)
          .map((hit) => seen(hit, messageIndex))
          .sort(byTitle);
        const found = await stores.storage.searchThreads(q, { userId: "ana", limit: 500 });
        expect(found.map((hit) => seen(hit, messageIndex)).sort(byTitle), q).toEqual(expected);
      }
    });

    it("finds the term after every separator, never after a word character", async () => {
      for (const [i, c] of BEFORE.entries())
        for (const term of ["ue", "pl"]) {
          const found = await stores.storage.searchThreads(`${term} nr${i}z`, { userId: "ana" });
          expect(found.length, `${term} after ${JSON.stringify(c)}`).toBe(i < FIRST_WORD_CHAR ? 1 : 0);
        }
      // A number inside another is no word: "25" of "2025" is not, "25%" is; "0%" of "50%" is not.
      expect(await stores.storage.searchThreads("25 nr0z", { userId: "ana" })).toHaveLength(1);
      expect(await stores.storage.searchThreads("0% nr0z", { userId: "ana" })).toEqual([]);
    });

    it("finds a term under three characters only where a word starts, and marks it only there", async () => {
      const { storage } = stores;
      let ms = 1000;
      const thread = async (title: string, ...texts: string[]) => {
        const t = await storage.createThread(title, "scurt");
        for (const [i, text] of texts.entries())
          await storage.addMessage({
            id: `${t.id}-${i}`,
            threadId: t.id,
            role: i % 2 ? "assistant" : "user",
            text,
            createdAt: new Date(Date.now() + ms++).toISOString(),
            status: "done",
          });
        return t.id;
      };
      const inTitle = await thread("Seminar UE", "Ce face Comisia?");
      const inside = await thread("Seminar 2", "Influența contează; e completă, în 2025.");
      const words = await thread("Seminar 3", "Ce spun ei?", "Despre (PL) și „UE-ului”, cu 25% mai mult.");
      const ids = async (q: string) =>
        (await storage.searchThreads(q, { userId: "scurt" })).map((h) => h.thread.id).sort();
      expect(await ids("ue")).toEqual([inTitle, words].sort());
      expect(await ids("UE pl")).toEqual([words]);
      expect(await ids("25")).toEqual([words]);
      expect(await ids("influenta ue")).toEqual([]);
      expect(await ids("nt")).toEqual([]);
      // Three characters or more, anywhere in a word, as before.
      expect(await ids("uen")).toEqual([inside]);
      const [hit] = await storage.searchThreads("ue pl comisia", { userId: "scurt" });
      expect(hit).toBeUndefined();
      const [both] = await storage.searchThreads("ue pl", { userId: "scurt" });
      const match = both!.match!;
      expect(match.messageId).toBe(`${words}-1`);
      expect(match.marks?.map((m) => match.excerpt.slice(m.start, m.end))).toEqual(["PL", "UE"]);
    });
  });
}
