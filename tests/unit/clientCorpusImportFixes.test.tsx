// The corpus page after a researcher's own files, rendered without a browser in both languages: the preview's
// skipped lines and each row's platform, the platform hint when a column gives it, the sources chart's rest as a line
// under it, the collections table's true count of sources, and the document panel's annotation note.
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CorpusPreview, CorpusStatus } from "../../contract/corpusPage";
import type { CorpusDocument } from "../../contract/corpusExplore";
import { HBars } from "../../client/src/components/corpus/Charts";
import { Collections } from "../../client/src/components/corpus/Collections";
import { DocumentAnnotation } from "../../client/src/components/corpus/DocumentPane";
import {
  PlatformHint,
  PreviewFormat,
  PreviewSkipped,
  PreviewTable,
  PreviewWarnings,
} from "../../client/src/components/corpus/ImportPreview";
import { I18nProvider } from "../../client/src/i18nContext";
import { NOUNS } from "../../client/src/plural";
import { ReviewProvider } from "../../client/src/review";
import { countBars } from "../../client/src/state/corpusCharts";

function render(node: ReactElement, lang: "ro" | "en"): string {
  const stored = (key: string) => (key === "echochamber.lang" ? lang : null);
  vi.stubGlobal("localStorage", { getItem: stored, setItem: () => {} });
  return renderToStaticMarkup(
    <I18nProvider>
      <ReviewProvider>{node}</ReviewProvider>
    </I18nProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

/** Text without markup, entities decoded as the page shows them. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

const PREVIEW: CorpusPreview = {
  uploadId: "u1",
  fileName: "broken.csv",
  bytes: 500,
  format: "csv",
  formatDetail: "",
  encoding: "utf-8",
  encodingMethod: "bom",
  tabular: true,
  columns: ["text", "platform"],
  rows: [
    { text: "Primul rând", platform: "news" },
    { text: "Al doilea", platform: "official" },
    { text: "Al treilea", platform: "" },
  ],
  documents: [],
  suggested: { text: "text" },
  defaults: { collection: "broken", platform: "import", source: "broken", platformColumn: "platform" },
  warnings: [],
  skipped: [{ reason: "csv_malformed", count: 2, where: [3, 5] }],
};

describe("the import preview", () => {
  it("describes the format in the page's language", () => {
    const csv = {
      ...PREVIEW,
      formatDetail: "delimitator punct și virgulă, cu antet",
      formatDetailEn: "semicolon-delimited, with a header",
    };
    expect(text(render(<PreviewFormat preview={csv} />, "en")).trim()).toBe(
      "CSV · semicolon-delimited, with a header",
    );
    expect(text(render(<PreviewFormat preview={csv} />, "ro")).trim()).toBe(
      "CSV · delimitator punct și virgulă, cu antet",
    );
  });

  it("says the importer's warnings in the page's language, whatever language the preview was read in", () => {
    // Read while the page was in Romanian: the server wrote the warnings in Romanian, and sent their codes.
    const read: CorpusPreview = {
      ...PREVIEW,
      warnings: [
        "coloana de id are valori repetate; id-urile au fost generate",
        "3 caractere nu au putut fi decodate cu Windows-1250",
      ],
      codedWarnings: [
        { code: "repeated_ids" },
        { code: "undecodable_chars", count: 3, encoding: "windows-1250" },
      ],
    };
    const en = render(<PreviewWarnings preview={read} />, "en");
    expect(en).toContain('aria-label="Note"');
    expect(text(en)).toContain("the id column has repeated values; the ids were generated");
    expect(text(en)).toContain("3 characters could not be decoded with Windows-1250");
    expect(text(en)).not.toMatch(/coloana|caractere/);
    expect(text(render(<PreviewWarnings preview={read} />, "ro"))).toContain(
      "3 caractere nu au putut fi decodate cu Windows-1250",
    );
    // A server that sent no codes: its words, as they came.
    expect(text(render(<PreviewWarnings preview={{ ...read, codedWarnings: undefined }} />, "en"))).toContain(
      "coloana de id are valori repetate",
    );
    expect(render(<PreviewWarnings preview={PREVIEW} />, "en")).toBe("");
  });

  it("warns of the skipped lines with the first one's number", () => {
    expect(text(render(<PreviewSkipped preview={PREVIEW} />, "ro"))).toContain(
      "Linii sărite (rând CSV invalid) printre cele citite: 2 linii, de ex. linia 3.",
    );
    expect(text(render(<PreviewSkipped preview={PREVIEW} />, "en"))).toContain(
      "Lines skipped (malformed CSV row) among those read: 2 lines, e.g. line 3.",
    );
    expect(render(<PreviewSkipped preview={{ ...PREVIEW, skipped: undefined }} />, "ro")).toBe("");
  });

  it("shows the platform each row will get: its column read through the aliases, else the default, else the form's", () => {
    const cells = (html: string) =>
      [...html.matchAll(/data-testid="corpus-preview-platform">([^<]*)</g)].map((m) => m[1]);
    expect(cells(render(<PreviewTable preview={PREVIEW} platform="" />, "ro"))).toEqual([
      "Știri",
      "Surse oficiale",
      "Fișier importat",
    ]);
    expect(cells(render(<PreviewTable preview={PREVIEW} platform="" />, "en"))).toEqual([
      "News",
      "Official sources",
      "Imported file",
    ]);
    // A platform typed in the form is every record's.
    expect(cells(render(<PreviewTable preview={PREVIEW} platform="fb" />, "ro"))).toEqual([
      "Facebook",
      "Facebook",
      "Facebook",
    ]);
    const noColumn = { ...PREVIEW, defaults: { ...PREVIEW.defaults, platformColumn: undefined } };
    expect(cells(render(<PreviewTable preview={noColumn} platform="" />, "ro"))).toEqual([]);
  });

  it("says the platform comes from a column when one is mapped, and is the default for all when none is", () => {
    const ro = text(render(<PlatformHint preview={PREVIEW} />, "ro"));
    expect(ro).toContain("fiecare rând primește platforma din coloana „platform”");
    expect(ro).not.toContain("pentru toate înregistrările (implicit");
    expect(text(render(<PlatformHint preview={PREVIEW} />, "en"))).toContain(
      'each row gets its platform from the "platform" column (rows without one: Imported file)',
    );
    const noColumn = { ...PREVIEW, defaults: { ...PREVIEW.defaults, platformColumn: undefined } };
    expect(text(render(<PlatformHint preview={noColumn} />, "ro"))).toContain(
      "pentru toate înregistrările (implicit: Fișier importat)",
    );
  });
});

describe("the sources chart", () => {
  // 12 named sources of 20–40 documents and 71 small ones with 212 in all (the tester's corpus).
  const bySource = [
    ...Array.from({ length: 12 }, (_, i) => ({ value: `Sursa ${i + 1}`, count: 40 - i })),
    ...Array.from({ length: 71 }, (_, i) => ({ value: `Mică ${i + 1}`, count: i < 70 ? 3 : 2 })),
  ];

  it("draws the named sources on their own scale and says the rest in a line under the chart", () => {
    const html = render(<HBars bars={countBars(bySource, 12)} restNoun={NOUNS.source} />, "ro");
    expect(html.match(/<li /g)).toHaveLength(12);
    expect(html).toContain('style="width:100%"');
    expect(html).not.toContain("+71");
    expect(text(html)).toContain("Celelalte 71 de surse: 212 documente în total");
    const en = render(<HBars bars={countBars(bySource, 12)} restNoun={NOUNS.source} />, "en");
    expect(text(en)).toContain("The other 71 sources: 212 documents in all");
  });
});

describe("the collections table", () => {
  it("counts every source of a collection, not only the 20 the catalog lists", () => {
    const status = {
      documents: 500,
      chunks: 500,
      embedder: "offline",
      builtAt: null,
      version: 1,
      activeJob: null,
      activeRecord: null,
      queuedJobs: [],
      catalog: "ready",
      limits: { maxUploadBytes: 1, feedTimeoutMs: 1, feedMaxBytes: 1 },
      collections: [
        {
          name: "mare",
          documents: 500,
          sources: Array.from({ length: 20 }, (_, i) => ({ value: `S${i}`, count: 10 })),
          sourceCount: 50,
          platforms: [{ value: "news", count: 500 }],
          dateMin: null,
          dateMax: null,
          imported: true,
        },
      ],
    } satisfies CorpusStatus;
    const html = render(<Collections status={status} busy={false} onRemove={() => undefined} />, "ro");
    expect(html).toMatch(/data-testid="corpus-collection-more"> ?\+47</);
  });
});

describe("the document panel's annotation", () => {
  const annotation: NonNullable<CorpusDocument["annotation"]> = {
    model: "offline:lexicon",
    annotation: {
      ton: "negativ",
      populism: false,
      anti_elitism: false,
      popor_central: false,
      tema: "taxe",
      tinta: null,
      incredere: 0.6,
      justificare: "Cuvinte negative despre buget.",
    },
  };

  it("says where a correction is made, not the chat's note about an answer", () => {
    const ro = text(render(<DocumentAnnotation annotation={annotation} />, "ro"));
    expect(ro).toContain("Adnotarea de la indexare nu se corectează aici");
    expect(ro).not.toContain("după ce răspunsul se termină");
    const en = text(render(<DocumentAnnotation annotation={annotation} />, "en"));
    expect(en).toContain("The index-time annotation is not corrected here");
    expect(en).not.toContain("once the answer has finished");
  });
});
