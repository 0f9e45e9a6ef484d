// The corpus page's pure state: the import form from a preview and the request it becomes, a job as bars and a
// status, the document browser's query, the cleaning report's rows and word diff, and the overview's chart layouts.
import { describe, expect, it } from "vitest";
import type { CleanView, CorpusPreview, CorpusStatus } from "../../contract/corpusPage";
import type { AnnotationOverview } from "../../contract/corpusExplore";
import type { Job } from "../../contract/workbench";
import {
  formFromPreview,
  formProblems,
  importRequest,
  jobTestStatus,
  mergeJob,
  overLimit,
  replacedCollection,
  stageBars,
  stageLabel,
} from "../../client/src/state/corpusImport";
import {
  documentsSearch,
  exploreFromSearch,
  urlWithExplore,
  fromChatFilters,
  initialExplore,
  pageAt,
  pageRange,
  withChange,
} from "../../client/src/state/corpusExplore";
import { codeKey, otherChanges, reasonRows, wordDiff } from "../../client/src/state/corpusReport";
import { translate } from "../../client/src/i18n";
import { CHANGE_RULES } from "../../corpus/pipeline/clean";
import type { SkipReason } from "../../corpus/pipeline/import/types";
import {
  columns,
  countBars,
  defaultMinDocs,
  monthTones,
  rankSources,
  shareWindow,
  sinceWhen,
  sparkline,
  topicMatrix,
} from "../../client/src/state/corpusCharts";
import { emptyCounts } from "../../server/corpus/catalog/overview";

const PREVIEW: CorpusPreview = {
  uploadId: "u1",
  fileName: "comentarii vot.csv",
  bytes: 100,
  format: "csv",
  formatDetail: "",
  encoding: "windows-1250",
  encodingMethod: "chardet",
  tabular: true,
  columns: ["id", "comentariu", "data"],
  rows: [],
  documents: [],
  suggested: { text: "comentariu", id: "id" },
  defaults: { collection: "comentarii-vot", platform: "import", source: "comentarii-vot" },
  warnings: [],
};

function job(status: Job["status"], stages: { name: string; done: number; total: number }[] = []): Job {
  return {
    id: "j",
    kind: "corpus-import",
    status,
    params: { importId: "j" },
    progress: { total: 1000, done: 0, failed: 0, etaS: null, stages },
    error: null,
    origin: "page",
    owner: null,
    heartbeatAt: null,
    stopRequested: false,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:01.000Z",
    startedAt: null,
    finishedAt: null,
  };
}

describe("the import form", () => {
  it("starts from the preview's suggestion and sends only what the person set", () => {
    const form = formFromPreview(PREVIEW);
    expect(form).toMatchObject({
      collection: "comentarii-vot",
      text: "comentariu",
      id: "id",
      date: "",
      platform: "",
    });
    expect(importRequest(form, PREVIEW)).toEqual({
      uploadId: "u1",
      mapping: { text: "comentariu", id: "id" },
    });
    const changed = {
      ...form,
      date: "data",
      platform: " facebook ",
      source: "Pagina X",
      collection: "vot",
      encoding: "iso-8859-2",
    };
    expect(importRequest(changed, PREVIEW)).toEqual({
      uploadId: "u1",
      collection: "vot",
      mapping: { text: "comentariu", id: "id", date: "data" },
      platform: "facebook",
      source: "Pagina X",
      encoding: "iso-8859-2",
    });
    // Formats with fixed fields send no mapping at all.
    expect(importRequest(form, { ...PREVIEW, tabular: false })).toEqual({ uploadId: "u1" });
  });

  it("says what keeps it from being sent: no text column, a collection name that is not a file name", () => {
    const form = formFromPreview(PREVIEW);
    expect(formProblems(form, PREVIEW)).toEqual([]);
    expect(formProblems({ ...form, text: "" }, PREVIEW)).toEqual(["needText"]);
    expect(formProblems({ ...form, text: "" }, { ...PREVIEW, tabular: false })).toEqual([]);
    expect(formProblems({ ...form, collection: "../etc" }, PREVIEW)).toEqual(["collectionBad"]);
  });

  it("knows the collection an import replaces and a file over the limit", () => {
    const status = {
      collections: [{ name: "comentarii-vot", documents: 12 }],
      limits: { maxUploadBytes: 1000 },
    } as unknown as CorpusStatus;
    expect(replacedCollection(formFromPreview(PREVIEW), status)?.documents).toBe(12);
    expect(replacedCollection({ ...formFromPreview(PREVIEW), collection: "alta" }, status)).toBeUndefined();
    expect(overLimit(1001, status)).toBe(true);
    expect(overLimit(1000, status)).toBe(false);
    expect(overLimit(10 ** 12, undefined)).toBe(false);
  });
});

describe("a corpus job", () => {
  it("shows a bar per stage, all full once done, and a status of running, done or failed", () => {
    const running = job("running", [
      { name: "import", done: 50, total: 100 },
      { name: "clean", done: 0, total: 0 },
    ]);
    expect(stageBars(running)).toEqual([
      { stage: "import", share: 0.5 },
      { stage: "clean", share: null },
      { stage: "index", share: null },
      { stage: "annotate", share: null },
    ]);
    expect(stageBars(job("done")).every((b) => b.share === 1)).toBe(true);
    // The catalog of an index the CLI built: its one stage is the annotation.
    const cataloguing = job("running", [{ name: "annotate", done: 1, total: 4 }]);
    expect(stageBars(cataloguing, "catalog")).toEqual([{ stage: "annotate", share: 0.25 }]);
    // A removal imports nothing: its bars are the remaining collections' cleaning, the index without the
    // collection, and the catalog's annotation.
    const removing = job("running", [
      { name: "import", done: 1, total: 1 },
      { name: "clean", done: 1, total: 2 },
    ]);
    const removal = stageBars(removing, "remove");
    expect(removal).toEqual([
      { stage: "clean", share: 0.5 },
      { stage: "index", share: null },
      { stage: "annotate", share: null },
    ]);
    expect(removal.map((b) => translate("ro", stageLabel(b.stage, "remove")))).toEqual([
      "Curățarea colecțiilor rămase",
      "Index fără colecție",
      "Adnotare (offline:lexicon)",
    ]);
    expect(removal.map((b) => translate("en", stageLabel(b.stage, "remove")))[0]).toBe(
      "Cleaning the remaining collections",
    );
    // A rebuild of the index neither imports nor cleans (the server marks both done): the index built from
    // scratch, then the catalog's annotation.
    const rebuilding = job("running", [
      { name: "import", done: 1, total: 1 },
      { name: "clean", done: 1, total: 1 },
      { name: "index", done: 250, total: 1000 },
    ]);
    const rebuild = stageBars(rebuilding, "rebuild");
    expect(rebuild).toEqual([
      { stage: "index", share: 0.25 },
      { stage: "annotate", share: null },
    ]);
    expect(rebuild.map((b) => translate("ro", stageLabel(b.stage, "rebuild")))).toEqual([
      "Index (construit de la zero)",
      "Adnotare (offline:lexicon)",
    ]);
    expect(translate("en", stageLabel("index", "rebuild"))).toBe("Index (built from scratch)");
    expect(stageBars(running, "import").map((b) => translate("ro", stageLabel(b.stage, "import")))).toEqual([
      "Import",
      "Curățare",
      "Index",
      "Adnotare (offline:lexicon)",
    ]);
    expect(
      ["queued", "running", "done", "failed", "stopped"].map((s) => jobTestStatus(s as Job["status"])),
    ).toEqual(["running", "running", "done", "failed", "failed"]);
  });

  it("keeps a finished state when an older snapshot arrives after it", () => {
    const done = { ...job("done"), updatedAt: "2026-01-01T00:00:05.000Z" };
    const older = { ...job("running"), updatedAt: "2026-01-01T00:00:02.000Z" };
    expect(mergeJob(mergeJob({}, done), older).j!.status).toBe("done");
    expect(mergeJob(mergeJob({}, older), done).j!.status).toBe("done");
  });
});

describe("the document browser's query", () => {
  it("sends only what is set, and goes back to the first page when what is searched changes", () => {
    expect(documentsSearch(initialExplore)).toBe("limit=20");
    const query = withChange(
      { ...initialExplore, offset: 40 },
      { q: " pensii ", platform: ["facebook"], source: ["A", "B"] },
    );
    expect(query.offset).toBe(0);
    expect(documentsSearch(query)).toBe("q=pensii&platform=facebook&source=A&source=B&limit=20");
    expect(documentsSearch({ ...query, offset: 20, sort: "oldest", dateFrom: "2025-01-01" })).toBe(
      "q=pensii&platform=facebook&source=A&source=B&dateFrom=2025-01-01&sort=oldest&offset=20&limit=20",
    );
  });

  it("keeps the query in the address, beside the other pages' places, and reads it back after a reload", () => {
    const query = {
      ...initialExplore,
      q: "pensii mici",
      platform: ["stiri"],
      source: ["Știri Locale", "Gazeta de Nord"],
      collection: ["big30"],
      dateFrom: "2024-01-01",
      sort: "oldest" as const,
      offset: 40,
    };
    const address = urlWithExplore("http://localhost/?page=corpus&thread=t1#x", query);
    expect(address.startsWith("/?page=corpus&thread=t1&corpus-q=pensii+mici")).toBe(true);
    expect(address.endsWith("#x")).toBe(true);
    expect(exploreFromSearch(address.slice(1, address.indexOf("#")))).toEqual(query);
    // Nothing set: the address holds nothing of the browser's.
    expect(urlWithExplore(`http://localhost${address}`, initialExplore)).toBe("/?page=corpus&thread=t1#x");
    // Absurd values are ignored, not sent.
    expect(
      exploreFromSearch(
        "?corpus-from=ieri&corpus-sort=random&corpus-offset=-3&corpus-offset=x&corpus-source=",
      ),
    ).toEqual(initialExplore);
    expect(exploreFromSearch("?corpus-offset=45").offset).toBe(40);
  });

  it("pages within the results and takes over the chat's filters", () => {
    expect(pageAt(initialExplore, 1, 45).offset).toBe(20);
    expect(pageAt({ ...initialExplore, offset: 40 }, 1, 45).offset).toBe(40);
    expect(pageAt({ ...initialExplore, offset: 20 }, -1, 45).offset).toBe(0);
    expect(pageRange(40, 5, 45)).toEqual({ from: 41, to: 45, total: 45 });
    expect(pageRange(0, 0, 0)).toEqual({ from: 0, to: 0, total: 0 });
    const taken = fromChatFilters(
      { ...initialExplore, q: "x", offset: 20 },
      { platform: ["youtube"], dateTo: "2025-12-31" },
    );
    expect(taken).toMatchObject({
      q: "x",
      platform: ["youtube"],
      source: [],
      dateTo: "2025-12-31",
      offset: 0,
    });
  });
});

describe("the cleaning report", () => {
  const clean = {
    read: 10,
    kept: 6,
    dropped: 4,
    reasons: {
      empty: 0,
      too_short: 3,
      exact_duplicate: 1,
      near_duplicate: 0,
      language: 0,
      noise: 0,
      invalid: 0,
    },
    examples: { too_short: [{ id: "a", line: 2, text: "scurt" }] },
    changes: { cedilla: 4, whitespace: 2, urls: 5 },
  } as unknown as CleanView;

  it("has a row per reason, zeros included, with its share and examples", () => {
    const rows = reasonRows(clean);
    expect(rows.map((r) => r.reason)).toEqual([
      "empty",
      "too_short",
      "exact_duplicate",
      "near_duplicate",
      "removed",
      "language",
      "noise",
      "invalid",
    ]);
    expect(rows[1]).toEqual({
      reason: "too_short",
      count: 3,
      share: 0.3,
      examples: [{ id: "a", line: 2, text: "scurt" }],
    });
    // A job recorded before the removal ledger has no `removed` count: a row of none, not NaN.
    expect(rows[4]).toEqual({ reason: "removed", count: 0, share: 0, examples: [] });
    expect(otherChanges(clean)).toEqual([
      { rule: "urls", count: 5 },
      { rule: "whitespace", count: 2 },
    ]);
  });

  it("names every change rule and skip reason the server sends, in both languages, and passes an unknown code through", () => {
    const skips: SkipReason[] = ["csv_malformed", "json_malformed", "not_object", "empty_text"];
    for (const [kind, codes] of [
      ["change", CHANGE_RULES],
      ["skip", skips],
    ] as const) {
      for (const code of codes) {
        const key = codeKey(kind, code);
        expect(key, code).toBeDefined();
        for (const lang of ["ro", "en"] as const)
          expect(translate(lang, key!).length, code).toBeGreaterThan(2);
      }
    }
    expect(codeKey("skip", "text_too_long")).toBeUndefined();
    expect(codeKey("change", "toString")).toBeUndefined();
    expect(translate("en", codeKey("skip", "empty_text")!)).toBe("empty text");
  });

  it("marks the words that make a near-duplicate near, ignoring case and punctuation", () => {
    const diff = wordDiff(
      "Guvernul a anunțat bugetul, azi.",
      "Știre: guvernul a anunțat BUGETUL azi (actualizat)",
    );
    expect(diff.a.filter((p) => p.differs)).toEqual([]);
    expect(diff.b.filter((p) => p.differs).map((p) => p.text)).toEqual(["Știre:", "(actualizat)"]);
    expect(diff.b.map((p) => p.text).join("")).toBe("Știre: guvernul a anunțat BUGETUL azi (actualizat)");
    const changed = wordDiff("şi ţara", "și țara");
    expect(changed.a.filter((p) => p.differs).map((p) => p.text)).toEqual(["şi ţara"]);
  });
});

describe("the overview's charts", () => {
  const counts = (n: number, negativ: number, populism: number, topics = {}) => ({
    ...emptyCounts(),
    n,
    negativ,
    neutru: n - negativ,
    populism,
    topics,
  });
  const annotations: AnnotationOverview = {
    kind: "lexicon",
    model: "offline:lexicon",
    all: counts(40, 12, 4, { pensii: 20, taxe: 10 }),
    bySource: [
      { source: "Mare", ...counts(30, 6, 1, { pensii: 15, taxe: 3 }) },
      { source: "Mică", ...counts(8, 6, 3, { taxe: 7 }) },
      { source: "Minusculă", ...counts(2, 2, 2) },
    ],
    byMonth: [
      { month: "2025-01", ...counts(20, 2, 0) },
      { month: "2025-02", ...counts(20, 10, 4) },
    ],
    sourceMonths: [
      {
        source: "Mică",
        months: [
          { month: "2025-01", n: 4, negativ: 1, populism: 0 },
          { month: "2025-02", n: 4, negativ: 4, populism: 3 },
        ],
      },
    ],
  };

  it("ranks sources with enough documents by their negative or populist share", () => {
    expect(defaultMinDocs(annotations)).toBe(1);
    expect(rankSources(annotations, "negativ", 5).map((s) => s.source)).toEqual(["Mică", "Mare"]);
    expect(rankSources(annotations, "populism", 1).map((s) => [s.source, s.populism])).toEqual([
      ["Minusculă", 1],
      ["Mică", 0.375],
      ["Mare", 1 / 30],
    ]);
  });

  it("draws counts as bars (the rest summed apart) and columns scaled to the largest", () => {
    const bars = countBars(
      [
        { value: "a", count: 10 },
        { value: "b", count: 5 },
        { value: "c", count: 2 },
        { value: "d", count: 1 },
      ],
      2,
    );
    // The rest is counted apart, not drawn on the named bars' scale.
    expect(bars).toEqual({
      rows: [
        { label: "a", value: 10, share: 1 },
        { label: "b", value: 5, share: 0.5 },
      ],
      rest: { items: 2, documents: 3 },
    });
    const fewLarge = countBars([{ value: "a", count: 4 }, ...Array(30).fill({ value: "z", count: 2 })], 1);
    expect(fewLarge.rows[0]!.share).toBe(1);
    expect(fewLarge.rest).toEqual({ items: 30, documents: 60 });
    expect(
      columns(
        [
          { label: "x", value: 2 },
          { label: "y", value: 4 },
        ],
        100,
        50,
      ).map((c) => c.height),
    ).toEqual([25, 50]);
  });

  it("stacks each month's tones and finds since when a source is more negative than the corpus", () => {
    expect(monthTones(annotations.byMonth)[1]).toMatchObject({
      month: "2025-02",
      parts: [
        { tone: "negativ", share: 0.5 },
        { tone: "neutru", share: 0.5 },
        { tone: "pozitiv", share: 0 },
      ],
      populism: 0.2,
    });
    const [row] = sinceWhen(annotations, 1, 3);
    expect(row!.negativ.map((p) => p.value)).toEqual([0.25, 1]);
    expect(row!.negativeSince).toBe("2025-02");
    expect(shareWindow(annotations, 5)).toBe(3);
    expect(
      sparkline(
        [
          { month: "a", value: 0 },
          { month: "b", value: null },
          { month: "c", value: 1 },
        ],
        100,
        10,
      ),
    ).toBe("M0 10M100 0");
  });

  it("shows each large source's share of the most frequent topics", () => {
    const matrix = topicMatrix(annotations, 2, 2);
    expect(matrix.topics).toEqual(["pensii", "taxe"]);
    expect(matrix.rows).toEqual([
      { source: "Mare", n: 30, cells: [0.5, 0.1] },
      { source: "Mică", n: 8, cells: [0, 0.875] },
    ]);
  });
});
