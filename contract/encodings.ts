// The text encodings a person may force when the detected one is wrong, one list for the corpus import, the
// workbench's upload and the command line, and the one way the pages write an encoding's name ("Windows-1250").
export const FORCED_ENCODINGS = [
  "utf-8",
  "windows-1250",
  "iso-8859-2",
  "iso-8859-16",
  "windows-1252",
] as const;
export type ForcedEncoding = (typeof FORCED_ENCODINGS)[number];

/** Names as the encodings' owners write them; the values above are the lower-case ids the importer uses. */
const NAMES: Record<string, string> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16LE",
  "utf-16be": "UTF-16BE",
  "windows-1250": "Windows-1250",
  "windows-1252": "Windows-1252",
  "iso-8859-1": "ISO-8859-1",
  "iso-8859-2": "ISO-8859-2",
  "iso-8859-16": "ISO-8859-16",
};

/** An encoding's id as the pages name it: "windows-1250" → "Windows-1250"; an unknown id as it is. */
export function encodingName(encoding: string): string {
  return NAMES[encoding.toLowerCase()] ?? encoding;
}
