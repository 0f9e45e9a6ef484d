// A browser's side of access control without a browser: HTTP requests that keep the session cookie, as a user
// named by a fake client address (X-Forwarded-For, which the test servers trust with TRUST_PROXY=loopback), and
// socket.io clients that present the cookie at the handshake.
import { io as connect } from "socket.io-client";
import type { TestSocket } from "./server";

export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface ConnectError extends Error {
  data?: { code: string; message: string };
}

export class HttpSession {
  cookie: string | undefined;

  constructor(
    readonly url: string,
    /** The client's address as the app sees it. */
    readonly ip = "203.0.113.1",
    readonly lang: "ro" | "en" = "ro",
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult> {
    const res = await fetch(this.url + path, {
      method,
      headers: {
        "x-forwarded-for": this.ip,
        "accept-language": this.lang,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0];
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (an export, a page): the text as it is.
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  get = (path: string) => this.request("GET", path);
  post = (path: string, body?: unknown) => this.request("POST", path, body ?? {});

  login(body: { code: string } | { username: string; password: string }): Promise<HttpResult> {
    return this.request("POST", "/api/auth/login", body);
  }

  /** A socket with this session's cookie; rejects with the connect_error (its `data` is the coded error). */
  socket(options: { origin?: string } = {}): Promise<TestSocket> {
    const socket: TestSocket = connect(this.url, {
      auth: { lang: this.lang },
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: {
        "x-forwarded-for": this.ip,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(options.origin ? { origin: options.origin } : {}),
      },
    });
    return new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", (err: ConnectError) => {
        socket.disconnect();
        reject(err);
      });
    });
  }
}

/** The error code of a JSON error body. */
export function errorCode(result: HttpResult): string | undefined {
  return (result.body as { error?: { code?: string } } | null)?.error?.code;
}
