// The top of "Compară două comparații" (CompareDiffSummary.tsx), rendered without a browser: both runs' headers, the
// swap of A and B offered when the page can swap, and a note when the runs were made at other temperatures (a case
// passes in a run when all its answers pass at every temperature of it), in Romanian and English.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CompareDiffResponse, CompareDiffRun } from "../../contract/compareDiff";
import {
  differentTemperatures,
  DiffSummary,
  temperaturesText,
} from "../../client/src/components/compare/CompareDiffSummary";
import { I18nProvider } from "../../client/src/i18nContext";

afterEach(() => {
  vi.unstubAllGlobals();
});

const run = (runId: string, temperatures: number[]): CompareDiffRun => ({
  runId,
  status: "done",
  stopped: false,
  createdAt: "2026-12-01T10:00:00.000Z",
  finishedAt: "2026-12-01T10:05:00.000Z",
  suite: { id: "s", name: "Suita mea", cases: 3 },
  models: ["offline:lexicon"],
  runs: 1,
  temperatures,
  progress: { done: 3, total: 3 },
});

const diff = (a: number[], b: number[]) =>
  ({
    a: run("ra", a),
    b: run("rb", b),
    partial: false,
    suiteMismatch: false,
    onlyA: [],
    onlyB: [],
    models: [],
    counts: { fixed: 0, broke: 0 },
    cases: [],
  }) as unknown as CompareDiffResponse;

function render(d: CompareDiffResponse, lang: "ro" | "en" = "ro", onSwap?: () => void): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(
    <I18nProvider>
      <DiffSummary diff={d} timeZone="UTC" onSwap={onSwap} />
    </I18nProvider>,
  );
}

describe("the top of two comparisons side by side", () => {
  it("says the temperatures differ, with each run's, in the page's language", () => {
    const html = render(diff([0.7, 0], [0]));
    expect(html).toContain('data-testid="compare-diff-temperatures"');
    expect(html).toContain("Temperaturile diferă (A: 0 0.7; B: 0)");
    expect(render(diff([0.7, 0], [0]), "en")).toContain("The temperatures differ (A: 0 0.7; B: 0)");
  });

  it("says nothing of the same temperatures given in another order or repeated", () => {
    expect(differentTemperatures(diff([0.7, 0], [0, 0.7, 0]))).toBe(false);
    expect(render(diff([0.7, 0], [0, 0.7]))).not.toContain("compare-diff-temperatures");
    expect(temperaturesText([1, 0.2, 1])).toBe("0.2 1");
  });

  it("offers the swap of A and B only where the page can swap them", () => {
    expect(render(diff([0], [0]))).not.toContain("compare-diff-swap");
    expect(render(diff([0], [0]), "ro", () => {})).toMatch(
      /data-testid="compare-diff-swap"[^>]*>Inversează A și B</,
    );
    expect(render(diff([0], [0]), "en", () => {})).toContain(">Swap A and B<");
  });

  it("heads each side with its run", () => {
    const html = render(diff([0], [0]));
    expect(html).toMatch(/data-side="a" data-run-id="ra"/);
    expect(html).toMatch(/data-side="b" data-run-id="rb"/);
  });
});
