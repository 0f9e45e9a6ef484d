// Opens what the server and the CLI share: config, logger, model gateway and the corpus retriever
// (building the index first when it is missing, with progress; the server serves one that cannot be read as an
// UnreadableIndex, to be rebuilt from the corpus page).
import { buildIndex, indexExists } from "../corpus/pipeline/buildIndex";
import { openRetriever } from "../corpus/retrieval/hybrid";
import type { Retriever } from "../corpus/retrieval/types";
import { corpusPaths, loadConfig, type Config } from "./config";
import { createLogger, errorDetail, type Logger } from "./log";
import { ModelGateway } from "./models/gateway";
import { isUnreadableIndex, UnreadableIndex } from "./corpus/unreadableIndex";

export interface Runtime {
  config: Config;
  logger: Logger;
  gateway: ModelGateway;
  retriever: Retriever;
}

export interface OpenOptions {
  config?: Config;
  /** Build the index when it is missing (the server and `ask` do; `search` says so instead). */
  buildIfMissing?: boolean;
  onIndexProgress?: (done: number, total: number) => void;
  /**
   * "serve" (the server): an index that exists but cannot be read is served as an UnreadableIndex (no documents,
   * every search fails saying so) and the app starts, so that the corpus page can rebuild it; the CLI keeps "throw".
   */
  unreadableIndex?: "throw" | "serve";
}

export async function openRuntime(options: OpenOptions = {}): Promise<Runtime> {
  const config = options.config ?? loadConfig();
  const logger = createLogger(config);
  const gateway = new ModelGateway(config, { logger });
  // The providers' SDKs load while the index opens, not during the first turn.
  void gateway.warmUp();
  const corpusDir = corpusPaths(config).root;
  const embeddings = await gateway.embeddings(config.EMBEDDINGS);
  if (options.buildIfMissing && !indexExists(corpusDir)) {
    logger.info("corpus index missing: building it", { corpusDir, embedder: config.EMBEDDINGS });
    const manifest = await buildIndex({
      corpusDir,
      embeddings,
      embedderId: config.EMBEDDINGS,
      onProgress: options.onIndexProgress,
    });
    logger.info("corpus index built", { chunks: manifest.chunks, documents: manifest.documents });
  }
  const retriever = await openRetriever({ corpusDir, embeddings, embedderId: config.EMBEDDINGS }).catch(
    (err: unknown) => {
      if (options.unreadableIndex !== "serve" || !isUnreadableIndex(err)) throw err;
      logger.error("corpus index unreadable: serving without it until it is rebuilt", {
        corpusDir,
        detail: err.params.detail,
        ...errorDetail(err.cause),
      });
      return new UnreadableIndex(config.EMBEDDINGS, err);
    },
  );
  return { config, logger, gateway, retriever };
}
