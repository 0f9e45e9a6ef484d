// Counts on the chat's panels take the noun's form in Romanian (contract/plural.ts): a source's further passages
// ("+1 fragment", "+3 fragmente") and the draft → refine rule ("peste 12 cuvinte", "peste 40 de cuvinte").
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CorpusResponse, ModelsResponse } from "../../contract/api";
import type { Source } from "../../contract/corpus";
import { ChainFields } from "../../client/src/components/ChainFields";
import { FilterFields } from "../../client/src/components/SettingsPanel";
import { SourceList } from "../../client/src/components/SourceList";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import type { AssistantMessage } from "../../client/src/state/messages";

function render(node: ReactElement, lang: "ro" | "en"): string {
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

function answerWith(others: number): AssistantMessage {
  const source: Source = {
    id: "articol#0",
    docId: "articol",
    text: "Pensiile speciale vor fi plafonate.",
    score: 0.8,
    meta: { source: "hotnews", title: "Pensii", platform: "news", date: "2024-03-01", url: "" },
    otherPassages: Array.from({ length: others }, (_, i) => ({
      id: `articol#${i + 1}`,
      text: `Fragmentul ${i + 1}.`,
    })),
  } as Source;
  return {
    role: "assistant",
    id: "m1",
    replyTo: "u1",
    text: "Pensiile [1].",
    replacedCount: 0,
    steps: [],
    sources: [source],
    sourceAnnotations: {},
    status: "done",
    stopRequested: false,
    fallbacks: [],
  };
}

const moreOf = (html: string) => /data-testid="source-more-passages"[^>]*>([^<]*)</.exec(html)?.[1];
const titleOf = (html: string) =>
  /<span[^>]*data-testid="source-more-passages"[^>]*>/.exec(html)?.[0].match(/title="([^"]*)"/)?.[1];

describe("a source's further passages", () => {
  it("are counted with the noun's form: +1 fragment, +3 fragmente; +1 passage in English", () => {
    const one = render(<SourceList message={answerWith(1)} onOpen={() => undefined} />, "ro");
    expect(moreOf(one)).toBe("+1 fragment");
    expect(titleOf(one)).toBe("Tot în același document: 1 fragment potrivit întrebării");
    expect(moreOf(render(<SourceList message={answerWith(3)} onOpen={() => undefined} />, "ro"))).toBe(
      "+3 fragmente",
    );
    expect(moreOf(render(<SourceList message={answerWith(1)} onOpen={() => undefined} />, "en"))).toBe(
      "+1 passage",
    );
  });
});

describe("the draft → refine rule in the settings", () => {
  const models = (maxDraftWords: number): ModelsResponse =>
    ({
      chain: [],
      embeddings: "offline:hash",
      defaults: {
        model: "offline:extractive",
        temperature: 0.2,
        topK: 6,
        chain: {
          mode: "draft-refine",
          draft: "a:mic",
          refine: "b:mare",
          rule: { maxDraftWords, minGrounding: 0.6 },
        },
      },
      limits: { maxMessageChars: 4000 },
    }) as ModelsResponse;
  const rule = (n: number, lang: "ro" | "en") =>
    render(
      <ChainFields models={models(n)} value={{ mode: "draft-refine" }} onChange={() => undefined} />,
      lang,
    );

  it("counts the draft's words with the noun's form", () => {
    expect(rule(12, "ro")).toContain("ciorna are peste 12 cuvinte,");
    expect(rule(40, "ro")).toContain("ciorna are peste 40 de cuvinte,");
    expect(rule(1, "en")).toContain("the draft has over 1 word,");
  });
});

describe("the source filter's search box", () => {
  const corpus = (n: number): CorpusResponse => ({
    chunks: 100,
    embedder: "offline:hash",
    platforms: [{ value: "news", count: 100 }],
    sources: Array.from({ length: n }, (_, i) => ({ value: `sursa-${i}`, count: 1 })),
    dateMin: null,
    dateMax: null,
  });
  const placeholder = (n: number, lang: "ro" | "en") =>
    /data-testid="filter-source-search"[^>]*placeholder="([^"]*)"|placeholder="([^"]*)"[^>]*data-testid="filter-source-search"/
      .exec(render(<FilterFields corpus={corpus(n)} filters={undefined} onChange={() => undefined} />, lang))
      ?.slice(1)
      .find(Boolean);

  it("counts the sources with the noun's form and the language's grouping", () => {
    expect(placeholder(25, "ro")).toBe("Caută printre 25 de surse…");
    expect(placeholder(3, "ro")).toBe("Caută printre 3 surse…");
    expect(placeholder(1, "ro")).toBe("Caută printre 1 sursă…");
    expect(placeholder(1200, "en")).toBe("Search 1,200 sources…");
  });
});
