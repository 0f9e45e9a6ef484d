// The compare page's "Comparații anterioare" section, as it renders what GET /api/compare answered: each run with its
// date in the page's locale, suite, models, status in words, answers done with Romanian plurals, the best model; the
// run the page polls shown live; no delete button on a running run; an empty state in words; Romanian and English.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CompareRunResponse } from "../../contract/compare";
import type { CompareHistoryItem } from "../../contract/compareHistory";
import {
  afterOlderPage,
  CompareHistoryList,
  type HistoryState,
} from "../../client/src/components/compare/CompareHistory";
import { I18nProvider } from "../../client/src/i18nContext";
import { appendPage, formatRunTime, historyRefreshKey } from "../../client/src/state/compareHistory";

const item = (runId: string, extra: Partial<CompareHistoryItem> = {}): CompareHistoryItem => ({
  runId,
  status: "done",
  stopped: false,
  createdAt: "2026-12-01T09:05:00.000Z",
  finishedAt: "2026-12-01T09:06:00.000Z",
  suite: { id: "default.ro", name: "Suita implicită", cases: 20 },
  models: ["offline:extractive", "openai:gpt-4o-mini"],
  runs: 1,
  temperatures: [0],
  progress: { done: 40, total: 40 },
  best: { model: "openai:gpt-4o-mini", passRate: 0.85 },
  ...extra,
});

const ok = (runs: CompareHistoryItem[], next: string | null = null): HistoryState => ({
  status: "ok",
  list: { runs, next },
});

function render(
  state: HistoryState,
  lang: "ro" | "en",
  shown: { id?: string; run?: CompareRunResponse } = {},
): string {
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => (key === "echochamber.lang" ? lang : null),
    setItem: () => {},
    removeItem: () => {},
  });
  return renderToStaticMarkup(
    <I18nProvider>
      <CompareHistoryList
        state={state}
        shownRunId={shown.id}
        shownRun={shown.run}
        onOpen={() => {}}
        onDelete={() => {}}
        onMore={() => {}}
        timeZone="UTC"
      />
    </I18nProvider>,
  );
}

/** The items' text, tags dropped. */
const items = (html: string) =>
  [...html.matchAll(/<li [^>]*data-testid="compare-history-item"[^>]*>(.*?)<\/li>/g)].map((m) =>
    m[1]!.replace(/<[^>]+>/g, ""),
  );

afterEach(() => vi.unstubAllGlobals());

describe("the past comparisons on the compare page", () => {
  const runs = [
    item("r3", {
      status: "running",
      createdAt: "2026-12-07T10:45:00.000Z",
      finishedAt: null,
      progress: { done: 3, total: 21 },
      best: null,
      suite: { id: "inline", name: "Suita mea", cases: 1 },
      models: ["offline:extractive"],
    }),
    item("r2", { stopped: true, best: null, progress: { done: 1200, total: 1500 } }),
    item("r1"),
    item("r0", { status: "interrupted", best: null, progress: { done: 1, total: 2 } }),
    item("rx", { status: "error", best: null, progress: { done: 0, total: 2 } }),
  ];

  it("lists each run with its date, suite, models, status in words, answers and best model, in Romanian", () => {
    const html = render(ok(runs), "ro");
    expect(html).toContain('data-testid="compare-history"');
    expect(html).toContain("Comparații anterioare");
    const [running, stopped, done, interrupted, failed] = items(html);
    expect(running).toContain(formatRunTime("2026-12-07T10:45:00.000Z", "ro", "UTC"));
    expect(formatRunTime("2026-12-07T10:45:00.000Z", "ro", "UTC")).toMatch(/7 dec\. 2026.*10:45/);
    expect(running).toContain("Suita mea (1 caz)");
    expect(running).toContain("offline:extractive");
    expect(running).toContain("rulează");
    expect(running).toContain("3 din 21 de răspunsuri");
    expect(stopped).toContain("oprită înainte de final");
    // Both counts grouped as Romanian groups thousands.
    expect(stopped).toContain("1.200 din 1.500 de răspunsuri");
    expect(stopped).not.toContain("cel mai bun");
    expect(done).toContain("Suita implicită (20 de cazuri)");
    expect(done).toContain("offline:extractive, openai:gpt-4o-mini");
    expect(done).toContain("terminată");
    expect(done).toContain("cel mai bun: openai:gpt-4o-mini (85% trecute)");
    expect(interrupted).toContain("întreruptă (serverul s-a oprit)");
    expect(interrupted).toContain("1 din 2 răspunsuri");
    expect(failed).toContain("eșuată");
    // The newest first, as the server sent them; a running run has no delete button, the others have one.
    expect([...html.matchAll(/data-run-id="(\w+)"/g)].map((m) => m[1])).toEqual([
      "r3",
      "r2",
      "r1",
      "r0",
      "rx",
    ]);
    expect(html.match(/data-testid="compare-history-delete"/g)).toHaveLength(4);
    expect(html).toContain('aria-label="Șterge comparația din 1 dec. 2026');
  });

  it("says the same in English", () => {
    const html = render(ok(runs), "en");
    expect(html).toContain("Past comparisons");
    const [running, stopped, done, interrupted, failed] = items(html);
    expect(formatRunTime("2026-12-07T10:45:00.000Z", "en", "UTC")).toMatch(/7 Dec 2026.*10:45/);
    expect(running).toContain("Suita mea (1 case)");
    expect(running).toContain("running");
    expect(running).toContain("3 of 21 answers");
    expect(stopped).toContain("stopped before the end");
    expect(done).toContain("finished");
    expect(done).toContain("best: openai:gpt-4o-mini (85% passed)");
    expect(interrupted).toContain("interrupted (its server stopped)");
    expect(failed).toContain("failed");
  });

  it("marks the run the page shows, with its live progress, and says whose a run is in an admin's list", () => {
    const live = {
      runId: "r3",
      status: "running",
      progress: { done: 9, total: 21 },
      results: null,
    } as unknown as CompareRunResponse;
    const withOwner = [
      runs[0]!,
      item("r9", { owner: { kind: "user", name: "ana" } }),
      item("r8", { owner: { kind: "guest" } }),
    ];
    const html = render(ok(withOwner), "ro", { id: "r3", run: live });
    const [shown, ana, guest] = items(html);
    expect(shown).toContain("9 din 21 de răspunsuri");
    expect(shown).toContain("Deschisă acum");
    expect(html).toContain('aria-current="true"');
    expect(ana).toContain("utilizator: ana");
    expect(guest).toContain("utilizator: un invitat");
    expect(html).toContain("Comparațiile tuturor utilizatorilor");
    // Once the run ended, the list shows it ended before it is read again.
    const ended = { ...live, status: "done", progress: { done: 21, total: 21 } } as CompareRunResponse;
    expect(items(render(ok(withOwner), "en", { id: "r3", run: ended }))[0]).toContain("finished");
  });

  it("says in words when there is none, while it loads, and offers older runs when there are more", () => {
    expect(render(ok([]), "ro")).toContain(
      "Nicio comparație anterioară încă: cele pe care le porniți apar aici și rămân după ce închideți pagina.",
    );
    expect(render(ok([]), "en")).toContain("No past comparison yet");
    expect(render({ status: "loading" }, "ro")).toContain("Se încarcă comparațiile anterioare");
    const failed = render(
      { status: "failed", error: { kind: "server", error: { code: "internal", message: "x" } } },
      "en",
    );
    expect(failed).toContain("The past comparisons could not be loaded: An internal error occurred.");
    expect(render(ok([item("r1")], "r1"), "ro")).toContain('data-testid="compare-history-more"');
    expect(render(ok([item("r1")]), "ro")).not.toContain('data-testid="compare-history-more"');
  });
});

describe("when the list is read again", () => {
  it("changes when a run shown starts or stops running, not with its progress, nor when a finished one is opened", () => {
    const run = (status: string, done: number, runId = "a") =>
      ({ runId, status, progress: { done, total: 9 } }) as unknown as CompareRunResponse;
    expect(historyRefreshKey("a", run("running", 1))).toBe(historyRefreshKey("a", run("running", 5)));
    expect(historyRefreshKey("a", run("running", 5))).not.toBe(historyRefreshKey("a", run("done", 9)));
    expect(historyRefreshKey(undefined, undefined)).not.toBe(historyRefreshKey("a", run("running", 0)));
    // Opening past runs from the list (done, then another done) keeps the pages already shown.
    expect(historyRefreshKey("b", run("done", 9, "b"))).toBe(historyRefreshKey(undefined, undefined));
    expect(historyRefreshKey("c", run("interrupted", 2, "c"))).toBe(
      historyRefreshKey("b", run("done", 9, "b")),
    );
  });

  it("changes when a run started on the page starts and when it ends, even one never seen running", () => {
    const run = (status: string, runId = "a") =>
      ({ runId, status, progress: { done: 9, total: 9 } }) as unknown as CompareRunResponse;
    const before = historyRefreshKey(undefined, undefined);
    // Started: shown, its first poll not back yet.
    const started = historyRefreshKey("a", undefined, "a");
    expect(started).not.toBe(before);
    // An offline run is over by its first poll: done (or failed, or stopped) straight away is an end all the same.
    for (const status of ["done", "error", "interrupted"]) {
      expect(historyRefreshKey("a", run(status), "a"), status).not.toBe(started);
    }
    // A slow one: its polls while it runs read nothing again, its end does.
    expect(historyRefreshKey("a", run("running"), "a")).toBe(started);
    const ended = historyRefreshKey("a", run("done"), "a");
    expect(ended).not.toBe(historyRefreshKey("a", run("running"), "a"));
    // A finished run opened from the list afterwards keeps the pages shown; the next run started here reads again.
    expect(historyRefreshKey("b", run("done", "b"), "a")).toBe(ended);
    expect(historyRefreshKey("c", undefined, "c")).not.toBe(ended);
    // A running one opened from the list is followed to its end, as before.
    expect(historyRefreshKey("d", run("running", "d"), "a")).not.toBe(ended);
    expect(historyRefreshKey("d", run("done", "d"), "a")).toBe(ended);
  });

  it("keeps the list when a page of older runs fails, with the error beside the button that tries again", () => {
    const error = { kind: "server", error: { code: "internal", message: "x" } } as const;
    const shown = ok([item("b"), item("a")], "a");
    const failed = afterOlderPage({ ...shown, loadingMore: true } as HistoryState, "a", { error });
    expect(failed).toEqual({ ...shown, moreError: error });
    for (const [lang, said, retry] of [
      ["ro", "Comparațiile mai vechi nu s-au putut încărca: ", "Mai vechi: încearcă din nou"],
      ["en", "The older comparisons could not be loaded: An internal error occurred.", "Older: try again"],
    ] as const) {
      const html = render(failed, lang);
      expect(items(html)).toHaveLength(2);
      expect(html).toContain(said);
      expect(html).toMatch(new RegExp(`data-testid="compare-history-more">${retry}</button>`));
      expect(html).toContain('data-testid="compare-history-more-error"');
      expect(html).not.toContain("could not be loaded: An internal error occurred.</p>");
    }
    // Tried again and loaded: appended, the error gone.
    const retried = { ...failed, loadingMore: true } as HistoryState;
    expect(afterOlderPage(retried, "a", { page: { runs: [item("z")], next: null } })).toEqual(
      ok([item("b"), item("a"), item("z")]),
    );
    // A page asked for by a list read again meanwhile (a reload, a deletion) is not appended to the new one.
    const page = { page: { runs: [item("z")], next: null } };
    expect(afterOlderPage(shown, "a", page)).toEqual(shown);
    expect(
      afterOlderPage({ ...ok([item("c"), item("b")], "b"), loadingMore: true } as HistoryState, "a", page),
    ).toEqual({ ...ok([item("c"), item("b")], "b"), loadingMore: true });
    // While it loads, the button waits.
    expect(render({ ...shown, loadingMore: true } as HistoryState, "ro")).toMatch(
      /data-testid="compare-history-more" disabled=""/,
    );
  });

  it("appends an older page, keeping a run listed twice once", () => {
    const shown = { runs: [item("b"), item("a")], next: "a" };
    expect(appendPage(shown, { runs: [item("a"), item("z")], next: null })).toEqual({
      runs: [item("b"), item("a"), item("z")],
      next: null,
    });
  });
});
