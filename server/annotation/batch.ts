// Batch annotation shared by the `annotate` CLI, POST /api/annotate and the benchmark: many texts through one
// annotator with adaptive concurrency, backoff on 429, a cache, and one outcome per text, failed or not.
import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { ModelGateway } from "../models/gateway";
import { AppError, formatMessage, type ErrorCode } from "../../contract/errors";
import { createTextAnnotator, type TextAnnotator } from "./annotators";
import type { AnnotationCache } from "./cache";
import { AdaptiveConcurrency } from "./concurrency";
import { CODEBOOK_VERSION, type Annotation } from "../../contract/annotation";

/** One unit of work: a text, the id it is stored under, and which of the --runs it is. */
export interface BatchItem {
  id: string;
  text: string;
  run: number;
}

export interface RowError {
  /** An error code of contract/errors.ts (`provider:rate_limit`, `provider:invalid_output`, `input:empty`...). */
  code: string;
  /** What a researcher reads, in Romanian. */
  message: string;
  /** The provider's own words, with secrets removed, for whoever debugs. */
  detail?: string;
}

export interface BatchOutcome {
  item: BatchItem;
  annotation: Annotation | null;
  model: string;
  codebookVersion: string;
  temperature: number | null;
  /** Time of the call that produced the result (0 for a cache hit). */
  ms: number;
  cached: boolean;
  /** The model's first output did not validate and was repaired. */
  repaired: boolean;
  attempts: number;
  inputTokens?: number;
  outputTokens?: number;
  error: RowError | null;
}

export interface RetryPolicy {
  /** Attempts per text while the provider answers 429 (it is told to slow down each time). */
  rateLimitAttempts: number;
  /** Attempts per text for other transient failures (5xx, network, timeout). */
  transientAttempts: number;
  /** First wait before a transient retry; doubles each time. */
  transientBackoffMs: number;
  /** Wait after a 429 without Retry-After; doubles with consecutive 429s. */
  rateLimitBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  rateLimitAttempts: 8,
  transientAttempts: 3,
  transientBackoffMs: 500,
  rateLimitBackoffMs: 1000,
  maxBackoffMs: 60_000,
};

export interface BatchOptions {
  concurrency: number;
  cache?: AnnotationCache | null;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  /** Called once per item, as soon as its outcome is known (in completion order). */
  onOutcome?: (outcome: BatchOutcome) => void | Promise<void>;
  /** Called when the concurrency limit changes, for progress displays. */
  onLimit?: (limit: number) => void;
}

export interface BatchStats {
  outcomes: number;
  errors: number;
  cached: number;
  calls: number;
  rateLimited: number;
  /** Concurrency at the end, the lowest it went, and how often it was halved. */
  finalConcurrency: number;
  lowestConcurrency: number;
  decreases: number;
  interrupted: boolean;
  /** An error that makes every further call pointless (a refused key): the run stopped there. */
  fatal: RowError | null;
}

/** Errors after which no other text can succeed either, so the run stops instead of failing every row. */
const FATAL_CODES = new Set(["provider:auth", "input:unknown_model"]);

export function rowError(err: AppError): RowError {
  const detail = typeof err.params.detail === "string" ? err.params.detail.slice(0, 300) : undefined;
  const message = formatMessage(err.code, "ro", err.params);
  return detail ? { code: err.code, message, detail } : { code: err.code, message };
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException("Aborted", "AbortError");
}

/**
 * Annotates every item with one annotator. Outcomes arrive through `onOutcome` as they happen; an item that fails
 * is reported with its error and the run goes on. Stops early, without reporting the unfinished items, when the
 * signal aborts or an error is fatal; the caller can rerun exactly those.
 */
export async function runBatch(
  items: BatchItem[],
  annotator: TextAnnotator,
  options: BatchOptions,
): Promise<BatchStats> {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const limiter = new AdaptiveConcurrency({
    max: Math.max(1, Math.floor(options.concurrency)),
    baseBackoffMs: retry.rateLimitBackoffMs,
    maxBackoffMs: retry.maxBackoffMs,
  });
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // Every call in flight listens to the signal (our wait and the HTTP client's); that is not a leak.
  setMaxListeners(Math.max(10, limiter.max * 4), signal);
  const cache = annotator.cacheable ? (options.cache ?? null) : null;
  const stats: BatchStats = {
    outcomes: 0,
    errors: 0,
    cached: 0,
    calls: 0,
    rateLimited: 0,
    finalConcurrency: limiter.current,
    lowestConcurrency: limiter.current,
    decreases: 0,
    interrupted: false,
    fatal: null,
  };
  const base = {
    model: annotator.model,
    codebookVersion: CODEBOOK_VERSION,
    temperature: annotator.temperature,
  };
  const cacheParts = (item: BatchItem) => ({ ...base, run: item.run, text: item.text });

  const report = async (outcome: BatchOutcome) => {
    stats.outcomes++;
    if (outcome.error) stats.errors++;
    if (outcome.cached) stats.cached++;
    await options.onOutcome?.(outcome);
  };

  /** Runs one item to its outcome, retrying 429s and transient failures; null when the run was stopped. */
  const annotateItem = async (item: BatchItem): Promise<BatchOutcome | null> => {
    const empty = { ...base, item, annotation: null, ms: 0, cached: false, repaired: false };
    if (!item.text.trim()) return { ...empty, attempts: 0, error: rowError(new AppError("input:empty")) };
    const hit = cache?.get(cacheParts(item));
    if (hit) return { ...empty, annotation: hit.annotation, cached: true, attempts: 0, error: null };

    let attempts = 0;
    let rateLimits = 0;
    let transient = 0;
    for (;;) {
      const slot = await limiter.acquire(signal);
      attempts++;
      stats.calls++;
      const started = performance.now();
      try {
        const result = await annotator.annotate(item.text, signal);
        const ms = Math.round(performance.now() - started);
        limiter.release();
        limiter.succeeded();
        options.onLimit?.(limiter.current);
        cache?.set(cacheParts(item), { annotation: result.annotation, ms });
        return {
          ...empty,
          annotation: result.annotation,
          ms,
          repaired: result.repaired,
          attempts,
          inputTokens: result.usage?.inputTokens,
          outputTokens: result.usage?.outputTokens,
          error: null,
        };
      } catch (err) {
        const ms = Math.round(performance.now() - started);
        limiter.release();
        if (signal.aborted) return null;
        const { error: appError, code, transient: isTransient, retryAfterMs } = annotator.classifyError(err);
        if (code === "provider:rate_limit" && ++rateLimits < retry.rateLimitAttempts) {
          stats.rateLimited++;
          limiter.rateLimited(slot, retryAfterMs);
          options.onLimit?.(limiter.current);
          continue;
        }
        if (code === "provider:rate_limit") stats.rateLimited++;
        if (isTransient && code !== "provider:rate_limit" && ++transient < retry.transientAttempts) {
          const wait = Math.min(retry.maxBackoffMs, retry.transientBackoffMs * 2 ** (transient - 1));
          await sleep(wait, undefined, { signal }).catch(() => undefined);
          if (signal.aborted) return null;
          continue;
        }
        return { ...empty, ms, attempts, error: rowError(appError) };
      }
    }
  };

  let next = 0;
  const worker = async () => {
    while (!signal.aborted) {
      const item = items[next++];
      if (!item) return;
      let outcome: BatchOutcome | null;
      try {
        outcome = await annotateItem(item);
      } catch (err) {
        // acquire() rejects only when the run is stopped; anything else is a bug worth surfacing.
        if (signal.aborted) return;
        throw err;
      }
      if (!outcome) return;
      if (outcome.error && FATAL_CODES.has(outcome.error.code)) {
        stats.fatal = outcome.error;
        stop.abort(
          new AppError(outcome.error.code === "provider:auth" ? "provider:auth" : "input:unknown_model"),
        );
        return;
      }
      await report(outcome);
    }
  };

  const workers = Array.from({ length: Math.min(limiter.max, Math.max(1, items.length)) }, () => worker());
  try {
    await Promise.all(workers);
  } finally {
    limiter.close(abortReason(signal));
  }
  stats.interrupted = Boolean(options.signal?.aborted);
  stats.finalConcurrency = limiter.current;
  stats.lowestConcurrency = limiter.lowest;
  stats.decreases = limiter.decreases;
  return stats;
}

/** What POST /api/annotate answers for one text. */
export interface TextResult {
  annotation: Annotation | null;
  model: string;
  codebookVersion: string;
  temperature: number | null;
  ms: number;
  error: RowError | null;
}

export interface AnnotateTextsOptions {
  temperature?: number;
  concurrency?: number;
  signal?: AbortSignal;
  cache?: AnnotationCache | null;
  /** Builds the annotator for a model; createTextAnnotator by default (tests inject their own). */
  annotatorFor?: (model: string) => TextAnnotator;
  retry?: Partial<RetryPolicy>;
  /**
   * The app's circuit breaker (the model gateway): a model whose circuit is open is skipped without a call, and
   * each model's part of the request counts as one call, a success if any text succeeded.
   */
  breaker?: ModelBreaker;
}

/** What annotateTexts needs of the model gateway's circuit breaker. */
export interface ModelBreaker {
  admit(model: string): boolean;
  succeeded(model: string): void;
  failed(model: string, node: string, err: unknown): unknown;
  cancelled(model: string): void;
  circuitOpen(model: string): AppError;
}

export interface AnnotateTextsResult {
  results: TextResult[];
  /** Each model that failed some texts, why (the most frequent error) and how many it passed on. */
  fallbacks: { model: string; reason: string; texts: number }[];
}

/**
 * Annotates a list of texts, in order, along a chain of models: the texts a model fails go to the next model, and a
 * text that every model failed comes back with the last error instead of failing the others.
 */
export async function annotateTexts(
  texts: string[],
  chain: string[],
  gateway: ModelGateway,
  options: AnnotateTextsOptions = {},
): Promise<AnnotateTextsResult> {
  const results: TextResult[] = texts.map(() => ({
    annotation: null,
    model: chain[0] ?? "",
    codebookVersion: CODEBOOK_VERSION,
    temperature: options.temperature ?? 0,
    ms: 0,
    error: { code: "chain:exhausted", message: formatMessage("chain:exhausted", "ro") },
  }));
  const fallbacks: AnnotateTextsResult["fallbacks"] = [];
  let pending = texts.map((_, index) => index);
  const { breaker } = options;
  for (const model of chain) {
    if (pending.length === 0) break;
    if (breaker && !breaker.admit(model)) {
      const error = rowError(breaker.circuitOpen(model));
      for (const index of pending) results[index] = { ...results[index]!, model, error };
      fallbacks.push({ model, reason: error.code, texts: pending.length });
      continue;
    }
    let annotator: TextAnnotator;
    try {
      annotator =
        options.annotatorFor?.(model) ??
        (await createTextAnnotator(model, gateway, { temperature: options.temperature ?? 0 }));
    } catch (err) {
      breaker?.cancelled(model);
      const error = rowError(err instanceof AppError ? err : new AppError("internal"));
      for (const index of pending) results[index] = { ...results[index]!, model, error };
      fallbacks.push({ model, reason: error.code, texts: pending.length });
      continue;
    }
    const items = pending.map((index) => ({ id: String(index), text: texts[index] ?? "", run: 1 }));
    const failed: number[] = [];
    const reasons = new Map<string, number>();
    const stats = await runBatch(items, annotator, {
      concurrency: options.concurrency ?? 4,
      cache: options.cache,
      signal: options.signal,
      retry: options.retry,
      onOutcome: (outcome) => {
        const index = Number(outcome.item.id);
        results[index] = {
          annotation: outcome.annotation,
          model: outcome.model,
          codebookVersion: outcome.codebookVersion,
          temperature: outcome.temperature,
          ms: outcome.ms,
          error: outcome.error,
        };
        if (outcome.error) {
          failed.push(index);
          reasons.set(outcome.error.code, (reasons.get(outcome.error.code) ?? 0) + 1);
        }
      },
    });
    if (stats.fatal) {
      // The model cannot run at all (no key): every text it had not reported yet moves on.
      const reported = new Set(failed);
      for (const index of pending) {
        if (results[index]?.annotation || reported.has(index)) continue;
        results[index] = { ...results[index]!, model, error: stats.fatal };
        failed.push(index);
      }
      reasons.set(stats.fatal.code, (reasons.get(stats.fatal.code) ?? 0) + 1);
    }
    const reason = [...reasons.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "internal";
    if (breaker) {
      if (options.signal?.aborted) breaker.cancelled(model);
      else if (failed.length < pending.length) breaker.succeeded(model);
      else breaker.failed(model, "annotate", new AppError(reason as ErrorCode));
    }
    if (options.signal?.aborted) break;
    if (failed.length > 0) fallbacks.push({ model, reason, texts: failed.length });
    pending = failed.sort((a, b) => a - b);
  }
  return { results, fallbacks };
}
