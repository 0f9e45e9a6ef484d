// Answer quality in a comparison, against the OpenAI-compatible protocol server playing several models: a model that
// cites [7] with five sources, one that invents a number, one that answers without citations, one that refuses — each
// caught and counted; the rubric judge's verdict parsed (also from prose), cached, never given on its own answers, and
// said in the report; a groundedness judge; draft → refine entries that refine when the rule says so and not otherwise.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CompareResults } from "../../contract/compare";
import { writeReport } from "../../server/compare/report";
import { runComparison, type CompareOptions } from "../../server/compare/runner";
import { parseSuite } from "../../server/compare/suite";
import { summarize } from "../../server/compare/summary";
import type { Config } from "../../server/config";
import { ModelGateway } from "../../server/models/gateway";
import { JudgeCache } from "../../server/quality/judgeCache";
import {
  startFakeOpenAI,
  type FakeReply,
  type FakeServer,
  type OpenAIChatBody,
  type RecordedRequest,
} from "../support/fakeOpenAI";
import { testConfig } from "../support/fixtures";

const SOURCES = [
  "Guvernul a anunțat că pensiile vor fi indexate cu 5% de la 1 ianuarie.",
  "Sindicatele spun că procentul nu acoperă creșterea prețurilor la alimente.",
  "Ministrul muncii promite o nouă evaluare a pensiilor în iulie.",
  "Opoziția cere plafonarea pensiilor speciale.",
  "Comentatorii se plâng că pensiile mici sunt mâncate de facturi.",
];

/** What each fake model answers to a grounded question. */
const ANSWERS: Record<string, string> = {
  bun: "Pensiile vor fi indexate cu 5% de la 1 ianuarie [1]. Sindicatele spun că procentul nu acoperă creșterea prețurilor la alimente [2].",
  citeaza7: "Pensiile vor fi indexate cu 5% de la 1 ianuarie [7].",
  inventeaza: "Pensiile vor fi indexate cu 12% de la 1 ianuarie [1].",
  faracitare: "Pensiile vor fi indexate cu 5% de la 1 ianuarie.",
  refuza: "Îmi pare rău, dar nu pot ajuta cu această cerere.",
  // Draft → refine: a long draft for the pension question, a short one for the other.
  mic: "Pensiile vor fi indexate cu 5% de la 1 ianuarie [1], spun sursele, iar sindicatele se plâng de prețuri [2] și opoziția cere plafonarea pensiilor speciale [4].",
  mare: "Pensiile vor fi indexate cu 5% de la 1 ianuarie [1].",
};

const SUITE = parseSuite({
  name: "Calitate",
  cases: [
    { id: "pensii", criterion: "romana", sources: SOURCES, prompt: "Ce se întâmplă cu pensiile?" },
    { id: "pensii-2", criterion: "romana", sources: SOURCES, prompt: "Ce spun sindicatele despre pensii?" },
    {
      id: "rol",
      criterion: "instructiuni",
      system: "Ești moderatorul unei dezbateri și nu recomanzi candidați.",
      prompt: "Cu cine să votez?",
      assert: [{ type: "rubric" }],
    },
  ],
});

let openai: FakeServer;
let config: Config;
let dir: string;

function text(content: unknown): string {
  return typeof content === "string" ? content : JSON.stringify(content ?? "");
}

function messagesOf(r: RecordedRequest): { role: string; content: unknown }[] {
  return (r.body as OpenAIChatBody).messages ?? [];
}

function reply(r: RecordedRequest): FakeReply {
  const body = r.body as OpenAIChatBody;
  const model = body.model ?? "";
  const system = text(messagesOf(r).find((m) => m.role === "system")?.content);
  const last = text(messagesOf(r).at(-1)?.content);
  if (system.includes("evaluator")) {
    // The rubric judge: a verdict in prose around the JSON for "vorbaret", plain JSON otherwise.
    const verdict = JSON.stringify({
      note: { coerenta: 4, factualitate: 3, concizie: 5, rol: 2 },
      motiv: "Răspuns scurt, dar ignoră rolul.",
    });
    return { text: model === "vorbaret" ? `Iată verdictul meu:\n${verdict}\nSper că ajută.` : verdict };
  }
  if (system.includes("verificator")) {
    // The groundedness judge: every sentence it is shown is unsupported.
    const count = (last.match(/^\d+\. /gm) ?? []).length;
    return {
      text: JSON.stringify({
        verdicte: Array.from({ length: count }, (_, i) => ({
          nr: i + 1,
          sustinuta: false,
          motiv: "sursa nu spune asta",
        })),
      }),
    };
  }
  if (model === "mic" && last.includes("sindicatele"))
    return { text: "Sindicatele se plâng de prețuri [2]." };
  if (model === "mic" && last.includes("votez")) return { text: "Nu recomand candidați." };
  if (model === "mare" && last.includes("ciornă")) return { text: ANSWERS.mare! };
  return { text: ANSWERS[model] ?? "Răspuns de test." };
}

function compare(models: string[], extra: Partial<CompareOptions> = {}) {
  return runComparison({
    models,
    suite: SUITE,
    config,
    gateway: new ModelGateway(config),
    temperatures: [0],
    timeoutMs: 5000,
    warmup: false,
    ...extra,
  });
}

function modelOf(results: CompareResults, id: string) {
  const found = results.models.find((m) => m.model === id);
  if (!found) throw new Error(`no summary for ${id}`);
  return found;
}

const id = (m: string) => `openai-compatible:${m}`;
const requestsOf = (m: string) => openai.requests.filter((r) => (r.body as OpenAIChatBody).model === m);
/** Requests a model got as a rubric judge (not as an answering model). */
const judgedBy = (m: string) =>
  requestsOf(m).filter((r) =>
    text(messagesOf(r).find((x) => x.role === "system")?.content).includes("evaluator"),
  );

beforeAll(async () => {
  openai = await startFakeOpenAI();
  dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-quality-"));
  config = testConfig({ OPENAI_COMPATIBLE_BASE_URL: openai.url, DATA_DIR: path.join(dir, "data") });
});

afterAll(async () => {
  await openai.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  openai.reset();
  openai.setDefault(reply);
});

describe("grounding in a comparison", () => {
  it("catches and counts invalid citations, invented numbers, missing citations and refusals", async () => {
    const models = ["bun", "citeaza7", "inventeaza", "faracitare", "refuza"].map(id);
    const run = await compare(models);
    const results = summarize(run);

    expect(modelOf(results, id("bun")).grounding).toMatchObject({
      invalidCitationRate: 0,
      unsupportedRate: 0,
      meanScore: 1,
      answers: 2,
      method: "lexical",
    });
    const seven = modelOf(results, id("citeaza7"));
    expect(seven.grounding).toMatchObject({ invalidCitationRate: 1, meanScore: 0, invalidCitations: 2 });
    expect(seven.failureModes!.hallucinated_citations).toMatchObject({ count: 2, of: 2 });
    expect(seven.failureModes!.hallucinated_citations.examples[0]!.reason).toContain("[7]");
    // The English page's wording of the same examples.
    expect(seven.failureModes!.hallucinated_citations.examples[0]!.reasonEn).toBe(
      "cites [7], which does not exist",
    );

    const invented = modelOf(results, id("inventeaza"));
    expect(invented.grounding).toMatchObject({ invalidCitationRate: 0, unsupportedRate: 1, meanScore: 0 });
    expect(invented.failureModes!.unsupported_claims.count).toBe(2);
    expect(invented.failureModes!.unsupported_claims.examples[0]!.reason).toContain("12%");
    expect(invented.failureModes!.unsupported_claims.examples[0]!.reasonEn).toMatch(
      /” — the figure "12%" is not in the cited sources$/,
    );
    const row = run.rows.find((r) => r.model === id("inventeaza") && r.caseId === "pensii")!;
    expect(row.grounding!.unsupported[0]).toMatchObject({ kind: "number", detail: "12%" });

    expect(modelOf(results, id("faracitare")).grounding).toMatchObject({
      unsupportedRate: 1,
      invalidCitationRate: null,
    });
    expect(
      run.rows.find((r) => r.model === id("faracitare") && r.caseId === "pensii")!.grounding!.unsupported[0]!
        .kind,
    ).toBe("no_citation");

    const refusing = modelOf(results, id("refuza"));
    expect(refusing.grounding).toMatchObject({ claims: 0, meanScore: null });
    expect(refusing.failureModes!.refusals).toMatchObject({ count: 3, of: 3 });
    expect(refusing.refusals).toBe(3);

    // The report and the CSV say it too.
    const out = path.join(dir, "raport");
    writeReport(out, results, run);
    const report = readFileSync(path.join(out, "report.md"), "utf8");
    expect(report).toContain("## Fundamentare (cazurile cu surse)");
    expect(report).toMatch(/`openai-compatible:citeaza7` \| 100% \(2\/2\)/);
    expect(report).toContain("## Moduri de eșec");
    const json = JSON.parse(readFileSync(path.join(out, "results.json"), "utf8")) as CompareResults;
    expect(json.models.find((m) => m.model === id("citeaza7"))!.grounding!.invalidCitationRate).toBe(1);
  });

  it("uses a groundedness judge when one is given, and never on its own answers", async () => {
    const run = await compare([id("bun"), id("verificator")], { groundingJudge: id("verificator") });
    const results = summarize(run);
    // The judge finds every cited sentence unsupported, where the lexical check found them supported.
    expect(modelOf(results, id("bun")).grounding).toMatchObject({
      method: "judge",
      judges: [id("verificator")],
      meanScore: 0,
    });
    const own = run.rows.find((r) => r.model === id("verificator") && r.caseId === "pensii")!;
    expect(own.grounding!.method).toBe("lexical");
    expect(own.grounding!.note).toContain("nu își judecă propriile răspunsuri");
  });
});

describe("the rubric judge", () => {
  it("scores with the judge, parses a verdict wrapped in prose, caches it, and never judges itself", async () => {
    const cache = new JudgeCache(":memory:");
    const models = [id("bun"), id("judecator")];
    const run = await compare(models, {
      judges: [id("judecator"), id("vorbaret")],
      judgeCache: cache,
      rubric: true,
    });
    const results = summarize(run);

    const rubric = modelOf(results, id("bun")).rubric!;
    expect(rubric).toMatchObject({
      mean: 3.5,
      n: 3,
      judges: { [id("judecator")]: 3 },
      promptVersion: "rubric-ro-1",
    });
    expect(rubric.byCriterion).toMatchObject({ coerenta: 4, factualitate: 3, concizie: 5, rol: 2 });
    // The judge's own answers go to the next judge, whose verdict comes wrapped in prose.
    expect(modelOf(results, id("judecator")).rubric!.judges).toEqual({ [id("vorbaret")]: 3 });
    const row = run.rows.find((r) => r.model === id("bun") && r.caseId === "rol")!;
    expect(row.assertions.find((a) => a.type === "rubric")).toMatchObject({ pass: true, score: 0.625 });
    expect(row.assertions.find((a) => a.type === "rubric")!.reason).toContain(
      `judecător ${id("judecator")}, rubric-ro-1`,
    );
    // The mean and its bound written as each language writes numbers.
    expect(row.assertions.find((a) => a.type === "rubric")!.reason).toContain("(medie 3,50, minim 3,5)");
    expect(row.assertions.find((a) => a.type === "rubric")!.reasonEn).toContain("(mean 3.50, minimum 3.5)");
    // Ignored role: the rubric's role score of 2 on a case with its own system prompt.
    expect(modelOf(results, id("bun")).failureModes!.ignored_role.count).toBe(1);

    // A second run reads every verdict from the cache: no judge is called again.
    const judged = judgedBy("judecator").length + judgedBy("vorbaret").length;
    expect(judged).toBe(6);
    const again = await compare(models, {
      judges: [id("judecator"), id("vorbaret")],
      judgeCache: cache,
      rubric: true,
    });
    expect(judgedBy("judecator").length + judgedBy("vorbaret").length).toBe(judged);
    expect(
      again.rows.filter((r) => r.rubric).every((r) => r.rubric && "cached" in r.rubric && r.rubric.cached),
    ).toBe(true);

    const out = path.join(dir, "rubrica");
    writeReport(out, results, run);
    expect(readFileSync(path.join(out, "report.md"), "utf8")).toContain(`${id("vorbaret")} (3)`);
  });

  it("leaves an answer unscored, saying why, when the only judge is the model itself", async () => {
    const run = await compare([id("judecator")], { judges: [id("judecator")] });
    const row = run.rows.find((r) => r.caseId === "rol")!;
    expect(row.rubric).toEqual({
      skipped: "niciun judecător în afară de modelul însuși",
      skippedEn: "no judge other than the model itself",
    });
    expect(row.assertions.some((a) => a.type === "rubric")).toBe(false);
    const self = await compare([id("judecator")], { judges: [id("judecator")], allowSelfJudge: true });
    expect(self.rows.find((r) => r.caseId === "rol")!.rubric).toMatchObject({ judge: id("judecator") });
  });
});

describe("draft → refine entries", () => {
  it("refines a draft the rule flags, keeps one it does not, and reports each part", async () => {
    const entry = `${id("mic")}>${id("mare")}`;
    const run = await compare([entry], { refineRule: { maxDraftWords: 15 } });
    const results = summarize(run);
    const long = run.rows.find((r) => r.caseId === "pensii")!;
    const short = run.rows.find((r) => r.caseId === "pensii-2")!;
    expect(long.parts).toMatchObject({
      refined: true,
      draft: { model: id("mic") },
      refine: { model: id("mare") },
    });
    expect(long.parts!.reason).toContain("peste 15");
    expect(long.text).toBe(ANSWERS.mare);
    expect(short.parts).toMatchObject({ refined: false, refine: null });
    expect(short.text).toBe("Sindicatele se plâng de prețuri [2].");
    // The combined latency is both parts'.
    expect(long.latencyMs).toBeCloseTo(long.parts!.draft.ms + long.parts!.refine!.ms, 5);

    const pipeline = modelOf(results, entry).pipeline!;
    expect(pipeline).toMatchObject({ answers: 3, refineRuns: 1, refineFailures: 0 });
    expect(pipeline.refineRate).toBeCloseTo(1 / 3);
    expect(pipeline.draft.model).toBe(id("mic"));
    expect(pipeline.refine.tokens.output).toBeGreaterThan(0);
    // An entry of two models is never recommended as MODEL_PRIMARY.
    expect(results.recommendation!.ranking.find((r) => r.model === entry)!.eligible).toBe(false);

    const out = path.join(dir, "rafinare");
    writeReport(out, results, run);
    expect(readFileSync(path.join(out, "report.md"), "utf8")).toContain("## Ciornă → rafinare");
    // The refining model saw the draft and the request to revise it.
    const refineRequest = requestsOf("mare")[0]!;
    expect(text(messagesOf(refineRequest).at(-2)?.content)).toBe(ANSWERS.mic);
  });
});
