// Helpers for the workbench's integration tests: typed REST calls, multipart uploads, Windows-1250 files, and a
// socket that records job events.
import { request } from "node:http";
import iconv from "iconv-lite";
import type { Job, JobProgressEvent } from "../../contract/workbench";
import type { TestSocket } from "./server";
import { jsonRequest, uploadFile, type ApiResult } from "./rest";

export type { ApiResult };

export function api<T = unknown>(
  base: string,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  return jsonRequest<T>(`${base}/api/workbench${route}`, method, body, headers);
}

export function upload<T = unknown>(
  base: string,
  name: string,
  content: Buffer | string,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  return uploadFile<T>(`${base}/api/workbench/uploads`, name, content, headers);
}

export async function download(
  base: string,
  route: string,
): Promise<{ status: number; bytes: Buffer; type: string; disposition: string }> {
  const res = await fetch(`${base}/api/workbench${route}`);
  return {
    status: res.status,
    bytes: Buffer.from(await res.arrayBuffer()),
    type: res.headers.get("content-type") ?? "",
    disposition: res.headers.get("content-disposition") ?? "",
  };
}

/** A CSV in Windows-1250 (the encoding Romanian Excel saves in), semicolon-separated. */
export function windows1250Csv(rows: string[][]): Buffer {
  const text = rows
    .map((row) => row.map((cell) => (/[;"\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(";"))
    .join("\r\n");
  return iconv.encode(text + "\r\n", "win1250");
}

/** Records job events on a socket that subscribed to every job. */
export function recordJobs(socket: TestSocket) {
  const progress: JobProgressEvent[] = [];
  const statuses: Job[] = [];
  socket.on("job:progress", (e) => progress.push(e));
  socket.on("job:status", (e) => statuses.push(e.job));
  return {
    progress,
    statuses,
    /** Resolves when the job reaches one of the statuses (as an event). */
    until(jobId: string, wanted: Job["status"][], timeoutMs = 30_000): Promise<Job> {
      const seen = statuses.find((j) => j.id === jobId && wanted.includes(j.status));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`job ${jobId} did not reach ${wanted.join("/")}`)),
          timeoutMs,
        );
        const listener = (e: { job: Job }) => {
          if (e.job.id === jobId && wanted.includes(e.job.status)) {
            clearTimeout(timer);
            socket.off("job:status", listener);
            resolve(e.job);
          }
        };
        socket.on("job:status", listener);
      });
    },
  };
}

export function subscribe(socket: TestSocket, jobId?: string): Promise<Job[]> {
  return new Promise((resolve, reject) =>
    socket.emit("job:subscribe", jobId ? { jobId } : {}, (result) =>
      result.ok ? resolve(result.data.jobs) : reject(new Error(result.error.message)),
    ),
  );
}

/**
 * Uploads with node:http, reading the answer even when the server answers before the body is all sent (as a server
 * refusing a too-large file does): a browser reads that answer too, where fetch in Node reports a reset instead.
 */
export function uploadEarlyAnswer(
  base: string,
  name: string,
  content: Buffer,
  route = "/api/workbench/uploads",
): Promise<{ status: number; body: { error: { code: string; message: string } } }> {
  const boundary = `----echochamber${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(`${base}${route}`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: {
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": head.length + content.length + tail.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }),
        );
      },
    );
    // A write cut by the server's early answer is expected; the answer itself still arrives.
    req.on("error", (err) => setTimeout(() => reject(err), 2000));
    req.write(head);
    req.write(content);
    req.end(tail);
  });
}
