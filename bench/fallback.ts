// bench:fallback — what a failing model costs a chat turn, side by side in one run, against local fake providers:
// the fallback model's own time to first token (its client called directly), the same model as the first of the
// chain over socket.io (the overhead of the graph and socket.io), and turns where the first model fails with a
// 500 (with and without the one retry) or is skipped by an open circuit. The figure of interest is the time from
// the failure to the fallback's first token beyond the fallback's own TTFT. Prints a summary, then one JSON line.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AIMessageChunk } from "@langchain/core/messages";
import { io as connect, type Socket } from "socket.io-client";
import { createApp, type RunningApp } from "../server/app";
import { openRuntime } from "../server/bootstrap";
import { runTurn } from "../server/chat/runTurn";
import { parseConfig, type Config } from "../server/config";
import { createLogger } from "../server/log";
import { ModelRegistry, OFFLINE_ANNOTATOR, type RegistryOptions } from "../server/models/registry";
import { DEFAULT_RETRY, NO_RETRY } from "../server/models/retry";
import type { ClientToServerEvents, ServerToClientEvents } from "../server/protocol";
import { SqliteStorage } from "../server/storage/sqlite";
import { openCheckpointer } from "../server/storage/checkpointer";
import { startRemoteFakes } from "./remoteFakes";
import { summarize } from "./stats";

const N = Number(process.env.BENCH_TURNS ?? 40);
const WARMUP = 5;
const FALLBACK_TTFT_MS = 100;
const BROKEN = "openai-compatible:broken";
const FALLBACK = "ollama:steady";
const ANSWER = "Comentatorii critică pensiile speciale și cer plafonarea lor [1].";
const QUESTION = "Ce spun oamenii despre pensiile speciale?";

/** The app's registry, with annotation left to the offline lexicon so that only the answering model is timed. */
class BenchRegistry extends ModelRegistry {
  override annotateChain(): string[] {
    return [OFFLINE_ANNOTATOR];
  }
}

interface TurnTiming {
  /** From chat:send to the first token. */
  ttft: number;
  /** From the broken model's error step to the first token, when it failed. */
  failureToToken: number | null;
  fallbacks: string[];
}

type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

function socketTurn(socket: ChatClient, model?: string): Promise<TurnTiming> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let ttft = NaN;
    let failedAt: number | null = null;
    const onStep: ServerToClientEvents["chat:step"] = (e) => {
      if (e.step === "answer" && e.status === "error") failedAt = performance.now();
    };
    const onToken = () => {
      if (Number.isNaN(ttft)) ttft = performance.now();
    };
    socket.on("chat:step", onStep);
    socket.on("chat:token", onToken);
    socket.once("chat:error", (e) => reject(new Error(e.message)));
    socket.once("chat:done", (done) => {
      socket.off("chat:step", onStep);
      socket.off("chat:token", onToken);
      resolve({
        ttft: ttft - t0,
        failureToToken: failedAt === null ? null : ttft - failedAt,
        fallbacks: done.fallbacks.map((f) => f.reason),
      });
    });
    socket.emit("chat:send", { text: QUESTION, settings: model ? { model } : undefined }, (ack) => {
      if (!ack.ok) reject(new Error(ack.error.message));
    });
  });
}

async function startApp(config: Config, options: RegistryOptions, dataDir: string, name: string) {
  const runtime = await openRuntime({ config, buildIfMissing: true });
  const registry = new BenchRegistry(config, { logger: createLogger(config), ...options });
  // As `npm start` runs it: SQLite storage and LangGraph's SQLite checkpointer.
  const storage = new SqliteStorage(path.join(dataDir, name, "echochamber.db"));
  const checkpointer = openCheckpointer(path.join(dataDir, name));
  const app: RunningApp = createApp({ ...runtime, registry, storage, checkpointer });
  await new Promise<void>((resolve) => app.http.listen(0, "127.0.0.1", resolve));
  const socket: ChatClient = connect(`http://127.0.0.1:${app.port()}`, { transports: ["websocket"] });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return {
    registry,
    socket,
    deps: { config, registry, retriever: runtime.retriever, checkpointer },
    close: async () => {
      socket.disconnect();
      await app.close();
      storage.close();
    },
  };
}

async function main(): Promise<void> {
  // The fake providers live in a child process, as real providers live elsewhere: their work is not the app's.
  const fakes = await startRemoteFakes();
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
  const withRetry = await startApp(config, { retry: DEFAULT_RETRY }, dataDir, "retry");
  const noRetry = await startApp(config, { retry: NO_RETRY }, dataDir, "noretry");
  const directModel = withRetry.registry.chatModel(FALLBACK, { temperature: config.TEMPERATURE });

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
    const direct = await socketTurn(withRetry.socket, FALLBACK);
    // The broken model first: a fresh circuit each time, so that every turn really calls it.
    withRetry.registry.breaker.reset();
    const retried = await socketTurn(withRetry.socket);
    noRetry.registry.breaker.reset();
    const errored = await socketTurn(noRetry.socket);
    // An open circuit: the broken model is skipped without a call.
    for (let k = 0; k < 3; k++) noRetry.registry.breaker.failure(BROKEN);
    const skipped = await socketTurn(noRetry.socket);
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
  rmSync(dataDir, { recursive: true, force: true });

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
