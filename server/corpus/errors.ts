// The importer's and the clean step's coded errors (Romanian messages for the CLI) as the app's coded errors, so
// that the corpus page says what is wrong in the UI's language. The importer's details come in both languages
// (`detail`, `detailEn`: ImportError says its coded detail in each, contract/importDetails.ts).
import { AppError, isErrorCode, type ErrorCode } from "../../contract/errors";

const IMPORT_CODES: Record<string, ErrorCode> = {
  "import:not_found": "upload:not_found",
  "import:empty": "corpus:empty",
  "import:binary": "corpus:binary",
  "import:unknown_format": "corpus:wrong_type",
  "import:too_large": "corpus:whole_file_too_large",
  "import:invalid_json": "corpus:invalid_file",
  "import:invalid_xml": "corpus:invalid_file",
  "import:invalid_xlsx": "corpus:invalid_file",
  "import:column_missing": "corpus:column_missing",
  "import:no_text_column": "corpus:no_text_column",
  "import:no_records": "corpus:no_records",
  "import:encoding": "corpus:encoding",
  "import:encoding_unknown": "corpus:encoding_unknown",
};

/** The app's error for an error code and parameters that came from the importer, the clean step or the app. */
export function corpusError(code: string, params: Record<string, string | number>): AppError {
  const mapped = IMPORT_CODES[code];
  if (mapped) {
    const detail = String(params.detail ?? "");
    // A failure recorded before the details had codes has no English: the Romanian stands in, as for any detail.
    return new AppError(mapped, { ...params, detail, detailEn: String(params.detailEn ?? detail) });
  }
  if (isErrorCode(code)) return new AppError(code, params);
  return new AppError("internal", params);
}
