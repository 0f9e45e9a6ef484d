// Uploads: the multipart file lands in DATA_DIR/workbench-uploads (multer, with the size limit), is inspected at once
// (a bad file is deleted and answered with a coded error), and is kept with a small JSON note until a data set is
// made from it, so that the mapping step survives a page reload or a server restart.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Request, Response } from "express";
import multer from "multer";
import { formatBytes } from "../../corpus/pipeline/import/errors";
import { AppError } from "../../contract/errors";
import type { UploadPreview } from "../../contract/workbench";
import { inspectUpload, type Inspection } from "./datasets/inspect";
import { previewUpload } from "./datasets/preview";

interface UploadNote {
  uploadId: string;
  fileName: string;
  file: string;
}

const SAFE_ID = /^[0-9a-f-]{36}$/;

export class Uploads {
  private readonly receive: (req: Request, res: Response) => Promise<void>;

  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true });
    const handler = multer({
      storage: multer.diskStorage({
        destination: dir,
        filename: (_req, file, done) =>
          done(null, `${randomUUID()}${path.extname(file.originalname).toLowerCase().slice(0, 10)}`),
      }),
      limits: { fileSize: maxBytes, files: 1, fields: 10 },
      // Browsers send a file name's UTF-8 bytes as they are; Latin-1 (the default) would turn ă into "Ä\x83".
      defParamCharset: "utf8",
    }).single("file");
    this.receive = (req, res) =>
      new Promise<void>((resolve, reject) => {
        handler(req, res, (err: unknown) => {
          if (!err) return resolve();
          if (err instanceof multer.MulterError && err.code === "LIMIT_FILE_SIZE") {
            return reject(new AppError("dataset:too_large", { limit: formatBytes(this.maxBytes) }));
          }
          if (err instanceof multer.MulterError) {
            return reject(new AppError("input:invalid", { detail: `${err.code}: ${err.field ?? ""}` }));
          }
          reject(
            err instanceof Error ? new AppError("dataset:malformed", { file: "", detail: err.message }) : err,
          );
        });
      });
  }

  /** Receives the request's file, inspects it and answers its preview; nothing stays of a refused file. */
  async accept(req: Request, res: Response): Promise<UploadPreview> {
    await this.receive(req, res);
    const file = req.file;
    if (!file) throw new AppError("upload:missing_file");
    const fileName = file.originalname;
    try {
      const inspection = await inspectUpload(file.path, fileName);
      const preview = await previewUpload(inspection);
      const uploadId = path.basename(file.filename, path.extname(file.filename));
      const note: UploadNote = { uploadId, fileName, file: file.filename };
      await writeFile(path.join(this.dir, `${uploadId}.json`), JSON.stringify(note));
      return { uploadId, ...preview };
    } catch (err) {
      await rm(file.path, { force: true });
      // A damaged XLSX or a stream a decoder refuses: still a coded answer, not an internal error.
      if (err instanceof AppError) throw err;
      throw new AppError("dataset:malformed", {
        file: fileName,
        detail: err instanceof Error ? err.message.slice(0, 200) : "",
      });
    }
  }

  /** The kept upload, inspected again (with a forced encoding, when one is asked). */
  async open(
    uploadId: string,
    encoding?: string,
  ): Promise<{ inspection: Inspection; remove: () => Promise<void> }> {
    if (!SAFE_ID.test(uploadId)) throw new AppError("upload:not_found");
    let note: UploadNote;
    try {
      note = JSON.parse(await readFile(path.join(this.dir, `${uploadId}.json`), "utf8")) as UploadNote;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new AppError("upload:not_found");
      throw err;
    }
    const file = path.join(this.dir, path.basename(note.file));
    const inspection = await inspectUpload(file, note.fileName, encoding);
    return {
      inspection,
      remove: async () => {
        await this.remove(uploadId);
      },
    };
  }

  async remove(uploadId: string): Promise<boolean> {
    if (!SAFE_ID.test(uploadId)) return false;
    const notePath = path.join(this.dir, `${uploadId}.json`);
    let note: UploadNote;
    try {
      note = JSON.parse(await readFile(notePath, "utf8")) as UploadNote;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw err;
    }
    await rm(path.join(this.dir, path.basename(note.file)), { force: true });
    await rm(notePath, { force: true });
    return true;
  }
}
