// Starts the fake protocol servers and runs the compare CLI against them with the default suite.
import { spawnSync } from "node:child_process";
import { startFakeOpenAI, type OpenAIChatBody } from "/work/main/tests/support/fakeOpenAI";
import { startFakeGemini, type GeminiBody } from "/work/main/tests/support/fakeGemini";
const NEG = { ton: "negativ", populism: true, anti_elitism: true, popor_central: true, tema: "coruptie", tinta: "Parlamentul", incredere: 0.8, justificare: "x", dovezi: [] };
const TEXT = "- Pensiile sunt indexate cu cinci procente.\n- Sindicatele spun că nu ajunge.\n- Ministrul promite o evaluare [1].";
const o = await startFakeOpenAI(); const g = await startFakeGemini();
o.setDefault((req) => {
  const b = req.body as OpenAIChatBody; const delayMs = b.model === "rapid" ? 60 : 300;
  const sys = String(b.messages?.find((m) => m.role === "system")?.content ?? "");
  if (b.response_format || sys.includes("JSON")) return { json: NEG, delayMs };
  return { text: TEXT, delayMs, tokenDelayMs: 3 };
});
g.setDefault((req) => {
  const b = req.body as GeminiBody;
  if (b.generationConfig?.responseSchema || JSON.stringify(b.systemInstruction ?? "").includes("JSON")) return { json: NEG, delayMs: 150 };
  return { text: TEXT, delayMs: 150, tokenDelayMs: 3 };
});
const env = { ...process.env, LOG_LEVEL: "silent", OPENAI_COMPATIBLE_BASE_URL: o.url, GOOGLE_API_KEY: "k", GOOGLE_GENAI_BASE_URL: g.url, OLLAMA_BASE_URL: "http://127.0.0.1:9/v1" };
const r = spawnSync(process.execPath, ["--import", "tsx", "server/cli/main.ts", "compare", "--models", "openai-compatible:rapid,openai-compatible:lent,google-genai:gemini-fals,ollama:absent,offline:extractive", "--out", "/tmp/cmp-fake", "--env", "/tmp/cmp-fake.env", "--write-config"], { env, encoding: "utf8" });
console.log(r.stdout); console.error(r.stderr.slice(-2000));
await o.close(); await g.close();
