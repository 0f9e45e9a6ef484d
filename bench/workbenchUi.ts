// bench:workbench, the UI part — the "Adnotare" results table of a 10,000-row run (two models × two repeats) in
// the real built client in Chromium: the longest main-thread task while the page loads and the table is scrolled
// from the first row to the last and back, (a) with the run idle and (b) while `job:progress` events arrive (and
// the rows on screen refresh), side by side with the baseline that renders every row (a flag only this bench sets).
// The server side is a stand-in (bench/workbenchUiFake.ts), so only the page is measured. Prints a summary, then
// one JSON line; `runWorkbenchUiBench()` gives the same object to bench/workbench.ts.
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { ensureClientBuilt, hasChromium, launchBrowser } from "../tests/support/browser";
import { percentile } from "./stats";
import { mainThreadTasks } from "./trace";
import { FAKE_DATASET, FAKE_RUN, startFakeWorkbench, type FakeWorkbench } from "./workbenchUiFake";

const ROWS = Number(process.env.BENCH_WORKBENCH_ROWS ?? 10_000);
const RUNS = Math.max(1, Number(process.env.BENCH_WORKBENCH_UI_RUNS ?? 3));
/** The table's row height in px (ROW_HEIGHT in client/src/components/workbench/ResultsTable.tsx). */
const ROW_HEIGHT = 92;
/** Scroll speed: 600 rows a second, a fast fling through the whole table (about 17 s one way for 10,000 rows). */
const SCROLL_PX_PER_SECOND = Number(process.env.BENCH_WORKBENCH_SCROLL ?? 600 * ROW_HEIGHT);
const PROGRESS_PER_SECOND = 10;
const GOAL_MS = 50;
const SCROLL_LIMIT_MS = 60_000;
/** Which scenarios run (comma-separated), all by default. */
const SCENARIOS = (process.env.BENCH_WORKBENCH_UI_SCENARIOS ?? "baseline,scroll,scrollWithProgress").split(
  ",",
) as Scenario[];

type Scenario = "scroll" | "scrollWithProgress" | "baseline";

interface ScenarioResult {
  scenario: Scenario;
  longestTaskMs: number;
  longestTaskCpuMs: number;
  /** Main-thread tasks of 50 ms CPU or more. */
  longTasksCpu: number;
  longTasks: number;
  frameGapP95Ms: number;
  /** Rows in the page at the end (the virtualiser keeps a screenful; the baseline all of them). */
  domRows: number;
  /** The last row was on screen at the bottom, and the first again at the top. */
  reachedEnds: boolean;
  ms: number;
}

/** Installed before the client loads: long tasks and frame gaps with page timestamps. */
const OBSERVERS = `
  const bench = { longTasks: [], frames: [] };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longTasks.push({ at: e.startTime, ms: e.duration });
  }).observe({ type: "longtask", buffered: true });
  let last = performance.now();
  requestAnimationFrame(function tick(t) {
    bench.frames.push({ at: t, ms: t - last });
    last = t;
    requestAnimationFrame(tick);
  });
`;

/** Scrolls the table by `step` px a frame to `target` ("bottom" or "top"); resolves when there. Plain JS (page side). */
/**
 * Scrolls the table to `target` ("bottom" or "top") at a steady speed by the clock, as a hand would: on a slow
 * machine frames come less often and each jumps further. Gives up after SCROLL_LIMIT_MS (resolves false).
 * Plain JS (page side).
 */
const SCROLL = (target: "bottom" | "top") => `new Promise((resolve) => {
  const el = document.querySelector(".wb-table-scroll");
  const from = el.scrollTop;
  const sign = ${target === "bottom" ? 1 : -1};
  const t0 = performance.now();
  function frame(now) {
    el.scrollTop = from + sign * ((now - t0) / 1000) * ${SCROLL_PX_PER_SECOND};
    const end = ${target === "bottom" ? "el.scrollTop + el.clientHeight >= el.scrollHeight - 1" : "el.scrollTop <= 0"};
    if (end) resolve(true);
    else if (now - t0 > ${SCROLL_LIMIT_MS}) resolve(false);
    else requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})`;

async function rowShown(page: Page, idx: number): Promise<boolean> {
  try {
    await page.locator(`[data-testid="results-row"][data-idx="${idx}"]`).waitFor({ timeout: 15_000 });
    return true;
  } catch {
    // Not there in time: reported as a failed run, not thrown, so the other figures still print.
    return false;
  }
}

async function runScenario(fake: FakeWorkbench, scenario: Scenario): Promise<ScenarioResult> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript({ content: OBSERVERS });
    // The baseline: the same table rendering every row, switched on by a flag only a script run before the page can
    // set (client/src/components/workbench/ResultsTable.tsx, RENDER_ALL_ROWS).
    if (scenario === "baseline") {
      await context.addInitScript({ content: "window.__echochamberBenchRenderAllRows = true;" });
    }
    const page = await context.newPage();
    fake.progress(scenario === "scrollWithProgress" ? PROGRESS_PER_SECOND : 0);
    await page.goto(`${fake.url}/?page=annotate&dataset=${FAKE_DATASET}&run=${FAKE_RUN}`);
    await page
      .locator(`[data-testid="results-table"][data-total="${fake.rows}"]`)
      .waitFor({ timeout: 60_000 });
    const firstShown = await rowShown(page, 0);
    // Start-up (script evaluation, the first pages) is over before measuring; the baseline's is its cost, so
    // it is measured from the first row on, while every other row arrives and renders.
    if (scenario !== "baseline") await page.waitForTimeout(1500);
    const from = (await page.evaluate("performance.now()")) as number;
    await browser.startTracing(page, {
      categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"],
    });
    const started = Date.now();
    const bottom = (await page.evaluate(SCROLL("bottom"))) as boolean;
    const lastShown = bottom && (await rowShown(page, fake.rows - 1));
    const top = (await page.evaluate(SCROLL("top"))) as boolean;
    const topAgain = top && (await rowShown(page, 0));
    const ms = Date.now() - started;
    const cpu = mainThreadTasks(await browser.stopTracing());
    const metrics = (await page.evaluate(`(() => {
      const b = window.__bench;
      const since = (xs) => xs.filter((x) => x.at >= ${from}).map((x) => x.ms);
      return { longTasks: since(b.longTasks), frames: since(b.frames),
               domRows: document.querySelectorAll('[data-testid="results-row"]').length };
    })()`)) as { longTasks: number[]; frames: number[]; domRows: number };
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      scenario,
      longestTaskMs: round(Math.max(0, ...metrics.longTasks)),
      longestTaskCpuMs: round(Math.max(0, ...cpu)),
      longTasksCpu: cpu.filter((x) => x >= GOAL_MS).length,
      longTasks: metrics.longTasks.length,
      frameGapP95Ms: round(percentile(metrics.frames, 95)),
      domRows: metrics.domRows,
      reachedEnds: firstShown && lastShown && topAgain,
      ms,
    };
  } finally {
    fake.progress(0);
    await browser.close();
  }
}

function line(r: ScenarioResult): string {
  return (
    `  ${r.scenario.padEnd(18)} longest task ${String(r.longestTaskMs).padStart(6)} ms (cpu ${String(r.longestTaskCpuMs).padStart(6)} ms)  ` +
    `long tasks ${String(r.longTasks).padStart(3)} (≥50 ms cpu: ${r.longTasksCpu})  frame gap p95 ${r.frameGapP95Ms} ms  ` +
    `${r.domRows} rows in the page  ${r.reachedEnds ? "first→last→first shown" : "ENDS NOT REACHED"}  ${r.ms} ms`
  );
}

function median(results: ScenarioResult[]) {
  const m = (pick: (r: ScenarioResult) => number) => Math.round(percentile(results.map(pick), 50) * 10) / 10;
  return {
    longestTaskMs: m((r) => r.longestTaskMs),
    longestTaskCpuMs: m((r) => r.longestTaskCpuMs),
    longTasks: m((r) => r.longTasks),
    longTasksCpu: m((r) => r.longTasksCpu),
    frameGapP95Ms: m((r) => r.frameGapP95Ms),
    domRows: m((r) => r.domRows),
    reachedEnds: results.every((r) => r.reachedEnds),
  };
}

export async function runWorkbenchUiBench(
  log: (text: string) => void = (text) => process.stdout.write(text),
) {
  if (!hasChromium) return { bench: "workbench-ui", skipped: "no Chromium" };
  await ensureClientBuilt();
  const fake = await startFakeWorkbench(ROWS);
  try {
    log(
      `bench:workbench (UI) — the results table of ${ROWS} rows × 2 models × 2 repeats, scrolled first→last→first at ` +
        `${Math.round(SCROLL_PX_PER_SECOND / ROW_HEIGHT)} rows/s; progress events at ${PROGRESS_PER_SECOND}/s in the second scenario (Chromium headless)\n`,
    );
    const loadBefore = os.loadavg()[0] ?? 0;
    const runs: Record<Scenario, ScenarioResult[]> = { scroll: [], scrollWithProgress: [], baseline: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const scenario of SCENARIOS) {
        const result = await runScenario(fake, scenario);
        runs[scenario].push(result);
        log(`${line(result)}\n`);
      }
    }
    const loadAfter = os.loadavg()[0] ?? 0;
    const scroll = median(runs.scroll);
    const withProgress = median(runs.scrollWithProgress);
    const baseline = median(runs.baseline);
    const worstCpu = Math.max(scroll.longestTaskCpuMs, withProgress.longestTaskCpuMs);
    const pass = worstCpu < GOAL_MS && scroll.reachedEnds && withProgress.reachedEnds;
    log(
      `  median of ${RUNS}: longest task (CPU) ${scroll.longestTaskCpuMs} ms scrolling, ${withProgress.longestTaskCpuMs} ms ` +
        `scrolling while progress arrives, vs ${baseline.longestTaskCpuMs} ms rendering every row (wall: ${scroll.longestTaskMs} / ` +
        `${withProgress.longestTaskMs} / ${baseline.longestTaskMs} ms)\n` +
        `  goal: longest main-thread task < ${GOAL_MS} ms → ${worstCpu < GOAL_MS ? "met" : "MISSED"} (CPU time; load average ` +
        `${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${os.cpus().length} cores)\n`,
    );
    return {
      bench: "workbench-ui",
      rows: ROWS,
      runs: RUNS,
      scrollRowsPerSecond: Math.round(SCROLL_PX_PER_SECOND / ROW_HEIGHT),
      progressPerSecond: PROGRESS_PER_SECOND,
      goalMs: GOAL_MS,
      scroll,
      scrollWithProgress: withProgress,
      baseline,
      perRun: runs,
      machine: {
        cores: os.cpus().length,
        loadAvg1m: [Math.round(loadBefore * 10) / 10, Math.round(loadAfter * 10) / 10],
      },
      pass,
    };
  } finally {
    await fake.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const result = await runWorkbenchUiBench();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if ("pass" in result && !result.pass) process.exitCode = 1;
}
