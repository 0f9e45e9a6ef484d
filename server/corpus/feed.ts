// Fetches an RSS/Atom feed by its address into a file, for the same preview and import as an upload: only http and
// https, one deadline for the whole transfer (a server that answers and then hangs is cut off too), a size limit
// checked as the bytes arrive, and a coded error for each way it fails (no network, a timeout, an HTTP error, too
// large, not a feed). Nothing is left on disk when it fails.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { open, rm } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../contract/errors";
import { detailParams } from "../../contract/importDetails";
import { formatBytes } from "../../contract/fileSize";
import { looksLikeFeed } from "../../corpus/pipeline/import/detect";

export interface FeedFetchOptions {
  /** The whole transfer must end within this (CORPUS_FEED_TIMEOUT_MS). */
  timeoutMs: number;
  /** Larger feeds are refused (CORPUS_FEED_MAX_MB). */
  maxBytes: number;
  /** Where the file is written (the uploads folder). */
  dir: string;
}

export interface FetchedFeed {
  file: string;
  /** A name for the file that says its format and where it came from ("exemplu.ro-rss.xml"). */
  fileName: string;
  url: string;
}

/** The address as a URL, or feed_url when it is not an http(s) address. */
export function feedUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new AppError("corpus:feed_url", { url: input.slice(0, 200) });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("corpus:feed_url", { url: input.slice(0, 200) });
  }
  return url;
}

/** The file name a fetched feed is kept under: host and last path segment, safe, ending in .xml. */
export function feedFileName(url: URL): string {
  const last = url.pathname.split("/").filter(Boolean).pop() ?? "";
  const stem = last.replace(/\.(xml|rss|atom)$/i, "");
  const name = `${url.hostname}${stem ? `-${stem}` : ""}`
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}._-]+/gu, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 70);
  return `${name || "flux"}.xml`;
}

/** Why a fetch failed, from undici's error and its cause. */
/** Why the network failed, in the system's own words (ECONNREFUSED, a message), the same in both languages. */
function networkDetail(err: unknown): { detail: string; detailEn: string } {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const message = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return detailParams({ code: "quoted", text: message });
}

/** The first bytes of a file, decoded loosely (enough to see a root element). */
async function head(file: string, bytes = 16_384): Promise<string> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString("latin1");
  } finally {
    await handle.close();
  }
}

export async function fetchFeed(input: string, options: FeedFetchOptions): Promise<FetchedFeed> {
  const url = feedUrl(input);
  const host = url.host;
  const seconds = Math.round(options.timeoutMs / 100) / 10;
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const file = path.join(options.dir, `.feed-${randomUUID()}.part`);
  const timedOut = () => new AppError("corpus:feed_timeout", { host, seconds });
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        signal: deadline,
        redirect: "follow",
        headers: {
          accept:
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
          "user-agent": "EchoChamber (corpus import)",
        },
      });
    } catch (err) {
      if (deadline.aborted) throw timedOut();
      throw new AppError("corpus:feed_unreachable", { host, ...networkDetail(err) });
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new AppError("corpus:feed_http", { host, status: response.status });
    }
    const limit = formatBytes(options.maxBytes);
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > options.maxBytes) {
      await response.body?.cancel();
      throw new AppError("corpus:feed_too_large", { host, limit });
    }
    const out = createWriteStream(file);
    let received = 0;
    try {
      for await (const chunk of response.body ?? []) {
        received += chunk.byteLength;
        if (received > options.maxBytes) throw new AppError("corpus:feed_too_large", { host, limit });
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (deadline.aborted) throw timedOut();
      throw new AppError("corpus:feed_unreachable", { host, ...networkDetail(err) });
    } finally {
      await new Promise<void>((resolve) => out.end(resolve));
    }
    if (received === 0)
      throw new AppError("corpus:not_a_feed", { host, ...detailParams({ code: "empty_document" }) });
    const start = await head(file);
    if (!looksLikeFeed(start.trimStart())) {
      const html = /<html[\s>]|<!doctype html/i.test(start);
      throw new AppError("corpus:not_a_feed", {
        host,
        ...detailParams({ code: html ? "html_page" : "no_feed_root" }),
      });
    }
    return { file, fileName: feedFileName(url), url: url.href };
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}
