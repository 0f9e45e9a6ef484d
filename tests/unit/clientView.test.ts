// Pure helpers behind the client's views: the echo-chamber chart's numbers, the Markdown block split that
// keeps long streams cheap, step details in words, the thread list, and the corpus filters of the settings.
import { describe, expect, it } from "vitest";
import type { Annotation } from "../../contract/annotation";
import { retryDetail, STOPPED_DETAIL } from "../../contract/protocol";
import type { Thread } from "../../contract/threads";
import { echoStats, share, toneSegments } from "../../client/src/state/echo";
import { splitMarkdownBlocks } from "../../client/src/state/markdownBlocks";
import { describeStep } from "../../client/src/state/stepDetail";
import { translate } from "../../client/src/i18n";
import {
  filterThreads,
  groupThreads,
  initialThreadId,
  initialThreadList,
  provisionalThread,
  threadListReducer,
  urlWithThread,
} from "../../client/src/state/threads";
import {
  activeFilterCount,
  effectiveFilters,
  parseOverrides,
  searchFacet,
  toChatSettings,
  toggleFilterValue,
} from "../../client/src/state/settings";

const A = (extra: Partial<Annotation>): Annotation => ({
  ton: "neutru",
  populism: false,
  anti_elitism: false,
  popor_central: false,
  tema: "altele",
  tinta: null,
  incredere: 0.5,
  justificare: "",
  ...extra,
});

describe("the echo chamber chart", () => {
  const passages = [
    A({ ton: "negativ", populism: true, anti_elitism: true, popor_central: true, tema: "pensii" }),
    A({ ton: "negativ", anti_elitism: true, tema: "pensii" }),
    undefined,
    A({ ton: "pozitiv", tema: "taxe" }),
    A({ ton: "negativ", tema: "coruptie" }),
  ];

  it("counts tone, populism and its dimensions over the annotated passages only", () => {
    const stats = echoStats(passages, A({ ton: "negativ" }));
    expect(stats).toMatchObject({
      total: 5,
      annotated: 4,
      tones: { negativ: 3, neutru: 0, pozitiv: 1 },
      populist: 1,
      antiElitism: 2,
      peopleCentrism: 1,
      sameTone: 3,
      questionTone: "negativ",
    });
    expect(stats.topics[0]).toEqual({ topic: "pensii", count: 2 });
    expect(share(stats.populist, stats)).toBe(0.25);
  });

  it("lays the tone bar out negative → neutral → positive, without empty segments, filling the bar", () => {
    const segments = toneSegments(echoStats(passages));
    expect(segments.map((s) => [s.tone, s.count, s.start, s.width])).toEqual([
      ["negativ", 3, 0, 0.75],
      ["pozitiv", 1, 0.75, 0.25],
    ]);
    expect(echoStats([undefined]).annotated).toBe(0);
    expect(share(1, { annotated: 0 })).toBe(0);
    expect(echoStats(passages)).not.toHaveProperty("sameTone");
  });
});

describe("splitting Markdown into blocks", () => {
  it("cuts at blank lines between top-level blocks and gives every character back", () => {
    const text = "# Titlu\n\nPrimul paragraf [1].\nContinuare.\n\n- a\n- b\n\n\nUltimul";
    const blocks = splitMarkdownBlocks(text);
    expect(blocks).toEqual(["# Titlu", "Primul paragraf [1].\nContinuare.", "- a\n- b", "Ultimul"]);
    expect(blocks.join("\n\n").replace(/\n+/g, "\n")).toBe(text.replace(/\n+/g, "\n"));
  });

  it("does not cut inside fenced code or before an indented continuation", () => {
    const code = "```js\nconst a = 1;\n\nconst b = 2;\n```";
    expect(splitMarkdownBlocks(`Intro\n\n${code}\n\nDupă`)).toEqual(["Intro", code, "După"]);
    const item = "1. Primul punct\n\n   continuarea punctului\n\n2. Al doilea";
    expect(splitMarkdownBlocks(item)).toEqual([
      "1. Primul punct\n\n   continuarea punctului",
      "2. Al doilea",
    ]);
    // An unclosed fence (still streaming) keeps everything after it in one block.
    expect(splitMarkdownBlocks("A\n\n~~~\nx\n\ny")).toEqual(["A", "~~~\nx\n\ny"]);
  });

  it("keeps finished blocks identical while the last one grows (so they are not re-rendered)", () => {
    const first = splitMarkdownBlocks("Unu.\n\nDoi și");
    const later = splitMarkdownBlocks("Unu.\n\nDoi și trei.\n\nPatru");
    expect(later[0]).toBe(first[0]);
    expect(later).toHaveLength(3);
    expect(splitMarkdownBlocks("")).toEqual([]);
  });
});

describe("step details in words", () => {
  it("reads passages, models, failures and fallbacks from the server's detail strings", () => {
    expect(describeStep({ name: "retrieve", state: "done", detail: "4/5" })).toEqual({
      kind: "passages",
      found: 4,
      topK: 5,
    });
    expect(describeStep({ name: "retrieve", state: "done", detail: "3" })).toEqual({
      kind: "passages",
      found: 3,
    });
    expect(describeStep({ name: "annotate", state: "done", detail: "offline:lexicon" })).toEqual({
      kind: "model",
      model: "offline:lexicon",
    });
    expect(
      describeStep({
        name: "answer",
        state: "error",
        detail: "openrouter:meta-llama/llama-3.3-70b-instruct:free: provider:rate_limit",
      }),
    ).toEqual({
      kind: "failure",
      model: "openrouter:meta-llama/llama-3.3-70b-instruct:free",
      reason: "provider:rate_limit",
    });
    expect(
      describeStep({
        name: "fallback",
        state: "done",
        detail: "answer: google-genai:gemini-2.5-flash → offline:extractive (provider:timeout)",
      }),
    ).toEqual({
      kind: "fallback",
      node: "answer",
      from: "google-genai:gemini-2.5-flash",
      to: "offline:extractive",
      reason: "provider:timeout",
    });
    expect(describeStep({ name: "fallback", state: "error", detail: "chain:exhausted" })).toEqual({
      kind: "fallback",
      from: "",
      reason: "chain:exhausted",
    });
    expect(describeStep({ name: "answer", state: "done", detail: undefined })).toBeUndefined();
  });

  it("reads a retry and a stopped judge, which the page then says in its own language", () => {
    const detail = retryDetail({
      model: "openai:gpt-4o-mini",
      attempt: 1,
      reason: "provider:rate_limit",
      delayMs: 500,
    });
    const retry = describeStep({ name: "answer", state: "running", detail });
    expect(retry).toEqual({
      kind: "retry",
      model: "openai:gpt-4o-mini",
      attempt: 1,
      reason: "provider:rate_limit",
      delayMs: 500,
    });
    expect(describeStep({ name: "grounding", state: "error", detail: STOPPED_DETAIL })).toEqual({
      kind: "stopped",
    });
    expect(translate("en", "step.detail.retry", { model: "m", attempt: 1, reason: "r", ms: 500 })).toBe(
      "m — retry 1 after: r (500 ms)",
    );
    expect(translate("en", "step.detail.stopped")).toBe("stopped");
  });
});

describe("the thread list", () => {
  const thread = (id: string, updatedAt: string, title = id): Thread => ({
    id,
    title,
    createdAt: updatedAt,
    updatedAt,
  });

  it("keeps threads newest first through load, upsert and removal", () => {
    let state = threadListReducer(initialThreadList, {
      type: "threads:loaded",
      threads: [thread("a", "2025-01-01T00:00:00Z"), thread("b", "2025-03-01T00:00:00Z")],
    });
    expect(state.threads.map((t) => t.id)).toEqual(["b", "a"]);
    state = threadListReducer(state, {
      type: "thread:upsert",
      thread: thread("a", "2025-04-01T00:00:00Z", "Redenumit"),
    });
    expect(state.threads.map((t) => `${t.id}:${t.title}`)).toEqual(["a:Redenumit", "b:b"]);
    state = threadListReducer(state, { type: "thread:removed", id: "b" });
    expect(state.threads.map((t) => t.id)).toEqual(["a"]);
    expect(threadListReducer(state, { type: "thread:removed", id: "zzz" })).toBe(state);
    expect(provisionalThread("n", "  " + "x".repeat(100)).title).toHaveLength(80);
  });

  it("groups by day of last activity and searches titles without diacritics", () => {
    const now = new Date(2025, 4, 10, 12, 0);
    const at = (d: number, h = 9) => new Date(2025, 4, d, h, 0).toISOString();
    const threads = [
      thread("azi", at(10), "Sănătate și spitale"),
      thread("ieri", at(9, 23)),
      thread("sapt", at(5)),
      thread("vechi", at(1)),
    ];
    expect(groupThreads(threads, now).map((g) => [g.group, g.threads.map((t) => t.id)])).toEqual([
      ["today", ["azi"]],
      ["yesterday", ["ieri"]],
      ["week", ["sapt"]],
      ["older", ["vechi"]],
    ]);
    expect(filterThreads(threads, "sanatate").map((t) => t.id)).toEqual(["azi"]);
    expect(filterThreads(threads, " ")).toHaveLength(4);
    // In an admin's list the search finds a student's threads by the student's name too.
    const ioana = { ...thread("ei", at(10), "Pensii"), owner: { kind: "user" as const, name: "Ioana.Pop" } };
    expect(filterThreads([...threads, ioana], "ioana").map((t) => t.id)).toEqual(["ei"]);
    // Every word of the query, in any order, as the server's search reads it; a quoted phrase whole.
    expect(filterThreads(threads, "spitale SANATATE").map((t) => t.id)).toEqual(["azi"]);
    expect(filterThreads(threads, '"spitale sanatate"')).toEqual([]);
    expect(filterThreads(threads, "spitale pensii")).toEqual([]);
    expect(filterThreads([...threads, ioana], "pensii IOANA").map((t) => t.id)).toEqual(["ei"]);
    // A word under three letters where a word starts, as the server finds it: "sp" starts "spitale", is inside "Despre".
    const inside = thread("inside", at(10), "Influența, despre vot");
    const start = thread("start", at(10), "Spusele UE-ului");
    expect(filterThreads([...threads, inside, start], "ue").map((t) => t.id)).toEqual(["start"]);
    expect(filterThreads([...threads, inside, start], "sp").map((t) => t.id)).toEqual(["azi", "start"]);
    expect(filterThreads([...threads, inside], "nt")).toEqual([]);
    // One-letter words, too short for the server's terms: each where a word starts, not the query as one string.
    const across = thread("across", at(10), "Ana bere");
    const both = thread("both", at(10), "Ana și Bogdan");
    expect(filterThreads([...threads, across, both], "a b").map((t) => t.id)).toEqual(["across", "both"]);
    expect(filterThreads([...threads, across], "n e")).toEqual([]);
    // Folded as the server folds: a script's own marks stay on both sides (Devanagari's vowel signs).
    const hindi = thread("hindi", at(10), "किताब और नीति");
    expect(filterThreads([...threads, hindi], "किताब").map((t) => t.id)).toEqual(["hindi"]);
  });

  it("returns to the thread in the address, else to the remembered one", () => {
    const storage = { getItem: () => "remembered" };
    expect(initialThreadId("?thread=from-url", storage)).toBe("from-url");
    expect(initialThreadId("?x=1", storage)).toBe("remembered");
    expect(initialThreadId("", undefined)).toBeUndefined();
    expect(urlWithThread("http://h:1/?x=1#a", "t 1")).toBe("/?x=1&thread=t+1#a");
    expect(urlWithThread("http://h:1/?thread=t&x=1", undefined)).toBe("/?x=1");
  });
});

describe("corpus filters", () => {
  const corpus = {
    platforms: [
      { value: "facebook", count: 10 },
      { value: "stiri", count: 5 },
    ],
    sources: [
      { value: "Ziarul Meridian", count: 4 },
      { value: "Pagina «Vocea Ardealului»", count: 3 },
      { value: "Știri Orizont", count: 2 },
    ],
  };

  it("sends only filters that filter, known to the corpus, and never a backwards date range", () => {
    expect(effectiveFilters({ platform: [], source: [] })).toBeUndefined();
    expect(
      effectiveFilters(
        {
          platform: ["facebook", "gone"],
          source: ["Ziarul Meridian"],
          dateFrom: "2025-05-01",
          dateTo: "2025-01-01",
        },
        corpus,
      ),
    ).toEqual({ platform: ["facebook"], source: ["Ziarul Meridian"] });
    expect(effectiveFilters({ dateFrom: "2026-01-01", dateTo: "2024-01-01" })).toBeUndefined();
    expect(effectiveFilters({ dateFrom: "2024-01-01", dateTo: "2024-01-01" })).toEqual({
      dateFrom: "2024-01-01",
      dateTo: "2024-01-01",
    });
    expect(toChatSettings({ filters: { platform: ["stiri"] } }, undefined, corpus)).toEqual({
      filters: { platform: ["stiri"] },
    });
    expect(toChatSettings({ filters: { platform: ["gone"] } }, undefined, corpus)).toBeUndefined();
  });

  it("toggles values, counts active filters, and searches sources with the chosen ones first", () => {
    let f = toggleFilterValue(undefined, "platform", "facebook", true);
    f = toggleFilterValue(f, "source", "Știri Orizont", true);
    expect(f).toEqual({ platform: ["facebook"], source: ["Știri Orizont"] });
    expect(activeFilterCount({ ...f, dateFrom: "2025-01-01" })).toBe(3);
    expect(
      toggleFilterValue(
        toggleFilterValue(f, "platform", "facebook", false),
        "source",
        "Știri Orizont",
        false,
      ),
    ).toBeUndefined();
    expect(searchFacet(corpus.sources, "stiri").map((s) => s.value)).toEqual(["Știri Orizont"]);
    expect(searchFacet(corpus.sources, "", ["Știri Orizont"])[0]?.value).toBe("Știri Orizont");
  });

  it("reads saved filters defensively", () => {
    expect(
      parseOverrides(
        JSON.stringify({ filters: { platform: ["stiri", 3], dateFrom: "ieri", dateTo: "2025-02-02" } }),
      ),
    ).toEqual({ filters: { platform: ["stiri"], dateTo: "2025-02-02" } });
    expect(parseOverrides(JSON.stringify({ filters: "x" }))).toEqual({});
  });
});
