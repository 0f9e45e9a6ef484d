// REST calls of the client (same origin as the page). Types come from the server's modules (types only).
// A failed call throws ApiError with the server's code and message, already in the UI's language.
import type { Annotation } from "../../contract/annotation";
import type {
  CompareRunResponse,
  CompareStartRequest,
  CompareStartResponse,
  CompareSuitesResponse,
  HumanVerdictRequest,
  HumanVerdictResponse,
  SuiteCheckRequest,
  SuiteCheckResponse,
} from "../../contract/compare";
import type { ChatCompareResponse, CompareChatRequest } from "../../contract/compareChat";
import type { CompareHistoryResponse } from "../../contract/compareHistory";
import type { CorpusResponse, ModelsResponse } from "../../contract/api";
import type { PreferenceInput, PreferenceStats, StoredPreference } from "../../contract/preferences";
import type { UserError } from "../../contract/errors";
import type { HumanLabel, StoredMessage, Thread } from "../../contract/threads";
import type { ThreadSearchHit, ThreadSearchResponse } from "../../contract/threadSearch";
import type { Lang } from "./i18n";
import type { FeedbackValue } from "./state/feedback";
import { endsSession, notifySignedOut } from "./sessionEvents";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: UserError,
    /** The whole answer, for errors that carry more than the message (a label conflict's stored label). */
    readonly body?: unknown,
  ) {
    super(error.message);
    this.name = "ApiError";
  }
}

/** The language the server answers errors in (it reads Accept-Language). */
let apiLang: Lang = "ro";
export function setApiLang(lang: Lang): void {
  apiLang = lang;
}

/** The language errors come back in (for requests made outside `request`, e.g. uploads with progress). */
export function getApiLang(): Lang {
  return apiLang;
}

export async function request<T>(
  method: string,
  url: string,
  body?: unknown,
  signal?: AbortSignal,
  lang: Lang = apiLang,
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", "accept-language": lang };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch (err) {
    throw new ApiError(response.status, {
      code: "client:bad_response",
      message: `${method} ${url}: HTTP ${response.status} (${String(err)})`,
    });
  }
  if (!response.ok) {
    const error = (json as { error?: UserError } | undefined)?.error;
    // The session ended (or never was): the access gate shows the login page.
    if (response.status === 401 && endsSession(error?.code) && !url.startsWith("/api/auth/"))
      notifySignedOut();
    throw new ApiError(
      response.status,
      error ?? { code: "client:http", message: `${method} ${url}: HTTP ${response.status}` },
      json,
    );
  }
  return json as T;
}

export function fetchModels(signal?: AbortSignal): Promise<ModelsResponse> {
  return request("GET", "/api/models", undefined, signal);
}

export function fetchCorpus(signal?: AbortSignal): Promise<CorpusResponse> {
  return request("GET", "/api/corpus", undefined, signal);
}

export async function fetchThreads(signal?: AbortSignal): Promise<Thread[]> {
  return (await request<{ threads: Thread[] }>("GET", "/api/threads", undefined, signal)).threads;
}

/**
 * The threads whose title or messages hold `query` (GET /api/threads/search), newest first; `mine`: only the asker's
 * own (an admin's list showing their own threads).
 */
export async function searchThreads(
  query: string,
  mine: boolean,
  signal?: AbortSignal,
): Promise<ThreadSearchHit[]> {
  const url = `/api/threads/search?q=${encodeURIComponent(query)}${mine ? "&mine=1" : ""}`;
  return (await request<ThreadSearchResponse>("GET", url, undefined, signal)).threads;
}

export function fetchThread(
  id: string,
  signal?: AbortSignal,
): Promise<{ thread: Thread; messages: StoredMessage[] }> {
  return request("GET", `/api/threads/${encodeURIComponent(id)}`, undefined, signal);
}

export async function renameThread(id: string, title: string): Promise<Thread> {
  return (await request<{ thread: Thread }>("PATCH", `/api/threads/${encodeURIComponent(id)}`, { title }))
    .thread;
}

export function deleteThread(id: string): Promise<void> {
  return request("DELETE", `/api/threads/${encodeURIComponent(id)}`);
}

/**
 * A link the browser downloads (the server sends it as an attachment). The Markdown's headings and notes are in
 * `lang`, the page's: a link sends the browser's Accept-Language, not the page's choice.
 */
export function exportUrl(id: string, format: "md" | "json", lang: Lang = "ro"): string {
  return `/api/threads/${encodeURIComponent(id)}/export?format=${format}${format === "md" ? `&lang=${lang}` : ""}`;
}

export function postFeedback(messageId: string, value: FeedbackValue, comment?: string): Promise<void> {
  return request("POST", "/api/feedback", { messageId, value, ...(comment ? { comment } : {}) });
}

export async function postLabel(input: {
  messageId: string;
  target: string;
  annotation: Annotation;
  annotator?: string;
}): Promise<HumanLabel> {
  return (await request<{ label: HumanLabel }>("POST", "/api/labels", input)).label;
}

export async function fetchLabels(signal?: AbortSignal): Promise<HumanLabel[]> {
  return (await request<{ labels: HumanLabel[] }>("GET", "/api/labels", undefined, signal)).labels;
}

// ---- Comparing models (/api/compare) ----

/** The shipped suites, named and described in `lang` (the page's, by default). */
export function fetchCompareSuites(signal?: AbortSignal, lang?: Lang): Promise<CompareSuitesResponse> {
  return request("GET", "/api/compare/suites", undefined, signal, lang);
}

/** A user's suite (a file's text, or the editor's object) checked before it runs. */
export function checkSuite(body: SuiteCheckRequest, signal?: AbortSignal): Promise<SuiteCheckResponse> {
  return request("POST", "/api/compare/suites/check", body, signal);
}

/** The download address of a shipped suite's file ("default": the default suite), a template for one's own. */
export function suiteFileUrl(id: string): string {
  return `/api/compare/suites/${encodeURIComponent(id)}/file`;
}

export function startCompare(body: CompareStartRequest, signal?: AbortSignal): Promise<CompareStartResponse> {
  return request("POST", "/api/compare", body, signal);
}

/**
 * A run's state; `cases: false` asks for the cheap poll without the answers. `lang` (the page's, by default) is the
 * language of what the server words: criteria, recommendation, case titles and glosses.
 */
export function fetchCompareRun(
  runId: string,
  options: { cases?: boolean; lang?: Lang } = {},
  signal?: AbortSignal,
): Promise<CompareRunResponse> {
  const query = options.cases === false ? "?cases=0" : "";
  return request("GET", `/api/compare/${encodeURIComponent(runId)}${query}`, undefined, signal, options.lang);
}

/** Stops a running comparison; it ends as done, with the answers it had (`interrupted` in its results). */
export function stopCompare(runId: string): Promise<{ runId: string; status: string }> {
  return request("DELETE", `/api/compare/${encodeURIComponent(runId)}`);
}

/** GET /api/compare: a page of the past comparisons, newest first (`before`: the previous page's `next`). */
export function fetchCompareHistory(
  options: { limit?: number; before?: string; lang?: Lang } = {},
  signal?: AbortSignal,
): Promise<CompareHistoryResponse> {
  const params = new URLSearchParams();
  if (options.limit !== undefined) params.set("limit", String(options.limit));
  if (options.before) params.set("before", options.before);
  const query = params.size ? `?${params.toString()}` : "";
  return request("GET", `/api/compare${query}`, undefined, signal, options.lang);
}

/** Deletes a comparison that no longer runs, with its answers (409 compare:running while it runs). */
export function deleteCompareRun(runId: string): Promise<{ runId: string; status: string; deleted: true }> {
  return request("DELETE", `/api/compare/${encodeURIComponent(runId)}?delete=1`);
}

export function compareInChat(body: CompareChatRequest, signal?: AbortSignal): Promise<ChatCompareResponse> {
  return request("POST", "/api/compare/chat", body, signal);
}

export async function postPreference(body: PreferenceInput): Promise<StoredPreference> {
  return (await request<{ preference: StoredPreference }>("POST", "/api/compare/preferences", body))
    .preference;
}

/** A person's verdict on one answer of a finished run (null clears it); the mark as stored comes back. */
export function putVerdict(runId: string, body: HumanVerdictRequest): Promise<HumanVerdictResponse> {
  return request<HumanVerdictResponse>("PUT", `/api/compare/${encodeURIComponent(runId)}/verdict`, body);
}

export function fetchPreferences(
  query: { suite?: string; person?: string },
  signal?: AbortSignal,
): Promise<PreferenceStats> {
  const params = new URLSearchParams();
  if (query.suite) params.set("suite", query.suite);
  if (query.person) params.set("person", query.person);
  return request("GET", `/api/compare/preferences?${params.toString()}`, undefined, signal);
}
