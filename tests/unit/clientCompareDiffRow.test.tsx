// A row of "Compară două comparații"'s case list (CompareDiff.tsx, DiffCaseRow), rendered without a browser: a
// variant's case named once (its title has " · varianta A" already), its labels A → B in the page's words, and a case
// whose content changed between the runs said so, in Romanian and English; its disclosure button, and the row opened:
// the model's answers of A and B side by side with their marks, checks' reasons and labels in words, a long one
// clamped until "Arată tot".
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CaseAnswer, CaseView } from "../../contract/compare";
import {
  DiffAnswers,
  DiffCaseRow,
  type DiffAnswersState,
} from "../../client/src/components/compare/CompareDiff";
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

describe("a row opened: its answers in A and B", () => {
  function panel(node: ReactElement, lang: "ro" | "en" = "ro"): string {
    vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
    return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
  }
  const text = (html: string) => html.replace(/<[^>]+>/g, "|").replace(/\|+/g, "|");

  const answer = (over: Partial<CaseAnswer>): CaseAnswer => ({
    model: "offline:extractive",
    temperature: 0,
    run: 1,
    status: "ok",
    pass: true,
    score: 1,
    text: "Pensiile vor fi indexate.",
    annotation: null,
    latencyMs: 12,
    ttftMs: null,
    finishReason: "stop",
    jsonValid: null,
    assertions: [],
    error: null,
    ...over,
  });
  const view = (answers: CaseAnswer[], over: Partial<CaseView> = {}): CaseView => ({
    id: "c2",
    criterion: "instructiuni",
    criterionLabel: "Instrucțiuni",
    title: "Cuvântul 2",
    kind: "prompt",
    input: "Ce se întâmplă cu pensiile?",
    answers,
    ...over,
  });
  const fixed = row({
    key: "c2||offline:extractive",
    caseId: "c2",
    variant: null,
    title: "Cuvântul 2",
    model: "offline:extractive",
  });
  const failed = answer({
    status: "fail",
    pass: false,
    text: "Guvernul a anunțat ceva.",
    assertions: [
      {
        type: "contains",
        pass: false,
        score: 0,
        reason: "lipsește „pensii”",
        reasonEn: "missing “pensii”",
      },
    ],
  });
  const passed = answer({
    assertions: [
      { type: "contains", pass: true, score: 1, reason: "conține „pensii”", reasonEn: "contains “pensii”" },
    ],
  });
  const ok: DiffAnswersState = { status: "ok", a: [view([failed])], b: [view([passed])] };

  it("has a disclosure button that says whether the row is open", () => {
    const closed = panel(
      <table>
        <tbody>
          <DiffCaseRow row={fixed} open={false} onToggle={() => {}} panelId="p1" />
        </tbody>
      </table>,
    );
    expect(closed).toMatch(/<button[^>]*data-testid="compare-diff-case-open"[^>]*aria-expanded="false"/);
    expect(closed).not.toContain('aria-controls="p1"');
    expect(closed).toContain("Răspunsurile");
    const open = panel(
      <table>
        <tbody>
          <DiffCaseRow row={fixed} open onToggle={() => {}} panelId="p1" />
        </tbody>
      </table>,
      "en",
    );
    expect(open).toMatch(/aria-expanded="true"/);
    expect(open).toContain('aria-controls="p1"');
    expect(open).toContain("Answers");
  });

  it("shows the model's answer of A and of B side by side, each with its mark and its checks' reasons", () => {
    const html = panel(<DiffAnswers row={fixed} state={ok} />);
    const columns = [...html.matchAll(/data-testid="compare-diff-answer" data-run="(a|b)"/g)].map(
      (m) => m[1],
    );
    expect(columns).toEqual(["a", "b"]);
    const [, a, b] = html.split(/data-testid="compare-diff-answer"/);
    expect(text(a!)).toContain("Guvernul a anunțat ceva.");
    expect(text(a!)).toContain("✗ picat");
    expect(text(a!)).toContain("lipsește „pensii”");
    expect(text(b!)).toContain("Pensiile vor fi indexate.");
    expect(text(b!)).toContain("✓ trecut");
    expect(text(b!)).toContain("conține „pensii”");
    expect(text(html)).toContain("Ce se întâmplă cu pensiile?");
    const en = text(panel(<DiffAnswers row={fixed} state={ok} />, "en"));
    expect(en).toContain("missing “pensii”");
    expect(en).toContain("A (baseline)");
    expect(en).toContain("B (compared with A)");
  });

  it("says the labels of an annotation case in words, and a run without the model's answer", () => {
    const annotation = (ton: string) =>
      answer({ text: "", annotation: { ton, populism: false } as CaseAnswer["annotation"] });
    const state: DiffAnswersState = {
      status: "ok",
      a: [view([], { kind: "annotation" })],
      b: [view([annotation("negativ")], { kind: "annotation" })],
    };
    const html = text(panel(<DiffAnswers row={fixed} state={state} />));
    expect(html).toContain("Niciun răspuns al modelului la acest caz în această comparație.");
    expect(html).toMatch(/Ton: negativ/);
  });

  it("clamps a long answer until Arată tot", () => {
    const long = answer({ text: Array.from({ length: 30 }, (_, i) => `Rândul ${i + 1}.`).join("\n\n") });
    const state: DiffAnswersState = { status: "ok", a: [view([long])], b: [view([passed])] };
    const html = panel(<DiffAnswers row={fixed} state={state} />);
    expect(html.match(/compare-diff-clamp is-clamped/g)).toHaveLength(1);
    expect(html).toMatch(/data-testid="compare-diff-show-all" aria-expanded="false"[^>]*>Arată tot</);
    // The button names the text it opens.
    const clampId = html.match(/<div id="([^"]+)" class="compare-diff-clamp is-clamped"/)?.[1];
    expect(clampId).toBeTruthy();
    expect(html).toContain(`aria-controls="${clampId}"`);
    expect(panel(<DiffAnswers row={fixed} state={state} />, "en")).toContain(">Show all<");
  });

  it("waits for the answers, and says why they could not be read", () => {
    expect(text(panel(<DiffAnswers row={fixed} state={{ status: "loading" }} />))).toContain(
      "Se încarcă răspunsurile",
    );
    const failed: DiffAnswersState = {
      status: "failed",
      error: { kind: "server", error: { code: "compare:not_found", message: "x" } },
    };
    expect(text(panel(<DiffAnswers row={fixed} state={failed} />))).toContain(
      "Răspunsurile nu s-au putut citi:",
    );
    expect(text(panel(<DiffAnswers row={fixed} state={failed} />, "en"))).toContain(
      "The answers could not be read:",
    );
  });
});
