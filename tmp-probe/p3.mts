import { startFakeOpenAI, type OpenAIChatBody } from "/work/main/tests/support/fakeOpenAI";
import { startFakeGemini } from "/work/main/tests/support/fakeGemini";
import { parseConfig } from "/work/main/server/config";
import { ModelRegistry } from "/work/main/server/models/registry";
import { runComparison } from "/work/main/server/compare/runner";
import { summarize } from "/work/main/server/compare/summary";
import { parseSuite } from "/work/main/server/compare/suite";
import { reportMarkdown } from "/work/main/server/compare/report";
const VALID = { ton: "negativ", populism: true, anti_elitism: true, popor_central: true, tema: "coruptie", tinta: "Parlamentul", incredere: 0.8, justificare: "x", dovezi: [] };
const o = await startFakeOpenAI(); const g = await startFakeGemini();
o.setDefault((req) => {
  const body = req.body as OpenAIChatBody;
  const delay = body.model === "rapid" ? 50 : 250;
  if (body.model === "stricat") return { rawContent: "nu e json", delayMs: 10 };
  if (body.response_format) return { json: VALID, delayMs: delay };
  return { text: "Pensiile sunt indexate cu cinci procente de la începutul anului viitor.", delayMs: delay, tokenDelayMs: 2 };
});
g.setDefault({ fault: "500" });
const config = parseConfig({ LOG_LEVEL: "silent", OPENAI_COMPATIBLE_BASE_URL: o.url, GOOGLE_API_KEY: "k", GOOGLE_GENAI_BASE_URL: g.url, OLLAMA_BASE_URL: "http://127.0.0.1:9/v1" });
const suite = parseSuite({ name: "t", defaults: { temperatures: [0, 0.7] }, cases: [
  { id: "p1", criterion: "romana", prompt: "Ce se întâmplă cu pensiile?", assert: [{ type: "language" }, { type: "contains", value: "pensii" }] },
  { id: "j1", criterion: "json", prompt: "JSON", assert: [{ type: "is-json", schema: "annotation" }] },
  { id: "a1", criterion: "adnotare", annotate: "Hoții din Parlament ne fură, poporul plătește!", expected: { ton: "negativ", populism: true, tema: "coruptie" } },
  { id: "s1", criterion: "stabilitate", prompt: "Definește populismul.", repeat: 3, assert: [{ type: "stable", min: 0.5 }] },
]});
const t0 = Date.now();
const run = await runComparison({ models: ["openai-compatible:rapid", "openai-compatible:lent", "openai-compatible:stricat", "google-genai:gemini-x", "ollama:absent", "offline:extractive"], suite, config, registry: new ModelRegistry(config), timeoutMs: 5000 });
console.log("ms", Date.now() - t0);
const r = summarize(run);
for (const m of r.models) console.log(m.model, m.passRate, m.jsonValidRate, m.latency?.p50, m.ttftMs?.p50, m.calls, m.errors, m.annotation?.macroF1, JSON.stringify(m.stability));
console.log(JSON.stringify(r.recommendation, null, 1));
console.log(reportMarkdown(r, run).slice(0, 3000));
await o.close(); await g.close();
