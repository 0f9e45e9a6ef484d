// `npm start`: opens the corpus (building the index when missing), then serves the app on PORT.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "./app";
import { openRuntime } from "./bootstrap";
import { watchIndex } from "./cluster/indexSwap";
import { LiveCorpus } from "./corpus/liveCorpus";
import { openServedIndex } from "./corpus/openIndex";
import { corpusPaths } from "./config";
import { redisLimiters } from "./limits/redisStore";
import { openStores } from "./storage/open";
import { startupMessage, unreadableIndexNotice } from "./startupErrors";
import { indexProblem } from "./corpus/unreadableIndex";
import { Workbench } from "./workbench/service";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Where the instance listens, once the configuration is read (for the message when listening fails). */
let listenTarget: { host: string; port: number } | undefined;

async function main(): Promise<void> {
  const t0 = performance.now();
  // An index that exists but cannot be read is served as such: the corpus page rebuilds it (docs/retrieval.md).
  const runtime = await openRuntime({ buildIfMissing: true, unreadableIndex: "serve" });
  const { config, logger } = runtime;
  // SQLite files in DATA_DIR, or PostgreSQL with DATABASE_URL; Redis between instances with REDIS_URL.
  const stores = await openStores(config, logger, { role: "server" });
  const { storage, checkpointer } = stores;
  const redis = config.REDIS_URL ? await (await import("./cluster/redis")).openRedis(config, logger) : null;
  const workbench = new Workbench({
    config,
    logger,
    gateway: runtime.gateway,
    owner: stores.instanceId,
    stores: stores.workbench,
  });
  // The index is read-only here; a rebuild by `npm run cli -- index` in CORPUS_DIR is swapped in (cluster/indexSwap.ts),
  // over an unreadable one too.
  const retriever = new LiveCorpus(runtime.retriever);
  const stopWatching =
    config.INDEX_WATCH_MS > 0
      ? watchIndex({
          corpusDir: corpusPaths(config).root,
          served: {
            get manifest() {
              return retriever.manifest;
            },
            swapIn: (next) => retriever.swap({ retriever: next, catalog: null }),
          },
          open: () => openServedIndex(corpusPaths(config).root, config, runtime.gateway),
          intervalMs: config.INDEX_WATCH_MS,
          logger,
        })
      : () => undefined;
  const app = createApp({
    ...runtime,
    retriever,
    storage,
    checkpointer,
    workbench,
    authStore: stores.auth,
    preferences: stores.preferences,
    compareRuns: stores.compareRuns,
    instanceId: stores.instanceId,
    socketAdapter: redis?.adapter,
    limiters: redis ? redisLimiters(redis.client, config.REDIS_PREFIX) : undefined,
    healthChecks: {
      ...(stores.backend === "postgres" ? { database: () => stores.ping() } : {}),
      ...(redis ? { redis: () => redis.client.ping() } : {}),
    },
    clientDir: path.join(root, "client", "dist"),
  });
  listenTarget = { host: config.HOST, port: config.PORT };
  await new Promise<void>((resolve, reject) => {
    // A port in use or a HOST that is not this machine's: said in one line by startupMessage, not as a crash.
    app.http.once("error", reject);
    app.http.listen(config.PORT, config.HOST, () => {
      app.http.off("error", reject);
      resolve();
    });
  });
  stores.startUpkeep?.();
  const readyMs = Math.round(performance.now() - t0);
  const url = `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${app.port()}`;
  logger.info("ready", {
    url,
    readyMs,
    chunks: runtime.retriever.size,
    chain: runtime.gateway.answerChain(),
    storage: stores.backend,
    instance: stores.instanceId,
    redis: redis !== null,
  });
  process.stdout.write(`EchoChamber rulează pe ${url} (gata în ${readyMs} ms)\n`);
  const problem = indexProblem(runtime.retriever);
  if (problem) process.stdout.write(`${unreadableIndexNotice(problem)}\n`);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    stopWatching();
    await app.close();
    await stores.close();
    await redis?.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`${startupMessage(err, listenTarget)}\n`);
  process.exit(1);
});
