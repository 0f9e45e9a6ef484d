// Input encodings: detection from byte samples (BOM, UTF-8 validity, chardet) and the decoding stream that
// turns a file of any supported encoding into text without reading it whole.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline, Transform, type Readable } from "node:stream";
import chardet from "chardet";
import iconv from "iconv-lite";
import { FORCED_ENCODINGS } from "../../../contract/encodings";
import type { ImportDetail } from "../../../contract/importDetails";

export type TextEncoding =
  | "utf-8"
  | "utf-16le"
  | "utf-16be"
  | "windows-1250"
  | "iso-8859-2"
  | "iso-8859-16"
  | "windows-1252"
  | "iso-8859-1";

export type EncodingMethod = "bom" | "utf8" | "ascii" | "chardet" | "declared" | "flag";

export interface DetectedEncoding {
  encoding: TextEncoding;
  method: EncodingMethod;
}

const SAMPLE_BYTES = 64 * 1024;

/** Reads up to `SAMPLE_BYTES` from the start, the middle and the end of a file (one slice for small files). */
export async function readSamples(file: string, size: number): Promise<{ head: Buffer; all: Buffer[] }> {
  const handle = await open(file, "r");
  try {
    const readAt = async (position: number): Promise<Buffer> => {
      const buf = Buffer.alloc(Math.min(SAMPLE_BYTES, size - position));
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      return buf.subarray(0, bytesRead);
    };
    const head = await readAt(0);
    if (size <= SAMPLE_BYTES * 3) {
      const rest = size > SAMPLE_BYTES ? [await readAt(SAMPLE_BYTES)] : [];
      if (size > SAMPLE_BYTES * 2) rest.push(await readAt(SAMPLE_BYTES * 2));
      return { head, all: [head, ...rest] };
    }
    return { head, all: [head, await readAt(Math.floor(size / 2)), await readAt(size - SAMPLE_BYTES)] };
  } finally {
    await handle.close();
  }
}

/** Byte-order mark at the start of `head`, if any. */
export function bomEncoding(head: Buffer): TextEncoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return undefined;
}

/**
 * True when `sample` is valid UTF-8. A sample cut out of a file may start or end inside a multi-byte
 * character, so continuation bytes at the start and a truncated sequence at the end are forgiven.
 */
export function isValidUtf8(sample: Buffer): boolean {
  let start = 0;
  while (start < 3 && start < sample.length && (sample[start]! & 0xc0) === 0x80) start += 1;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    decoder.decode(sample.subarray(start), { stream: true });
    return true;
  } catch {
    return false;
  }
}

function isAscii(sample: Buffer): boolean {
  for (const byte of sample) if (byte > 0x7f) return false;
  return true;
}

const CHARDET_NAMES: Record<string, TextEncoding> = {
  "UTF-8": "utf-8",
  "UTF-16LE": "utf-16le",
  "UTF-16BE": "utf-16be",
  "windows-1250": "windows-1250",
  "ISO-8859-2": "iso-8859-2",
  "windows-1252": "windows-1252",
  "ISO-8859-1": "iso-8859-1",
};

/** Accepts the names people write ("cp1250", "latin2", "UTF8") for the encodings we support. */
export function parseEncodingName(name: string): TextEncoding | undefined {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  const aliases: Record<string, TextEncoding> = {
    utf8: "utf-8",
    utf16le: "utf-16le",
    utf16be: "utf-16be",
    windows1250: "windows-1250",
    cp1250: "windows-1250",
    win1250: "windows-1250",
    iso88592: "iso-8859-2",
    latin2: "iso-8859-2",
    iso885916: "iso-8859-16",
    latin10: "iso-8859-16",
    windows1252: "windows-1252",
    cp1252: "windows-1252",
    iso88591: "iso-8859-1",
    latin1: "iso-8859-1",
  };
  return aliases[key];
}

/**
 * An encoding a person may force (`--encoding`, the pages' menus): the one list (contract/encodings.ts), written
 * any way `parseEncodingName` reads. Others (Latin-1, UTF-16 without its BOM) are refused: forced on a UTF-8 file,
 * Latin-1 turned every diacritic into mojibake ("Å£ine") that `clean` then kept.
 */
export function forcedEncoding(name: string): TextEncoding | undefined {
  const encoding = parseEncodingName(name);
  return encoding && (FORCED_ENCODINGS as readonly string[]).includes(encoding) ? encoding : undefined;
}

/** Whether any sample holds bytes 0x80-0x9F: C1 controls in ISO-8859-x, but „ ” – … in Windows-125x. */
function hasC1Bytes(samples: Buffer[]): boolean {
  return samples.some((s) => s.some((b) => b >= 0x80 && b <= 0x9f));
}

/** Bytes above 0x9F that Windows-1250 and ISO-8859-2 read differently (Ą/ˇ, Š/©, ą/±, š/ą...); the rest agree. */
const LATIN2_ONLY_BYTES = new Set([
  0xa1, 0xa5, 0xa6, 0xa9, 0xab, 0xac, 0xae, 0xb1, 0xb5, 0xb6, 0xb7, 0xb9, 0xbb, 0xbc, 0xbe,
]);

/** Whether Windows-1250 and ISO-8859-2 would decode every sample alike. */
function sameIn1250AndLatin2(samples: Buffer[]): boolean {
  return !samples.some((s) => s.some((b) => (b >= 0x80 && b <= 0x9f) || LATIN2_ONLY_BYTES.has(b)));
}

/**
 * Detects the encoding from samples: a BOM wins; then valid UTF-8 (ASCII included); then an XML
 * declaration when given; then chardet, limited to the encodings we decode. ISO-8859-2 and Windows-1250
 * agree on every Romanian letter; bytes 0x80-0x9F (typographic quotes and dashes) settle it for 1250, and so does a
 * file that both would read alike: ISO-8859-2 is named only when a byte reads differently in it.
 */
export function detectEncoding(samples: Buffer[], declared?: string): DetectedEncoding {
  const head = samples[0] ?? Buffer.alloc(0);
  const bom = bomEncoding(head);
  if (bom) return { encoding: bom, method: "bom" };
  if (samples.every(isAscii)) return { encoding: "utf-8", method: "ascii" };
  if (samples.every(isValidUtf8)) return { encoding: "utf-8", method: "utf8" };
  const fromDeclaration = declared ? parseEncodingName(declared) : undefined;
  if (fromDeclaration && fromDeclaration !== "utf-8")
    return { encoding: fromDeclaration, method: "declared" };
  const matches = chardet.analyse(Buffer.concat(samples));
  let guess: TextEncoding = "windows-1250";
  for (const match of matches) {
    const known = CHARDET_NAMES[match.name];
    if (known && known !== "utf-8") {
      guess = known;
      break;
    }
  }
  // A Romanian corpus is far likelier to be Central European than Western: chardet's Western guesses
  // come from the shared letters (â, î), while ă ş ţ only exist in the Central European code pages.
  if (guess === "windows-1252" || guess === "iso-8859-1") {
    const romanianBytes = samples.reduce(
      (n, s) => n + s.filter((b) => [0xe3, 0xc3, 0xba, 0xaa, 0xfe, 0xde].includes(b)).length,
      0,
    );
    if (romanianBytes > 0) guess = guess === "windows-1252" ? "windows-1250" : "iso-8859-2";
  }
  // Quotes and dashes (0x80-0x9F) exist only in Windows-1250; and where both read the file alike (every Romanian
  // letter is the same byte in both), the file was almost surely saved on Windows, so it is named so.
  if (guess === "iso-8859-2" && (hasC1Bytes(samples) || sameIn1250AndLatin2(samples))) guess = "windows-1250";
  return { encoding: guess, method: "chardet" };
}

export interface DecodedText {
  /** Text chunks (strings) of the whole file, BOM removed. */
  stream: Readable;
  /** U+FFFD characters produced so far (bytes that do not belong to the encoding). */
  invalidChars(): number;
}

/**
 * Streams a file through the decoder: file → byte counter → iconv-lite → strings. Errors in any stage
 * destroy the returned stream, so a consumer's `for await` throws them.
 */
export function decodeFile(
  file: string,
  encoding: TextEncoding,
  onBytes?: (bytesRead: number) => void,
): DecodedText {
  let bytesRead = 0;
  let invalid = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytesRead += chunk.length;
      onBytes?.(bytesRead);
      done(null, chunk);
    },
  });
  const replacementCounter = new Transform({
    decodeStrings: false,
    transform(chunk: Buffer | string, _enc, done) {
      const text = typeof chunk === "string" ? chunk : chunk.toString("utf8");
      for (let i = text.indexOf("\uFFFD"); i !== -1; i = text.indexOf("\uFFFD", i + 1)) invalid += 1;
      done(null, text);
    },
  });
  replacementCounter.setEncoding("utf8");
  // The callback only needs to exist: a failure destroys the last stream with the error, and whoever
  // iterates that stream receives it there.
  const stream = pipeline(
    createReadStream(file, { highWaterMark: 256 * 1024 }),
    counter,
    iconv.decodeStream(encoding),
    replacementCounter,
    () => undefined,
  );
  return { stream, invalidChars: () => invalid };
}

/** Decodes a buffer already in memory (samples, whole-file formats); strips a BOM. */
export function decodeBuffer(buf: Buffer, encoding: TextEncoding): string {
  return iconv.decode(buf, encoding);
}

// Punctuation and spaces that legitimately stand next to letters with diacritics: they end a run.
const RUN_BREAKERS = new Set([..."„”“‘’«»‹›–—…•·°€§\u00a0"]);

/**
 * Why a sample decoded with a guessed legacy code page looks like mojibake (contract/importDetails.ts), or undefined when it reads as text.
 * Romanian (like any Latin-script language) puts a letter with a diacritic between plain letters ("țară",
 * "înșiși"); text of another script or code page, decoded byte by byte as a Latin one, comes out as runs of
 * accented letters and symbols ("Ďđčâĺň") or as bytes the code page does not define (U+FFFD). Short samples (under
 * 20 non-ASCII characters) are given the benefit of the doubt.
 */
export function mojibakeReason(text: string): ImportDetail | undefined {
  let nonAscii = 0;
  let inRuns = 0;
  let undefinedChars = 0;
  let run = 0;
  const endRun = () => {
    if (run >= 3) inRuns += run;
    run = 0;
  };
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80 || RUN_BREAKERS.has(ch) || /\s/u.test(ch)) {
      endRun();
      continue;
    }
    nonAscii += 1;
    run += 1;
    if (code === 0xfffd) undefinedChars += 1;
  }
  endRun();
  if (nonAscii < 20) return undefined;
  if (undefinedChars / nonAscii > 0.05) return { code: "undefined_bytes", count: undefinedChars };
  if (inRuns / nonAscii > 0.5) return { code: "diacritic_runs" };
  return undefined;
}
