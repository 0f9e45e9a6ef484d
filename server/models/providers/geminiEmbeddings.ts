// Gemini's embedder over its own SDK, so that each request carries a deadline (EMBEDDING_TIMEOUT_MS): LangChain's
// GoogleGenerativeAIEmbeddings gives the SDK a base URL only, and a hung request would hold its socket for ever.
// A failed batch throws (LangChain's class turns it into empty vectors).
import { Embeddings } from "@langchain/core/embeddings";
import { GoogleGenerativeAI, type EmbedContentRequest, type GenerativeModel } from "@google/generative-ai";

/** Gemini's limit of texts per batchEmbedContents request. */
const MAX_BATCH = 100;

export interface GeminiEmbeddingsOptions {
  model: string;
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
}

export class GeminiEmbeddings extends Embeddings {
  private readonly client: GenerativeModel;

  constructor(options: GeminiEmbeddingsOptions) {
    super({ maxRetries: options.maxRetries });
    const model = options.model.replace(/^models\//, "");
    this.client = new GoogleGenerativeAI(options.apiKey).getGenerativeModel(
      { model },
      { baseUrl: options.baseUrl, timeout: options.timeoutMs },
    );
  }

  async embedQuery(text: string): Promise<number[]> {
    const reply = await this.caller.call(() => this.client.embedContent(request(text)));
    return reply.embedding.values ?? [];
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += MAX_BATCH) {
      const requests = texts.slice(start, start + MAX_BATCH).map(request);
      const reply = await this.caller.call(() => this.client.batchEmbedContents({ requests }));
      vectors.push(...reply.embeddings.map((e) => e.values ?? []));
    }
    return vectors;
  }
}

/** One text as Gemini wants it; line breaks become spaces, as LangChain's class did for the indexes built before. */
function request(text: string): EmbedContentRequest {
  return { content: { role: "user", parts: [{ text: text.replace(/\n/g, " ") }] } };
}
