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
import { EMPTY_DRAFT, fromDrafts, suggestStarters, toDrafts } from "../../client/src/state/starterDrafts";
import { STARTER_LABEL_MAX_CHARS, starterProblem } from "../../contract/starters";

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

describe("the corpus page's starter drafts", () => {
  it("sends the rows with something in them, and reads back what it saved", () => {
    const drafts = [...toDrafts(OWN), { ...EMPTY_DRAFT }, { ...EMPTY_DRAFT, labelEn: "  " }];
    expect(fromDrafts(drafts)).toEqual(OWN);
  });

  it("suggests drafts from the corpus's largest sources, its platforms and its period, in both languages", () => {
    const long = "Grupul de discuții al locuitorilor din comuna Zăvoieni și din satele din jur";
    const facets: CorpusResponse = {
      ...corpus(),
      sources: [
        { value: "Gazeta Văii", count: 3 },
        { value: long, count: 9 },
        { value: "Radio Local", count: 5 },
        { value: "Mică", count: 1 },
      ],
      platforms: [
        { value: "facebook", count: 10 },
        { value: "stiri", count: 8 },
      ],
      dateMin: "2025-01-02",
      dateMax: "2025-03-30",
    };
    const drafts = suggestStarters(facets);
    expect(drafts.map((d) => d.label)).toEqual([
      expect.stringMatching(/^Despre Grupul de discuții .*…$/),
      "Despre Radio Local",
      "Despre Gazeta Văii",
      "Facebook față de Știri",
      "Temele perioadei",
      "Populism în corpus",
    ]);
    expect(drafts[1]!.text).toBe("Ce teme apar în textele din „Radio Local” și cu ce ton?");
    expect(drafts[3]!.textEn).toBe("How do the discussions on Facebook differ from those on News?");
    expect(drafts[4]!.text).toContain("între 2025-01-02 și 2025-03-30");
    expect(drafts[0]!.label.length).toBeLessThanOrEqual(STARTER_LABEL_MAX_CHARS);
    // What it suggests is what the server takes.
    expect(starterProblem(fromDrafts(drafts), 4000)).toBeNull();
    expect(suggestStarters(facets, 2)).toHaveLength(2);
    expect(suggestStarters(corpus())).toEqual([]);
  });
});
