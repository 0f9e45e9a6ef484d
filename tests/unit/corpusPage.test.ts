// The corpus page's pure pieces on the server: the overview's tallies, full-text queries and highlights, the clean
// report as the page shows it, a corpus job's progress, feed addresses and the importer's details in English.
import { describe, expect, it, vi } from "vitest";
import type { CleanReport } from "../../corpus/pipeline/clean";
import { CorpusCounts, LabelTally } from "../../server/corpus/catalog/overview";
import { ftsQuery, HIT_CLOSE, HIT_OPEN, leadSegment, markedSegments } from "../../server/corpus/catalog/fts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ImportError } from "../../corpus/pipeline/import/errors";
import { previewCorpusFile } from "../../server/corpus/preview";
import { corpusError } from "../../server/corpus/errors";
import { feedFileName, feedUrl } from "../../server/corpus/feed";
import { CorpusJobProgress } from "../../server/corpus/progress";
import { indexProgress } from "../../server/corpus/worker/pipeline";
import { cleanView } from "../../server/corpus/reportViews";
import { parseRunOption } from "../../server/corpus/runOverview";
import { formatMessage } from "../../contract/errors";
import { CLEAN_REASONS } from "../../contract/corpusPage";
import {
  CLEAN_REASON_HEADINGS,
  DROP_REASON_LABELS,
  DROP_REASONS,
  ROW_OF_REASON,
} from "../../contract/dropReasons";
import { corpusEn, corpusRo } from "../../client/src/i18nCorpus";

describe("overview tallies", () => {
  it("counts documents by platform, source (with its main platform), month and length bucket", () => {
    const counts = new CorpusCounts();
    counts.add({ source: "A", platform: "facebook", date: "2025-03-01", chars: 30 });
    counts.add({ source: "A", platform: "facebook", date: "2025-03-20", chars: 120 });
    counts.add({ source: "A", platform: "forum", date: "2025-04-02T10:00:00Z", chars: 6000 });
    counts.add({ source: "B", platform: "rss", date: "2024-12-31", chars: 50 });
    const result = counts.result();
    expect(result.documents).toBe(4);
    expect(result.dateMin).toBe("2024-12-31");
    expect(result.dateMax).toBe("2025-04-02");
    expect(result.byPlatform).toEqual([
      { value: "facebook", count: 2 },
      { value: "forum", count: 1 },
      { value: "rss", count: 1 },
    ]);
    expect(result.bySource).toEqual([
      { value: "A", count: 3, platform: "facebook" },
      { value: "B", count: 1, platform: "rss" },
    ]);
    expect(result.byMonth).toEqual([
      { month: "2024-12", count: 1 },
      { month: "2025-03", count: 2 },
      { month: "2025-04", count: 1 },
    ]);
    const bucket = (min: number) => result.lengths.find((b) => b.min === min)!.count;
    expect([bucket(0), bucket(50), bucket(100), bucket(5000)]).toEqual([1, 1, 1, 1]);
    expect(result.lengths.at(-1)).toMatchObject({ min: 5000, max: null });
  });

  it("tallies tone, populism and topics per source and per month, and each source's months", () => {
    const tally = new LabelTally("lexicon", "offline:lexicon");
    const labels = (ton: string, populism: boolean, tema = "pensii") => ({
      ton,
      populism,
      anti_elitism: populism,
      popor_central: populism,
      tema,
    });
    tally.add({ source: "A", date: "2025-01-05" }, labels("negativ", true));
    tally.add({ source: "A", date: "2025-02-05" }, labels("negativ", false, "taxe"));
    tally.add({ source: "B", date: "2025-02-06" }, labels("pozitiv", false));
    tally.add({ source: "B", date: "2025-02-07" }, labels("nu-e-un-ton", false, "nu-e-o-tema"));
    const result = tally.result();
    expect(result.all).toMatchObject({ n: 4, negativ: 2, pozitiv: 1, neutru: 0, populism: 1 });
    expect(result.all.topics).toEqual({ pensii: 2, taxe: 1 });
    expect(result.bySource.map((s) => [s.source, s.n, s.negativ])).toEqual([
      ["A", 2, 2],
      ["B", 2, 0],
    ]);
    expect(result.byMonth.map((m) => [m.month, m.n, m.populism])).toEqual([
      ["2025-01", 1, 1],
      ["2025-02", 3, 0],
    ]);
    expect(result.sourceMonths[0]).toEqual({
      source: "A",
      months: [
        { month: "2025-01", n: 1, negativ: 1, populism: 1 },
        { month: "2025-02", n: 1, negativ: 1, populism: 0 },
      ],
    });
  });
});

describe("full-text search", () => {
  it("turns words into prefix terms of their stems and keeps quoted phrases", () => {
    expect(ftsQuery("pensiile magistraților")).toBe('"pens"* AND "magistrat"*');
    expect(ftsQuery('"pensii speciale" Guvernul')).toBe('"pensii speciale" AND "guvern"*');
    // Function words go, unless nothing else is left; punctuation and FTS5 syntax are only separators.
    expect(ftsQuery("din și școală")).toBe('"scoal"*');
    expect(ftsQuery("și")).toBe('"si"*');
    expect(ftsQuery('NOT "" AND * ( ) :')).toBe('"not"* AND "and"*');
    expect(ftsQuery("  !!! ")).toBeNull();
  });

  it("keeps phrases in Romanian and typographic quotes too, as the search field's hint writes them", () => {
    expect(ftsQuery("„pensii speciale” Guvernul")).toBe('"pensii speciale" AND "guvern"*');
    expect(ftsQuery("“pensii speciale”")).toBe('"pensii speciale"');
    expect(ftsQuery("«pensii speciale» guvern")).toBe('"pensii speciale" AND "guvern"*');
  });

  it("turns highlighted text into segments, and cuts a lead at a word", () => {
    expect(markedSegments(`a ${HIT_OPEN}b${HIT_CLOSE} c ${HIT_OPEN}d${HIT_CLOSE}`)).toEqual([
      { text: "a " },
      { text: "b", hit: true },
      { text: " c " },
      { text: "d", hit: true },
    ]);
    expect(markedSegments("fără nimic")).toEqual([{ text: "fără nimic" }]);
    expect(leadSegment("unu doi trei patru cinci", 12)).toEqual([{ text: "unu doi trei…" }]);
    expect(leadSegment("scurt", 12)).toEqual([{ text: "scurt" }]);
  });
});

describe("the clean report as the page shows it", () => {
  const zero = {
    invalid_json: 0,
    invalid_record: 0,
    empty: 0,
    no_words: 0,
    too_short: 0,
    exact_duplicate: 0,
    near_duplicate: 0,
    language: 0,
  };
  const report = {
    totals: { read: 20, kept: 12, dropped: 8, changed: 3 },
    files: [
      {
        name: "nou",
        read: 10,
        kept: 4,
        dropped: 6,
        droppedBy: {
          ...zero,
          invalid_json: 1,
          invalid_record: 1,
          no_words: 1,
          language: 2,
          near_duplicate: 1,
        },
        droppedByLanguage: { eng: 2 },
        changes: { cedilla: 3, nfc: 1, whitespace: 0 },
      },
    ],
    details: {
      nou: {
        examples: {
          invalid_json: [{ id: "x", line: 2, text: "{" }],
          invalid_record: [{ id: "y", line: 3, text: "?" }],
          no_words: [{ id: "z", line: 4, text: "!!!" }],
        },
        clusters: [
          {
            keptId: "k",
            kept: { file: "vechi", text: "Textul păstrat" },
            dropped: [{ id: "d", line: 9, text: "Textul păstrat!" }],
          },
        ],
        changeExamples: { cedilla: [{ id: "c", before: "şi", after: "și" }] },
      },
    },
  } as unknown as CleanReport;

  it("groups the reasons (noise, invalid), keeps examples and clusters, and counts the diacritics fixed", () => {
    const view = cleanView(report, "nou");
    expect(view.reasons).toEqual({
      empty: 0,
      too_short: 0,
      exact_duplicate: 0,
      near_duplicate: 1,
      removed: 0,
      language: 2,
      noise: 1,
      invalid: 2,
    });
    expect(view.examples.invalid?.map((e) => e.id)).toEqual(["x", "y"]);
    expect(view.clusters).toEqual([
      {
        kept: { id: "k", collection: "vechi", text: "Textul păstrat" },
        dropped: [{ id: "d", line: 9, text: "Textul păstrat!" }],
      },
    ]);
    expect(view.diacritics).toEqual({ fixed: 3, examples: [{ id: "c", before: "şi", after: "și" }] });
    expect(view.changes).toEqual({ cedilla: 3, nfc: 1 });
    expect(view.corpus).toEqual({ read: 20, kept: 12, dropped: 8 });
  });

  it("gives zeros for a collection the clean step did not see", () => {
    const view = cleanView(report, "alta");
    expect(view).toMatchObject({
      read: 0,
      kept: 0,
      dropped: 0,
      clusters: [],
      diacritics: { fixed: 0, examples: [] },
    });
  });
});

describe("the names of the clean step's reasons: one table for the server and the page", () => {
  it("names every reason in a sentence and every row of the page, in both languages, as before", () => {
    expect(DROP_REASON_LABELS.ro).toEqual({
      invalid_json: "linie JSON invalidă",
      invalid_record: "înregistrare fără câmpurile cerute",
      empty: "text gol după curățare",
      no_words: "text fără cuvinte",
      too_short: "text prea scurt",
      exact_duplicate: "duplicat exact",
      near_duplicate: "aproape-duplicat",
      removed: "text șters anterior din corpus",
      language: "altă limbă",
    });
    expect(DROP_REASON_LABELS.en).toEqual({
      invalid_json: "invalid JSON line",
      invalid_record: "record without the required fields",
      empty: "text empty after cleaning",
      no_words: "text without words",
      too_short: "text too short",
      exact_duplicate: "exact duplicate",
      near_duplicate: "near-duplicate",
      removed: "text removed earlier from the corpus",
      language: "another language",
    });
    expect(Object.keys(ROW_OF_REASON).sort()).toEqual([...DROP_REASONS].sort());
    expect(new Set(Object.values(ROW_OF_REASON))).toEqual(new Set(CLEAN_REASONS));
    for (const row of CLEAN_REASONS) {
      expect(corpusRo[`corpus.report.reason.${row}`]).toBe(CLEAN_REASON_HEADINGS.ro[row]);
      expect(corpusEn[`corpus.report.reason.${row}`]).toBe(CLEAN_REASON_HEADINGS.en[row]);
    }
    expect(corpusRo["corpus.report.reason.language"]).toBe("Nu e în română");
    expect(corpusEn["corpus.report.reason.noise"]).toBe("Noise (no words)");
    expect(corpusRo["corpus.report.reason.removed"]).toBe("Șters anterior");
    expect(corpusEn["corpus.report.reason.removed"]).toBe("Removed earlier");
  });
});

describe("a corpus job's progress", () => {
  it("has a bar per stage and a whole that is their mean", () => {
    const progress = new CorpusJobProgress();
    expect(progress.snapshot()).toMatchObject({ total: 1000, done: 0, etaS: null });
    progress.set("import", 50, 100);
    progress.set("clean", 1, 1);
    const snapshot = progress.snapshot();
    expect(snapshot.stages).toEqual([
      { name: "import", done: 50, total: 100 },
      { name: "clean", done: 1, total: 1 },
      { name: "index", done: 0, total: 0 },
      { name: "annotate", done: 0, total: 0 },
    ]);
    expect(snapshot.done).toBe(375);
    progress.set("index", 500, 400);
    expect(progress.snapshot().stages?.[2]).toEqual({ name: "index", done: 400, total: 400 });
    progress.finishAll();
    expect(progress.snapshot()).toMatchObject({ done: 1000, etaS: null });
  });

  it("moves the index stage while the build reads the corpus, before anything is embedded or inserted", () => {
    const seen: [number, number][] = [];
    const report = indexProgress({ progress: (_stage, done, total) => seen.push([done, total]) });
    report(0, 50_000, "read");
    report(25_000, 50_000, "read");
    report(50_000, 50_000, "read");
    // The read is the first fifth of the stage.
    expect(seen).toEqual([
      [0, 1000],
      [100, 1000],
      [200, 1000],
    ]);
    report(0, 2, "embed");
    report(2, 2, "embed");
    report(1, 2, "graph");
    report(2, 2, "graph");
    expect(seen.slice(3)).toEqual([
      [200, 1000],
      [400, 1000],
      [700, 1000],
      [1000, 1000],
    ]);
  });

  it("counts its time left down while no progress comes, then says it does not know, instead of a frozen figure", () => {
    vi.useFakeTimers();
    try {
      const progress = new CorpusJobProgress();
      vi.advanceTimersByTime(10_000);
      progress.set("import", 1, 1);
      progress.set("clean", 1, 1);
      // Half done in 10 s: 10 s left.
      expect(progress.snapshot().etaS).toBe(10);
      vi.advanceTimersByTime(4_000);
      expect(progress.snapshot().etaS).toBe(6);
      vi.advanceTimersByTime(8_000);
      expect(progress.snapshot().etaS).toBeNull();
      // Progress again: a new estimate from the whole time so far (22 s for 5/8).
      progress.set("index", 1, 2);
      expect(progress.snapshot().etaS).toBe(13);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("feeds, runs and errors", () => {
  it("accepts only http(s) addresses and names a fetched feed by host and path", () => {
    expect(feedUrl(" https://exemplu.ro/rss ").href).toBe("https://exemplu.ro/rss");
    expect(() => feedUrl("ftp://exemplu.ro/x")).toThrow();
    expect(() => feedUrl("nu e o adresă")).toThrow();
    expect(feedFileName(new URL("https://www.gazeta.ro/feed/stiri.rss?x=1"))).toBe("www.gazeta.ro-stiri.xml");
    expect(feedFileName(new URL("http://exemplu.ro/"))).toBe("exemplu.ro.xml");
  });

  it("reads the overview's choice of a run", () => {
    expect(parseRunOption("run:abc-1/2")).toEqual({ runId: "abc-1", modelIndex: 2 });
    expect(parseRunOption("run:abc")).toEqual({ runId: "abc", modelIndex: 0 });
    expect(parseRunOption("lexicon")).toBeNull();
  });

  it("turns the importer's errors into the app's, with the details in English", () => {
    const binary = new ImportError("import:binary", { file: "a.csv" }, { detail: { code: "nul_bytes" } });
    const error = corpusError(binary.code, binary.params);
    expect(error.code).toBe("corpus:binary");
    expect(formatMessage(error.code, "en", error.params)).toContain("(it holds NUL bytes)");
    expect(formatMessage(error.code, "ro", error.params)).toContain("(conține octeți NUL)");
    // A failure recorded before the details had codes has only the Romanian: it stands in for the English.
    const old = corpusError("import:no_records", { file: "a.csv", detail: "nicio înregistrare găsită" });
    expect(old.params.detailEn).toBe("nicio înregistrare găsită");
    expect(corpusError("clean:no_raw", {}).code).toBe("internal");
    expect(corpusError("corpus:feed_http", { host: "h", status: 500 }).code).toBe("corpus:feed_http");
  });

  it("describes a previewed file's format in both languages: the English page shows no Romanian", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-preview-"));
    try {
      const write = (name: string, content: string) => {
        writeFileSync(path.join(dir, name), content);
        return path.join(dir, name);
      };
      const semicolon = await previewCorpusFile(
        write("a.csv", "id;text\n1;Primul comentariu despre pensii\n2;Al doilea comentariu despre școli\n"),
        "a.csv",
      );
      expect(semicolon.formatDetail).toBe("delimitator punct și virgulă, cu antet");
      expect(semicolon.formatDetailEn).toBe("semicolon-delimited, with a header");
      const comma = await previewCorpusFile(
        write("b.csv", "id,text\n1,Primul comentariu despre pensii\n2,Al doilea comentariu despre școli\n"),
        "b.csv",
      );
      expect(comma.formatDetailEn).toBe("comma-delimited, with a header");
      const jsonl = await previewCorpusFile(
        write("c.jsonl", '{"text":"Primul comentariu"}\n{"text":"Al doilea comentariu"}\n'),
        "c.jsonl",
      );
      expect(jsonl.formatDetail).toBe("un obiect pe linie");
      expect(jsonl.formatDetailEn).toBe("one object per line");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
