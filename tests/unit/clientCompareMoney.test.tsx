// Costs on the compare page in the UI's language: "0,0123 $" in Romanian, "$0.0123" in English (the report files
// keep a dot decimal for machines). The response is the server's own (runView.ts) for a stored record and answers.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CompareRunResponse } from "../../contract/compare";
import { RunResults } from "../../client/src/components/compare/RunResults";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import type { ResultRow } from "../../server/compare/runner";
import type { CompareRunRecord } from "../../server/compare/runStore";
import { runResponse } from "../../server/compare/runView";
import { parseSuite } from "../../server/compare/suite";

const suite = parseSuite({
  name: "Mică",
  cases: [{ id: "c1", criterion: "romana", prompt: "Întrebarea c1?", assert: [{ type: "language" }] }],
});

function answer(model: string, costUsd: number): ResultRow {
  return {
    caseId: "c1",
    criterion: "romana",
    kind: "prompt",
    model,
    temperature: 0,
    run: 1,
    status: "ok",
    pass: true,
    score: 1,
    text: "Un răspuns.",
    annotation: null,
    latencyMs: 120,
    ttftMs: 40,
    inputTokens: 100,
    outputTokens: 20,
    costUsd,
    finishReason: "stop",
    refused: false,
    jsonValid: null,
    assertions: [{ type: "language", pass: true, score: 1, reason: "română" }],
    error: null,
  };
}

const record: CompareRunRecord = {
  id: "r1",
  userId: "local",
  // Interrupted: the page's figures come from the stored answers (a finished run's are the same, stored whole).
  status: "interrupted",
  done: 2,
  total: 2,
  createdAt: "2099-01-01T00:00:00.000Z",
  finishedAt: "2099-01-01T00:01:00.000Z",
  request: { suite, models: ["a:x", "b:y"], runs: 1, temperatures: [0], concurrency: 1, timeoutMs: 1000 },
  results: null,
  error: null,
  owner: null,
  heartbeatAt: null,
  cancelRequested: false,
};

function render(run: CompareRunResponse, lang: "ro" | "en"): string {
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => (key === "echochamber.lang" ? lang : null),
    setItem: () => {},
  });
  return renderToStaticMarkup(
    <I18nProvider>
      <ReviewProvider>
        <RunResults run={run} />
      </ReviewProvider>
    </I18nProvider>,
  );
}

/** The summary row of one model, tags removed. */
function summaryRow(html: string, model: string): string {
  const start = html.indexOf(`data-model="${model}"`, html.indexOf('data-testid="compare-summary"'));
  // Intl puts a no-break space between the number and the sign.
  return html
    .slice(start, html.indexOf("</tr>", start))
    .replace(/<[^>]+>/g, " ")
    .replace(/\u00a0/g, " ");
}

afterEach(() => vi.unstubAllGlobals());

describe("costs on the compare page", () => {
  const answers = [answer("a:x", 0.0123), answer("b:y", 12.4)];

  it("use a comma decimal and the dollar sign after the number in Romanian", () => {
    const html = render(runResponse(record, answers, "ro", true), "ro");
    expect(summaryRow(html, "a:x")).toContain("0,0123 $");
    expect(summaryRow(html, "b:y")).toContain("12,40 $");
    expect(html).not.toMatch(/\$\d|\d\.\d+[\s\u00a0]\$/);
  });

  it("use a dot decimal and the dollar sign first in English", () => {
    const html = render(runResponse(record, answers, "en", true), "en");
    expect(summaryRow(html, "a:x")).toContain("$0.0123");
    expect(summaryRow(html, "b:y")).toContain("$12.40");
  });
});
