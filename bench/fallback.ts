// bench:fallback — what a failing model costs a chat turn, side by side in one run, against local fake providers:
// the fallback model's own time to first token (its client called directly), the same model as the first of the
// chain over socket.io (the overhead of the graph and socket.io), and turns where the first model fails with a
// 500 (with and without the one retry) or is skipped by an open circuit. The figure of interest is the time from
// the failure to the fallback's first token beyond the fallback's own TTFT. The app runs here as `npm start` runs it
// (SQLite storage and checkpointer); the fake providers run in one child process and the socket.io client in
// another, as the providers and the browser run on other machines (sharing a process, the fake's streaming of
// the rest of an answer delayed the client's receipt of its first token). Then the same failure while the annotate
// branch beside the answer is slow (an annotator whose annotation of a turn takes 2 s) or hangs (until its first-token
// deadline): each branch walks its own chain, so the answer's fallback must not wait for it. Prints a summary, then
// one JSON line.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
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
import { POPULIST_ANNOTATION } from "../tests/support/fixtures";
import { startRemoteFakes, type ClientTurn, type RemoteFakes } from "./remote";
import { summarize } from "./stats";

const N = Number(process.env.BENCH_TURNS ?? 100);
/** Turns with a slow or hung annotator take seconds each (the annotation runs to its end before chat:done). */
const N_ANNOTATOR = Number(process.env.BENCH_ANNOTATOR_TURNS ?? 40);
const SLOW_ANNOTATION_MS = 2000;
const HUNG_FIRST_TOKEN_TIMEOUT_MS = 2000;
const WARMUP = 5;
const FALLBACK_TTFT_MS = 100;
const BROKEN = "openai-compatible:broken";
const FALLBACK = "ollama:steady";
const ANSWER = "Comentatorii critică pensiile speciale și cer plafonarea lor [1].";
const QUESTION = "Ce spun oamenii despre pensiile speciale?";
const SLOW_ANNOTATOR = "openrouter:slow-annotator";
const HUNG_ANNOTATOR = "openai:hung-annotator";

/**
 * The app's gateway, with annotation left to one model then the offline lexicon: the lexicon alone by default, so
 * that only the answering model is timed.
 */
class BenchGateway extends ModelGateway {
  constructor(
    config: Config,
    options: GatewayOptions,
    private readonly annotator?: string,
  ) {
    super(config, options);
  }
  override annotateChain(): string[] {
    return this.annotator ? [this.annotator, OFFLINE_ANNOTATOR] : [OFFLINE_ANNOTATOR];
  }
}

async function startApp(
  browser: RemoteFakes,
  config: Config,
  options: GatewayOptions,
  dataDir: string,
  name: string,
  annotator?: string,
) {
  const runtime = await openRuntime({ config, buildIfMissing: true });
  const gateway = new BenchGateway(config, { logger: createLogger(config), ...options }, annotator);
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
      await storage.close();
    },
  };
}

/**
 * LangGraph's own floor, for scale: a graph of the chat's shape (retrieve, then annotate and answer side by side)
 * whose nodes do nothing but write one custom event, streamed as runTurn streams the chat graph. The time to the
 * answer node's event is what the library costs before any of our work. Two shapes, interleaved run by run: the
 * chat's (each branch one node that walks its model chain itself), and each branch as a subgraph with a visible
 * fallback node inside it (the other way to keep a branch's fallback from waiting for its sibling).
 */
async function langGraphFloor(runs: number): Promise<{ flat: number[]; subgraphs: number[] }> {
  const value = () => Annotation<number>({ reducer: (_, next) => next, default: () => 0 });
  const State = Annotation.Root({ a: value(), b: value(), c: value() });
  const node = (key: "a" | "b" | "c") => async (_: unknown, config: LangGraphRunnableConfig) => {
    config.writer?.({ node: key });
    return { [key]: 1 };
  };
  const branch = (key: "b" | "c") =>
    new StateGraph(State)
      .addNode("call", node(key))
      .addNode("fallback", async () => ({}))
      .addEdge(START, "call")
      .addConditionalEdges("call", () => END, ["fallback", END])
      .addEdge("fallback", "call")
      .compile();
  const shape = (annotate: ReturnType<typeof branch> | ReturnType<typeof node>, answer: typeof annotate) =>
    new StateGraph(State)
      .addNode("retrieve", node("a"))
      .addNode("annotate", annotate)
      .addNode("answer", answer)
      .addEdge(START, "retrieve")
      .addEdge("retrieve", "annotate")
      .addEdge("retrieve", "answer")
      .addEdge("annotate", END)
      .addEdge("answer", END)
      .compile();
  const graphs = { flat: shape(node("b"), node("c")), subgraphs: shape(branch("b"), branch("c")) };
  const times = { flat: [] as number[], subgraphs: [] as number[] };
  for (let i = 0; i < runs + WARMUP; i++) {
    for (const name of ["flat", "subgraphs"] as const) {
      const t0 = performance.now();
      let reached = NaN;
      const stream = await graphs[name].stream({ a: 0 }, { streamMode: ["custom", "updates"] });
      for await (const [mode, chunk] of stream as AsyncIterable<[string, { node?: string }]>) {
        if (mode === "custom" && chunk.node === "c" && Number.isNaN(reached))
          reached = performance.now() - t0;
      }
      if (i >= WARMUP) times[name].push(reached);
    }
  }
  return times;
}

/** The fallback model's own time to first token: its LangChain client, streamed directly. */
async function ownTtft(model: BaseChatModel): Promise<number> {
  const t0 = performance.now();
  for await (const chunk of await model.stream(QUESTION)) {
    if ((chunk as AIMessageChunk).text) return performance.now() - t0;
  }
  return NaN;
}

/**
 * The answer's primary fails with a 500 (no retry) while the annotate branch beside it works on a slow model, then
 * on one that hangs until its first-token deadline. The answer's fallback must start as if the annotator were not
 * there: the figure is the same failure → first token beyond the fallback's own TTFT.
 */
async function annotatorCases(
  fakes: RemoteFakes,
  browser: RemoteFakes,
  env: Record<string, string | undefined>,
  dataDir: string,
  directModel: BaseChatModel,
) {
  const slowFake = await fakes.openai();
  const hungFake = await fakes.openai();
  const config = parseConfig({
    ...env,
    OPENROUTER_BASE_URL: slowFake.url,
    OPENROUTER_API_KEY: "bench",
    OPENAI_BASE_URL: hungFake.url,
    OPENAI_API_KEY: "bench",
    FIRST_TOKEN_TIMEOUT_MS: String(HUNG_FIRST_TOKEN_TIMEOUT_MS),
  });
  // A turn annotates the message and TOP_K passages one after the other: 2 s in all.
  await slowFake.setDefault({
    json: POPULIST_ANNOTATION,
    delayMs: Math.round(SLOW_ANNOTATION_MS / (1 + config.TOP_K)),
  });
  await hungFake.setDefault({ fault: "hang" });
  const slow = await startApp(browser, config, { retry: NO_RETRY }, dataDir, "slow", SLOW_ANNOTATOR);
  const hung = await startApp(browser, config, { retry: NO_RETRY }, dataDir, "hung", HUNG_ANNOTATOR);
  const samples = { slow: [] as ClientTurn[], hung: [] as ClientTurn[], own: [] as number[] };
  for (let i = 0; i < N_ANNOTATOR + WARMUP; i++) {
    const own = await ownTtft(directModel);
    // Fresh circuits, so that every turn really calls the broken model and the hung annotator.
    slow.gateway.breaker.reset();
    const beside = await slow.client.turn(QUESTION);
    hung.gateway.breaker.reset();
    const besideHung = await hung.client.turn(QUESTION);
    if (
      !beside.fallbacks.includes("provider:server_error") ||
      beside.fallbacks.length !== 1 ||
      !besideHung.fallbacks.includes("provider:first_token_timeout")
    ) {
      throw new Error(`unexpected fallbacks: ${beside.fallbacks.join()} / ${besideHung.fallbacks.join()}`);
    }
    if (i < WARMUP) continue;
    samples.own.push(own);
    samples.slow.push(beside);
    samples.hung.push(besideHung);
  }
  await slow.close();
  await hung.close();
  const figures = (turns: ClientTurn[]) => ({
    turns: turns.length,
    failureToFirstTokenMs: summarize(turns.map((t) => t.failureToToken ?? NaN)),
    beyondOwnTtftMs: summarize(turns.map((t, i) => (t.failureToToken ?? NaN) - samples.own[i]!)),
    turnTtftMs: summarize(turns.map((t) => t.ttft)),
    annotateMs: summarize(turns.map((t) => t.annotateMs)),
    annotatorGivenUpAfterMs: summarize(turns.map((t) => t.annotateFailedMs ?? NaN)),
    turnTotalMs: summarize(turns.map((t) => t.total)),
  });
  return { slow: figures(samples.slow), hung: figures(samples.hung) };
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
  const env = {
    ...process.env,
    PORT: "0",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    MODEL_PRIMARY: BROKEN,
    MODEL_FALLBACK: FALLBACK,
    OPENAI_COMPATIBLE_BASE_URL: broken.url,
    OLLAMA_BASE_URL: steady.url,
    EMBEDDINGS: "offline:hash",
  };
  const config = parseConfig(env);
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
    const own = await ownTtft(directModel);
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

  const annotators = await annotatorCases(fakes, browser, env, dataDir, directModel);
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
      langGraphFloorMs: summarize(floorMs.flat),
      langGraphFloorSubgraphsMs: summarize(floorMs.subgraphs),
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
    besideSlowAnnotator: annotators.slow,
    besideHungAnnotator: annotators.hung,
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
    `LangGraph's own floor (a graph of the same shape whose nodes do nothing, streamed the same way): ${f(result.socketOverhead.langGraphFloorMs)}; with each branch a subgraph holding its own fallback node: ${f(result.socketOverhead.langGraphFloorSubgraphsMs)}`,
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
  const slow = result.besideSlowAnnotator;
  const hung = result.besideHungAnnotator;
  console.log(
    `first model answers 500 (no retry) beside an annotator taking ${SLOW_ANNOTATION_MS} ms: failure → fallback's first token beyond its own TTFT ${f(slow.beyondOwnTtftMs)} (goal p95 ≤ 50 ms); the annotation took ${f(slow.annotateMs)}`,
  );
  console.log(
    `first model answers 500 (no retry) beside a hung annotator: failure → fallback's first token beyond its own TTFT ${f(hung.beyondOwnTtftMs)} (goal p95 ≤ 50 ms); the annotator was given up after ${f(hung.annotatorGivenUpAfterMs)} (FIRST_TOKEN_TIMEOUT_MS ${HUNG_FIRST_TOKEN_TIMEOUT_MS})`,
  );
  console.log(JSON.stringify(result));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
