// What an import from the corpus page is queued with: its collection (the file's own name unless the person named
// one), the columns it reads (checked against the file), and a hash of the file and of how it is imported, by which
// the same file imported the same way again is found unchanged (./jobTasks.ts).
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { CorpusImportRequest } from "../../contract/corpusPage";
import { AppError } from "../../contract/errors";
import type { NewImport } from "./importStore";
import { previewCorpusFile } from "./preview";

/** SHA-256 of a file's bytes and of how it is to be imported. */
async function importHash(file: string, request: CorpusImportRequest, collection: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  const { uploadId: _id, ...settings } = request;
  hash.update(JSON.stringify({ ...settings, collection }));
  return hash.digest("hex");
}

/** The job record of an import of the uploaded `upload`; `corpus:column_missing` when its text column is not there. */
export async function importRecord(
  upload: { file: string; fileName: string },
  request: CorpusImportRequest,
): Promise<Omit<NewImport, "id" | "jobId">> {
  const preview = await previewCorpusFile(upload.file, upload.fileName, request.encoding);
  const collection = request.collection ?? preview.defaults.collection;
  if (request.mapping?.text && preview.tabular && !preview.columns.includes(request.mapping.text)) {
    throw new AppError("corpus:column_missing", {
      column: request.mapping.text,
      available: preview.columns.join(", "),
    });
  }
  const { mapping } = request;
  return {
    op: "import",
    collection,
    fileName: upload.fileName,
    uploadId: request.uploadId,
    contentHash: await importHash(upload.file, request, collection),
    settings: {
      textCol: mapping?.text,
      idCol: mapping?.id,
      dateCol: mapping?.date,
      titleCol: mapping?.title,
      urlCol: mapping?.url,
      platform: request.platform,
      source: request.source,
      encoding: request.encoding,
    },
  };
}
