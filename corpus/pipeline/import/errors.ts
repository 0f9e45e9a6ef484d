// Coded errors of the import command, with the Romanian message a researcher sees. A file that fails with
// one of these is never written to raw/.
import {
  importDetailEn,
  importDetailRo,
  importHintText,
  type ImportDetail,
  type ImportHint,
} from "../../../contract/importDetails";
import { countWith } from "../../../contract/plural";

const MESSAGES = {
  "import:not_found": "Fișierul „{file}” nu există sau nu poate fi citit.",
  "import:empty": "Fișierul „{file}” este gol.",
  "import:binary": "Fișierul „{file}” pare binar ({detail}), nu text. {hint}",
  "import:unknown_format":
    "Formatul fișierului „{file}” nu este recunoscut ({detail}). Formate acceptate: CSV, XLSX, JSONL, TXT, RSS/Atom (XML), JSON cu comentarii YouTube (yt-dlp).",
  "import:too_large":
    "Fișierul „{file}” are {size}; fișierele {format} se citesc întregi și sunt acceptate până la {limit}. Împărțiți-l sau convertiți-l în JSONL.",
  "import:invalid_json": "Fișierul JSON „{file}” nu poate fi citit: {detail}",
  "import:invalid_xml": "Fișierul XML „{file}” nu poate fi citit: {detail}",
  "import:invalid_xlsx": "Registrul Excel „{file}” nu poate fi citit: {detail}",
  "import:column_missing":
    "Coloana „{column}” (opțiunea {flag}) nu există în „{file}”. Coloane disponibile: {available}.",
  "import:no_text_column":
    "Nu am găsit o coloană de text în „{file}”. Indicați-o cu --text-col. Coloane disponibile: {available}.",
  "import:no_records": "Fișierul „{file}” nu conține nicio înregistrare cu text ({detail}).",
  "import:encoding":
    "Codificarea „{encoding}” nu este acceptată (fișierul „{file}”). Folosiți utf-8, windows-1250, iso-8859-2, iso-8859-16 sau windows-1252.",
  "import:encoding_unknown":
    "Nu am putut recunoaște codificarea fișierului „{file}”: decodat ca {encoding}, textul nu arată a text în română ({detail}). Salvați-l ca UTF-8 sau indicați codificarea cu --encoding.",
  "import:aborted": "Importul fișierului „{file}” a fost întrerupt; nu s-a scris nimic.",
} as const;

export type ImportErrorCode = keyof typeof MESSAGES;

/** The same messages in English, for the command line's --lang en (with `detailEn` and `hintEn` for the details). */
export const IMPORT_MESSAGES_EN: Record<ImportErrorCode, string> = {
  "import:not_found": 'The file "{file}" does not exist or cannot be read.',
  "import:empty": 'The file "{file}" is empty.',
  "import:binary": 'The file "{file}" looks binary ({detail}), not text. {hint}',
  "import:unknown_format":
    'The format of the file "{file}" is not recognised ({detail}). Accepted formats: CSV, XLSX, JSONL, TXT, RSS/Atom (XML), JSON with YouTube comments (yt-dlp).',
  "import:too_large":
    'The file "{file}" has {sizeEn}; {format} files are read whole and accepted up to {limitEn}. Split it or convert it to JSONL.',
  "import:invalid_json": 'The JSON file "{file}" cannot be read: {detail}',
  "import:invalid_xml": 'The XML file "{file}" cannot be read: {detail}',
  "import:invalid_xlsx": 'The Excel workbook "{file}" cannot be read: {detail}',
  "import:column_missing":
    'The column "{column}" (option {flag}) does not exist in "{file}". Columns available: {available}.',
  "import:no_text_column":
    'No text column found in "{file}". Name it with --text-col. Columns available: {available}.',
  "import:no_records": 'The file "{file}" holds no record with text ({detail}).',
  "import:encoding":
    'The encoding "{encoding}" is not supported (the file "{file}"). Use utf-8, windows-1250, iso-8859-2, iso-8859-16 or windows-1252.',
  "import:encoding_unknown":
    'The encoding of the file "{file}" could not be recognised: decoded as {encoding}, the text does not look like Romanian ({detail}). Save it as UTF-8 or name the encoding with --encoding.',
  "import:aborted": 'The import of the file "{file}" was interrupted; nothing was written.',
};

/** What an ImportError may carry besides its parameters: its cause, and its detail and hint as codes. */
export interface ImportErrorOptions {
  cause?: unknown;
  /** What the file is or why it was refused (contract/importDetails.ts), for the message's {detail}. */
  detail?: ImportDetail;
  /** What to do instead with a binary file, for the message's {hint}. */
  hint?: ImportHint;
}

/**
 * A failure that stops one file's import; `message` is the Romanian text for the user. A coded detail or hint also
 * becomes parameters in both languages (`detail`, `detailEn`, `hint`, `hintEn`): they cross the corpus worker's
 * thread boundary as plain strings, and the app's errors and the CLI's English take them from there.
 */
export class ImportError extends Error {
  readonly params: Record<string, string | number>;
  readonly detail?: ImportDetail;

  constructor(
    readonly code: ImportErrorCode,
    params: Record<string, string | number>,
    options: ImportErrorOptions = {},
  ) {
    const { detail, hint, cause } = options;
    const all: Record<string, string | number> = { ...params };
    if (detail) Object.assign(all, { detail: importDetailRo(detail), detailEn: importDetailEn(detail) });
    if (hint) Object.assign(all, { hint: importHintText(hint, "ro"), hintEn: importHintText(hint, "en") });
    super(
      MESSAGES[code].replace(/\{(\w+)\}/g, (_, key: string) => String(all[key] ?? "")).trim(),
      cause === undefined ? undefined : { cause },
    );
    this.name = "ImportError";
    this.params = all;
    if (detail) this.detail = detail;
  }
}

/** A count with its noun in Romanian: "1 înregistrare", "3 înregistrări", "20 de înregistrări" (contract/plural.ts). */
export function countNoun(n: number, singular: string, plural: string): string {
  return countWith(n, [singular, plural]);
}
