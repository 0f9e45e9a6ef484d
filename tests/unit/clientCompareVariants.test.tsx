// "Suita mea"'s prompt variants in the results, rendered in Romanian and English: the criteria's heatmap shows each
// model under each variant, with a row per variant over all its cases when the cases name their own criteria, and the
// table of every case lists a case's variants one under the other.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CompareRunResponse } from "../../contract/compare";
import type { AppError } from "../../contract/errors";
import { parseSuiteText } from "../../contract/compareSuiteText";
import { RunResults } from "../../client/src/components/compare/RunResults";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import { variantRows } from "../../client/src/state/compareVariants";
import type { ResultRow } from "../../server/compare/runner";
import type { CompareRunRecord } from "../../server/compare/runStore";
import { partialRun, runResponse } from "../../server/compare/runView";
import { parseSuite, type Suite } from "../../server/compare/suite";
import { summarize } from "../../server/compare/summary";

const MODELS = ["a:x", "b:y"];
const VARIANTS = "variantă A: Ești un analist neutru.\nvariant B: Ești un comentator partizan.";

function suiteOf(text: string): Suite {
  const read = parseSuiteText(text);
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return parseSuite(read.suite, "inline");
}

function row(suite: Suite, caseId: string, model: string, pass: boolean | null): ResultRow {
  return {
    caseId,
    criterion: suite.cases.find((c) => c.id === caseId)!.criterion,
    kind: "prompt",
    model,
    temperature: 0,
    run: 1,
    status: pass === null ? "n/a" : pass ? "ok" : "fail",
    pass,
    score: pass === null ? null : pass ? 1 : 0,
    text: `Răspunsul lui ${model} la ${caseId}.`,
    annotation: null,
    latencyMs: 100,
    ttftMs: 10,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    finishReason: "stop",
    refused: false,
    jsonValid: null,
    assertions: [],
    error: null,
  };
}

function doneRun(suite: Suite, rows: ResultRow[], lang: "ro" | "en"): CompareRunResponse {
  const base: CompareRunRecord = {
    id: "r1",
    userId: "local",
    status: "done",
    done: rows.length,
    total: rows.length,
    createdAt: "2099-01-01T00:00:00.000Z",
    finishedAt: "2099-01-01T00:01:00.000Z",
    request: { suite, models: MODELS, runs: 1, temperatures: [0], concurrency: 1, timeoutMs: 1000 },
    results: null,
    error: null,
    owner: null,
    heartbeatAt: null,
    cancelRequested: false,
  };
  const record = { ...base, results: summarize(partialRun({ ...base, status: "running" }, rows)) };
  return runResponse(record, rows, lang, true);
}

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

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** The heatmap's rows with `attr`, each as [its value, its cells' text]. */
function heatRows(html: string, attr: "data-criterion" | "data-variant"): [string, string][] {
  const figure = html.slice(html.indexOf('data-kind="criteria"'));
  return [...figure.matchAll(new RegExp(`<tr ${attr}="([^"]+)">(.*?)</tr>`, "g"))].map((m) => [
    m[1]!,
    plain(m[2]!),
  ]);
}

afterEach(() => vi.unstubAllGlobals());

describe("prompt variants in the results", () => {
  // Two cases, the second with its own criterion; a:x passes under A only, b:y mostly under B (its answer to
  // caz-2-b is n/a, left out).
  const suite = suiteOf(`${VARIANTS}\n\nRezumă sursa.\n\nCare este tonul?\ncriteriu: ton`);
  const rows = [
    row(suite, "caz-1-a", "a:x", true),
    row(suite, "caz-1-a", "b:y", true),
    row(suite, "caz-1-b", "a:x", false),
    row(suite, "caz-1-b", "b:y", true),
    row(suite, "caz-2-a", "a:x", true),
    row(suite, "caz-2-a", "b:y", false),
    row(suite, "caz-2-b", "a:x", false),
    row(suite, "caz-2-b", "b:y", null),
  ];

  it("shows each model under each variant, per criterion and over all the variant's cases", () => {
    const ro = render(doneRun(suite, rows, "ro"), "ro");
    expect(heatRows(ro, "data-criterion")).toEqual([
      ["varianta-a", "Varianta A 100% 100%"],
      ["varianta-b", "Varianta B 0% 100%"],
      ["ton-a", "ton-a 100% 0%"],
      ["ton-b", "ton-b 0% n/a"],
    ]);
    expect(heatRows(ro, "data-variant")).toEqual([
      ["a", "Varianta A · toate cazurile 100% 50%"],
      ["b", "Varianta B · toate cazurile 0% 100%"],
    ]);
    const en = render(doneRun(suite, rows, "en"), "en");
    expect(heatRows(en, "data-criterion")[0]).toEqual(["varianta-a", "Variant A 100% 100%"]);
    expect(heatRows(en, "data-variant")).toEqual([
      ["a", "Variant A · all cases 100% 50%"],
      ["b", "Variant B · all cases 0% 100%"],
    ]);
  });

  it("lists a case's variants one under the other in the table of every case", () => {
    const titles = (html: string) =>
      html
        .split('data-testid="case-row"')
        .slice(1)
        .map((part) => /(Rezumă sursa\.|Care este tonul\?) · variant[a]? [AB]/.exec(plain(part))?.[0]);
    expect(titles(render(doneRun(suite, rows, "ro"), "ro"))).toEqual([
      "Rezumă sursa. · varianta A",
      "Rezumă sursa. · varianta B",
      "Care este tonul? · varianta A",
      "Care este tonul? · varianta B",
    ]);
    expect(titles(render(doneRun(suite, rows, "en"), "en"))).toEqual([
      "Rezumă sursa. · variant A",
      "Rezumă sursa. · variant B",
      "Care este tonul? · variant A",
      "Care este tonul? · variant B",
    ]);
  });

  it("adds no row when the criteria already are the variants, nor for a run without variants", () => {
    const plainVariants = suiteOf(`${VARIANTS}\n\nRezumă sursa.`);
    const html = render(
      doneRun(
        plainVariants,
        [row(plainVariants, "caz-1-a", "a:x", true), row(plainVariants, "caz-1-b", "a:x", false)],
        "ro",
      ),
      "ro",
    );
    expect(heatRows(html, "data-criterion").map(([id]) => id)).toEqual(["varianta-a", "varianta-b"]);
    expect(html).not.toContain('data-testid="compare-variants"');
    const run = doneRun(suite, rows, "ro");
    expect(variantRows(run.cases, MODELS, [{ id: "proprii" }])).toHaveLength(2);
    expect(variantRows(null, MODELS, [{ id: "ton-a" }])).toEqual([]);
    const own = suiteOf("Prima?\n\nA doua?");
    expect(
      variantRows(doneRun(own, [row(own, "caz-1", "a:x", true)], "ro").cases, MODELS, [{ id: "proprii" }]),
    ).toEqual([]);
  });

  // An uploaded suite whose ids and criteria look like a variant run's is no variant run unless its cases say so.
  const uploaded = (variant: boolean) =>
    parseSuite({
      name: "Încărcată",
      cases: ["a", "b"].flatMap((l) =>
        ["1", "2"].map((n) => ({
          id: `caz-${n}-${l}`,
          criterion: `${n === "1" ? "ton" : "rezumat"}-${l}`,
          prompt: `Întrebarea ${n}?`,
          ...(variant ? { variant: l } : {}),
        })),
      ),
    });

  it("does not take an uploaded suite with ids like caz-1-a for a variant run", () => {
    const suite = uploaded(false);
    const html = render(
      doneRun(suite, [row(suite, "caz-1-a", "a:x", true), row(suite, "caz-1-b", "a:x", false)], "ro"),
      "ro",
    );
    expect(html).not.toContain('data-testid="compare-variants"');
    expect(heatRows(html, "data-variant")).toEqual([]);
  });

  it("groups an uploaded suite's cases by the variant they name", () => {
    const suite = uploaded(true);
    const html = render(
      doneRun(suite, [row(suite, "caz-1-a", "a:x", true), row(suite, "caz-1-b", "a:x", false)], "ro"),
      "ro",
    );
    expect(heatRows(html, "data-variant")).toEqual([
      ["a", "Varianta A · toate cazurile 100% n/a"],
      ["b", "Varianta B · toate cazurile 0% n/a"],
    ]);
    // A letter, nothing else.
    const refused = (() => {
      try {
        parseSuite({ name: "X", cases: [{ id: "c", criterion: "c", prompt: "P?", variant: "AB" }] });
      } catch (err) {
        return (err as AppError).params;
      }
    })();
    expect(refused).toMatchObject({
      detail: "suita nu este validă: cases.0 (c).variant: o literă mică, a–z",
      detailEn: "the suite is not valid: cases.0 (c).variant: one lower-case letter, a–z",
    });
  });
});
