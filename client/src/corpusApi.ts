// REST calls of the corpus page (/api/corpus). Errors come back as ApiError with the server's code and its message in
// the UI's language. Uploads go through XMLHttpRequest, the one browser API that reports upload progress.
import type {
  RemovedDocumentsResponse,
  RestoreRequest,
  CorpusImportRequest,
  CorpusImportsResponse,
  CorpusJobResponse,
  CorpusPreview,
  CorpusStatus,
} from "../../contract/corpusPage";
import type { CorpusDocument, CorpusOverview, DocumentsPage } from "../../contract/corpusExplore";
import type { UserError } from "../../contract/errors";
import type { Starter, StartersRequest, StartersResponse } from "../../contract/starters";
import type { DatasetResponse, Job, RunResponse, WorkbenchModelsResponse } from "../../contract/workbench";
import { ApiError, getApiLang } from "./api";
import { documentsSearch, type ExploreQuery } from "./state/corpusExplore";

async function call<T>(method: string, route: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", "accept-language": getApiLang() };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`/api/corpus${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch (err) {
    throw new ApiError(res.status, {
      code: "client:bad_response",
      message: `HTTP ${res.status} (${String(err)})`,
    });
  }
  if (!res.ok) {
    const error = (json as { error?: UserError } | undefined)?.error;
    throw new ApiError(
      res.status,
      error ?? { code: "client:http", message: `${method} ${route}: HTTP ${res.status}` },
    );
  }
  return json as T;
}

export const fetchCorpusStatus = (signal?: AbortSignal) =>
  call<CorpusStatus>("GET", "/status", undefined, signal);

/** Sends a file with its progress (0..1); the abort signal cancels the upload. */
export function uploadCorpusFile(
  file: File,
  onProgress: (share: number) => void,
  signal?: AbortSignal,
): Promise<CorpusPreview> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/corpus/uploads");
    xhr.setRequestHeader("accept-language", getApiLang());
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (err) {
        reject(
          new ApiError(xhr.status, {
            code: "client:bad_response",
            message: `HTTP ${xhr.status} (${String(err)})`,
          }),
        );
        return;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as CorpusPreview);
      else {
        const error = (body as { error?: UserError }).error;
        reject(new ApiError(xhr.status, error ?? { code: "client:http", message: `HTTP ${xhr.status}` }));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, { code: "client:network", message: "network" }));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

export const previewWithEncoding = (uploadId: string, encoding: string | undefined) =>
  call<CorpusPreview>(
    "POST",
    `/uploads/${encodeURIComponent(uploadId)}/preview`,
    encoding ? { encoding } : {},
  );

export const discardUpload = (uploadId: string) =>
  call<void>("DELETE", `/uploads/${encodeURIComponent(uploadId)}`);

export const fetchFeed = (url: string, signal?: AbortSignal) =>
  call<CorpusPreview>("POST", "/feeds", { url }, signal);

export const startImport = (request: CorpusImportRequest) =>
  call<CorpusJobResponse>("POST", "/imports", request);

/** POST /rebuild: the index built anew from cleaned/ (a corpus job, like an import). */
export const rebuildIndex = () => call<CorpusJobResponse>("POST", "/rebuild");

export const fetchImports = (signal?: AbortSignal) =>
  call<CorpusImportsResponse>("GET", "/imports", undefined, signal);

export const fetchImport = (id: string, signal?: AbortSignal) =>
  call<CorpusJobResponse>("GET", `/imports/${encodeURIComponent(id)}`, undefined, signal);

export const removeCollection = (name: string) =>
  call<CorpusJobResponse>("DELETE", `/collections/${encodeURIComponent(name)}`);

/** One document out of the corpus: a job, like a collection's removal (409 corpus:busy while another job runs). */
export const removeDocument = (id: string) =>
  call<CorpusJobResponse>("DELETE", `/documents/${encodeURIComponent(id)}`);

/** The deleted documents (the removal ledger, newest first). */
export const fetchRemoved = (signal?: AbortSignal) =>
  call<RemovedDocumentsResponse>("GET", "/removed", undefined, signal);

/** A deleted document put back (or, `ledgerOnly`, only taken out of the removal ledger): a job, 409 while another runs. */
export const restoreDocument = (id: string, request: RestoreRequest) =>
  call<CorpusJobResponse>("POST", `/removed/${encodeURIComponent(id)}/restore`, request);

export const fetchDocuments = (query: ExploreQuery, signal?: AbortSignal) =>
  call<DocumentsPage>("GET", `/documents?${documentsSearch(query)}`, undefined, signal);

export const fetchDocument = (id: string, q: string, signal?: AbortSignal) =>
  call<CorpusDocument>(
    "GET",
    `/documents/${encodeURIComponent(id)}${q.trim() ? `?q=${encodeURIComponent(q.trim())}` : ""}`,
    undefined,
    signal,
  );

export const fetchOverview = (annotations: string, signal?: AbortSignal) =>
  call<CorpusOverview>("GET", `/overview?annotations=${encodeURIComponent(annotations)}`, undefined, signal);

/** A link the browser downloads (the server sends an attachment). */
export function exportUrl(format: "jsonl" | "csv", collection?: string): string {
  return `/api/corpus/export?format=${format}${collection ? `&collection=${encodeURIComponent(collection)}` : ""}`;
}

/** Stopping and resuming go through the job routes every job shares (the workbench's). */
export async function stopJob(id: string): Promise<Job> {
  const res = await fetch(`/api/workbench/jobs/${encodeURIComponent(id)}/stop`, {
    method: "POST",
    headers: { "accept-language": getApiLang() },
  });
  const body = (await res.json()) as Job & { error?: UserError };
  if (!res.ok)
    throw new ApiError(
      res.status,
      (body as { error?: UserError }).error ?? { code: "client:http", message: "" },
    );
  return body;
}

async function workbench<T>(method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/workbench${route}`, {
    method,
    headers: {
      "accept-language": getApiLang(),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T & { error?: UserError };
  if (!res.ok)
    throw new ApiError(res.status, json.error ?? { code: "client:http", message: `HTTP ${res.status}` });
  return json;
}

/** The models a workbench run may use (the lexicon and the configured providers'). */
export async function fetchAnnotationModels(): Promise<string[]> {
  const body = await workbench<WorkbenchModelsResponse>("GET", "/models");
  return body.models.map((m) => m.id);
}

/**
 * Annotates the corpus with a model as a workbench run: a data set drawn from the corpus (all of it, or a seeded
 * sample), then the run; its labels become one of the overview's choices as rows get done.
 */
export async function annotateCorpus(model: string, sampleSize: number | null): Promise<RunResponse> {
  const { dataset } = await workbench<DatasetResponse>("POST", "/datasets/from-corpus", {
    name: `corpus · ${model}`,
    ...(sampleSize ? { sample: { size: sampleSize, seed: 42 } } : {}),
  });
  return workbench<RunResponse>("POST", "/runs", { datasetId: dataset.id, models: [model] });
}

/** The chat's starter questions replaced (an empty list brings the built-in examples back); the list as stored. */
export const saveStarters = (starters: Starter[]) =>
  call<StartersResponse>("PUT", "/starters", { starters } satisfies StartersRequest);
