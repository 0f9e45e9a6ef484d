// What inspecting one input found (format, encoding, CSV layout): the importer decides with it, and the reader
// for that format reads the file by it.
import type { CsvLayout } from "./csvLayout";
import type { EncodingMethod, TextEncoding } from "./encoding";
import type { ImportFormat } from "./types";

export interface FileInspection {
  file: string;
  /** The file name as shown in messages and in `origin.file`. */
  label: string;
  name: string;
  size: number;
  format: ImportFormat;
  encoding: TextEncoding;
  encodingMethod: EncodingMethod;
  csv?: CsvLayout;
}
