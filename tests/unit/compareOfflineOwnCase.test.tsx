// report.md in Romanian says everything in Romanian: "## Finish reason, refuzuri, erori" was English in a Romanian
// report, as were the warm-up's "ok" and the calls' "ok". Run on a student's own case on the offline extractive model.
import { describe, expect, it } from "vitest";
import { parseSuiteText } from "../../contract/compareSuiteText";
import { ModelGateway } from "../../server/models/gateway";
import { reportMarkdown } from "../../server/compare/reportMarkdown";
import { runComparison, type CompareRun } from "../../server/compare/runner";
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

describe("report.md in Romanian", () => {
  it("has Romanian headings and words", async () => {
    const run = await studentRun();
    const report = reportMarkdown(summarize(run), run, "ro");
    expect(report).toContain("## Motivul opririi, refuzuri, erori");
    expect(report).toContain("| model | motivul opririi (finish_reason) | refuzuri |");
    expect(report).toContain("| model | apeluri trecute/picate/erori/n/a |");
    expect(report).toMatch(/\| reușită, \d+ ms \|/);
    for (const english of ["Finish reason", "streaming", "| ok, ", "ok/eșec"]) {
      expect(report).not.toContain(english);
    }
    const en = reportMarkdown(summarize(run), run, "en");
    expect(en).toContain("## Finish reason, refusals, errors");
    expect(en).toMatch(/\| ok, \d+ ms \|/);
  });
});
