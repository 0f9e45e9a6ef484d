// A row of "Compară două comparații"'s case list (CompareDiff.tsx, DiffCaseRow), rendered without a browser: a
// variant's case named once (its title has " · varianta A" already), its labels A → B in the page's words, and a case
// whose content changed between the runs said so, in Romanian and English.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DiffCaseRow } from "../../client/src/components/compare/CompareDiff";
import type { DiffRow } from "../../client/src/components/compare/compareDiffView";
import { I18nProvider } from "../../client/src/i18nContext";

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  const html = renderToStaticMarkup(
    <I18nProvider>
      <table>
        <tbody>{node}</tbody>
      </table>
    </I18nProvider>,
  );
  return html.replace(/<[^>]+>/g, "|").replace(/\|+/g, "|");
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const row = (extra: Partial<DiffRow> = {}): DiffRow => ({
  key: "caz-1-a||offline:lexicon",
  caseId: "caz-1-a",
  variant: "a",
  title: "Care este tonul? · varianta A",
  model: "offline:lexicon",
  passedA: false,
  passedB: true,
  change: "fixed",
  ...extra,
});

describe("a row of the case list", () => {
  it("names a variant's case once", () => {
    const html = render(<DiffCaseRow row={row()} />);
    expect(html).toContain("|Care este tonul? · varianta A|");
    expect(html.match(/varianta A/g)).toHaveLength(1);
    const en = render(<DiffCaseRow row={row({ title: "Care este tonul? · variant A" })} />, "en");
    expect(en.match(/variant A/gi)).toHaveLength(1);
  });

  it("writes the labels A → B in the page's words", () => {
    const labels = {
      a: { ton: ["neutru"], populism: ["false"] },
      b: { ton: ["negativ"], populism: ["true"] },
    };
    expect(render(<DiffCaseRow row={row({ change: "same", labels })} />)).toContain(
      "Etichete A: Ton: neutru · Populism: nu → B: Ton: negativ · Populism: da",
    );
    expect(render(<DiffCaseRow row={row({ change: "same", labels })} />, "en")).toContain(
      "Labels A: Tone: neutral · Populism: no → B: Tone: negative · Populism: yes",
    );
  });

  it("says a case changed between the runs", () => {
    const changed = row({ change: "changed", contentChanged: true });
    expect(render(<DiffCaseRow row={changed} />)).toContain("|cazul s-a schimbat între rulări|");
    expect(render(<DiffCaseRow row={changed} />, "en")).toContain("|the case changed between runs|");
  });
});
