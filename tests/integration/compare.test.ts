// Model comparison against the local protocol servers, with scripted latencies and faults: latency ordering and the
// recommendation, JSON validity of a model that never validates, failing models that do not stop the run, the CLI's
// report files and --write-config, and the REST API (runs polled to the end, the chat comparison on a frozen context).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CODEBOOK_VERSION, type Annotation } from "../../contract/annotation";
import type { CompareResults, CompareRunResponse } from "../../contract/compare";
import type { ChatCompareResponse } from "../../contract/compareChat";
import type { WorkbenchModelsResponse } from "../../contract/workbench/models";
import { CSV_COLUMNS } from "../../server/compare/report";
import { runComparison, type CompareOptions } from "../../server/compare/runner";
import { parseSuite } from "../../server/compare/suite";
import { summarize } from "../../server/compare/summary";
import type { Config } from "../../server/config";
import { ModelGateway } from "../../server/models/gateway";
import type { GeminiBody } from "../support/fakeGemini";
import { startFakeGemini } from "../support/fakeGemini";
import {
  startFakeOpenAI,
  type FakeReply,
  type FakeServer,
  type OpenAIChatBody,
  type RecordedRequest,
} from "../support/fakeOpenAI";
import { testConfig } from "../support/fixtures";
import { record, send, startTestServer, type TestServer } from "../support/server";
import { BRIDGE_PARAGRAPH, POPULIST_PARAGRAPH, longSpeech } from "../support/attachmentText";

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

const NEGATIVE: Annotation = {
  ton: "negativ",
  populism: true,
  anti_elitism: true,
  popor_central: true,
  tema: "coruptie",
  tinta: "Parlamentul",
  incredere: 0.85,
  justificare: "Poporul cinstit este opus unor politicieni descriși ca hoți.",
  dovezi: ["hoții", "poporul"],
};
const POSITIVE: Annotation = {
  ...NEGATIVE,
  ton: "pozitiv",
  populism: false,
  anti_elitism: false,
  popor_central: false,
};
const ANSWER = "Pensiile vor fi indexate cu cinci procente, spune sursa [1].";

/** Latency of each fake model before its response starts. */
const DELAY: Record<string, number> = { rapid: 50, lent: 250, contrar: 20, "gemini-bun": 400 };

let openai: FakeServer;
let gemini: FakeServer;
let closedPort = 0;
let config: Config;
const dirs: string[] = [];

function systemText(messages: OpenAIChatBody["messages"]): string {
  const system = messages?.find((m) => m.role === "system");
  return typeof system?.content === "string" ? system.content : "";
}

/** The OpenAI-compatible fake plays several models, told apart by the `model` of each request. */
function openAIReply(request: RecordedRequest): FakeReply {
  const body = request.body as OpenAIChatBody;
  const model = body.model ?? "";
  const delayMs = DELAY[model] ?? 0;
  const wantsJson = Boolean(body.response_format || body.tools) || systemText(body.messages).includes("JSON");
  // "stricat" answers plain prompts well and never writes valid JSON.
  if (model === "stricat" && wantsJson)
    return { rawContent: "Iată adnotarea: ton negativ, populism da.", delayMs: 5 };
  // "contrar" annotates the opposite way when asked for structured output, so that annotations differ.
  if (wantsJson) return { json: model === "contrar" && body.response_format ? POSITIVE : NEGATIVE, delayMs };
  return { text: ANSWER, delayMs, tokenDelayMs: 1 };
}

function geminiReply(request: RecordedRequest): FakeReply {
  if (request.path.includes("gemini-rupt")) return { fault: "500" };
  const body = request.body as GeminiBody;
  const delayMs = DELAY["gemini-bun"];
  if (
    body.generationConfig?.responseSchema ||
    JSON.stringify(body.systemInstruction ?? "").includes("JSON")
  ) {
    return { json: NEGATIVE, delayMs };
  }
  return { text: ANSWER, delayMs };
}

function requestsOf(server: FakeServer, model: string): RecordedRequest[] {
  return server.requests.filter((r) => (r.body as OpenAIChatBody | undefined)?.model === model);
}

async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const SMALL_SUITE = {
  name: "Suită de test",
  cases: [
    {
      id: "pensii",
      criterion: "romana",
      prompt: "Ce se întâmplă cu pensiile anul viitor?",
      assert: [{ type: "language" }, { type: "contains", value: "pensii" }],
    },
    {
      id: "json",
      criterion: "json",
      system: "Răspunzi doar cu JSON valid.",
      prompt: "Adnotează comentariul: „Hoții din Parlament ne fură.”",
      assert: [{ type: "is-json", schema: "annotation" }],
    },
    {
      id: "adnotare",
      criterion: "adnotare",
      annotate: "Hoții din Parlament ne fură, iar poporul cinstit plătește!",
      expected: { ton: "negativ", populism: true, tema: "coruptie" },
    },
  ],
};

function compare(models: string[], extra: Partial<CompareOptions> = {}) {
  return runComparison({
    models,
    suite: parseSuite(SMALL_SUITE),
    config,
    gateway: new ModelGateway(config),
    temperatures: [0],
    timeoutMs: 5000,
    ...extra,
  });
}

function modelOf(results: CompareResults, id: string) {
  const found = results.models.find((m) => m.model === id);
  if (!found) throw new Error(`no summary for ${id}`);
  return found;
}

beforeAll(async () => {
  openai = await startFakeOpenAI();
  gemini = await startFakeGemini();
  closedPort = await findClosedPort();
  config = testConfig({
    OPENAI_COMPATIBLE_BASE_URL: openai.url,
    GOOGLE_API_KEY: "cheie-test-gemini",
    GOOGLE_GENAI_BASE_URL: gemini.url,
    OLLAMA_BASE_URL: `http://127.0.0.1:${closedPort}/v1`,
  });
});

afterAll(async () => {
  await openai.close();
  await gemini.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  openai.reset();
  gemini.reset();
  openai.setDefault(openAIReply);
  gemini.setDefault(geminiReply);
});

describe("runComparison against the protocol servers", () => {
  it("orders latencies as scripted, warms up once, and recommends the faster model when quality ties", async () => {
    const run = await compare(["openai-compatible:lent", "openai-compatible:rapid"], { runs: 3 });
    const results = summarize(run);
    const fast = modelOf(results, "openai-compatible:rapid");
    const slow = modelOf(results, "openai-compatible:lent");

    expect(fast.passRate).toBe(1);
    expect(slow.passRate).toBe(1);
    expect(fast.latency!.p50).toBeGreaterThanOrEqual(50);
    expect(slow.latency!.p50).toBeGreaterThanOrEqual(250);
    expect(fast.latency!.p50).toBeLessThan(slow.latency!.p50);
    expect(fast.latency!.p95).toBeLessThan(slow.latency!.p95);
    expect(fast.ttftMs!.p50).toBeLessThan(slow.ttftMs!.p50);
    expect(fast.tokensPerSecond).toBeGreaterThan(0);
    expect(fast.tokens.output).toBeGreaterThan(0);

    // 3 cases × 3 runs counted; one more request each for the warm-up, which no row records.
    expect(run.rows.filter((r) => r.model === "openai-compatible:rapid")).toHaveLength(9);
    expect(requestsOf(openai, "rapid")).toHaveLength(10);
    expect(run.warmups.map((w) => [w.model, w.ok])).toEqual([
      ["openai-compatible:lent", true],
      ["openai-compatible:rapid", true],
    ]);

    expect(results.recommendation).toMatchObject({
      primary: "openai-compatible:rapid",
      fallback: "offline:extractive",
      temperature: 0,
    });
    expect(results.recommendation!.reasons[0]).toContain("decide latența p95");
  });

  it("gives a JSON validity rate of 0 to a model that never validates and 1 to one that always does", async () => {
    const results = summarize(await compare(["openai-compatible:rapid", "openai-compatible:stricat"]));
    const good = modelOf(results, "openai-compatible:rapid");
    const broken = modelOf(results, "openai-compatible:stricat");
    expect(good.jsonValidRate).toBe(1);
    expect(good.jsonChecked).toBe(2);
    expect(broken.jsonValidRate).toBe(0);
    expect(broken.jsonChecked).toBe(2);
    expect(broken.passRateByCriterion).toMatchObject({ json: 0, adnotare: 0, romana: 1 });
    expect(broken.annotation?.macroF1).toBe(0);
    expect(good.annotation?.macroF1).toBe(1);
    // The annotation was asked for again once (the repair) before it was given up.
    const annotationRequests = requestsOf(openai, "stricat").filter(
      (r) => (r.body as OpenAIChatBody).response_format,
    );
    expect(annotationRequests).toHaveLength(2);
    expect(results.recommendation?.primary).toBe("openai-compatible:rapid");
  });

  it("records a model that always fails and one that cannot be reached, and finishes the run", async () => {
    const run = await compare(["google-genai:gemini-rupt", "ollama:absent", "openai-compatible:rapid"]);
    const results = summarize(run);
    const codes = (model: string) => [
      ...new Set(run.rows.filter((r) => r.model === model).map((r) => r.error?.code)),
    ];
    expect(codes("google-genai:gemini-rupt")).toEqual(["provider:server_error"]);
    expect(codes("ollama:absent")).toEqual(["provider:network"]);
    expect(
      run.rows.filter((r) => r.model === "openai-compatible:rapid").every((r) => r.status === "ok"),
    ).toBe(true);
    expect(run.rows).toHaveLength(9);
    expect(run.interrupted).toBe(false);

    const down = modelOf(results, "ollama:absent");
    expect(down).toMatchObject({
      available: false,
      passRate: 0,
      latency: null,
      errors: { "provider:network": 3 },
    });
    expect(down.warmup).toMatchObject({ ok: false, error: { code: "provider:network" } });
    expect(results.recommendation?.primary).toBe("openai-compatible:rapid");
    const excluded = results.recommendation!.ranking.filter((e) => !e.eligible).map((e) => e.excludedBecause);
    expect(excluded).toEqual([
      "nu a răspuns la niciun apel: provider:server_error",
      "nu a răspuns la niciun apel: provider:network",
    ]);
  });

  it("takes the fallback from another provider and streams Gemini too", async () => {
    const results = summarize(
      await compare(["openai-compatible:rapid", "openai-compatible:lent", "google-genai:gemini-bun"]),
    );
    expect(results.recommendation).toMatchObject({
      primary: "openai-compatible:rapid",
      fallback: "google-genai:gemini-bun",
    });
    const geminiSummary = modelOf(results, "google-genai:gemini-bun");
    expect(geminiSummary.passRate).toBe(1);
    expect(geminiSummary.ttftMs!.p50).toBeGreaterThanOrEqual(400);
    expect(geminiSummary.finishReasons.stop).toBeGreaterThan(0);
  });

  it("sends a truncation case's token limit and judges its finish_reason", async () => {
    const suite = parseSuite({
      name: "trunchiere",
      cases: [
        {
          id: "lung",
          criterion: "trunchiere",
          prompt: "Scrie mult.",
          maxTokens: 7,
          assert: [{ type: "finish-reason", value: "length" }],
        },
      ],
    });
    openai.setDefault({ text: ANSWER });
    const run = await runComparison({
      models: ["openai-compatible:rapid"],
      suite,
      config,
      gateway: new ModelGateway(config),
      warmup: false,
    });
    expect((openai.requests[0]?.body as { max_tokens?: number }).max_tokens).toBe(7);
    expect(run.rows[0]).toMatchObject({ status: "fail", finishReason: "stop" });
    expect(run.rows[0]?.assertions[0]?.reason).toBe("finish_reason stop (așteptat length)");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The command as a user runs it

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(inherited)) {
    if (/API_KEY|BASE_URL|^MODEL_|^TEMPERATURE$|^DATA_DIR$/.test(key)) delete inherited[key];
  }
  const child = spawn(process.execPath, ["--import", "tsx", "server/cli/main.ts", ...args], {
    cwd: REPO,
    env: { ...inherited, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("npm run cli -- compare", () => {
  it("writes report.md, results.csv and results.json, and --write-config updates .env keeping the rest", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-compare-"));
    dirs.push(dir);
    const suiteFile = path.join(dir, "suita.yaml");
    writeFileSync(
      suiteFile,
      [
        "name: Suită CLI",
        "cases:",
        "  - id: rezumat",
        "    criterion: romana",
        "    sources: [Guvernul a anunțat că pensiile vor fi indexate cu cinci procente.]",
        "    prompt: Ce a anunțat guvernul despre pensii?",
        "    assert: [{type: language}, {type: contains, value: pensii}]",
        "  - id: adnotare",
        "    criterion: adnotare",
        "    annotate: Hoții din Parlament ne fură, iar poporul cinstit plătește!",
        "    expected: {ton: negativ, populism: true}",
        "  - id: stabil",
        "    criterion: stabilitate",
        "    prompt: Definește populismul.",
        "    repeat: 3",
        "    assert: [{type: stable, min: 0.5}]",
        "",
      ].join("\n"),
    );
    const envFile = path.join(dir, ".env");
    const envBefore = [
      "# Configurația echipei (nu o pune în git)",
      "PORT=8000",
      "MODEL_PRIMARY=offline:extractive",
      "",
      "# rezervele, separate prin virgulă",
      "MODEL_FALLBACK=",
      "TEMPERATURE=0.2",
      "OPENAI_COMPATIBLE_API_KEY=cheie-de-test",
      "",
    ].join("\n");
    writeFileSync(envFile, envBefore);
    const outDir = path.join(dir, "raport");
    const models = [
      "openai-compatible:rapid",
      "openai-compatible:lent",
      "ollama:absent",
      "offline:extractive",
    ];

    const result = await runCli(
      [
        "compare",
        "--models",
        models.join(","),
        "--suite",
        suiteFile,
        "--runs",
        "2",
        "--temperatures",
        "0,0.7",
        "--out",
        outDir,
        "--write-config",
        "--env",
        envFile,
        "--json",
      ],
      { OPENAI_COMPATIBLE_BASE_URL: openai.url, OLLAMA_BASE_URL: `http://127.0.0.1:${closedPort}/v1` },
    );
    expect(result.stderr).not.toMatch(/Eroare:/);
    expect(result.code).toBe(0);

    // .env: the three keys changed, every other line and comment where it was.
    expect(readFileSync(envFile, "utf8")).toBe(
      envBefore
        .replace("MODEL_PRIMARY=offline:extractive", "MODEL_PRIMARY=openai-compatible:rapid")
        .replace("MODEL_FALLBACK=", "MODEL_FALLBACK=offline:extractive")
        .replace("TEMPERATURE=0.2", "TEMPERATURE=0"),
    );
    expect(result.stdout).toContain("(înainte → după)");
    expect(result.stdout).toContain("MODEL_PRIMARY: offline:extractive → openai-compatible:rapid");
    expect(result.stdout).toContain("TEMPERATURE: 0.2 → 0");
    const last = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as { configWritten: boolean };
    expect(last.configWritten).toBe(true);

    // results.csv: one row per case × model × temperature × run (the stability case runs 3 times).
    const csv = parseCsv(readFileSync(path.join(outDir, "results.csv"), "utf8"), {
      columns: true,
      bom: true,
    }) as Record<string, string>[];
    expect(Object.keys(csv[0]!)).toEqual([...CSV_COLUMNS]);
    expect(csv).toHaveLength((2 + 2 + 3) * models.length * 2);
    expect(new Set(csv.map((r) => `${r.case_id}|${r.model}|${r.temperature}|${r.run}`)).size).toBe(
      csv.length,
    );
    expect(
      csv
        .filter((r) => r.model === "ollama:absent")
        .every((r) => r.status === "error" && r.error_code === "provider:network"),
    ).toBe(true);
    expect(
      csv
        .filter((r) => r.model === "offline:extractive" && r.case_id === "adnotare")
        .every((r) => r.status === "n/a"),
    ).toBe(true);
    expect(csv.find((r) => r.model === "openai-compatible:rapid" && r.case_id === "rezumat")?.answer).toBe(
      ANSWER,
    );

    // results.json: the documented shape.
    const json = JSON.parse(readFileSync(path.join(outDir, "results.json"), "utf8")) as CompareResults;
    expect(json.models.map((m) => m.model)).toEqual(models);
    // The annotation cases were coded with the codebook: the results say which version.
    expect(json.codebookVersion).toBe(CODEBOOK_VERSION);
    for (const m of json.models.filter((x) => x.available)) {
      expect(m).toMatchObject({
        latency: { mean: expect.any(Number), p50: expect.any(Number), p95: expect.any(Number) },
        ttftMs: { mean: expect.any(Number), p50: expect.any(Number), p95: expect.any(Number) },
        passRate: expect.any(Number),
        passRateByCriterion: expect.any(Object),
        stability: { byTemperature: expect.any(Array) },
        cost: { usd: 0, pricing: "local" },
      });
    }
    expect(modelOf(json, "openai-compatible:rapid").annotation).toMatchObject({ macroF1: 1 });
    expect(modelOf(json, "openai-compatible:rapid").stability.byTemperature).toHaveLength(2);
    expect(json.recommendation).toMatchObject({
      primary: "openai-compatible:rapid",
      fallback: "offline:extractive",
      temperature: 0,
      why: expect.stringContaining("Model principal: openai-compatible:rapid"),
    });

    // report.md: the tables and the recommendation with its reasons.
    const report = readFileSync(path.join(outDir, "report.md"), "utf8");
    expect(report).toContain("# Comparație de modele — Suită CLI");
    expect(report).toContain(`codebook ${CODEBOOK_VERSION}`);
    expect(report).toContain("**Model principal (MODEL_PRIMARY):** `openai-compatible:rapid`");
    expect(report).toContain("**Rezervă (MODEL_FALLBACK):** `offline:extractive`");
    expect(report).toMatch(/decide latența p95: \d+ ms față de \d+ ms/);
    for (const heading of [
      "## Viteză și cost",
      "## Calitate pe criterii",
      "## Adnotare față de etichetele suitei",
      "## Stabilitate pe temperatură",
      "## Motivul opririi, refuzuri, erori",
    ]) {
      expect(report).toContain(heading);
    }
    expect(report).toMatch(/\| `ollama:absent` \| .*provider:network × 14/);
    expect(report).toContain(
      "| model | apeluri trecute/picate/erori/n/a | latență medie | p50 | p95 | TTFT medie |",
    );
  }, 180_000);

  it("refuses an id that names no provider before running anything", async () => {
    const result = await runCli(
      ["compare", "--models", "gpt4,offline:lexicon", "--out", path.join(os.tmpdir(), "nu-se-scrie")],
      {},
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Modelul „gpt4” nu este configurat");
    // Several are named together, not one per attempt.
    const two = await runCli(
      ["compare", "--models", "gpt4,offline:lexicon,claude", "--out", path.join(os.tmpdir(), "nu-se-scrie")],
      {},
    );
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("Modelele „gpt4”, „claude” nu sunt configurate");
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------------
// REST

describe("the REST API", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      OPENAI_COMPATIBLE_BASE_URL: openai.url,
      MODEL_PRIMARY: "openai-compatible:rapid",
      MODEL_FALLBACK: "openai-compatible:lent,openai-compatible:contrar",
      // The most the configuration allows: a comparison's body may then be larger than the other routes' 2 MB.
      ATTACHMENT_MAX_CHARS: "1000000",
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  async function post(pathname: string, body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${server.url}${pathname}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async function getJson<T>(pathname: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${server.url}${pathname}`, { headers });
    return { status: res.status, body: (await res.json()) as T };
  }

  it("lists the shipped suites with their criteria", async () => {
    const { status, body } = await getJson<{
      suites: { id: string; cases: number; criteria: { id: string }[] }[];
      default: string;
    }>("/api/compare/suites");
    expect(status).toBe(200);
    expect(body.default).toBe("default.ro");
    expect(body.suites[0]).toMatchObject({ id: "default.ro", cases: expect.any(Number) });
    expect(body.suites[0]!.criteria.map((c) => c.id)).toContain("adnotare");
  });

  it("runs a comparison to the end, polled, with answers side by side", async () => {
    const suite = {
      ...SMALL_SUITE,
      cases: [
        ...SMALL_SUITE.cases,
        {
          id: "surse",
          criterion: "romana",
          title: "Cu surse",
          titleEn: "With sources",
          sources: ["Guvernul a anunțat că pensiile vor fi indexate cu cinci procente."],
          prompt: "Ce a anunțat guvernul despre pensii?",
          promptEn: "What did the government announce about pensions?",
          assert: [{ type: "language" }],
        },
      ],
    };
    const started = await post("/api/compare", {
      models: ["openai-compatible:rapid", "offline:extractive"],
      suite,
      temperatures: [0],
    });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    expect(started.body.total).toBe(8);

    let polled: CompareRunResponse | undefined;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      polled = (await getJson<CompareRunResponse>(`/api/compare/${runId}?cases=0`)).body;
      expect(polled.progress.total).toBe(8);
      expect(polled.cases).toBeNull();
      if (polled.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(polled?.status).toBe("done");

    const { body } = await getJson<CompareRunResponse>(`/api/compare/${runId}`);
    expect(body.progress).toEqual({ done: 8, total: 8 });
    expect(body.request).toMatchObject({
      models: ["openai-compatible:rapid", "offline:extractive"],
      temperatures: [0],
      runs: 1,
    });
    expect(body.results?.models.map((m) => m.model)).toEqual([
      "openai-compatible:rapid",
      "offline:extractive",
    ]);
    expect(body.results?.recommendation?.primary).toBe("openai-compatible:rapid");
    expect(body.cases?.map((c) => c.id)).toEqual(["pensii", "json", "adnotare", "surse"]);
    for (const c of body.cases!)
      expect(c.answers.map((a) => a.model)).toEqual(["openai-compatible:rapid", "offline:extractive"]);
    const grounded = body.cases!.find((c) => c.id === "surse")!;
    expect(grounded.sources).toHaveLength(1);
    expect(grounded.answers.every((a) => a.status === "ok" && a.text.length > 0)).toBe(true);
    const annotation = body.cases!.find((c) => c.id === "adnotare")!;
    expect(annotation.expected).toEqual({ ton: "negativ", populism: true, tema: "coruptie" });
    expect(annotation.answers[0]).toMatchObject({
      status: "ok",
      annotation: { ton: "negativ" },
      jsonValid: true,
    });
    expect(annotation.answers[1]).toMatchObject({ status: "n/a", note: "modelul nu adnotează" });

    expect(body.results?.recommendation?.why).toContain("Model principal: openai-compatible:rapid");
    expect(body.cases?.find((c) => c.id === "pensii")?.criterionLabel).toBe("Limba română");
    // In English the page gets the same recommendation and criteria in English; report.md stays Romanian.
    const english = await getJson<CompareRunResponse>(`/api/compare/${runId}`, { "accept-language": "en" });
    expect(english.body.results?.recommendation).toMatchObject({
      primary: body.results?.recommendation?.primary,
      fallback: body.results?.recommendation?.fallback,
      temperature: body.results?.recommendation?.temperature,
    });
    expect(english.body.results?.recommendation?.why).toContain("Primary model: openai-compatible:rapid");
    expect(english.body.results?.recommendation?.rule).toMatch(/^Quality = the mean/);
    expect(english.body.results?.suite.criteria.find((c) => c.id === "romana")?.label).toBe(
      "Romanian language",
    );
    expect(english.body.cases?.find((c) => c.id === "pensii")?.criterionLabel).toBe("Romanian language");
    // A case's English title and gloss are for the English page; the models got the Romanian prompt alone.
    expect(grounded).toMatchObject({ title: "Cu surse", input: "Ce a anunțat guvernul despre pensii?" });
    expect(grounded.inputEn).toBeUndefined();
    expect(english.body.cases?.find((c) => c.id === "surse")).toMatchObject({
      title: "With sources",
      input: "Ce a anunțat guvernul despre pensii?",
      inputEn: "What did the government announce about pensions?",
    });
    expect(english.body.cases?.find((c) => c.id === "pensii")?.inputEn).toBeUndefined();
    expect(JSON.stringify(openai.requests.map((r) => r.body))).not.toContain("What did the government");
    expect(english.body.cases?.find((c) => c.id === "adnotare")?.answers[1]).toMatchObject({
      status: "n/a",
      note: "the model does not annotate",
    });

    const report = await fetch(`${server.url}/api/compare/${runId}/report?format=md`);
    expect(report.headers.get("content-type")).toContain("text/markdown");
    expect(await report.text()).toContain("## Recomandare");
    // In the page's language when the link asks (a download link sends the browser's header, not the page's switch).
    const reportEn = await (
      await fetch(`${server.url}/api/compare/${runId}/report?format=md&lang=en`)
    ).text();
    expect(reportEn).toContain("## Recommendation");
    expect(reportEn).not.toContain("## Recomandare");
    const csv = await (await fetch(`${server.url}/api/compare/${runId}/report?format=csv`)).text();
    expect(parseCsv(csv, { columns: true, bom: true })).toHaveLength(8);
  });

  it("refuses models outside the configured chain, malformed bodies and unknown runs, in the asker's language", async () => {
    const unknown = await post("/api/compare", { models: ["openai:gpt-4o"] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toEqual({
      code: "input:unknown_model",
      message: "Modelul „openai:gpt-4o” nu este configurat. Alegeți unul din lanțul de modele.",
      // The message's parameter comes along, so that a page switched to English can say it again.
      params: { model: "openai:gpt-4o" },
    });
    // Every refused model is named, not only the first, with the plural in both languages.
    const two = await post("/api/compare", {
      models: ["offline:extractive", "openai:gpt-4o-mini", "ceva fara doua puncte"],
    });
    expect(two.status).toBe(400);
    expect(two.body.error).toEqual({
      code: "input:unknown_models",
      message:
        "Modelele „openai:gpt-4o-mini”, „ceva fara doua puncte” nu sunt configurate. Alegeți din lanțul de modele.",
      params: {
        models: "„openai:gpt-4o-mini”, „ceva fara doua puncte”",
        modelsEn: '"openai:gpt-4o-mini", "ceva fara doua puncte"',
      },
    });
    const twoEn = await post(
      "/api/compare",
      { models: ["openai:gpt-4o-mini", "ceva fara doua puncte"] },
      { "accept-language": "en" },
    );
    expect((twoEn.body.error as { message: string }).message).toBe(
      'The models "openai:gpt-4o-mini", "ceva fara doua puncte" are not configured. Choose from the model chain.',
    );
    const malformed = await post("/api/compare", { models: ["offline:extractive"], runs: 0 });
    expect(malformed.status).toBe(400);
    expect((malformed.body.error as { code: string }).code).toBe("input:invalid");
    // Zod's English stays out: the field and what is wrong, in the asker's language.
    const five = { models: ["offline:extractive"], temperatures: [0, 0.2, 0.4, 0.6, 0.8] };
    expect(((await post("/api/compare", five)).body.error as { message: string }).message).toBe(
      "Cererea nu are forma așteptată: temperatures: cel mult 4 elemente",
    );
    expect(
      ((await post("/api/compare", five, { "accept-language": "en" })).body.error as { message: string })
        .message,
    ).toBe("The request does not have the expected shape: temperatures: at most 4 items");
    // The rule the workbench shares: another model of a configured provider is allowed, Ollama (nothing says one runs)
    // is refused here, and the workbench does not offer it either.
    const ollama = await post("/api/compare", { models: ["ollama:qwen2.5:3b"] });
    expect((ollama.body.error as { code: string }).code).toBe("input:unknown_model");
    const workbench = await getJson<WorkbenchModelsResponse>("/api/workbench/models");
    expect(workbench.body.providers?.find((p) => p.provider === "ollama")?.configured).toBe(false);
    expect(workbench.body.providers?.find((p) => p.provider === "openai-compatible")?.configured).toBe(true);
    const other = await post("/api/compare", {
      models: ["openai-compatible:altul"],
      runs: 1,
      temperatures: [0],
    });
    expect(other.status).toBe(202);
    const runId = String(other.body.runId);
    await fetch(`${server.url}/api/compare/${runId}`, { method: "DELETE" });
    await expect
      .poll(async () => (await getJson<CompareRunResponse>(`/api/compare/${runId}?cases=0`)).body.status, {
        timeout: 20_000,
      })
      .not.toBe("running");
    const badSuite = await post("/api/compare", {
      models: ["offline:extractive"],
      suite: { name: "x", cases: [] },
    });
    expect(badSuite.status).toBe(400);
    expect((badSuite.body.error as { message: string }).message).toContain("suita nu este validă");

    const missing = await getJson<{ error: { code: string; message: string } }>("/api/compare/nu-exista");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("compare:not_found");
    expect(missing.body.error.message).toMatch(/^Comparația nu există/);
    const english = await getJson<{ error: { message: string } }>("/api/compare/nu-exista", {
      "accept-language": "en",
    });
    expect(english.body.error.message).toMatch(/^The comparison does not exist/);
  });

  it("compares models in the chat on one frozen context and lists where their annotations differ", async () => {
    const text = "Ce spun oamenii despre pensiile speciale?";
    const { status, body } = await post("/api/compare/chat", {
      text,
      models: ["openai-compatible:rapid", "openai-compatible:contrar", "offline:extractive"],
      topK: 3,
    });
    expect(status).toBe(200);
    const response = body as unknown as ChatCompareResponse;
    expect(response.sources).toHaveLength(3);
    expect(response.answers.map((a) => a.model)).toEqual([
      "openai-compatible:rapid",
      "openai-compatible:contrar",
      "offline:extractive",
    ]);

    // Both language models got the very same sources block; the extractive model quoted from it.
    const answerPrompts = ["rapid", "contrar"].map((model) => {
      const request = requestsOf(openai, model).find((r) => !(r.body as OpenAIChatBody).response_format)!;
      const messages = (request.body as OpenAIChatBody).messages!;
      return String(messages.at(-1)!.content);
    });
    expect(answerPrompts[0]).toBe(answerPrompts[1]);
    for (const source of response.sources)
      expect(answerPrompts[0]).toContain(source.text.replace(/\s+/g, " ").trim().slice(0, 40));
    expect(answerPrompts[0]).toContain(`Întrebare: ${text}`);

    const [rapid, contrar, extractive] = response.answers;
    expect(rapid).toMatchObject({
      answer: ANSWER,
      annotation: { ton: "negativ" },
      annotationModel: "openai-compatible:rapid",
    });
    expect(contrar).toMatchObject({
      annotation: { ton: "pozitiv" },
      annotationModel: "openai-compatible:contrar",
    });
    expect(extractive!.annotationModel).toBe("offline:lexicon");
    expect(extractive!.answer).toMatch(/\[\d\]/);
    expect(rapid!.timings.firstTokenMs).toBeGreaterThanOrEqual(DELAY.rapid!);
    expect(rapid!.timings.totalMs).toBeGreaterThanOrEqual(rapid!.timings.firstTokenMs!);
    expect(rapid!.usage).toMatchObject({ outputTokens: expect.any(Number), costUsd: 0, pricing: "local" });
    // Each answer is checked against the shared sources: [1] of three is a shown source; the extractive model's
    // quotes are its sources' own words.
    expect(rapid!.grounding?.invalidCitations).toEqual([]);
    expect(extractive!.grounding).toMatchObject({ method: "lexical", invalidCitations: [] });
    expect(extractive!.grounding!.score).toBeGreaterThanOrEqual(0.9);

    const differing = response.differences.map((d) => d.field);
    expect(differing).toEqual(expect.arrayContaining(["ton", "populism"]));
    const ton = response.differences.find((d) => d.field === "ton")!;
    expect(ton.values.find((v) => v.model === "openai-compatible:rapid")?.value).toBe("negativ");
    expect(ton.values.find((v) => v.model === "openai-compatible:contrar")?.value).toBe("pozitiv");
  });

  /** The last user message each fake model was sent to answer (not to annotate). */
  function answerPrompt(model: string): string {
    const request = requestsOf(openai, model)
      .filter((r) => !(r.body as OpenAIChatBody).response_format)
      .at(-1)!;
    return String((request.body as OpenAIChatBody).messages!.at(-1)!.content);
  }

  it("gives every model of a chat comparison the same passages of the attached text, cited as the chat cites them", async () => {
    const text = "Ce teme populiste apar în textul atașat?";
    const { status, body } = await post("/api/compare/chat", {
      text,
      models: ["openai-compatible:rapid", "openai-compatible:contrar", "offline:extractive"],
      topK: 5,
      attachments: [{ name: "discurs.txt", text: longSpeech(20_000) }],
    });
    expect(status).toBe(200);
    const response = body as unknown as ChatCompareResponse;
    // The attachment's passages come first, the populist one (found by the dictionary's evidence) at the top.
    const attached = response.sources.filter((s) => s.meta.attachment);
    expect(attached.length).toBeGreaterThanOrEqual(1);
    expect(response.sources.slice(0, attached.length)).toEqual(attached);
    expect(response.sources[0]!.id).toMatch(/^attachment:0#\d+$/);
    expect(response.sources[0]!.meta).toMatchObject({ title: "discurs.txt", platform: "attachment" });
    expect(response.sources[0]!.text).toContain(POPULIST_PARAGRAPH.slice(0, 60));

    // Both language models were shown the very same numbered passages, the attachment's named as such.
    const [rapid, contrar] = ["rapid", "contrar"].map(answerPrompt);
    expect(rapid).toBe(contrar);
    expect(rapid).toContain("[1] (discurs.txt · text atașat)");
    expect(rapid).toContain(POPULIST_PARAGRAPH.slice(0, 60));
    // The extractive model quotes the attachment and cites it [1].
    const extractive = response.answers.find((a) => a.model === "offline:extractive")!;
    expect(extractive.answer).toContain("[1]");
    expect(extractive.grounding?.invalidCitations).toEqual([]);
  });

  it("asks a chat comparison with an attachment and no text the chat's default question", async () => {
    const { status, body } = await post("/api/compare/chat", {
      text: "  ",
      models: ["openai-compatible:rapid", "offline:extractive"],
      topK: 3,
      attachments: [{ name: "discurs.txt", text: longSpeech(8_000) }],
    });
    expect(status).toBe(200);
    const response = body as unknown as ChatCompareResponse;
    expect(response.question).toBe("Rezumă textul atașat.");
    // Nothing matches a "summarise" question: the opening passages of the attachment stand in.
    expect(response.sources[0]!.id).toBe("attachment:0#0");
    const refused = await post("/api/compare/chat", {
      text: "Rezumă",
      models: ["openai-compatible:rapid", "offline:extractive"],
      attachments: [{ name: "gol.txt", text: "   " }],
    });
    expect(refused.status).toBe(400);
    expect((refused.body.error as { code: string }).code).toBe("input:attachment_empty");
  });

  it("searches the attachments of the thread a chat comparison is asked beside, only the asker's thread", async () => {
    const socket = await server.connect();
    const { finished } = record(socket);
    const ack = await send(socket, {
      text: "Ce teme populiste apar?",
      attachments: [{ name: "discurs.txt", text: longSpeech(20_000) }],
      settings: { model: "offline:extractive" },
    });
    expect(ack.ok).toBe(true);
    await finished;
    socket.disconnect();
    const threadId = ack.ok ? ack.data.threadId : "";

    const question = "Cât costă podul peste Mureș?";
    const models = ["openai-compatible:rapid", "offline:extractive"];
    const beside = await post("/api/compare/chat", { text: question, models, topK: 3, threadId });
    expect(beside.status).toBe(200);
    const sources = (beside.body as unknown as ChatCompareResponse).sources;
    expect(sources[0]!.meta.attachment).toBe(true);
    expect(sources[0]!.text).toContain(BRIDGE_PARAGRAPH.slice(0, 40));
    expect(answerPrompt("rapid")).toContain(BRIDGE_PARAGRAPH.slice(0, 40));

    const unknown = await post("/api/compare/chat", { text: question, models, threadId: "nu-exista" });
    expect(unknown.status).toBe(404);
    expect((unknown.body.error as { code: string }).code).toBe("thread:not_found");
  });

  it("searches the attachments of the branch the page shows, not another branch's", async () => {
    // Turn 1 without an attachment, turn 2 with one; then turn 1 edited: a second branch without turn 2.
    const socket = await server.connect();
    const turn = async (payload: Parameters<typeof send>[1]) => {
      const { finished } = record(socket);
      const ack = await send(socket, { settings: { model: "offline:extractive" }, ...payload });
      expect(ack.ok).toBe(true);
      await finished;
      return ack.ok ? ack.data.threadId : "";
    };
    const threadId = await turn({ text: "Ce spune corpusul despre pensii?" });
    const messages = async () => {
      const res = await fetch(`${server.url}/api/threads/${threadId}`);
      return ((await res.json()) as { messages: { id: string; role: string }[] }).messages;
    };
    const [, a1] = await messages();
    await turn({
      text: "Ce teme populiste apar?",
      threadId,
      follows: a1!.id,
      attachments: [{ name: "discurs.txt", text: longSpeech(20_000) }],
    });
    const a2 = (await messages()).at(-1)!;
    await turn({ text: "Ce spune corpusul despre salarii?", threadId, regenerates: a1!.id });
    socket.disconnect();
    const a1edited = (await messages()).at(-1)!;
    expect(a1edited.role).toBe("assistant");

    const question = "Cât costă podul peste Mureș?";
    const models = ["openai-compatible:rapid", "offline:extractive"];
    const firstSource = async (extra: Record<string, unknown>) => {
      const res = await post("/api/compare/chat", { text: question, models, topK: 3, threadId, ...extra });
      expect(res.status).toBe(200);
      return (res.body as unknown as ChatCompareResponse).sources[0];
    };
    // The page shows branch 1 (turn 2 and its attachment): the attachment is searched.
    expect((await firstSource({ follows: a2.id }))?.meta.attachment).toBe(true);
    // The page shows the edited turn 1 (its branch has no attachment), or says nothing (the newest message's path).
    for (const extra of [{ follows: a1edited.id }, {}])
      expect((await firstSource(extra))?.meta.attachment ?? false).toBe(false);
  });

  it("reads a chat comparison's body with the attachments' limit, past the other routes' 2 MB", async () => {
    // 1,000,000 characters, 2.25 bytes each in UTF-8: a 2.25 MB body.
    const big = "„ș” ".repeat(250_000);
    const { status, body } = await post("/api/compare/chat", {
      text: "Rezumă textul.",
      models: ["openai-compatible:rapid", "offline:extractive"],
      topK: 2,
      attachments: [{ name: "mare.txt", text: big }],
    });
    expect(status).toBe(200);
    expect((body as unknown as ChatCompareResponse).sources[0]!.meta.attachment).toBe(true);
    // The other routes keep their 2 MB.
    const annotate = await post("/api/annotate", { texts: [big] });
    expect(annotate.status).toBe(413);
  });

  it("frames the offline answer of a chat comparison for an English page, and asks the other models as always", async () => {
    const text = "Ce spun oamenii despre pensiile speciale?";
    const models = ["openai-compatible:rapid", "offline:extractive"];
    const en = await post("/api/compare/chat", { text, models, topK: 3 }, { "accept-language": "en" });
    const ro = await post("/api/compare/chat", { text, models, topK: 3 });
    const answers = (r: typeof en) => (r.body as unknown as ChatCompareResponse).answers;
    expect(answers(en)[1]!.answer).toMatch(/^Extractive answer \(offline, without a language model\)/);
    expect(answers(ro)[1]!.answer).toMatch(/^Răspuns extractiv/);
    expect(answers(en)[1]!.grounding).toEqual(answers(ro)[1]!.grounding);
    const prompts = requestsOf(openai, "rapid")
      .filter((r) => !(r.body as OpenAIChatBody).response_format)
      .map((r) => JSON.stringify(r.body));
    expect(prompts).toHaveLength(2);
    expect(prompts[0]).toBe(prompts[1]);
  });

  it("reports a model that fails in the chat comparison without failing the others", async () => {
    openai.setDefault((request) =>
      (request.body as OpenAIChatBody).model === "lent" ? { fault: "500" } : openAIReply(request),
    );
    const { status, body } = await post("/api/compare/chat", {
      text: "Ce spun oamenii despre taxe?",
      models: ["openai-compatible:rapid", "openai-compatible:lent"],
    });
    expect(status).toBe(200);
    const [rapid, lent] = (body as unknown as ChatCompareResponse).answers;
    expect(rapid!.error).toBeUndefined();
    expect(lent!.error).toEqual({
      code: "provider:server_error",
      message: "Furnizorul a răspuns cu o eroare de server.",
    });
    expect(lent!.annotationError?.code).toBe("provider:server_error");
    expect(lent!.grounding).toBeUndefined();
    expect((body as unknown as ChatCompareResponse).differences).toEqual([]);
  });

  it("refuses a chat comparison with one model or with a model that cannot answer", async () => {
    const one = await post("/api/compare/chat", { text: "Salut", models: ["openai-compatible:rapid"] });
    expect(one.status).toBe(400);
    const lexicon = await post("/api/compare/chat", {
      text: "Salut",
      models: ["openai-compatible:rapid", "offline:lexicon"],
    });
    expect(lexicon.status).toBe(400);
    expect((lexicon.body.error as { message: string }).message).toContain(
      "offline:lexicon nu generează răspunsuri",
    );
    const empty = await post("/api/compare/chat", {
      text: "  ",
      models: ["openai-compatible:rapid", "offline:extractive"],
    });
    expect((empty.body.error as { code: string }).code).toBe("input:empty");
  });
});
