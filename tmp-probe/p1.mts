import { startFakeOpenAI } from "/work/main/tests/support/fakeOpenAI";
import { startFakeGemini } from "/work/main/tests/support/fakeGemini";
import { createChatModel } from "/work/main/server/models/providers";
import { parseConfig } from "/work/main/server/config";
import { annotateWithLlm } from "/work/main/server/models/llmAnnotator";
import { BaseChatOpenAI } from "@langchain/openai";
import { ChatGoogleGenerativeAI } from "@langchain/google-genai";
import type { AIMessageChunk } from "@langchain/core/messages";
const o = await startFakeOpenAI(); const g = await startFakeGemini();
const config = parseConfig({ LOG_LEVEL: "silent", OPENAI_COMPATIBLE_BASE_URL: o.url, GOOGLE_API_KEY: "k", GOOGLE_GENAI_BASE_URL: g.url });
for (const id of ["openai-compatible:a", "google-genai:gemini-x"]) {
  const m = createChatModel(id, config, { temperature: 0.3 });
  if (m instanceof BaseChatOpenAI) m.maxTokens = 7;
  if (m instanceof ChatGoogleGenerativeAI) m.maxOutputTokens = 7;
  const s = await m.stream([["human", "salut"]]);
  for await (const c of s as AsyncIterable<AIMessageChunk>) console.log(id, JSON.stringify(c.text), JSON.stringify(c.response_metadata), JSON.stringify(c.usage_metadata));
  console.log(JSON.stringify((o.requests.at(-1)?.body)), JSON.stringify(g.requests.at(-1)?.body));
  o.reset(); g.reset();
  let first: number | undefined; const t0 = performance.now();
  m.callbacks = [{ handleLLMNewToken(tok: string) { if (first === undefined && tok) first = performance.now() - t0; }, handleChatModelStart() { console.log("start"); } }];
  const VALID = { ton: "negativ", populism: false, anti_elitism: true, popor_central: false, tema: "pensii", tinta: null, incredere: 0.8, justificare: "x" };
  o.setDefault({ json: VALID, tokenDelayMs: 5 }); g.setDefault({ json: VALID, tokenDelayMs: 5 });
  const r = await annotateWithLlm(m, "text", { provider: id.startsWith("google") ? "google-genai" : "openai-compatible" });
  console.log("ann", r.repaired, r.usage, first, performance.now() - t0);
}
await o.close(); await g.close();
