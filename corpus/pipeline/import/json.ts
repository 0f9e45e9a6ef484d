// Whole JSON documents: a yt-dlp `.info.json` written with --write-comments (one document per comment,
// linked to its video), or an array of objects mapped like JSON Lines.
import type { PartialDoc, ReaderEvent } from "./types";

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;

/** True for a yt-dlp info dict that carries comments. */
export function isYtDlpInfo(value: unknown): value is JsonObject & { comments: unknown[] } {
  return isObject(value) && Array.isArray(value.comments);
}

/** The link to one comment: the video URL with `lc=<comment id>`, which YouTube opens at that comment. */
export function commentUrl(videoUrl: string, commentId: string): string {
  return `${videoUrl}${videoUrl.includes("?") ? "&" : "?"}lc=${encodeURIComponent(commentId)}`;
}

/** One document per comment of a yt-dlp info dict; replies keep their parent's id. */
export function* ytDlpComments(
  info: JsonObject & { comments: unknown[] },
  fileLabel: string,
): Generator<ReaderEvent> {
  const videoId = str(info.id);
  const videoUrl =
    str(info.webpage_url) ??
    str(info.original_url) ??
    (videoId ? `https://www.youtube.com/watch?v=${videoId}` : "");
  const title = str(info.title) ?? str(info.fulltitle);
  const source = str(info.channel) ?? str(info.uploader) ?? str(info.uploader_id);
  for (const [i, comment] of info.comments.entries()) {
    const origin = { file: fileLabel, index: i + 1 };
    if (!isObject(comment)) {
      yield { kind: "skip", origin, reason: "not_object" };
      continue;
    }
    const text = typeof comment.text === "string" ? comment.text : "";
    const id = str(comment.id);
    const extra: NonNullable<PartialDoc["extra"]> = {};
    const author = str(comment.author);
    if (author) extra.author = author;
    if (typeof comment.like_count === "number") extra.likes = comment.like_count;
    const parent = str(comment.parent);
    if (parent && parent !== "root") extra.parentId = parent;
    if (videoId) extra.videoId = videoId;
    if (comment.is_pinned === true) extra.pinned = true;
    const doc: PartialDoc = {
      text,
      date: typeof comment.timestamp === "number" ? comment.timestamp : (info.upload_date ?? info.timestamp),
      url: id && videoUrl ? commentUrl(videoUrl, id) : videoUrl,
      platform: "youtube",
      extra,
    };
    if (id) doc.id = id;
    if (title) doc.title = title;
    if (source) doc.source = source;
    yield { kind: "doc", origin, doc };
  }
}

/** Rows from a JSON array of objects (elements that are not objects are skipped). */
export function* jsonArrayRows(items: unknown[], fileLabel: string): Generator<ReaderEvent> {
  for (const [i, item] of items.entries()) {
    const origin = { file: fileLabel, index: i + 1 };
    if (isObject(item)) yield { kind: "row", origin, fields: item };
    else yield { kind: "skip", origin, reason: "not_object" };
  }
}
