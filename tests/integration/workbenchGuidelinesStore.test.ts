// A data set's annotation guidelines in the workbench's store, on SQLite and on a real PostgreSQL alike: none at first,
// written with who and when, rewritten with a newer stamp, cleared, never on a data set that is not committed or not
// there, gone with the data set; a save that says which version it loaded is refused when another came first (two
// saves from one version: the second is told what the first stored), atomically; and a PostgreSQL database migrated
// before them (version 10) takes them after the next start's migration, its data sets unchanged.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetGuidelines } from "../../contract/workbench";
import { migrate } from "../../server/db/migrate";
import { MIGRATIONS } from "../../server/db/migrations";
import { openPool } from "../../server/db/postgres";
import { createLogger } from "../../server/log";
import { openStores, type Stores } from "../../server/storage/open";
import { GuidelinesConflict } from "../../server/workbench/guidelinesConflict";
import type { WorkbenchStore } from "../../server/workbench/store";
import { classServices, freshDatabase, titled } from "../support/classServices";
import { testConfig } from "../support/fixtures";
import { seedDataset } from "../support/workbenchStore";

const services = await classServices();
const logger = createLogger({ LOG_LEVEL: "silent" });

/** What one store does with a data set's guidelines, in order; the stamps compared apart. */
async function lifeOfGuidelines(store: WorkbenchStore) {
  const id = await seedDataset(store, ["a", "b"]);
  const seen: unknown[] = [await store.getGuidelines(id)];
  const first = await store.setGuidelines(id, "## Populism\nDoar elita coruptă.", "prof");
  seen.push(first && { text: first.guidelines?.text, by: first.guidelines?.updatedBy });
  expect(await store.getGuidelines(id)).toEqual(first && first.guidelines);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const second = await store.setGuidelines(id, "Altul", "dir");
  expect(second && second.guidelines!.updatedAt > (first && first.guidelines!.updatedAt)!).toBe(true);
  seen.push(await store.getGuidelines(id).then((g) => g && { text: g.text, by: g.updatedBy }));
  // The data set itself reads as before, and the list too.
  expect(await store.getDataset(id)).not.toHaveProperty("guidelines");
  expect((await store.listDatasets()).map((d) => d.id)).toContain(id);
  seen.push(await store.setGuidelines(id, null, "prof"), await store.getGuidelines(id));
  seen.push(await store.setGuidelines("no-such-dataset", "x", "prof"));
  const pending = await store.beginDataset({
    name: "pending",
    source: "upload",
    sourceFile: "p.csv",
    format: "csv",
    encoding: "utf-8",
    bytes: 1,
    mapping: { text: "text" },
    contentHash: null,
  });
  seen.push(await store.setGuidelines(pending, "x", "prof"), await store.getGuidelines(pending));
  await store.abortDataset(pending);
  await store.setGuidelines(id, "de șters", "prof");
  await store.deleteDataset(id);
  seen.push(await store.getGuidelines(id));
  return seen;
}

const EXPECTED = [
  null,
  { text: "## Populism\nDoar elita coruptă.", by: "prof" },
  { text: "Altul", by: "dir" },
  { guidelines: null },
  null,
  false,
  false,
  null,
  null,
];

/** A save's outcome, stamps left out: the text kept, or the conflict and the text it found stored. */
async function outcomeOf(save: Promise<{ guidelines: DatasetGuidelines | null } | false>) {
  try {
    const saved = await save;
    return saved && { saved: saved.guidelines?.text ?? null };
  } catch (err) {
    if (!(err instanceof GuidelinesConflict)) throw err;
    return { conflict: err.code, stored: err.stored?.text ?? null };
  }
}

/** Two editors saving one data set's guidelines, each saying which version it loaded; in order. */
async function savesFromOneVersion(store: WorkbenchStore) {
  const id = await seedDataset(store, ["a"]);
  const seen: unknown[] = [];
  // Both editors loaded none: the first save passes, the second finds the first's text.
  seen.push(await outcomeOf(store.setGuidelines(id, "Ghidul Anei", "ana", null)));
  seen.push(await outcomeOf(store.setGuidelines(id, "Ghidul lui Ion", "ion", null)));
  const v1 = (await store.getGuidelines(id))!;
  // Saved from the version stored: passes and makes a new version; the old one is stale from then on.
  seen.push(await outcomeOf(store.setGuidelines(id, "Ghidul lui Ion, după Ana", "ion", v1.updatedAt)));
  const v2 = (await store.getGuidelines(id))!;
  expect(v2.updatedAt).not.toBe(v1.updatedAt);
  seen.push(await outcomeOf(store.setGuidelines(id, "Ana, din nou", "ana", v1.updatedAt)));
  // Two saves racing from the same version: exactly one passes, the other is told what the winner wrote.
  const racing = await Promise.all(
    ["Tabul 1", "Tabul 2"].map((text) => outcomeOf(store.setGuidelines(id, text, "ana", v2.updatedAt))),
  );
  const winner = racing.find((r) => r && "saved" in r) as { saved: string } | undefined;
  const loser = racing.find((r) => r && "conflict" in r) as { stored: string } | undefined;
  expect(winner && loser && loser.stored).toBe(winner?.saved);
  seen.push(racing.map((r) => (r && "saved" in r ? "saved" : r && r.conflict)).sort());
  expect((await store.getGuidelines(id))?.text).toBe(winner?.saved);
  // Cleared from the version stored; an editor that had loaded that version is told they were cleared.
  const v3 = (await store.getGuidelines(id))!;
  seen.push(await outcomeOf(store.setGuidelines(id, null, "ana", v3.updatedAt)));
  seen.push(await outcomeOf(store.setGuidelines(id, "Scris peste nimic", "ion", v3.updatedAt)));
  seen.push(await outcomeOf(store.setGuidelines(id, "Scris peste nimic", "ion", null)));
  // Without a version a save overwrites, as before; no data set: false, whatever the version.
  seen.push(await outcomeOf(store.setGuidelines(id, "Fără versiune", "dir")));
  seen.push(await outcomeOf(store.setGuidelines("no-such-dataset", "x", "prof", null)));
  return seen;
}

const SAVES_FROM_ONE_VERSION = [
  { saved: "Ghidul Anei" },
  { conflict: "guidelines:conflict", stored: "Ghidul Anei" },
  { saved: "Ghidul lui Ion, după Ana" },
  { conflict: "guidelines:conflict", stored: "Ghidul lui Ion, după Ana" },
  ["guidelines:conflict", "saved"],
  { saved: null },
  { conflict: "guidelines:conflict", stored: null },
  { saved: "Scris peste nimic" },
  { saved: "Fără versiune" },
  false,
];

describe("the guidelines in the SQLite store", () => {
  it("are kept, restamped, cleared and removed with their data set", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-guidelines-store-"));
    const stores = await openStores(testConfig({ DATA_DIR: path.join(dir, "data") }), logger, {
      role: "cli",
    });
    try {
      expect(await lifeOfGuidelines(stores.workbench.store)).toEqual(EXPECTED);
    } finally {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses the second of two saves from the same version, with what the first stored", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-guidelines-store-"));
    const stores = await openStores(testConfig({ DATA_DIR: path.join(dir, "data") }), logger, {
      role: "cli",
    });
    try {
      expect(await savesFromOneVersion(stores.workbench.store)).toEqual(SAVES_FROM_ONE_VERSION);
    } finally {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!services.databaseUrl)(
  titled("the guidelines in the PostgreSQL store", services, !services.databaseUrl),
  () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      database = await freshDatabase(services.databaseUrl!);
    });
    afterAll(async () => {
      await database?.drop();
    });

    it("come to a database migrated before them, whose data sets read as they were, and then behave as on SQLite", async () => {
      const pool = openPool(database.url);
      try {
        const before = MIGRATIONS.filter((m) => m.version <= 10);
        expect(before.length).toBe(10);
        await migrate(pool, before);
        await pool.query(
          `INSERT INTO wb_datasets (id, name, source, source_file, format, encoding, bytes, rows, mapping, committed,
             created_at, user_id)
           VALUES ('d1', 'Comentarii', 'upload', 'c.csv', 'csv', 'utf-8', 10, 0, '{"text":"text"}', 1,
             '2025-01-01T00:00:00Z', 'prof')`,
        );
      } finally {
        await pool.end();
      }
      let stores: Stores | undefined;
      try {
        stores = await openStores(testConfig({ DATABASE_URL: database.url }), logger, { role: "cli" });
        const store = stores.workbench.store;
        expect(await store.getDataset("d1")).toMatchObject({ id: "d1", userId: "prof", shared: false });
        expect(await store.getGuidelines("d1")).toBeNull();
        const saved = await store.setGuidelines("d1", "Ghid", "prof");
        expect(saved).toMatchObject({ guidelines: { text: "Ghid", updatedBy: "prof" } });
        expect(await lifeOfGuidelines(store)).toEqual(EXPECTED);
        expect(await store.getGuidelines("d1")).toEqual(saved && saved.guidelines);
      } finally {
        await stores?.close();
      }
    });

    it("refuses the second of two saves from the same version, with what the first stored", async () => {
      const stores = await openStores(testConfig({ DATABASE_URL: database.url }), logger, { role: "cli" });
      try {
        expect(await savesFromOneVersion(stores.workbench.store)).toEqual(SAVES_FROM_ONE_VERSION);
      } finally {
        await stores.close();
      }
    });
  },
);
