// Uploads: the multipart file lands in an uploads folder (multer, streamed to disk with the size limit), is inspected
// at once (a bad file is deleted and answered with a coded error), and is kept with a small JSON note until it is
// used, so that the mapping step survives a page reload or a server restart. The workbench (data sets, in
// DATA_DIR/workbench-uploads) and the corpus page (imports, DATA_DIR/corpus-uploads) each describe files their way.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Request, Response } from "express";
import multer from "multer";
import { formatBytes } from "../../contract/fileSize";
import { AppError } from "../../contract/errors";
import type { UploadPreview } from "../../contract/workbench";
import { inspectUpload, type Inspection } from "./datasets/inspect";
import { previewUpload } from "./datasets/preview";

interface UploadNote {
  uploadId: string;
  fileName: string;
  file: string;
  /** The account that sent it (absent in notes written before): only they may open or remove it. */
  owner?: string;
}

const SAFE_ID = /^[0-9a-f-]{36}$/;

/** How one page looks at the files it receives. */
export interface UploadKind<P> {
  /** Describes a received file (the preview); throws a coded AppError to refuse it, and the file is deleted. */
  describe(file: string, fileName: string): Promise<P>;
  /** The error for a file over the size limit. */
  tooLarge(limit: string): AppError;
  /** The error for a file that breaks a reader in a way it does not code itself (a damaged XLSX…). */
  unreadable(fileName: string, detail: string): AppError;
}

/** The workbench's uploads: tables (CSV, TSV, XLSX, JSONL) with their preview. */
export const DATASET_UPLOADS: UploadKind<Omit<UploadPreview, "uploadId">> = {
  describe: async (file, fileName) => previewUpload(await inspectUpload(file, fileName)),
  tooLarge: (limit) => new AppError("dataset:too_large", { limit }),
  unreadable: (file, detail) => new AppError("dataset:malformed", { file, detail }),
};

export class Uploads<P = Omit<UploadPreview, "uploadId">> {
  private readonly receive: (req: Request, res: Response) => Promise<void>;
  private readonly kind: UploadKind<P>;

  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    kind?: UploadKind<P>,
  ) {
    this.kind = kind ?? (DATASET_UPLOADS as unknown as UploadKind<P>);
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
            return reject(this.kind.tooLarge(formatBytes(this.maxBytes)));
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

  /**
   * Receives the request's file, inspects it and answers its preview; nothing stays of a refused file. With `owner`,
   * the upload is that account's: another account opening or removing it gets "not found", as for an unknown id.
   */
  async accept(req: Request, res: Response, owner?: string): Promise<{ uploadId: string } & P> {
    await this.receive(req, res);
    const file = req.file;
    if (!file) throw new AppError("upload:missing_file");
    return this.keep(file.path, file.originalname, owner);
  }

  /**
   * Keeps a file that arrived another way (a fetched feed): moved into the folder under a new id, described, noted.
   * The file's name must carry the extension that says its format.
   */
  async adopt(source: string, fileName: string): Promise<{ uploadId: string } & P> {
    const target = path.join(this.dir, `${randomUUID()}${path.extname(fileName).toLowerCase().slice(0, 10)}`);
    await rename(source, target);
    return this.keep(target, fileName);
  }

  private async keep(filePath: string, fileName: string, owner?: string): Promise<{ uploadId: string } & P> {
    const stored = path.basename(filePath);
    try {
      const preview = await this.kind.describe(filePath, fileName);
      const uploadId = path.basename(stored, path.extname(stored));
      const note: UploadNote = { uploadId, fileName, file: stored, ...(owner ? { owner } : {}) };
      await writeFile(path.join(this.dir, `${uploadId}.json`), JSON.stringify(note));
      return { uploadId, ...preview };
    } catch (err) {
      await rm(filePath, { force: true });
      // A damaged XLSX or a stream a decoder refuses: still a coded answer, not an internal error.
      if (err instanceof AppError) throw err;
      throw this.kind.unreadable(fileName, err instanceof Error ? err.message.slice(0, 200) : "");
    }
  }

  /**
   * The note of a kept upload, or null when there is none for this id, or it is another account's (`owner` given and
   * the note names someone else): an upload id cannot be used to reach another's file.
   */
  private async noteOf(uploadId: string, owner?: string): Promise<UploadNote | null> {
    if (!SAFE_ID.test(uploadId)) return null;
    let note: UploadNote;
    try {
      note = JSON.parse(await readFile(path.join(this.dir, `${uploadId}.json`), "utf8")) as UploadNote;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    return owner !== undefined && note.owner !== undefined && note.owner !== owner ? null : note;
  }

  /** Where a kept upload is, and the name the person gave it. */
  async locate(uploadId: string, owner?: string): Promise<{ file: string; fileName: string }> {
    const note = await this.noteOf(uploadId, owner);
    if (!note) throw new AppError("upload:not_found");
    return { file: path.join(this.dir, path.basename(note.file)), fileName: note.fileName };
  }

  /** The kept upload, inspected again (with a forced encoding, when one is asked). */
  async open(
    uploadId: string,
    encoding?: string,
    owner?: string,
  ): Promise<{ inspection: Inspection; remove: () => Promise<void> }> {
    const note = await this.noteOf(uploadId, owner);
    if (!note) throw new AppError("upload:not_found");
    const file = path.join(this.dir, path.basename(note.file));
    const inspection = await inspectUpload(file, note.fileName, encoding);
    return {
      inspection,
      remove: async () => {
        await this.remove(uploadId, owner);
      },
    };
  }

  async remove(uploadId: string, owner?: string): Promise<boolean> {
    const note = await this.noteOf(uploadId, owner);
    if (!note) return false;
    await rm(path.join(this.dir, path.basename(note.file)), { force: true });
    await rm(path.join(this.dir, `${uploadId}.json`), { force: true });
    return true;
  }
}
