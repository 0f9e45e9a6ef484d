// REST calls of the "Adnotare" page (/api/workbench, docs/workbench.md). Types and bounds come from
// contract/workbench/; a failed call throws ApiError with the server's code and message in the UI's language.
import type {
  AgreementReport,
  CodebookResponse,
  CorpusCountRequest,
  CorpusCountResponse,
  CorpusDatasetRequest,
  CreateDatasetRequest,
  DatasetProgress,
  DatasetResponse,
  DatasetSummary,
  DatasetsResponse,
  EstimateResponse,
  ExportFormat,
  GuidelinesResponse,
  HumanReviewLabel,
  ItemDetail,
  Job,
  LabelsResponse,
  MethodsResponse,
  QueueResponse,
  ResultsPage,
  ReviewLabels,
  ReviewSample,
  SaveLabelRequest,
  RunResponse,
  RunSettings,
  UploadPreview,
  WorkbenchModelsResponse,
} from "../../contract/workbench";
import { WORKBENCH_BASE } from "../../contract/workbench";
import type { UserError } from "../../contract/errors";
import { ApiError, getApiLang, request } from "./api";

const enc = encodeURIComponent;
const url = (path: string) => `${WORKBENCH_BASE}${path}`;

export function fetchWorkbenchModels(signal?: AbortSignal): Promise<WorkbenchModelsResponse> {
  return request("GET", url("/models"), undefined, signal);
}

export function fetchCodebook(signal?: AbortSignal): Promise<CodebookResponse> {
  return request("GET", url("/codebook"), undefined, signal);
}

/**
 * Writes a data set's annotation guidelines (its owner or an admin); an empty text clears them. With
 * `expectedUpdatedAt` (the version the editor loaded; null: none), someone else's save meanwhile is a 409
 * `guidelines:conflict` carrying the stored guidelines (state/guidelinesEditor.ts).
 */
export function saveGuidelines(
  datasetId: string,
  text: string,
  expectedUpdatedAt?: string | null,
): Promise<GuidelinesResponse> {
  return request("PUT", url(`/datasets/${enc(datasetId)}/guidelines`), { text, expectedUpdatedAt });
}

export interface UploadHandle {
  done: Promise<UploadPreview>;
  abort(): void;
}

/**
 * Sends a file as multipart/form-data with upload progress (fetch has none), so that a big file shows a bar.
 * `onProgress` gets the share sent, 0..1.
 */
export function uploadFile(file: File, onProgress: (share: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadPreview>((resolve, reject) => {
    xhr.open("POST", url("/uploads"));
    xhr.setRequestHeader("accept", "application/json");
    xhr.setRequestHeader("accept-language", getApiLang());
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch (err) {
        reject(
          new ApiError(xhr.status, {
            code: "client:bad_response",
            message: `HTTP ${xhr.status} (${String(err)})`,
          }),
        );
        return;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as UploadPreview);
      else {
        const error = (body as { error?: UserError } | undefined)?.error;
        reject(new ApiError(xhr.status, error ?? { code: "client:http", message: `HTTP ${xhr.status}` }));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, { code: "client:network", message: "network" }));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

export function discardUpload(uploadId: string): Promise<void> {
  return request("DELETE", url(`/uploads/${enc(uploadId)}`));
}

export function createDataset(body: CreateDatasetRequest): Promise<DatasetResponse> {
  return request("POST", url("/datasets"), body);
}

export function createCorpusDataset(body: CorpusDatasetRequest): Promise<DatasetResponse> {
  return request("POST", url("/datasets/from-corpus"), body);
}

/** How many texts of the corpus a selection (words, filters) holds, before a data set is drawn from it. */
export function countCorpusSelection(
  body: CorpusCountRequest,
  signal?: AbortSignal,
): Promise<CorpusCountResponse> {
  return request("POST", url("/datasets/from-corpus/count"), body, signal);
}

export function fetchDatasets(signal?: AbortSignal): Promise<DatasetsResponse> {
  return request("GET", url("/datasets"), undefined, signal);
}

export function fetchDataset(id: string, signal?: AbortSignal): Promise<DatasetResponse> {
  return request("GET", url(`/datasets/${enc(id)}`), undefined, signal);
}

export function deleteDataset(id: string): Promise<void> {
  return request("DELETE", url(`/datasets/${enc(id)}`));
}

export function shareDataset(id: string, shared: boolean): Promise<DatasetSummary> {
  return request("PUT", url(`/datasets/${enc(id)}/shared`), { shared });
}

/** The owner's blind review of a shared data set (on by default): members see a row whole only after labelling it. */
export function setBlindReview(id: string, blindReview: boolean): Promise<DatasetSummary> {
  return request("PUT", url(`/datasets/${enc(id)}/blind-review`), { blindReview });
}

/** Labels per row: k (1..OVERLAP_MAX), or null for everyone labels every row. The owner's or an admin's. */
export function setOverlap(id: string, overlap: number | null): Promise<DatasetSummary> {
  return request("PUT", url(`/datasets/${enc(id)}/overlap`), { overlap });
}

export function redrawReviewSample(id: string, sample: ReviewSample): Promise<DatasetResponse> {
  return request("PUT", url(`/datasets/${enc(id)}/review-sample`), sample);
}

export function fetchEstimate(settings: RunSettings, signal?: AbortSignal): Promise<EstimateResponse> {
  return request("POST", url("/estimate"), settings, signal);
}

export function startRun(settings: RunSettings): Promise<RunResponse> {
  return request("POST", url("/runs"), settings);
}

export function fetchRun(runId: string, signal?: AbortSignal): Promise<RunResponse> {
  return request("GET", url(`/runs/${enc(runId)}`), undefined, signal);
}

export function fetchResults(runId: string, query: string, signal?: AbortSignal): Promise<ResultsPage> {
  return request("GET", url(`/runs/${enc(runId)}/results?${query}`), undefined, signal);
}

/** Whose review: a run's (its id), or a data set's own before any run (no models, no flags). */
export type ReviewSource = string | { datasetId: string };
const reviewPath = (source: ReviewSource) =>
  typeof source === "string" ? `/runs/${enc(source)}` : `/datasets/${enc(source.datasetId)}`;

export function fetchItem(
  source: ReviewSource,
  idx: number,
  reviewer: { annotator?: string; blind?: boolean },
  signal?: AbortSignal,
): Promise<ItemDetail> {
  const params = new URLSearchParams();
  if (reviewer.annotator) params.set("annotator", reviewer.annotator);
  if (reviewer.blind) params.set("blind", "1");
  const query = params.toString() ? `?${params.toString()}` : "";
  return request("GET", url(`${reviewPath(source)}/items/${idx}${query}`), undefined, signal);
}

export function fetchQueue(
  source: ReviewSource,
  query: { annotator: string; mode: QueueResponse["mode"]; limit: number; after?: number },
  signal?: AbortSignal,
): Promise<QueueResponse> {
  const params = new URLSearchParams({
    annotator: query.annotator,
    mode: query.mode,
    limit: String(query.limit),
  });
  if (query.after !== undefined) params.set("after", String(query.after));
  return request("GET", url(`${reviewPath(source)}/queue?${params.toString()}`), undefined, signal);
}

export function saveLabel(
  datasetId: string,
  idx: number,
  /** `status: "skipped"` with no labels skips the row ("Sar peste"); `unsure` flags the labels ("Nu sunt sigur(ă)"). */
  body: SaveLabelRequest,
  /** The person had not seen the models' labels of this row (blind mode, before their first save). */
  blind: boolean,
): Promise<HumanReviewLabel> {
  const query = blind ? "?blind=1" : "";
  return request("PUT", url(`/datasets/${enc(datasetId)}/items/${idx}/labels${query}`), body);
}

export function saveAdjudication(
  datasetId: string,
  idx: number,
  body: { adjudicator: string; labels: ReviewLabels; note?: string },
): Promise<HumanReviewLabel> {
  return request("PUT", url(`/datasets/${enc(datasetId)}/items/${idx}/adjudication`), body);
}

/** The data set's labels the viewer may see; with `annotator`, only that person's. */
export function fetchLabels(
  datasetId: string,
  signal?: AbortSignal,
  annotator?: string,
): Promise<LabelsResponse> {
  const query = annotator ? `?annotator=${encodeURIComponent(annotator)}` : "";
  return request("GET", url(`/datasets/${enc(datasetId)}/labels${query}`), undefined, signal);
}

/** The class's progress on a shared data set, one line per person (its owner or an admin only). */
export function fetchDatasetProgress(datasetId: string, signal?: AbortSignal): Promise<DatasetProgress> {
  return request("GET", url(`/datasets/${enc(datasetId)}/progress`), undefined, signal);
}

export function fetchAgreement(
  runId: string,
  query: { items: "all" | "sample"; resamples?: number },
  signal?: AbortSignal,
): Promise<AgreementReport> {
  const params = new URLSearchParams({ items: query.items });
  if (query.resamples !== undefined) params.set("resamples", String(query.resamples));
  return request("GET", url(`/runs/${enc(runId)}/agreement?${params.toString()}`), undefined, signal);
}

export function fetchMethods(runId: string, signal?: AbortSignal): Promise<MethodsResponse> {
  return request("GET", url(`/runs/${enc(runId)}/methods`), undefined, signal);
}

/** A link the browser downloads (the server sends the file as an attachment). */
export function exportUrl(runId: string, format: ExportFormat): string {
  return url(`/runs/${enc(runId)}/export?format=${format}`);
}

export function fetchJob(jobId: string, signal?: AbortSignal): Promise<Job> {
  return request("GET", url(`/jobs/${enc(jobId)}`), undefined, signal);
}

export function stopJob(jobId: string): Promise<Job> {
  return request("POST", url(`/jobs/${enc(jobId)}/stop`));
}

export function resumeJob(jobId: string): Promise<Job> {
  return request("POST", url(`/jobs/${enc(jobId)}/resume`));
}
