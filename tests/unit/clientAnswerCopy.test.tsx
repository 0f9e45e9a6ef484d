// An answer's copy buttons are there on a page without the clipboard API (plain http in a class's room): "Copiază"
// and "Copiază cu surse", named for a screen reader in the page's language. Rendered without a browser.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Source } from "../../contract/corpus";
import { AssistantMessageView } from "../../client/src/components/AssistantMessageView";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import type { AssistantMessage } from "../../client/src/state/chat";

function render(node: ReactElement, lang: "ro" | "en"): string {
  const stored = (key: string) => (key === "echochamber.lang" ? lang : null);
  vi.stubGlobal("localStorage", { getItem: stored, setItem: () => {} });
  // A plain-http page: the browser has a navigator, but no clipboard API on it.
  vi.stubGlobal("navigator", { userAgent: "test", language: lang });
  return renderToStaticMarkup(
    <I18nProvider>
      <ReviewProvider>{node}</ReviewProvider>
    </I18nProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

const SOURCE: Source = {
  id: "doc-1#0",
  docId: "doc-1",
  text: "Pensiile speciale vor fi recalculate.",
  score: 1,
  meta: {
    source: "Gazeta",
    title: "Pensiile",
    platform: "stiri",
    date: "2024-03-12",
    url: "https://example.ro/a",
  },
};

function answer(sources: Source[]): AssistantMessage {
  return {
    role: "assistant",
    id: "m1",
    replyTo: "u1",
    text: "Pensiile speciale vor fi recalculate [1].",
    replacedCount: 0,
    steps: [{ key: "retrieve-0", name: "retrieve", state: "done" }],
    sources,
    sourceAnnotations: {},
    status: "done",
    stopRequested: false,
    fallbacks: [],
  };
}

describe("an answer's copy buttons", () => {
  it("are both there without navigator.clipboard, named in Romanian and in English", () => {
    const ro = render(<AssistantMessageView message={answer([SOURCE])} onCite={() => {}} />, "ro");
    expect(ro).toContain('data-testid="copy-answer"');
    expect(ro).toContain('data-testid="copy-with-sources"');
    expect(ro).toContain('aria-label="Copiază: doar textul răspunsului"');
    expect(ro).toContain('aria-label="Copiază cu surse: răspunsul și sursele citate, sub numerele lor"');
    expect(ro).toContain("Copiază cu surse</button>");
    expect(ro).not.toContain('data-testid="copy-failed"');
    const en = render(<AssistantMessageView message={answer([SOURCE])} onCite={() => {}} />, "en");
    expect(en).toContain("Copy with sources</button>");
    expect(en).toContain('aria-label="Copy: the answer&#x27;s text only"');
  });

  it("offer no copy with sources for an answer without sources", () => {
    const html = render(
      <AssistantMessageView message={{ ...answer([]), text: "Nu am găsit nimic." }} onCite={() => {}} />,
      "ro",
    );
    expect(html).toContain('data-testid="copy-answer"');
    expect(html).not.toContain('data-testid="copy-with-sources"');
  });
});
