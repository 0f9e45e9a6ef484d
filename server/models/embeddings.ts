// Provider embedders (each provider's module builds its own: GoogleGenerativeAIEmbeddings, or OpenAIEmbeddings with
// its base URL), wrapped so that a failed or malformed reply throws a readable, redacted error instead of bad vectors.
import { Embeddings } from "@langchain/core/embeddings";
import { ConfigError, type Config } from "../config";
import { AppError } from "../../contract/errors";
import { providerError } from "./providerErrors";
import { missingConfiguration, parseModelId, providerClient } from "./providers";

/**
 * Delegates to a provider embedder and checks what comes back: one vector per text, none empty, all of one size.
 * GoogleGenerativeAIEmbeddings, for one, turns a failed batch into empty vectors without saying so.
 */
export class CheckedEmbeddings extends Embeddings {
  constructor(
    readonly id: string,
    private readonly inner: Embeddings,
    private readonly config: Config,
  ) {
    super({});
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors = await this.guard(() => this.inner.embedDocuments(texts));
    if (vectors.length !== texts.length) {
      throw this.malformed(`${vectors.length} vectori pentru ${texts.length} texte`);
    }
    const size = vectors[0]?.length ?? 0;
    if (vectors.some((v) => v.length === 0 || v.length !== size)) {
      throw this.malformed("vectori goi sau de lungimi diferite (o parte din cereri a eșuat)");
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const vector = await this.guard(() => this.inner.embedQuery(text));
    if (vector.length === 0) throw this.malformed("vector gol");
    return vector;
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const appError = providerError(err, this.config, this.id);
      throw new Error(
        `Embedder-ul „${this.id}” a eșuat (${appError.code}): ${String(appError.params.detail ?? "")}`,
        {
          cause: appError,
        },
      );
    }
  }

  private malformed(problem: string): Error {
    return new Error(`Embedder-ul „${this.id}” a răspuns greșit: ${problem}.`, {
      cause: new AppError("provider:invalid_output", { model: this.id }),
    });
  }
}

/**
 * An embedder for a provider id, its SDK loaded on first use; offline embedders are built by the gateway. Throws
 * ConfigError when the provider lacks a variable.
 */
export async function createEmbeddings(id: string, config: Config): Promise<Embeddings> {
  const { provider, model } = parseModelId(id);
  if (provider === "offline") {
    throw new Error(`createEmbeddings: "${id}" is offline; the model gateway builds offline embedders.`);
  }
  const missing = missingConfiguration(id, config);
  if (missing) {
    throw new ConfigError([`EMBEDDINGS: embedder-ul „${id}” are nevoie de ${missing}, care nu este setat.`]);
  }
  const inner = (await providerClient(provider)).embeddings(model, config);
  return new CheckedEmbeddings(id, inner, config);
}
