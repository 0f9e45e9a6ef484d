// Helpers for the corpus page's tests: typed REST calls under /api/corpus, multipart uploads (also ones the server
// answers before the body is all sent), a CSV in Windows-1250, a chat turn with its sources, and waiting for a job.
import iconv from "iconv-lite";
import type { CorpusJobResponse, CorpusPreview } from "../../contract/corpusPage";
import type { Source } from "../../contract/corpus";
import type { Job } from "../../contract/workbench";
import type { TestSocket } from "./server";
import { uploadEarlyAnswer } from "./workbench";
import { jsonRequest, uploadFile, type ApiResult } from "./rest";

export type { ApiResult };

export function corpusApi<T = unknown>(
  base: string,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  return jsonRequest<T>(`${base}/api/corpus${route}`, method, body, headers);
}

export function uploadCorpusFile<T = CorpusPreview>(
  base: string,
  name: string,
  content: Buffer | string,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  return uploadFile<T>(`${base}/api/corpus/uploads`, name, content, headers);
}

/** The corpus page's upload, its answer read even when the server answers before the body is all sent. */
export function uploadReadingEarlyAnswer(
  base: string,
  name: string,
  content: Buffer,
): ReturnType<typeof uploadEarlyAnswer> {
  return uploadEarlyAnswer(base, name, content, "/api/corpus/uploads");
}

/** A CSV in Windows-1250 (the encoding Romanian Excel saves in), semicolon-separated, CRLF. */
export function windows1250Csv(rows: string[][]): Buffer {
  const text = rows
    .map((row) => row.map((cell) => (/[;"\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(";"))
    .join("\r\n");
  return iconv.encode(`${text}\r\n`, "win1250");
}

/** Resolves with the job once it is done, failed or stopped (polled over REST: the page's own fallback). */
export async function waitForImport(
  base: string,
  importId: string,
  timeoutMs = 90_000,
): Promise<CorpusJobResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await corpusApi<CorpusJobResponse>(base, "GET", `/imports/${importId}`);
    const status = body.job?.status;
    if (status === "done" || status === "failed" || status === "stopped") return body;
    if (Date.now() > deadline) throw new Error(`import ${importId} still ${status}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Starts an import of an upload and waits for its end. */
export async function importUpload(
  base: string,
  uploadId: string,
  settings: Record<string, unknown> = {},
): Promise<CorpusJobResponse> {
  const started = await corpusApi<CorpusJobResponse>(base, "POST", "/imports", { uploadId, ...settings });
  if (started.status !== 202) throw new Error(`import refused: ${JSON.stringify(started.body)}`);
  return waitForImport(base, started.body.record.id);
}

/** One chat turn over the socket: the sources it cited and the answer. */
export function askChat(socket: TestSocket, text: string): Promise<{ sources: Source[]; answer: string }> {
  return new Promise((resolve, reject) => {
    let messageId: string | undefined;
    let sources: Source[] = [];
    let answer = "";
    const early: { event: string; payload: { messageId?: string } & Record<string, unknown> }[] = [];
    const handle = (event: string, payload: { messageId?: string } & Record<string, unknown>) => {
      if (payload.messageId !== messageId) return;
      if (event === "chat:sources") sources = payload.sources as Source[];
      if (event === "chat:token") answer += String(payload.text);
      if (event === "chat:done") {
        socket.offAny(listener);
        resolve({ sources, answer });
      }
      if (event === "chat:error") {
        socket.offAny(listener);
        reject(new Error(String(payload.message)));
      }
    };
    const listener = (event: string, payload: { messageId?: string } & Record<string, unknown>) => {
      if (!messageId) early.push({ event, payload });
      else handle(event, payload);
    };
    socket.onAny(listener);
    socket.emit("chat:send", { text }, (ack) => {
      if (!ack.ok) {
        socket.offAny(listener);
        reject(new Error(ack.error.message));
        return;
      }
      messageId = ack.data.messageId;
      for (const e of early.splice(0)) handle(e.event, e.payload);
    });
  });
}

/** The job events a socket subscribed to every job receives. */
export function recordCorpusJobs(socket: TestSocket) {
  const statuses: Job[] = [];
  const stages: Record<string, number[]> = {};
  socket.on("job:status", (e) => statuses.push(e.job));
  socket.on("job:progress", (e) => {
    for (const stage of e.progress.stages ?? []) {
      (stages[stage.name] ??= []).push(stage.total > 0 ? stage.done / stage.total : 0);
    }
  });
  return { statuses, stages };
}
