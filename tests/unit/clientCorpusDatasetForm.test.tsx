// The "Din corpus" form of the "Adnotare" page, rendered without a browser: a field for the words to search for, with
// Explore's hint about exact phrases, prefilled when Explore sends its search; and the count of matching texts said in
// each language, with Romanian's "de" from twenty on.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CorpusDatasetForm, matchesLine } from "../../client/src/components/workbench/CorpusDatasetForm";
import { translate } from "../../client/src/i18n";
import { I18nProvider } from "../../client/src/i18nContext";

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const form = (initialQuery?: string) => (
  <CorpusDatasetForm
    corpus={undefined}
    chatFilters={undefined}
    initialQuery={initialQuery}
    onCreated={() => {}}
  />
);

describe("the corpus data set form's search words", () => {
  it("has a field for them with Explore's hint, empty or prefilled, and a place for the count", () => {
    const empty = render(form());
    expect(empty).toMatch(/data-testid="corpus-query"[^>]*value=""/);
    expect(empty).toContain("Cuvinte căutate (opțional)");
    expect(empty).toContain("cuvinte sau „expresie exactă”…");
    expect(empty).toContain("Aceeași căutare ca la Explorare");
    expect(empty).toContain('data-testid="corpus-query-count"');

    const sent = render(form("pensii speciale"), "en");
    expect(sent).toMatch(/data-testid="corpus-query"[^>]*value="pensii speciale"/);
    expect(sent).toContain("Words to search for (optional)");
    expect(sent).toContain("an exact phrase goes in quotes");
  });

  it("says how many texts match, in Romanian and English", () => {
    const ro = (n: number) => matchesLine(n, (key, params) => translate("ro", key, params), "ro");
    const en = (n: number) => matchesLine(n, (key, params) => translate("en", key, params), "en");
    expect(ro(142)).toBe("142 de texte se potrivesc.");
    expect(ro(3)).toBe("3 texte se potrivesc.");
    expect(ro(1)).toBe("1 text se potrivește.");
    expect(ro(0)).toBe("Niciun text nu se potrivește: încercați alte cuvinte sau mai puține filtre.");
    expect(ro(1200)).toBe("1.200 de texte se potrivesc.");
    expect(en(142)).toBe("142 texts match.");
    expect(en(1)).toBe("1 text matches.");
    expect(en(1200)).toBe("1,200 texts match.");
    expect(en(0)).toBe("No text matches: try other words or fewer filters.");
  });
});
