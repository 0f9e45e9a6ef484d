// A column added by another process between the look and the change (two instances starting together after an
// upgrade) is not an error: the column is there.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { addColumnIfMissing } from "../../server/sqliteFile";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("addColumnIfMissing", () => {
  it("adds a missing column once, and takes a column another process added meanwhile as added", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-column-"));
    dirs.push(dir);
    const file = path.join(dir, "t.db");
    const first = new Database(file);
    const second = new Database(file);
    try {
      first.exec("CREATE TABLE t (x TEXT)");
      expect(addColumnIfMissing(first, "t", "y", "y TEXT")).toBe(true);
      expect(addColumnIfMissing(first, "t", "y", "y TEXT")).toBe(false);
      // `first` looked before `second` added z: its look says z is missing, its change finds z there.
      const looked = first.prepare("PRAGMA table_info(t)").all();
      second.exec("ALTER TABLE t ADD COLUMN z TEXT");
      const stale = {
        prepare: () => ({ all: () => looked }),
        exec: (sql: string) => first.exec(sql),
      } as unknown as Database.Database;
      expect(addColumnIfMissing(stale, "t", "z", "z TEXT")).toBe(false);
      expect((first.prepare("PRAGMA table_info(t)").all() as { name: string }[]).map((c) => c.name)).toEqual([
        "x",
        "y",
        "z",
      ]);
    } finally {
      first.close();
      second.close();
    }
  });
});
