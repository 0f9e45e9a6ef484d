// Checks what a page shows against WCAG 2.1 A and AA and axe-core's best practices (axe-core, the engine behind
// most accessibility checkers), so that a student with a screen reader or a keyboard can use every page. axe runs
// inside the page; it is evaluated through the browser's protocol, which the page's Content-Security-Policy (no
// inline scripts) does not stop.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

interface AxeResult {
  violations: {
    id: string;
    impact: string | null;
    help: string;
    nodes: { target: unknown[]; failureSummary?: string }[];
  }[];
}

/**
 * The accessibility violations on the page as it is now, one line per element: rule, impact, the element, and what
 * to fix. An empty list is what a test expects.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate("typeof window.axe === 'object'");
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(
    `window.axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(TAGS)} } })`,
  )) as AxeResult;
  return result.violations.flatMap((v) =>
    v.nodes.map(
      (node) =>
        `${v.id} (${v.impact ?? "?"}): ${node.target.join(" ")} — ${v.help}; ` +
        (node.failureSummary ?? "").replace(/\s+/g, " ").trim(),
    ),
  );
}
