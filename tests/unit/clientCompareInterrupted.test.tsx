// A comparison whose server stopped mid-run, as the page shows it: the notice that says so (in Romanian and English),
// the figures and answers of what was kept, the files to download, no stop button and no recommendation; a run its
// user stopped keeps its own notice. The response is the server's own (runView.ts) for a stored record and answers.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CompareRunResponse, RunStatus } from "../../contract/compare";
import { RunProgress } from "../../client/src/components/compare/RunProgress";
import { RunResults } from "../../client/src/components/compare/RunResults";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import { interruptionNotice, runSteps, shouldPoll, showsResults } from "../../client/src/state/compare";
import type { ResultRow } from "../../server/compare/runner";
import type { CompareRunRecord } from "../../server/compare/runStore";
import { runResponse } from "../../server/compare/runView";
import { parseSuite } from "../../server/compare/suite";

const suite = parseSuite({
  name: "Mică",
  cases: ["c1", "c2", "c3"].map((id) => ({
    id,
    criterion: "romana",
    prompt: `Întrebarea ${id}?`,
    assert: [{ type: "language" }],
  })),
});

function answer(caseId: string, model: string): ResultRow {
  return {
    caseId,
    criterion: "romana",
    kind: "prompt",
    model,
    temperature: 0,
    run: 1,
    status: "ok",
    pass: true,
    score: 1,
    text: `Răspunsul păstrat pentru ${caseId}.`,
    annotation: null,
    latencyMs: 120,
    ttftMs: 40,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    finishReason: "stop",
    refused: false,
    jsonValid: null,
    assertions: [{ type: "language", pass: true, score: 1, reason: "română" }],
    error: null,
  };
}

function record(status: RunStatus): CompareRunRecord {
  return {
    id: "r1",
    userId: "local",
    status,
    done: 2,
    total: 6,
    createdAt: "2099-01-01T00:00:00.000Z",
    finishedAt: status === "running" ? null : "2099-01-01T00:01:00.000Z",
    request: { suite, models: ["a:x", "b:y"], runs: 1, temperatures: [0], concurrency: 1, timeoutMs: 1000 },
    results: null,
    error: null,
    owner: status === "running" ? "inst" : null,
    heartbeatAt: null,
    cancelRequested: false,
  };
}

const KEPT = [answer("c1", "a:x"), answer("c1", "b:y")];

function render(run: CompareRunResponse, lang: "ro" | "en"): string {
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => (key === "echochamber.lang" ? lang : null),
    setItem: () => {},
  });
  return renderToStaticMarkup(
    <I18nProvider>
      <ReviewProvider>
        <RunProgress run={run} starting={false} stopping={false} onStop={() => undefined} />
        <RunResults run={run} />
      </ReviewProvider>
    </I18nProvider>,
  );
}

/** The text of the element with `testid` (its first), tags removed. */
function textOf(html: string, testid: string): string | null {
  const start = html.indexOf(`data-testid="${testid}"`);
  if (start < 0) return null;
  const end = html.indexOf("</", start);
  return html.slice(html.indexOf(">", start) + 1, end).replace(/<[^>]+>/g, "");
}

afterEach(() => vi.unstubAllGlobals());

describe("a comparison interrupted by its server's end", () => {
  const interrupted = runResponse(record("interrupted"), KEPT, "ro", true);

  it("says so in Romanian, with how many answers were kept, and shows and offers them", () => {
    const html = render(interrupted, "ro");
    expect(html).toContain('data-reason="server"');
    expect(textOf(html, "compare-interrupted")).toBe(
      "Serverul care rula comparația s-a oprit înainte de final: s-au păstrat 2 din 6 răspunsuri, arătate mai jos și descărcabile (CSV, JSON, raportul Markdown). Porniți comparația din nou pentru o recomandare pe toate răspunsurile.",
    );
    expect(html).toContain('data-testid="compare-summary"');
    expect(html).toContain('data-testid="compare-cases"');
    expect(html).toContain("Răspunsul păstrat pentru c1.");
    for (const format of ["md", "csv", "json"])
      expect(html).toContain(`/api/compare/r1/report?format=${format}`);
    expect(html).toContain("/api/compare/r1/report?format=md&amp;lang=ro");
    expect(render(interrupted, "en")).toContain("/api/compare/r1/report?format=md&amp;lang=en");
    // The report is saved under the run's name (its start, UTC, and id), as the server names it; the English page's
    // report is English, and says so in its name.
    expect(html).toMatch(
      /download="comparatie-2099-01-01-0000-r1\.md"[^>]*>comparatie-2099-01-01-0000-r1\.md</,
    );
    expect(render(interrupted, "en")).toContain('download="comparison-2099-01-01-0000-r1.md"');
    expect(html).not.toContain('data-testid="compare-stop"');
    expect(html).not.toContain('data-testid="compare-recommendation"');
    expect(html).not.toContain('data-testid="compare-error"');
  });

  it("says so in English", () => {
    const html = render(runResponse(record("interrupted"), KEPT, "en", true), "en");
    expect(textOf(html, "compare-interrupted")).toMatch(
      /^The server running this comparison stopped before the end: 2 of 6 answers were kept/,
    );
  });

  it("is not polled, shows its kept figures, and marks the answers' step as cut short", () => {
    expect(interrupted.status).toBe("interrupted");
    expect(interrupted.results).toMatchObject({ interrupted: true, recommendation: null });
    expect(shouldPoll(interrupted)).toBe(false);
    expect(showsResults(interrupted)).toBe(true);
    expect(interruptionNotice(interrupted)).toEqual({ reason: "server", done: 2, total: 6 });
    expect(runSteps(interrupted, false).map((s) => s.state)).toEqual(["done", "error", "done"]);
  });

  it("keeps the stop's own notice for a run its user stopped, and no notice while a run goes on", () => {
    const stopped = runResponse(record("running"), KEPT, "ro", true);
    const byUser: CompareRunResponse = {
      ...stopped,
      status: "done",
      results: { ...stopped.results!, interrupted: true },
    };
    const html = render(byUser, "ro");
    expect(html).toContain('data-reason="user"');
    expect(textOf(html, "compare-interrupted")).toMatch(/^Comparație oprită după 2 din 6 răspunsuri/);
    const running = render(stopped, "ro");
    expect(running).not.toContain('data-testid="compare-interrupted"');
    expect(running).toContain('data-testid="compare-stop"');
    // While it runs, the page shows progress only; the figures come once it ends.
    expect(running).not.toContain('data-testid="compare-summary"');
  });
});

describe("an answer's assertion reasons", () => {
  const judged = (reasonEn?: string): ResultRow => ({
    ...answer("c1", "a:x"),
    assertions: [
      { type: "language", pass: true, score: 1, reason: "în română", ...(reasonEn ? { reasonEn } : {}) },
    ],
  });

  it("are shown in the page's language, and a row stored with only the Romanian one keeps it", () => {
    const run = (row: ResultRow) => runResponse(record("interrupted"), [row], "en", true);
    expect(render(run(judged("in Romanian")), "en")).toContain("in Romanian");
    expect(render(run(judged("in Romanian")), "ro")).toContain("în română");
    expect(render(run(judged("in Romanian")), "ro")).not.toContain("in Romanian");
    expect(render(run(judged()), "en")).toContain("în română");
  });
});
