// bench:fallback — what a failing model costs a chat turn, side by side in one run, against local fake providers:
// the fallback model's own time to first token (its client called directly), the same model as the first of the
// chain over socket.io (the overhead of the graph and socket.io), and turns where the first model fails with a
// 500 (with and without the one retry) or is skipped by an open circuit. The figure of interest is the time from
// the failure to the fallback's first token beyond the fallback's own TTFT. The app runs here as `npm start` runs it
// (SQLite storage and checkpointer); the fake providers run in one child process and the socket.io client in
// another, as the providers and the browser run on other machines (sharing a process, the fake's streaming of
// the rest of an answer delayed the client's receipt of its first token). Prints a summary, then one JSON line.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AIMessageChunk } from "@langchain/core/messages";
import { Annotation, END, START, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { createApp, type RunningApp } from "../server/app";
import { openRuntime } from "../server/bootstrap";
import { runTurn } from "../server/chat/runTurn";
import { parseConfig, type Config } from "../server/config";
import { createLogger } from "../server/log";
import { OFFLINE_ANNOTATOR } from "../server/models/catalog";
import { ModelGateway, type GatewayOptions } from "../server/models/gateway";
import { createChatModel } from "../server/models/providers";
import { DEFAULT_RETRY, NO_RETRY } from "../server/models/retry";
import { SqliteStorage } from "../server/storage/sqlite";
import { openCheckpointer } from "../server/storage/checkpointer";
import { startRemoteFakes, type RemoteFakes } from "./remote";
import { summarize } from "./stats";

const N = Number(process.env.BENCH_TURNS ?? 100);
const WARMUP = 5;
const FALLBACK_TTFT_MS = 100;
const BROKEN = "openai-compatible:broken";
const FALLBACK = "ollama:steady";
const ANSWER = "Comentatorii critică pensiile speciale și cer plafonarea lor [1].";
const QUESTION = "Ce spun oamenii despre pensiile speciale?";

/** The app's gateway, with annotation left to the offline lexicon so that only the answering model is timed. */
class BenchGateway extends ModelGateway {
  override annotateChain(): string[] {
    return [OFFLINE_ANNOTATOR];
  }
}

async function startApp(
  browser: RemoteFakes,
  config: Config,
  options: GatewayOptions,
  dataDir: string,
  name: string,
) {
  const runtime = await openRuntime({ config, buildIfMissing: true });
  const gateway = new BenchGateway(config, { logger: createLogger(config), ...options });
  // As `npm start` runs it: SQLite storage and LangGraph's SQLite checkpointer.
  const storage = new SqliteStorage(path.join(dataDir, name, "echochamber.db"));
  const checkpointer = openCheckpointer(path.join(dataDir, name));
  const app: RunningApp = createApp({ ...runtime, gateway, storage, checkpointer });
  await new Promise<void>((resolve) => app.http.listen(0, "127.0.0.1", resolve));
  // The browser's side runs in a child process of its own, as a real client runs elsewhere.
  const client = await browser.client(`http://127.0.0.1:${app.port()}`);
  return {
    gateway,
    client,
    deps: { config, gateway, retriever: runtime.retriever, checkpointer },
    close: async () => {
      await app.close();
      storage.close();
    },
  };
}

/**
 * LangGraph's own floor, for scale: a graph of the chat's shape (retrieve, then annotate and answer side by side,
 * each with a conditional edge after it) whose nodes do nothing but write one custom event, streamed as runTurn
 * streams the chat graph. The time to the answer node's event is what the library costs before any of our work.
 */
async function langGraphFloor(runs: number): Promise<number[]> {
  const State = Annotation.Root({
    a: Annotation<number>(),
    b: Annotation<number>(),
    c: Annotation<number>(),
  });
  const node = (key: "a" | "b" | "c") => async (_: unknown, config: LangGraphRunnableConfig) => {
    config.writer?.({ node: key });
    return { [key]: 1 };
  };
  const floor = new StateGraph(State)
    .addNode("retrieve", node("a"))
    .addNode("annotate", node("b"))
    .addNode("answer", node("c"))
    .addEdge(START, "retrieve")
    .addEdge("retrieve", "annotate")
    .addEdge("retrieve", "answer")
    .addConditionalEdges("annotate", () => END, ["retrieve", END])
    .addConditionalEdges("answer", () => END, ["retrieve", END])
    .compile();
  const times: number[] = [];
  for (let i = 0; i < runs + WARMUP; i++) {
    const t0 = performance.now();
    let reached = NaN;
    const stream = await floor.stream({ a: 0 }, { streamMode: ["custom", "updates"] });
    for await (const [mode, chunk] of stream as AsyncIterable<[string, { node?: string }]>) {
      if (mode === "custom" && chunk.node === "c" && Number.isNaN(reached)) reached = performance.now() - t0;
    }
    if (i >= WARMUP) times.push(reached);
  }
  return times;
}

async function main(): Promise<void> {
  // The fake providers live in a child process, as real providers live elsewhere: their work is not the app's.
  const fakes = await startRemoteFakes();
  const browser = await startRemoteFakes();
  const broken = await fakes.openai();
  const steady = await fakes.openai();
  await broken.setDefault({ fault: "500" });
  await steady.setDefault({ text: ANSWER, delayMs: FALLBACK_TTFT_MS });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "echochamber-bench-fallback-"));
  const config = parseConfig({
    ...process.env,
    PORT: "0",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    MODEL_PRIMARY: BROKEN,
    MODEL_FALLBACK: FALLBACK,
    OPENAI_COMPATIBLE_BASE_URL: broken.url,
    OLLAMA_BASE_URL: steady.url,
    EMBEDDINGS: "offline:hash",
  });
  // Two apps side by side: the default retry policy (one retry of a 500) and none (straight to the fallback).
  const withRetry = await startApp(browser, config, { retry: DEFAULT_RETRY }, dataDir, "retry");
  const noRetry = await startApp(browser, config, { retry: NO_RETRY }, dataDir, "noretry");
  const directModel = await createChatModel(FALLBACK, config, { temperature: config.TEMPERATURE });

  const samples = {
    ownTtft: [] as number[],
    direct: [] as number[],
    inProcess: [] as number[],
    retryTtft: [] as number[],
    retryFailureToToken: [] as number[],
    errorTtft: [] as number[],
    errorFailureToToken: [] as number[],
    circuitTtft: [] as number[],
  };
  for (let i = 0; i < N + WARMUP; i++) {
    // The fallback model's own TTFT: its LangChain client, streamed directly.
    const t0 = performance.now();
    let own = NaN;
    for await (const chunk of await directModel.stream(QUESTION)) {
      if ((chunk as AIMessageChunk).text) {
        own = performance.now() - t0;
        break;
      }
    }
    // The same model first in the chain: through the graph in-process, then over socket.io.
    const t1 = performance.now();
    let inProcess = NaN;
    await runTurn(
      withRetry.deps,
      { messageId: `bench-${i}`, question: QUESTION, threadId: `bench-${i}`, settings: { model: FALLBACK } },
      {
        step: () => {},
        sources: () => {},
        annotation: () => {},
        token: () => {
          if (Number.isNaN(inProcess)) inProcess = performance.now() - t1;
        },
      },
    );
    const direct = await withRetry.client.turn(QUESTION, FALLBACK);
    // The broken model first: a fresh circuit each time, so that every turn really calls it.
    withRetry.gateway.breaker.reset();
    const retried = await withRetry.client.turn(QUESTION);
    noRetry.gateway.breaker.reset();
    const errored = await noRetry.client.turn(QUESTION);
    // An open circuit: the broken model is skipped without a call.
    for (let k = 0; k < 3; k++) noRetry.gateway.breaker.failure(BROKEN);
    const skipped = await noRetry.client.turn(QUESTION);
    if (
      retried.fallbacks[0] !== "provider:server_error" ||
      skipped.fallbacks[0] !== "provider:circuit_open"
    ) {
      throw new Error(`unexpected fallbacks: ${retried.fallbacks.join()} / ${skipped.fallbacks.join()}`);
    }
    if (i < WARMUP) continue;
    samples.ownTtft.push(own);
    samples.direct.push(direct.ttft);
    samples.inProcess.push(inProcess);
    samples.retryTtft.push(retried.ttft);
    samples.retryFailureToToken.push(retried.failureToToken ?? NaN);
    samples.errorTtft.push(errored.ttft);
    samples.errorFailureToToken.push(errored.failureToToken ?? NaN);
    samples.circuitTtft.push(skipped.ttft);
  }
  await withRetry.close();
  await noRetry.close();
  await fakes.close();
  await browser.close();
  rmSync(dataDir, { recursive: true, force: true });

  const floorMs = await langGraphFloor(N * 5);

  // Paired per iteration: each turn against the direct call made just before it.
  const minus = (a: number[], b: number[]) => a.map((x, i) => x - b[i]!);
  const result = {
    bench: "fallback",
    turns: N,
    fallbackTtftFixedMs: FALLBACK_TTFT_MS,
    fallbackOwnTtftMs: summarize(samples.ownTtft),
    socketOverhead: {
      turnTtftMs: summarize(samples.direct),
      beyondOwnTtftMs: summarize(minus(samples.direct, samples.ownTtft)),
      graphOnlyBeyondOwnTtftMs: summarize(minus(samples.inProcess, samples.ownTtft)),
      langGraphFloorMs: summarize(floorMs),
    },
    afterError: {
      turnTtftMs: summarize(samples.errorTtft),
      failureToFirstTokenMs: summarize(samples.errorFailureToToken),
      beyondOwnTtftMs: summarize(minus(samples.errorFailureToToken, samples.ownTtft)),
      turnBeyondDirectMs: summarize(minus(samples.errorTtft, samples.direct)),
    },
    afterErrorWithRetry: {
      turnTtftMs: summarize(samples.retryTtft),
      failureToFirstTokenMs: summarize(samples.retryFailureToToken),
      beyondOwnTtftMs: summarize(minus(samples.retryFailureToToken, samples.ownTtft)),
      turnBeyondDirectMs: summarize(minus(samples.retryTtft, samples.direct)),
    },
    circuitOpen: {
      turnTtftMs: summarize(samples.circuitTtft),
      turnBeyondDirectMs: summarize(minus(samples.circuitTtft, samples.direct)),
    },
    goals: { failureToFallbackBeyondOwnTtftMs: 50, socketOverheadP95Ms: 15 },
  };
  const f = (s: { p50: number; p95: number }) => `p50 ${s.p50} ms, p95 ${s.p95} ms`;
  console.log(
    `fallback model's own TTFT (client called directly, fake with ${FALLBACK_TTFT_MS} ms): ${f(result.fallbackOwnTtftMs)}`,
  );
  console.log(
    `same model first in the chain, over socket.io: TTFT ${f(result.socketOverhead.turnTtftMs)}; graph + socket.io add ${f(result.socketOverhead.beyondOwnTtftMs)} (goal p95 ≤ 15 ms); the graph alone, in-process, adds ${f(result.socketOverhead.graphOnlyBeyondOwnTtftMs)}`,
  );
  console.log(
    `LangGraph's own floor (a graph of the same shape whose nodes do nothing, streamed the same way): ${f(result.socketOverhead.langGraphFloorMs)}`,
  );
  console.log(
    `first model answers 500, no retry: failure → fallback's first token beyond its own TTFT ${f(result.afterError.beyondOwnTtftMs)} (goal ≤ 50 ms); whole turn +${result.afterError.turnBeyondDirectMs.p50} ms (p50) over the direct turn`,
  );
  console.log(
    `first model answers 500, one retry (default): failure → first token beyond own TTFT ${f(result.afterErrorWithRetry.beyondOwnTtftMs)}; whole turn +${result.afterErrorWithRetry.turnBeyondDirectMs.p50} ms (p50), the retry's backoff included`,
  );
  console.log(
    `first model skipped by an open circuit: whole turn +${result.circuitOpen.turnBeyondDirectMs.p50} ms (p50), p95 ${result.circuitOpen.turnBeyondDirectMs.p95} ms over the direct turn`,
  );
  console.log(JSON.stringify(result));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
