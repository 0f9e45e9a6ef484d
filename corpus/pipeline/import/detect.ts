// Looks at a file before importing it: empty, binary or unknown files are refused here, before anything
// is written; otherwise the format and the output name are settled.
import path from "node:path";
import type { BinarySignature, ImportDetail, ImportHint } from "../../../contract/importDetails";
import type { ImportFormat } from "./types";

const SIGNATURES: Array<[number[], BinarySignature]> = [
  [[0x25, 0x50, 0x44, 0x46], "pdf"],
  [[0x50, 0x4b, 0x03, 0x04], "zip"],
  [[0x1f, 0x8b], "gzip"],
  [[0x89, 0x50, 0x4e, 0x47], "png"],
  [[0xff, 0xd8, 0xff], "jpeg"],
  [[0xd0, 0xcf, 0x11, 0xe0], "old_office"],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], "sqlite"],
];

/** Why a sample looks binary (contract/importDetails.ts), or undefined when it looks like text. */
export function binaryReason(head: Buffer, utf16: boolean): ImportDetail | undefined {
  if (head.length === 0 || utf16) return undefined;
  for (const [bytes, signature] of SIGNATURES) {
    if (bytes.every((b, i) => head[i] === b)) return { code: "binary_signature", signature };
  }
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return { code: "nul_bytes" };
    // Tab, newline, form feed and carriage return are text; other C0 controls and DEL are not.
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) {
      controls += 1;
    }
  }
  return controls / head.length > 0.05 ? { code: "control_chars" } : undefined;
}

/** What to do instead with a binary file, by its extension; none for the others. */
export function binaryHint(file: string): ImportHint | undefined {
  const ext = path.extname(file).toLowerCase();
  if ([".xls", ".ods"].includes(ext)) return "spreadsheet";
  if ([".docx", ".doc", ".odt", ".pdf"].includes(ext)) return "document";
  return undefined;
}

const BY_EXTENSION: Record<string, ImportFormat> = {
  ".csv": "csv",
  ".tsv": "csv",
  ".tab": "csv",
  ".xlsx": "xlsx",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".txt": "txt",
  ".text": "txt",
  ".xml": "feed",
  ".rss": "feed",
  ".atom": "feed",
  ".json": "json",
};

/** Whether a file's first bytes are a ZIP archive's (XLSX is one). */
export function isZip(head: Buffer): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** A first JSON line that parses as an object, followed by another line that starts like one: JSON Lines. */
function looksLikeJsonLines(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length < 2) return false;
  try {
    const first: unknown = JSON.parse(lines[0]!);
    return (
      typeof first === "object" &&
      first !== null &&
      !Array.isArray(first) &&
      lines[1]!.trimStart().startsWith("{")
    );
  } catch {
    return false;
  }
}

/** Feed markup in the first kilobytes: an <rss>, Atom <feed> or RSS 1.0 <rdf:RDF> root. */
export function looksLikeFeed(text: string): boolean {
  return /<(rss|feed|rdf:RDF)[\s>]/i.test(text.slice(0, 16_384));
}

/**
 * The format of a file, from its extension and a decoded sample of its start. JSON files are sorted
 * into JSON Lines and whole JSON documents; files with other extensions are recognised by content.
 * Says why (contract/importDetails.ts) when the format is unknown.
 */
export function detectFormat(
  file: string,
  sample: string,
  looksTabular: (sample: string) => boolean,
): { format: ImportFormat } | { unknown: ImportDetail } {
  const lower = file.toLowerCase();
  const ext = path.extname(lower);
  const trimmed = sample.trimStart();
  const byExt = BY_EXTENSION[ext];
  if (byExt === "json" || (byExt === undefined && trimmed.startsWith("{"))) {
    if (looksLikeJsonLines(trimmed)) return { format: "jsonl" };
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) return { format: "json" };
    return { unknown: { code: "not_json" } };
  }
  if (byExt === "feed") {
    return looksLikeFeed(trimmed) ? { format: "feed" } : { unknown: { code: "xml_without_feed_root" } };
  }
  // A real workbook is recognised before this (it is a ZIP archive); this one only has the name.
  if (byExt === "xlsx") return { unknown: { code: "xlsx_not_workbook" } };
  if (byExt) return { format: byExt };
  if (trimmed.startsWith("[")) return { format: "json" };
  if (trimmed.startsWith("<")) {
    return looksLikeFeed(trimmed)
      ? { format: "feed" }
      : { unknown: { code: "markup_not_feed", extension: ext } };
  }
  if (looksTabular(sample)) return { format: "csv" };
  return { unknown: { code: "unknown_content", extension: ext } };
}

/** The output name for an input: its base name without extension(s), safe as a file name. */
export function outputName(file: string): string {
  let base = path.basename(file);
  base = base.replace(/\.info\.json$/i, "");
  const ext = path.extname(base);
  if (ext && ext.length <= 8) base = base.slice(0, -ext.length);
  const safe = base
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}._-]+/gu, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  return safe || "import";
}
