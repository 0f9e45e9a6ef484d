import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileAtomic, writeFileAtomicSync } from "../../corpus/pipeline/atomicFile";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-atomic-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writers = [
  ["writeFileAtomic", (file: string, text: string) => writeFileAtomic(file, text)],
  ["writeFileAtomicSync", async (file: string, text: string) => writeFileAtomicSync(file, text)],
] as const;

describe.each(writers)("%s", (_name, write) => {
  it("creates a file and replaces it whole, leaving no temporary file", async () => {
    const file = path.join(dir, "report.json");
    await write(file, "întâi\n");
    await write(file, "al doilea — ș ț\n");
    expect(readFileSync(file, "utf8")).toBe("al doilea — ș ț\n");
    expect(readdirSync(dir)).toEqual(["report.json"]);
  });

  it("keeps the old file and removes its temporary file when the rename fails", async () => {
    // A folder in the target's place: the temporary file is written, the rename over a non-empty folder fails.
    const target = path.join(dir, "busy");
    mkdirSync(target);
    writeFileSync(path.join(target, "inside.txt"), "vechi");
    await expect(write(target, "nou")).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["busy"]);
    expect(readFileSync(path.join(target, "inside.txt"), "utf8")).toBe("vechi");
  });

  it("fails without leaving anything when the folder is missing", async () => {
    await expect(write(path.join(dir, "absent", "x.txt"), "x")).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});
