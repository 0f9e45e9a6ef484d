// Provider embedders: `google-genai:text-embedding-004` through GoogleGenerativeAIEmbeddings, and the OpenAI
// embeddings API (OpenAI itself, Ollama, any OpenAI-compatible server) through OpenAIEmbeddings with its base URL.
// Each is wrapped so that a failed or malformed reply throws a readable, redacted error instead of bad vectors.
import { Embeddings } from "@langchain/core/embeddings";
import { GoogleGenerativeAIEmbeddings } from "@langchain/google-genai";
import { OpenAIEmbeddings } from "@langchain/openai";
import { ConfigError, type Config } from "../config";
import { AppError } from "../../contract/errors";
import { DEFAULT_BASE_URLS, missingConfiguration, parseModelId, providerError } from "./providers";

/** Retries inside the SDKs: building an index is a batch job, where waiting out a blip beats starting over. */
const EMBEDDING_RETRIES = 2;

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

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, "");
}

/** An embedder for a provider id; offline embedders are built by the registry. Throws ConfigError when unusable. */
export function createEmbeddings(id: string, config: Config): Embeddings {
  const { provider, model } = parseModelId(id);
  const missing = missingConfiguration(id, config);
  if (missing) {
    throw new ConfigError([`EMBEDDINGS: embedder-ul „${id}” are nevoie de ${missing}, care nu este setat.`]);
  }
  const openAI = (baseURL: string, apiKey: string) =>
    new OpenAIEmbeddings({
      model,
      apiKey,
      maxRetries: EMBEDDING_RETRIES,
      // Plain floats: the SDK's default (base64) is not understood by every OpenAI-compatible server.
      encodingFormat: "float",
      configuration: { baseURL: trimSlashes(baseURL) },
    });
  let inner: Embeddings;
  switch (provider) {
    case "google-genai":
      inner = new GoogleGenerativeAIEmbeddings({
        model,
        apiKey: config.GOOGLE_API_KEY,
        baseUrl: trimSlashes(config.GOOGLE_GENAI_BASE_URL ?? DEFAULT_BASE_URLS["google-genai"]),
        maxRetries: EMBEDDING_RETRIES,
      });
      break;
    case "openai":
      inner = openAI(config.OPENAI_BASE_URL ?? DEFAULT_BASE_URLS.openai, config.OPENAI_API_KEY ?? "");
      break;
    case "openrouter":
      inner = openAI(
        config.OPENROUTER_BASE_URL ?? DEFAULT_BASE_URLS.openrouter,
        config.OPENROUTER_API_KEY ?? "",
      );
      break;
    case "ollama":
      // Ollama serves /v1/embeddings and ignores the key, which the OpenAI SDK still insists on.
      inner = openAI(config.OLLAMA_BASE_URL ?? DEFAULT_BASE_URLS.ollama, "ollama");
      break;
    case "openai-compatible":
      inner = openAI(
        config.OPENAI_COMPATIBLE_BASE_URL ?? "",
        config.OPENAI_COMPATIBLE_API_KEY ?? "not-needed",
      );
      break;
    case "offline":
      throw new Error(`createEmbeddings: "${id}" is offline; the model registry builds offline embedders.`);
  }
  return new CheckedEmbeddings(id, inner, config);
}
