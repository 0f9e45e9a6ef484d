// Payloads of the REST API (DESIGN.md, "REST") that are not the chat's threads or comparisons.
import type { ChainSettings, RefineRule } from "./refine";
import type { Starter } from "./starters";

export type ModelCapability = "chat" | "annotate" | "embed";

export interface ModelInfo {
  /** `provider:model`, e.g. "offline:extractive" or "google-genai:gemini-2.5-flash". */
  id: string;
  provider: string;
  capabilities: ModelCapability[];
  /** False when its key or base URL is missing. */
  configured: boolean;
  offline: boolean;
}

export interface ModelsResponse {
  /** The answering chain, in order: MODEL_PRIMARY, MODEL_FALLBACK..., then the offline models. */
  chain: ModelInfo[];
  embeddings: string;
  defaults: {
    model: string;
    temperature: number;
    topK: number;
    /** Draft → refine or one model, with the rule of the configuration (contract/refine.ts). */
    chain?: ChainSettings & { rule: RefineRule };
  };
  /** maxAttachmentChars: ATTACHMENT_MAX_CHARS (absent from servers before attachments). */
  limits: { maxMessageChars: number; maxAttachmentChars?: number };
}

/** GET /api/corpus: what the corpus holds, for the settings panel's filters. */
export interface CorpusResponse {
  chunks: number;
  embedder: string;
  platforms: { value: string; count: number }[];
  sources: { value: string; count: number }[];
  dateMin: string | null;
  dateMax: string | null;
  /**
   * The chat's starter questions chosen on the corpus page (CORPUS_DIR/starters.json; contract/starters.ts); empty
   * (or absent, from a server before them) when none were: the page shows its built-in examples.
   */
  starters?: Starter[];
}

export interface HealthResponse {
  /** False (and HTTP 503) when a service the instance needs does not answer: a balancer or a monitor can see it. */
  ok: boolean;
  version: string;
  /**
   * `problem`: the corpus cannot be searched (its index did not open: `corpus:index_unreadable`). The instance still
   * answers 200, as its pages, the workbench and the rebuild work; a monitor can see it here.
   */
  corpus: { chunks: number; embedder: string; problem?: string };
  uptimeS: number;
  /** The services of a class deployment, each "ok" or "down" (PostgreSQL as `database`, Redis as `redis`). */
  services: Record<string, "ok" | "down">;
}
