// `npm start`: opens the corpus (building the index when missing), then serves the app on PORT.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "./app";
import { openRuntime } from "./bootstrap";
import { ConfigError } from "./config";
import { openCheckpointer } from "./storage/checkpointer";
import { SqliteStorage } from "./storage/sqlite";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main(): Promise<void> {
  const t0 = performance.now();
  const runtime = await openRuntime({ buildIfMissing: true });
  const { config, logger } = runtime;
  const storage = new SqliteStorage(path.join(path.resolve(config.DATA_DIR), "echochamber.db"));
  const checkpointer = openCheckpointer(path.resolve(config.DATA_DIR));
  const app = createApp({ ...runtime, storage, checkpointer, clientDir: path.join(root, "client", "dist") });
  await new Promise<void>((resolve) => app.http.listen(config.PORT, config.HOST, resolve));
  const readyMs = Math.round(performance.now() - t0);
  const url = `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${app.port()}`;
  logger.info("ready", {
    url,
    readyMs,
    chunks: runtime.retriever.size,
    chain: runtime.gateway.answerChain(),
  });
  process.stdout.write(`EchoChamber rulează pe ${url} (gata în ${readyMs} ms)\n`);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await storage.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(
    err instanceof ConfigError
      ? `${err.message}\n`
      : `EchoChamber nu a pornit: ${String(err instanceof Error ? err.stack : err)}\n`,
  );
  process.exit(1);
});
