// The compare page's table of every case (CaseTable.tsx in CaseAnswers.tsx), rendered in Romanian and English from
// the server's own response (runView.ts) for stored answers: one row a case with its criterion, title and input
// (its whole text on hover), the expected labels, one cell a model with its passed answers of those judged and an
// excerpt of its answer, a failed call marked as such; the filters with their counts and the count of cases shown.
// While the run goes, the table shows the answers so far and waits for the rest. (Clicking a row, the filters and the
// search at work: tests/e2e/compare.test.ts; their rules: clientCompareCases.test.ts.)
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CompareRunResponse, RunStatus } from "../../contract/compare";
import { CaseTable } from "../../client/src/components/compare/CaseTable";
import { RunResults } from "../../client/src/components/compare/RunResults";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import type { ResultRow } from "../../server/compare/runner";
import type { CompareRunRecord } from "../../server/compare/runStore";
import { partialRun, runResponse } from "../../server/compare/runView";
import { parseSuite } from "../../server/compare/suite";
import { summarize } from "../../server/compare/summary";

const LONG_PROMPT =
  "Rezumă în două propoziții ce spune sursa despre indexarea pensiilor și de ce se discută atât de des despre ea în ultimele luni.";

const suite = parseSuite({
  name: "Mică",
  cases: [
    {
      id: "c1",
      criterion: "romana",
      title: "Rezumat scurt",
      prompt: LONG_PROMPT,
      assert: [{ type: "language" }],
    },
    {
      id: "c2",
      criterion: "romana",
      title: "Al doilea",
      prompt: "Întrebarea a doua?",
      assert: [{ type: "language" }],
    },
    {
      id: "c3",
      criterion: "adnotare",
      title: "Adnotare: ton pozitiv",
      annotate: "Felicitări spitalului județean pentru noua secție.",
      expected: { ton: "pozitiv", populism: false },
    },
  ],
});
const MODELS = ["a:x", "b:y"];

function row(caseId: string, model: string, over: Partial<ResultRow> = {}): ResultRow {
  return {
    caseId,
    criterion: caseId === "c3" ? "adnotare" : "romana",
    kind: caseId === "c3" ? "annotation" : "prompt",
    model,
    temperature: 0,
    run: 1,
    status: "ok",
    pass: true,
    score: 1,
    text: `Răspunsul lui ${model} la ${caseId}, scris pe larg.`,
    annotation: null,
    latencyMs: 120,
    ttftMs: 40,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    finishReason: "stop",
    refused: false,
    jsonValid: null,
    assertions: [],
    error: null,
    ...over,
  };
}

const positive = {
  ton: "pozitiv" as const,
  populism: false,
  anti_elitism: false,
  popor_central: false,
  tema: "sanatate" as const,
  tinta: null,
  incredere: 0.9,
  justificare: "j",
};

const ROWS: ResultRow[] = [
  row("c1", "a:x"),
  row("c1", "b:y"),
  row("c2", "a:x", { status: "fail", pass: false, score: 0 }),
  row("c2", "b:y", {
    status: "error",
    pass: false,
    score: 0,
    text: "",
    error: { code: "provider:timeout", message: "Modelul nu a răspuns la timp." },
  }),
  row("c3", "a:x", { annotation: positive, text: JSON.stringify(positive) }),
  row("c3", "b:y", {
    status: "fail",
    pass: false,
    score: 0.5,
    annotation: { ...positive, ton: "neutru" },
    text: JSON.stringify({ ...positive, ton: "neutru" }),
  }),
];

function record(status: RunStatus, rows: ResultRow[]): CompareRunRecord {
  const base: CompareRunRecord = {
    id: "r1",
    userId: "local",
    status,
    done: rows.length,
    total: 6,
    createdAt: "2099-01-01T00:00:00.000Z",
    finishedAt: status === "running" ? null : "2099-01-01T00:01:00.000Z",
    request: { suite, models: MODELS, runs: 1, temperatures: [0], concurrency: 1, timeoutMs: 1000 },
    results: null,
    error: null,
    owner: status === "running" ? "inst" : null,
    heartbeatAt: null,
    cancelRequested: false,
  };
  if (status !== "done") return base;
  return { ...base, results: summarize(partialRun({ ...base, status: "running" }, rows)) };
}

const done = (lang: "ro" | "en") => runResponse(record("done", ROWS), ROWS, lang, true);

function render(node: React.ReactElement, lang: "ro" | "en"): string {
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

const page = (run: CompareRunResponse, lang: "ro" | "en") => render(<RunResults run={run} />, lang);

/** Text without tags and with the entities React writes decoded. */
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");

/** The element with `testid` (its first), as HTML. */
function element(html: string, testid: string, from = 0): string | null {
  const at = html.indexOf(`data-testid="${testid}"`, from);
  if (at < 0) return null;
  const open = html.lastIndexOf("<", at);
  const tag = /^<(\w+)/.exec(html.slice(open))![1]!;
  return html.slice(open, html.indexOf(`</${tag}>`, at) + tag.length + 3);
}

/** Each case row's HTML, in order. */
function rowsOf(html: string): string[] {
  return html
    .split('data-testid="case-row"')
    .slice(1)
    .map((part) => part.slice(0, part.indexOf("</tr>")));
}

/** The marks of a row's model cells. */
function marks(rowHtml: string): string[] {
  return rowHtml
    .split('data-testid="case-cell-mark"')
    .slice(1)
    .map((part) => plain(part.slice(part.indexOf(">") + 1, part.indexOf("</span>"))));
}

afterEach(() => vi.unstubAllGlobals());

describe("the table of every case", () => {
  it("shows one row a case, one cell a model with its mark and an excerpt, a timed-out call as such", () => {
    const html = page(done("ro"), "ro");
    expect(html).toContain('data-testid="compare-case-table"');
    const rows = rowsOf(html);
    expect(rows.map((r) => /data-case="(\w+)"/.exec(r)![1])).toEqual(["c1", "c2", "c3"]);
    expect(marks(rows[0]!)).toEqual(["1/1 ✓", "1/1 ✓"]);
    expect(marks(rows[1]!)).toEqual(["0/1 ✗", "✗ timp depășit"]);
    expect(marks(rows[2]!)).toEqual(["1/1 ✓", "0/1 ✗"]);
    // Both models failed the second case (agreeing); they differ on the third.
    expect(rows.map((r) => /data-differs="(\w+)"/.exec(r)![1])).toEqual(["false", "false", "true"]);
    expect(rows.map((r) => /data-failed="(\w+)"/.exec(r)![1])).toEqual(["false", "true", "true"]);
    expect(rows[1]).toContain('data-model="b:y" data-mark="error"');
    expect(plain(rows[1]!)).toContain("Modelul nu a răspuns la timp.");
    expect(plain(rows[0]!)).toContain("Răspunsul lui a:x la c1, scris pe larg.");
    // The cell says its figures in words on hover.
    expect(rows[1]).toContain('title="Trecute: 0 din 1 răspuns');
    // The criterion, the title, the input cut short with its whole text on hover, and the expected labels.
    expect(plain(rows[0]!)).toContain("Limba română");
    expect(plain(rows[0]!)).toContain("Rezumat scurt");
    expect(rows[0]).toContain(`title="${LONG_PROMPT}"`);
    expect(plain(rows[0]!)).not.toContain(LONG_PROMPT);
    expect(plain(rows[0]!)).toContain("…");
    expect(plain(rows[2]!)).toContain("Ton: pozitiv · Populism: nu");
    // The annotation answer quoted as labels in words, not as JSON.
    expect(plain(rows[2]!)).toContain("Ton: pozitiv · Populism: nu · Anti-elitism: nu");
  });

  it("opens the first case below and lets every row take the keyboard's focus", () => {
    const rows = rowsOf(page(done("ro"), "ro"));
    expect(rows.every((r) => r.includes('tabindex="0"'))).toBe(true);
    expect(rows[0]).toContain('aria-current="true"');
    expect(rows[1]).not.toContain("aria-current");
    // The side by side answers and their case selector are still there.
    const html = page(done("ro"), "ro");
    expect(html).toContain('data-testid="compare-case"');
    expect(html.split('data-testid="case-column"').length - 1).toBe(2);
  });

  it("offers the filters with their counts and says how many cases it shows, in Romanian and English", () => {
    const ro = page(done("ro"), "ro");
    const options = (html: string) =>
      element(html, "compare-case-filter")!
        .split("<option")
        .slice(1)
        .map((o) => plain(o.slice(o.indexOf(">") + 1)));
    expect(options(ro)).toEqual([
      "Toate (3)",
      "Doar eșecurile (2)",
      "Doar diferențele (1)",
      "Oamenii nu sunt de acord cu verificările (0)",
    ]);
    expect(plain(element(ro, "compare-case-count")!)).toBe("3 din 3 cazuri");
    expect(/<input[^>]*data-testid="compare-case-search"[^>]*>/.exec(ro)![0]).toContain('type="search"');
    const en = page(done("en"), "en");
    expect(options(en)).toEqual([
      "All (3)",
      "Only failures (2)",
      "Only differences (1)",
      "People disagree with the checks (0)",
    ]);
    expect(plain(element(en, "compare-case-count")!)).toBe("3 of 3 cases");
    expect(marks(rowsOf(en)[1]!)).toEqual(["0/1 ✗", "✗ timed out"]);
  });

  it("writes the count with the noun's Romanian plural", () => {
    const cases = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...done("ro").cases![0]!, id: `k${i}` }));
    const count = (n: number) =>
      plain(
        element(
          render(
            <CaseTable cases={cases(n)} models={MODELS} running={false} openedId="k0" onOpen={() => {}} />,
            "ro",
          ),
          "compare-case-count",
        )!,
      );
    expect(count(1)).toBe("1 din 1 caz");
    expect(count(2)).toBe("2 din 2 cazuri");
    expect(count(20)).toBe("20 din 20 de cazuri");
  });

  it("shows the answers so far while the run goes, waiting for a model that has not answered", () => {
    const sofar = [row("c1", "a:x"), row("c2", "a:x", { status: "fail", pass: false })];
    const running = runResponse(record("running", sofar), sofar, "ro", true);
    const html = page(running, "ro");
    expect(html).toContain('data-testid="compare-case-running"');
    const rows = rowsOf(html);
    expect(marks(rows[0]!)).toEqual(["1/1 ✓", "… se așteaptă"]);
    expect(marks(rows[2]!)).toEqual(["… se așteaptă", "… se așteaptă"]);
    expect(rows[0]).toContain('data-model="b:y" data-mark="pending"');
    // The figures come once it ends.
    expect(html).not.toContain('data-testid="compare-summary"');
    // A finished run's model without an answer says so.
    const stopped = runResponse({ ...record("done", sofar), status: "interrupted" }, sofar, "ro", true);
    expect(marks(rowsOf(page(stopped, "ro"))[0]!)).toEqual(["1/1 ✓", "— fără răspuns"]);
    // No verdicts on answers that may still change; an interrupted run's answers are final.
    expect(html).not.toContain('data-testid="answer-human-pass"');
    expect(page(stopped, "ro")).toContain('data-testid="answer-human-pass"');
  });
});

describe("people's verdicts in the table and under the answers", () => {
  const at = "2099-01-01T10:00:00.000Z";
  const marked: ResultRow[] = ROWS.map((r) =>
    r.caseId === "c1" && r.model === "a:x"
      ? { ...r, human: { verdict: "fail", comment: "Inventează o cifră.", by: "Ana", at } }
      : r.caseId === "c2" && r.model === "a:x"
        ? { ...r, human: { verdict: "fail", by: "Ion", at } }
        : r,
  );
  const run = (lang: "ro" | "en") => runResponse(record("done", marked), marked, lang, true);

  it("marks the cell a person judged, with the verdict, and counts the cases where people disagree", () => {
    const html = page(run("ro"), "ro");
    const rows = rowsOf(html);
    const human = (rowHtml: string) => element(rowHtml, "case-cell-human");
    // c1: the checks passed a:x, the person failed it. c2: both failed it. c3: nobody marked.
    expect(human(rows[0]!)).toContain('data-verdict="fail"');
    expect(plain(human(rows[0]!)!)).toBe("Om: ✗");
    expect(human(rows[0]!)).toContain('title="Verdictul oamenilor: corecte 0, greșite 1"');
    expect(rows[0]!.split('data-testid="case-cell-human"')).toHaveLength(2);
    expect(plain(human(rows[1]!)!)).toBe("Om: ✗");
    expect(human(rows[2]!)).toBeNull();
    expect(rows.map((r) => /data-human-disagrees="(\w+)"/.exec(r)![1])).toEqual(["true", "false", "false"]);
    // The checks' marks are as they were.
    expect(marks(rows[0]!)).toEqual(["1/1 ✓", "1/1 ✓"]);
    const options = element(html, "compare-case-filter")!;
    expect(plain(options)).toContain("Oamenii nu sunt de acord cu verificările (1)");
    const en = page(run("en"), "en");
    expect(plain(element(rowsOf(en)[0]!, "case-cell-human")!)).toBe("Person: ✗");
    expect(plain(element(en, "compare-case-filter")!)).toContain("People disagree with the checks (1)");
  });

  it("shows under each answer of the opened case the buttons, pressed as stored, the comment and who marked it", () => {
    const html = page(run("ro"), "ro");
    // The opened case and what follows it (element() stops at its first inner </div>).
    const detail = html.slice(html.indexOf('data-testid="compare-case-detail"'));
    // The first case is opened: a:x's answer failed by Ana, b:y's unmarked.
    const pass = [...detail.matchAll(/<button[^>]*data-testid="answer-human-pass"[^>]*>/g)].map((m) => m[0]);
    const fail = [...detail.matchAll(/<button[^>]*data-testid="answer-human-fail"[^>]*>/g)].map((m) => m[0]);
    expect(pass).toHaveLength(2);
    expect(fail.map((b) => /aria-pressed="(\w+)"/.exec(b)![1])).toEqual(["true", "false"]);
    expect(pass.map((b) => /aria-pressed="(\w+)"/.exec(b)![1])).toEqual(["false", "false"]);
    const comments = [...detail.matchAll(/<input[^>]*data-testid="answer-human-comment"[^>]*>/g)].map(
      (m) => m[0],
    );
    expect(comments[0]).toContain('value="Inventează o cifră."');
    expect(comments[0]).toContain('maxLength="1000"');
    expect(comments[1]).toContain('value=""');
    const by = plain(element(detail, "answer-human-by")!);
    expect(by).toMatch(/^Marcat de Ana, .*2099.*\. Verificările automate spun altceva\.$/);
    expect(detail.split('data-testid="answer-human-by"')).toHaveLength(2);
    const enHtml = page(run("en"), "en");
    const en = enHtml.slice(enHtml.indexOf('data-testid="compare-case-detail"'));
    expect(plain(element(en, "answer-human-by")!)).toMatch(
      /^Marked by Ana, .*2099.*\. The automatic checks say otherwise\.$/,
    );
    // Without accounts (the local user), the name that signs the verdicts is asked once, above the answers.
    expect(detail.split('data-testid="answer-human-person"')).toHaveLength(2);
    expect(plain(en)).toContain("The name you mark answers with");
    expect(plain(en)).toContain("✓ Right");
    expect(plain(en)).toContain("✗ Wrong");
  });
});
