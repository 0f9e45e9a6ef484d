// The empty conversation's starter questions without a browser: with starters chosen on the corpus page it shows
// them (the English words on the English page when given, else the Romanian ones) and none of the built-in examples
// about the shipped sample corpus; without any, the built-in examples.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CorpusResponse } from "../../contract/api";
import type { Starter } from "../../contract/starters";
import { Starters } from "../../client/src/components/Starters";
import { I18nProvider } from "../../client/src/i18nContext";
import { messagesRo, translate } from "../../client/src/i18n";

afterEach(() => vi.unstubAllGlobals());

const BUILT_IN = [
  "starters.pensions",
  "starters.diaspora",
  "starters.analyse",
  "starters.corruption",
] as const;
const OWN: Starter[] = [
  {
    ro: { label: "Școala din Zăvoieni", text: "Ce spun locuitorii despre școala din Zăvoieni?" },
    en: { label: "The Zăvoieni school" },
  },
  { ro: { label: "Drumul județean", text: "Cum este discutat drumul județean?" } },
];

function corpus(starters?: Starter[]): CorpusResponse {
  return {
    chunks: 12,
    embedder: "offline:hash",
    platforms: [],
    sources: [],
    dateMin: null,
    dateMax: null,
    starters,
  };
}

function render(lang: "ro" | "en", starters?: Starter[]): string {
  const stored = (key: string) => (key === "echochamber.lang" ? lang : null);
  vi.stubGlobal("localStorage", { getItem: stored, setItem: () => {} });
  return renderToStaticMarkup(
    <I18nProvider>
      <Starters onPick={() => undefined} disabled={false} corpus={corpus(starters)} />
    </I18nProvider>,
  );
}

const unescape = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");

describe("the empty conversation's starters", () => {
  it("shows the corpus page's starters and none of the built-in examples", () => {
    const html = unescape(render("ro", OWN));
    expect(html).toContain("Școala din Zăvoieni");
    expect(html).toContain('title="Ce spun locuitorii despre școala din Zăvoieni?"');
    expect(html).toContain("Drumul județean");
    expect(html.match(/data-testid="starter"/g)).toHaveLength(2);
    for (const key of BUILT_IN) {
      expect(html).not.toContain(messagesRo[key]);
      expect(html).not.toContain(translate("en", key));
    }
    expect(html).not.toContain("pensiile speciale");
  });

  it("on the English page, the English label where given, else the Romanian one", () => {
    const html = unescape(render("en", OWN));
    expect(html).toContain("The Zăvoieni school");
    expect(html).not.toContain(">Școala din Zăvoieni<");
    // No English question: the Romanian one is asked.
    expect(html).toContain('title="Ce spun locuitorii despre școala din Zăvoieni?"');
    expect(html).toContain("Drumul județean");
  });

  it("without starters of the corpus, the built-in examples", () => {
    for (const starters of [undefined, []]) {
      const html = unescape(render("ro", starters));
      expect(html.match(/data-testid="starter"/g)).toHaveLength(4);
      expect(html).toContain(messagesRo["starters.pensions"]);
    }
  });
});
