// How a running server opens a corpus index: with the deployment's embedder, cooperatively (it goes on answering
// while it parses the chunk store). The corpus job opens its new index before committing it, and the index watch opens
// the one another instance committed; both go through here.
import { openRetriever } from "../../corpus/retrieval/hybrid";
import type { Retriever } from "../../corpus/retrieval/types";
import { AppError } from "../../contract/errors";
import type { Config } from "../config";
import { errorDetail, type Logger } from "../log";
import type { ModelGateway } from "../models/gateway";

/** Opens the index of a corpus folder as the server does. */
export async function openServedIndex(
  corpusDir: string,
  config: Pick<Config, "EMBEDDINGS">,
  gateway: Pick<ModelGateway, "embeddings">,
): Promise<Retriever> {
  return openRetriever({
    corpusDir,
    embeddings: await gateway.embeddings(config.EMBEDDINGS),
    embedderId: config.EMBEDDINGS,
    cooperative: true,
  });
}

/**
 * Opens a change's index in its staging folder, before the commit; an index that does not open fails the job
 * (`corpus:new_index_unreadable`, why in its detail) and nothing is committed. Everything is read into memory, so
 * the retriever stays good once the commit has renamed the folder into place.
 */
export async function openStagedIndex(open: () => Promise<Retriever>, logger: Logger): Promise<Retriever> {
  const opening = performance.now();
  try {
    const retriever = await open();
    logger.info("corpus: the new index opens", {
      chunks: retriever.size,
      openMs: Math.round(performance.now() - opening),
    });
    return retriever;
  } catch (err) {
    logger.error("corpus: the new index could not be opened; nothing committed", errorDetail(err));
    const cause = err as { params?: { detail?: unknown }; message?: unknown };
    const detail = String(cause?.params?.detail ?? cause?.message ?? err);
    throw new AppError("corpus:new_index_unreadable", { detail }, { cause: err });
  }
}
