// `npm run cli -- models` against the fake providers: the chains, one real request per model with its latency or
// the reason it fails, a table for people and one JSON line for scripts; once in-process, once as a real process.
import { spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../server/config";
import { runModels, type ModelsReport } from "../../server/cli/models";
import { CHECK_PROMPT } from "../../server/models/gateway";
import { startFakeGemini, type GeminiBody } from "../support/fakeGemini";
import { startFakeOpenAI, type FakeServer, type OpenAIChatBody } from "../support/fakeOpenAI";

const SECRET = "AIza-TEST-SECRET-123";
let openai: FakeServer;
let gemini: FakeServer;
let deadPort: number;

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    LOG_LEVEL: "silent",
    MODEL_PRIMARY: "openai-compatible:fake-a",
    MODEL_FALLBACK:
      "google-genai:gemini-2.5-flash,ollama:qwen2.5:3b,openrouter:meta-llama/llama-3.3-70b-instruct:free",
    OPENAI_COMPATIBLE_BASE_URL: openai.url,
    GOOGLE_GENAI_BASE_URL: gemini.url,
    GOOGLE_API_KEY: SECRET,
    OLLAMA_BASE_URL: `http://127.0.0.1:${deadPort}/v1`,
    ...extra,
  };
}

async function runInProcess(argv: string[], extra: Record<string, string> = {}) {
  let out = "";
  const code = await runModels(argv, parseConfig(env(extra)), (t) => (out += t));
  return { code, out };
}

beforeAll(async () => {
  openai = await startFakeOpenAI();
  gemini = await startFakeGemini();
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  deadPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

afterAll(async () => {
  await openai.close();
  await gemini.close();
});

beforeEach(() => {
  openai.reset();
  gemini.reset();
});

describe("models command", () => {
  it("checks every model for real and reports latency or the reason, as one JSON line", async () => {
    openai.script({ text: "ok", delayMs: 30 });
    gemini.script({ text: "Ok." });
    const { code, out } = await runInProcess(["--json"]);
    expect(code).toBe(1); // Ollama is down and OpenRouter has no key.
    const lines = out.trim().split("\n");
    const report = JSON.parse(lines.at(-1)!) as ModelsReport;

    expect(report.chain).toEqual({
      answer: [
        "openai-compatible:fake-a",
        "google-genai:gemini-2.5-flash",
        "ollama:qwen2.5:3b",
        "offline:extractive",
      ],
      annotate: [
        "openai-compatible:fake-a",
        "google-genai:gemini-2.5-flash",
        "ollama:qwen2.5:3b",
        "offline:lexicon",
      ],
    });
    expect(report.embeddings).toBe("offline:hash");
    const byModel = Object.fromEntries(report.checks.map((c) => [c.model, c]));
    expect(report.checks.map((c) => c.model)).toEqual([
      "openai-compatible:fake-a",
      "google-genai:gemini-2.5-flash",
      "ollama:qwen2.5:3b",
      "openrouter:meta-llama/llama-3.3-70b-instruct:free",
      "offline:extractive",
      "offline:lexicon",
      "offline:hash",
    ]);
    expect(byModel["openai-compatible:fake-a"]).toMatchObject({ status: "ok", detail: "„ok”", reason: null });
    expect(byModel["openai-compatible:fake-a"]!.ms).toBeGreaterThanOrEqual(30);
    expect(byModel["openai-compatible:fake-a"]!.roles).toEqual([
      { role: "answer", position: 1 },
      { role: "annotate", position: 1 },
    ]);
    expect(byModel["google-genai:gemini-2.5-flash"]).toMatchObject({ status: "ok", detail: "„Ok.”" });
    expect(byModel["ollama:qwen2.5:3b"]).toMatchObject({
      status: "error",
      reason: "provider:network",
      ms: null,
    });
    expect(byModel["ollama:qwen2.5:3b"]!.detail).toContain("nu poate fi contactat");
    expect(byModel["openrouter:meta-llama/llama-3.3-70b-instruct:free"]).toMatchObject({
      status: "unconfigured",
      reason: "config:missing",
      detail: "lipsește OPENROUTER_API_KEY",
      roles: [],
    });
    for (const offline of ["offline:extractive", "offline:lexicon", "offline:hash"]) {
      expect(byModel[offline]!.status).toBe("ok");
      expect(byModel[offline]!.ms).toBeLessThan(1000);
    }
    expect(byModel["offline:hash"]!.detail).toMatch(/^vector de \d+ dimensiuni$/);

    // One short request per model, with the check prompt.
    const openaiBody = openai.requests[0]!.body as OpenAIChatBody;
    expect(openai.requests).toHaveLength(1);
    expect(openaiBody.messages).toEqual([{ role: "user", content: CHECK_PROMPT }]);
    expect(JSON.stringify((gemini.requests[0]!.body as GeminiBody).contents)).toContain(CHECK_PROMPT);
    expect(out).not.toContain(SECRET);
  });

  it("prints the chains and a table, and exits 0 when every model answers", async () => {
    const { code, out } = await runInProcess([], { MODEL_FALLBACK: "google-genai:gemini-2.5-flash" });
    expect(code).toBe(0);
    expect(out).toContain(
      "Lanțul de răspuns:  openai-compatible:fake-a → google-genai:gemini-2.5-flash → offline:extractive",
    );
    expect(out).toContain(
      "Lanțul de adnotare: openai-compatible:fake-a → google-genai:gemini-2.5-flash → offline:lexicon",
    );
    expect(out).toMatch(/│ Model\s+│ Rol\s+│ Stare\s+│ Latență\s+│ Detalii/);
    expect(out).toMatch(/openai-compatible:fake-a\s+│ răspuns 1, adnotare 1\s+│ merge/);
    expect(out).toContain("5 din 5 modele răspund.");
  });

  it("a model that hangs is reported as a timeout after --timeout", async () => {
    openai.script({ fault: "hang" });
    const started = Date.now();
    const { out } = await runInProcess(["--json", "--timeout", "300"], { MODEL_FALLBACK: "" });
    const report = JSON.parse(out.trim().split("\n").at(-1)!) as ModelsReport;
    expect(report.checks[0]).toMatchObject({
      model: "openai-compatible:fake-a",
      status: "error",
      reason: "provider:timeout",
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("runs as `npm run cli -- models --json`, the JSON object on the last line", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/cli/main.ts", "models", "--json"], {
      env: { ...process.env, ...env({ MODEL_FALLBACK: "google-genai:gemini-2.5-flash" }) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toContain(SECRET);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as ModelsReport;
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
  }, 60_000);
});
