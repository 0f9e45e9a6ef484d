// Counts on the chat and corpus pages take the noun's form (contract/plural.ts): Romanian "de" from 20 up ("20 de
// pasaje", "397 de pasaje", but "19 pasaje", "101 pasaje"), the singular with 1 ("1 afirmație") and a verb that agrees
// with 1 ("1 document ... a primit"); English "1 of 1 claim". Rendered without a browser.
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Annotation } from "../../contract/annotation";
import type { CorpusResponse } from "../../contract/api";
import type { Source } from "../../contract/corpus";
import type { CorpusImportRecord, IndexView } from "../../contract/corpusPage";
import type { Grounding } from "../../contract/grounding";
import { agreeing } from "../../contract/plural";
import { GroundingSummary } from "../../client/src/components/AnswerQuality";
import { CleanReport } from "../../client/src/components/corpus/CleanReport";
import { UndatedNote } from "../../client/src/components/corpus/Overview";
import { EchoChart } from "../../client/src/components/EchoChart";
import { FilterFields, SettingsPanel } from "../../client/src/components/SettingsPanel";
import { Starters } from "../../client/src/components/Starters";
import { StepList } from "../../client/src/components/StepList";
import { messagesRo, translate, type Lang } from "../../client/src/i18n";
import { I18nProvider } from "../../client/src/i18nContext";
import { countOf, NOUNS } from "../../client/src/plural";
import { ReviewProvider } from "../../client/src/review";
import type { AssistantMessage } from "../../client/src/state/messages";

function render(node: ReactElement, lang: Lang): string {
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => (key === "echochamber.lang" ? lang : null),
    setItem: () => {},
  });
  return renderToStaticMarkup(
    <I18nProvider>
      <ReviewProvider>{node}</ReviewProvider>
    </I18nProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

/** The text of an element by its data-testid, tags removed. */
function textOf(html: string, testId: string): string | undefined {
  const at = html.indexOf(`data-testid="${testId}"`);
  if (at < 0) return undefined;
  const open = html.lastIndexOf("<", at);
  const tag = /^<(\w+)/.exec(html.slice(open))![1]!;
  const close = html.indexOf(`</${tag}>`, at);
  return html
    .slice(html.indexOf(">", at) + 1, close)
    .replace(/<[^>]*>/g, "")
    .replace(/&#x27;/g, "'");
}

const corpus = (chunks: number, sources = 0): CorpusResponse => ({
  chunks,
  embedder: "offline:hash",
  platforms: [{ value: "stiri", count: chunks }],
  sources: Array.from({ length: sources }, (_, i) => ({ value: `sursa-${i}`, count: 1 })),
  dateMin: null,
  dateMax: null,
});

describe("the first chat screen's corpus line", () => {
  const line = (chunks: number, lang: Lang) =>
    textOf(
      render(<Starters onPick={() => undefined} disabled={false} corpus={corpus(chunks)} />, lang),
      "corpus-summary",
    );

  it("says the shipped corpus's passages with 'de' in Romanian and grouped as the language groups", () => {
    expect(line(397, "ro")).toBe("Corpus: 397 de pasaje din Știri");
    expect(line(19, "ro")).toBe("Corpus: 19 pasaje din Știri");
    expect(line(101, "ro")).toBe("Corpus: 101 pasaje din Știri");
    expect(line(1, "ro")).toBe("Corpus: 1 pasaj din Știri");
    expect(line(9888, "ro")).toBe("Corpus: 9.888 de pasaje din Știri");
    expect(line(397, "en")).toBe("Corpus: 397 passages from News");
    expect(line(1, "en")).toBe("Corpus: 1 passage from News");
  });
});

describe("an answer's steps", () => {
  const steps = (detail: string, lang: Lang, done = 1) =>
    render(
      <StepList
        steps={[
          { key: "retrieve-0", name: "retrieve", state: "done", ms: 12, detail },
          ...Array.from({ length: done - 1 }, (_, i) => ({
            key: `answer-${i}`,
            name: "answer" as const,
            state: "done" as const,
          })),
        ]}
        live={false}
      />,
      lang,
    );

  it("say the passages found with the noun's form", () => {
    expect(steps("20/20", "ro")).toContain("20 de pasaje găsite (top-k 20)");
    expect(steps("5/20", "ro")).toContain("5 pasaje găsite (top-k 20)");
    expect(steps("1/5", "ro")).toContain("1 pasaj găsit (top-k 5)");
    expect(steps("20", "ro")).toContain("20 de pasaje");
    expect(steps("1/5", "en")).toContain("1 passage found (top-k 5)");
    expect(steps("20/20", "en")).toContain("20 passages found (top-k 20)");
  });

  it("count the steps with the noun's form", () => {
    expect(textOf(steps("5/5", "ro", 1), "steps-summary")).toContain("1 pas");
    expect(textOf(steps("5/5", "ro", 1), "steps-summary")).not.toContain("1 pași");
    expect(textOf(steps("5/5", "ro", 3), "steps-summary")).toContain("3 pași");
    expect(textOf(steps("5/5", "en", 1), "steps-summary")).toContain("1 step");
    expect(textOf(steps("5/5", "en", 1), "steps-summary")).not.toContain("1 steps");
  });
});

describe("the echo chart", () => {
  const annotation = (ton: Annotation["ton"]): Annotation => ({
    ton,
    populism: false,
    anti_elitism: false,
    popor_central: false,
    tema: "taxe",
    tinta: "",
    incredere: 0.7,
    justificare: "x",
  });
  /** An answer with `negative` negative passages, the others neutral, every one annotated. */
  const chart = (passages: number, negative: number, lang: Lang) => {
    const sources = Array.from({ length: passages }, (_, i): Source => ({
      id: `d${i}#0`,
      docId: `d${i}`,
      text: "Text.",
      score: 1,
      meta: { source: `Sursa ${i}`, platform: "stiri", date: "2025-01-01", url: "" },
    }));
    const message: AssistantMessage = {
      role: "assistant",
      id: "m1",
      replyTo: "u1",
      text: "Răspuns.",
      replacedCount: 0,
      steps: [],
      sources,
      sourceAnnotations: Object.fromEntries(
        sources.map((s, i) => [s.id, { annotation: annotation(i < negative ? "negativ" : "neutru") }]),
      ),
      status: "done",
      stopRequested: false,
      fallbacks: [],
    };
    return render(<EchoChart message={message} question={{ annotation: annotation("negativ") }} />, lang);
  };

  it("says how many passages were annotated with 'de' from 20 up", () => {
    expect(chart(20, 6, "ro")).toContain("20 din 20 de pasaje adnotate");
    expect(chart(5, 1, "ro")).toContain("5 din 5 pasaje adnotate");
    expect(chart(20, 6, "en")).toContain("20 of 20 passages annotated");
  });

  it("says how many share the question's tone, the verb agreeing with one", () => {
    expect(textOf(chart(20, 6, "ro"), "echo-same-tone")).toBe(
      "6 din 20 de pasaje au același ton ca întrebarea (negativ). ",
    );
    expect(textOf(chart(20, 1, "ro"), "echo-same-tone")).toBe(
      "1 din 20 de pasaje are același ton ca întrebarea (negativ). ",
    );
    expect(textOf(chart(20, 6, "en"), "echo-same-tone")).toBe(
      "6 of 20 passages share the question's tone (negative). ",
    );
    expect(textOf(chart(3, 1, "en"), "echo-same-tone")).toBe(
      "1 of 3 passages shares the question's tone (negative). ",
    );
  });
});

describe("the grounding line", () => {
  const grounding = (claims: number, unsupported: number): Grounding => ({
    score: claims ? (claims - unsupported) / claims : 1,
    invalidCitations: [],
    unsupported: Array.from({ length: unsupported }, () => ({
      sentence: "Ceva.",
      kind: "no_citation" as const,
      reason: "afirmație fără citare",
    })),
    claims,
    method: "lexical",
  });
  const line = (claims: number, unsupported: number, lang: Lang) =>
    textOf(
      render(<GroundingSummary grounding={grounding(claims, unsupported)} />, lang),
      "grounding-summary",
    );

  it("puts the claims in the singular for one and with 'de' from 20 up", () => {
    expect(line(1, 0, "ro")).toContain("1 din 1 afirmație susținută de sursele citate");
    expect(line(4, 3, "ro")).toContain("1 din 4 afirmații susținute de sursele citate");
    expect(line(20, 0, "ro")).toContain("20 din 20 de afirmații susținute de sursele citate");
    expect(line(1, 0, "en")).toContain("1 of 1 claim supported by the cited sources");
    expect(line(4, 3, "en")).toContain("1 of 4 claims supported by the cited sources");
  });
});

describe("the settings' filters", () => {
  it("count the active filters and the chosen sources with the noun's form", () => {
    const settings = (filters: NonNullable<Parameters<typeof FilterFields>[0]["filters"]>, lang: Lang) =>
      textOf(
        render(
          <SettingsPanel
            models={undefined}
            modelsError={false}
            corpus={corpus(100)}
            value={{ filters }}
            onChange={() => undefined}
          />,
          lang,
        ),
        "filter-count",
      );
    expect(settings({ platform: ["stiri"] }, "ro")).toBe("1 filtru");
    expect(settings({ platform: ["stiri"], dateFrom: "2024-01-01" }, "ro")).toBe("2 filtre");
    expect(settings({ platform: ["stiri"] }, "en")).toBe("1 filter");

    const chosen = (n: number, lang: Lang) =>
      render(
        <FilterFields
          corpus={corpus(100, 30)}
          filters={{ source: Array.from({ length: n }, (_, i) => `sursa-${i}`) }}
          onChange={() => undefined}
        />,
        lang,
      );
    expect(chosen(1, "ro")).toContain(" · 1 sursă aleasă");
    expect(chosen(20, "ro")).toContain(" · 20 de surse alese");
    expect(chosen(3, "en")).toContain(" · 3 selected");
  });
});

describe("the corpus page", () => {
  const index: IndexView = {
    documents: 397,
    chunks: 9888,
    added: 9888,
    changed: 1,
    removed: 0,
    embedded: 9888,
    reused: 397,
    ms: 1000,
    rebuilt: true,
  };
  const record = (undated: number, kept = 25, dropped = 5): CorpusImportRecord => ({
    id: "i1",
    jobId: "j1",
    op: "import",
    collection: "jurnal",
    status: "done",
    createdAt: "2026-12-06T10:00:00.000Z",
    finishedAt: "2026-12-06T10:00:05.000Z",
    clean: {
      read: kept + dropped,
      kept,
      dropped,
      reasons: {
        empty: 0,
        too_short: dropped,
        exact_duplicate: 0,
        near_duplicate: 0,
        removed: 0,
        language: 0,
        noise: 0,
        invalid: 0,
      },
      byLanguage: {},
      examples: {},
      clusters: [],
      diacritics: { fixed: 0, examples: [] },
      changes: {},
      corpus: { read: kept + dropped, kept, dropped },
      undated,
    },
    index,
  });

  it("says the index line's documents and vectors with their nouns, 'de' from 20 up", () => {
    expect(render(<CleanReport record={record(0)} />, "ro")).toContain(
      "Index: 397 de documente, 9.888 de fragmente; 9.888 de documente noi, 1 document modificat, 0 documente eliminate; 9.888 de vectori calculați, 397 de vectori refolosiți.",
    );
    expect(render(<CleanReport record={record(0)} />, "en")).toContain(
      "Index: 397 documents, 9,888 chunks; 9,888 new, 1 changed, 0 removed; 9,888 vectors computed, 397 reused.",
    );
  });

  it("makes the verb agree with one undated document", () => {
    const undated = (n: number, lang: Lang) =>
      textOf(render(<CleanReport record={record(n)} />, lang), "corpus-report-undated");
    expect(undated(1, "ro")).toBe(
      "1 document fără dată: data importului îi ține doar locul, așa că nu apare în intervalul de date, în cronologie și nici la filtrele de dată.",
    );
    expect(undated(20, "ro")).toBe(
      "20 de documente fără dată: data importului le ține doar locul, așa că nu apar în intervalul de date, în cronologie și nici la filtrele de dată.",
    );
    expect(undated(1, "en")).toBe(
      "1 document without a date: the import day only stands in for its date, so it is left out of the date range, the timeline and date filters.",
    );
    const note = (n: number) =>
      render(<UndatedNote count={n} text="corpus.overview.undatedMonths" testId="note" />, "ro");
    expect(note(1)).toContain(
      "În afara lunilor: 1 document fără dată, căruia data importului îi ține doar locul.",
    );
    expect(note(2)).toContain(
      "În afara lunilor: 2 documente fără dată, cărora data importului le ține doar locul.",
    );
  });

  it("says one kept or dropped record without a plural participle", () => {
    const ro = render(<CleanReport record={record(0, 1, 1)} />, "ro");
    expect(ro).toContain("Păstrate: 1 din 2 înregistrări · eliminate: 1");
    expect(ro).not.toMatch(/1 eliminate|1 păstrate/);
    expect(render(<CleanReport record={record(0, 25, 5)} />, "ro")).toContain(
      "Tot corpusul importat, după curățare — păstrate: 25 din 30 de înregistrări.",
    );
    expect(render(<CleanReport record={record(0, 25, 5)} />, "en")).toContain(
      "Kept: 25 of 30 records · dropped: 5",
    );
  });

  it("asks before a rebuild with the vectors counted, 'de' from 20 up", () => {
    const ask = (n: number, lang: Lang) =>
      translate(lang, "corpus.index.confirmRebuild", { chunks: countOf(n, NOUNS.vector, lang) });
    expect(ask(397, "ro")).toBe(
      "Reconstruiți indexul de la zero? Toți vectorii se calculează din nou (397 de vectori); până la final conversația folosește indexul de acum.",
    );
    expect(ask(1, "ro")).toContain("(1 vector)");
    expect(ask(1, "en")).toContain("All vectors are computed again (1 vector);");
  });

  it("says the share's window of one month in the singular", () => {
    const window = (n: number, lang: Lang) =>
      translate(lang, agreeing(n, ["corpus.overview.windowOne", "corpus.overview.window"] as const, lang), {
        n,
      });
    expect(window(1, "ro")).toMatch(/^Fiecare punct: ponderea în luna sa /);
    expect(window(3, "ro")).toMatch(/^Fiecare punct: ponderea în ultimele 3 luni /);
    expect(window(1, "en")).toMatch(/^Each point: the share in its month /);
  });
});

describe("the dictionaries", () => {
  it("leave no Romanian text with a bare number before a plural noun of the chat or the corpus", () => {
    // "{n} pasaje" reads "20 pasaje" for 20 and "1 pasaje" for 1: such counts go through countOf.
    const nouns =
      /\{\w+\} (pasaje|afirmații|vectori|documente|fragmente|pași|filtre|alese|propoziții|reeșantionări|preferințe|persoane|noi|refolosiți)\b/;
    const bare = Object.entries(messagesRo).filter(([, text]) => nouns.test(text));
    expect(bare).toEqual([]);
  });
});
