// Typed REST calls for the integration tests: a JSON request and a multipart file upload, each answered with its
// status, parsed body and headers. The page helpers (workbench.ts, corpus.ts) put their route prefix in front.

export interface ApiResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A request with an optional JSON body; an empty answer is read as null. */
export async function jsonRequest<T = unknown>(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

/** A file posted as the multipart field `file`, as the pages' upload forms send it. */
export async function uploadFile<T = unknown>(
  url: string,
  name: string,
  content: Buffer | string,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const form = new FormData();
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(url, { method: "POST", body: form, headers });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}
