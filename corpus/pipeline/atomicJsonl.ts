// Writes a JSON Lines file atomically: lines go to a hidden temporary file in the same folder, which is
// renamed over the target only on commit. Readers never see a half-written file; an abort leaves nothing.
import { randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";

// Lines are gathered into chunks of about this size before they reach the stream.
const CHUNK_CHARS = 256 * 1024;

export class AtomicJsonlWriter {
  private buffer: string[] = [];
  private buffered = 0;
  private closed = false;
  /** Lines written so far. */
  count = 0;

  private constructor(
    readonly target: string,
    readonly tempPath: string,
    private readonly stream: WriteStream,
  ) {}

  /** Creates the folder if needed and opens the temporary file next to `target`. */
  static async open(target: string): Promise<AtomicJsonlWriter> {
    const dir = path.dirname(target);
    await mkdir(dir, { recursive: true });
    const tempPath = path.join(
      dir,
      `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
    );
    const stream = createWriteStream(tempPath, { flags: "wx", encoding: "utf8" });
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", reject);
    });
    return new AtomicJsonlWriter(target, tempPath, stream);
  }

  /** Appends one JSON value as a line; waits when the disk is behind. */
  async write(value: unknown): Promise<void> {
    this.append(value);
    if (this.buffered >= CHUNK_CHARS) await this.flush();
  }

  /** Appends one JSON value to the in-memory buffer; call `flushIfFull` now and then. */
  append(value: unknown): void {
    const line = JSON.stringify(value);
    this.buffer.push(line);
    this.buffered += line.length + 1;
    this.count += 1;
  }

  /** Writes the buffer out once it holds a chunk's worth of lines. */
  async flushIfFull(): Promise<void> {
    if (this.buffered >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join("\n") + "\n";
    this.buffer = [];
    this.buffered = 0;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error) => {
          this.stream.off("drain", onDrain);
          reject(err);
        };
        const onDrain = () => {
          this.stream.off("error", onError);
          resolve();
        };
        this.stream.once("drain", onDrain);
        this.stream.once("error", onError);
      });
    }
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
  }

  /** Flushes, closes and renames the temporary file over the target. */
  async commit(): Promise<void> {
    try {
      await this.flush();
      await this.close();
      await rename(this.tempPath, this.target);
    } catch (err) {
      await this.abort();
      throw err;
    }
  }

  /** Closes and deletes the temporary file; the target is left as it was. */
  async abort(): Promise<void> {
    this.buffer = [];
    if (!this.closed) {
      this.closed = true;
      this.stream.destroy();
      await new Promise<void>((resolve) => {
        if (this.stream.closed) resolve();
        else this.stream.once("close", () => resolve());
      });
    }
    await rm(this.tempPath, { force: true });
  }
}
