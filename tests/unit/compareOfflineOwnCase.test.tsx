// A student's own case on the offline extractive model, two runs at two temperatures, as the tester ran it:
// "Rezumă sursa într-o propoziție / max cuvinte: 30". The model's fixed opening (its label, the same whatever the
// question) is not judged, and the reasons and the page say so; the failure modes say "—" with why for instability
// when no case checks it (not "0/0" beside a recommendation that says "stabilitate 1,00"); report.md in Romanian.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseSuiteText } from "../../contract/compareSuiteText";
import { withoutExtractiveFraming } from "../../contract/extractiveFraming";
import { countWith } from "../../contract/plural";
import { RunResults } from "../../client/src/components/compare/RunResults";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import { ModelGateway } from "../../server/models/gateway";
import { reportMarkdown } from "../../server/compare/reportMarkdown";
import { runComparison, type CompareRun } from "../../server/compare/runner";
import type { CompareRunRecord } from "../../server/compare/runStore";
import { runResponse } from "../../server/compare/runView";
import { parseSuite, type Suite } from "../../server/compare/suite";
import { summarize } from "../../server/compare/summary";
import { testConfig } from "../support/fixtures";

const STUDENT_CASE = [
  "Rezumă sursa într-o propoziție.",
  "sursă: Primăria a amânat cu un an proiectul pistelor de biciclete, invocând lipsa fondurilor. Asociațiile de bicicliști au anunțat un protest pentru sâmbătă.",
  "max cuvinte: 30",
].join("\n");

function studentSuite(): Suite {
  const read = parseSuiteText(STUDENT_CASE);
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return parseSuite(read.suite);
}

const words = (text: string) => text.match(/\S+/g)?.length ?? 0;

async function studentRun(): Promise<CompareRun> {
  const config = testConfig();
  return runComparison({
    models: ["offline:extractive"],
    suite: studentSuite(),
    config,
    gateway: new ModelGateway(config),
    runs: 2,
    temperatures: [0, 0.7],
  });
}

function rendered(run: CompareRun, lang: "ro" | "en"): string {
  const record: CompareRunRecord = {
    id: "r1",
    userId: "local",
    status: "done",
    done: run.rows.length,
    total: run.rows.length,
    createdAt: run.startedAt,
    finishedAt: run.finishedAt,
    request: {
      suite: run.suite,
      models: run.models,
      runs: run.runs,
      temperatures: run.temperatures,
      concurrency: 1,
      timeoutMs: 1000,
    },
    results: summarize(run),
    error: null,
    owner: null,
    heartbeatAt: null,
    cancelRequested: false,
  };
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => (key === "echochamber.lang" ? lang : null),
    setItem: () => {},
  });
  return renderToStaticMarkup(
    <I18nProvider>
      <ReviewProvider>
        <RunResults run={runResponse(record, run.rows, lang, true)} />
      </ReviewProvider>
    </I18nProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("the offline extractive model's fixed opening", () => {
  it("is left out of what the assertions judge, and the reason says so", async () => {
    const run = await studentRun();
    expect(run.rows).toHaveLength(4);
    for (const row of run.rows) {
      // The answer is kept whole: what the chat would show, label and all (46 words, 31 of them the label's).
      expect(row.text).toMatch(/^Răspuns extractiv \(offline, fără model de limbaj\)/);
      expect(words(row.text)).toBeGreaterThan(30);
      expect(row.status).toBe("ok");
      const length = row.assertions.find((a) => a.type === "max-length")!;
      expect(length.pass).toBe(true);
      expect(length.reason).toBe(
        `${countWith(words(withoutExtractiveFraming(row.text).text), ["cuvânt", "cuvinte"])} (cel mult 30), fără fraza fixă de început a modelului offline`,
      );
      expect(length.reasonEn).toContain("(at most 30), without the offline model's fixed opening");
    }
  });

  it("leaves an answer without it as it is", () => {
    const plain = "Primăria a amânat proiectul.\n\n- Un punct [1]";
    expect(withoutExtractiveFraming(plain)).toEqual({ text: plain, framed: false });
    expect(
      withoutExtractiveFraming(
        "Extractive answer (offline, without a language model): the sentences of the sources closest to the question, quoted as they are.\n\n- A quote. [1]",
      ),
    ).toEqual({ text: "- A quote. [1]", framed: true });
  });

  it("is explained beside the answer on the page, in both languages", async () => {
    const run = await studentRun();
    expect(rendered(run, "ro")).toContain(
      "este eticheta fixă a modelului offline, aceeași la orice întrebare",
    );
    expect(rendered(run, "en")).toContain("is the offline model&#x27;s fixed label");
  });
});

describe("instability when no case checks it", () => {
  it("is '—' with why and the similarity the recommendation speaks of, not '0/0'", async () => {
    const run = await studentRun();
    const results = summarize(run);
    const model = results.models[0]!;
    // Nothing it could happen in: no case has a `stable` assertion.
    expect(model.failureModes!.instability).toEqual({ count: 0, of: 0, examples: [] });
    expect(results.recommendation!.why).toContain("stabilitate 1,00");

    const ro = rendered(run, "ro");
    expect(ro).not.toContain("Instabilitate: 0/0");
    expect(ro).toContain("Instabilitate: —");
    expect(ro).toContain("aserțiunea „stable”");
    expect(ro).toContain("Similaritatea medie între rulări, cea din recomandare: 1,00 (t=0); 1,00 (t=0,7).");
    // What it could happen in is still counted: two answers per temperature, none refused.
    expect(ro).toContain("Refuzuri fără motiv: 0/4");
    const en = rendered(run, "en");
    expect(en).toContain("Instability: —");
    expect(en).toContain(
      "The mean similarity between runs, the recommendation&#x27;s: 1.00 (t=0); 1.00 (t=0.7).",
    );
  });
});

describe("report.md in Romanian", () => {
  it("has Romanian headings and words, and '—' for a failure mode with nothing to measure", async () => {
    const run = await studentRun();
    const report = reportMarkdown(summarize(run), run, "ro");
    expect(report).toContain("## Motivul opririi, refuzuri, erori");
    expect(report).toContain("| model | motivul opririi (finish_reason) | refuzuri |");
    expect(report).toContain("| model | apeluri trecute/picate/erori/n/a |");
    expect(report).toMatch(/\| reușită, \d+ ms \|/);
    for (const english of ["Finish reason", "streaming", "| ok, ", "ok/eșec"]) {
      expect(report).not.toContain(english);
    }
    expect(report).toContain("„—” = nimic de măsurat");
    // Hallucinated citations 0/4, unsupported 0/4, refusals 0/4, truncations 0/4, instability —, ignored role —.
    expect(report).toMatch(/\| `offline:extractive` \| 0\/4 \| \d\/4 \| 0\/4 \| 0\/4 \| — \| — \|/);
    const en = reportMarkdown(summarize(run), run, "en");
    expect(en).toContain("## Finish reason, refusals, errors");
    expect(en).toMatch(/\| ok, \d+ ms \|/);
  });
});
