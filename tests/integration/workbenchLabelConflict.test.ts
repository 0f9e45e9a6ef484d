// Two tabs of one person saving the same row, through the label route of the real app on SQLite and on a real
// PostgreSQL: a save that says which version of its own label it read (`expectedUpdatedAt`) is refused with 409
// `label:conflict` — in the asker's language, with the stored label, nothing overwritten — when another save came
// first; it passes when the version matches; of two saves racing with the same version exactly one passes; and a save
// that says nothing overwrites as before (older pages, the CLI).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HumanReviewLabel, ItemDetail, LabelConflictResponse } from "../../contract/workbench";
import { openStores, type Stores } from "../../server/storage/open";
import { createLogger } from "../../server/log";
import { classServices, freshDatabase, titled } from "../support/classServices";
import { testConfig } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/server";
import { api } from "../support/workbench";

const services = await classServices();
const logger = createLogger({ LOG_LEVEL: "silent" });

interface Backend {
  server: TestServer;
  close(): Promise<void>;
}

async function sqliteApp(): Promise<Backend> {
  const server = await startTestServer();
  return { server, close: () => server.close() };
}

async function postgresApp(): Promise<Backend> {
  const database = await freshDatabase(services.databaseUrl!);
  const stores: Stores = await openStores(testConfig({ DATABASE_URL: database.url }), logger, {
    role: "server",
  });
  const server = await startTestServer({}, undefined, { workbenchStores: stores.workbench });
  return {
    server,
    async close() {
      await server.close();
      await stores.close();
      await database.drop();
    },
  };
}

const BACKENDS = [
  { name: "SQLite", open: sqliteApp, skip: false },
  { name: "PostgreSQL", open: postgresApp, skip: !services.databaseUrl },
];

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(
    titled(`a person's label saved from two tabs (${backend.name})`, services, backend.skip),
    () => {
      let app: Backend;
      let datasetId: string;
      const save = (idx: number, body: Record<string, unknown>, lang = "ro") =>
        api<HumanReviewLabel & LabelConflictResponse>(
          app.server.url,
          "PUT",
          `/datasets/${datasetId}/items/${idx}/labels`,
          { annotator: "ion", ...body },
          { "accept-language": lang },
        );
      const mine = async (idx: number) =>
        (await api<ItemDetail>(app.server.url, "GET", `/datasets/${datasetId}/items/${idx}?annotator=ion`))
          .body.mine;

      beforeAll(async () => {
        app = await backend.open();
        const created = await api<{ dataset: { id: string } }>(
          app.server.url,
          "POST",
          "/datasets/from-corpus",
          {
            name: "Două taburi",
            sample: { size: 6, seed: 1 },
          },
        );
        expect(created.status).toBe(201);
        datasetId = created.body.dataset.id;
      }, 60_000);

      afterAll(async () => {
        await app?.close();
      });

      it("refuses a save whose page read no label when one was saved meanwhile, in the asker's language", async () => {
        const first = await save(0, { labels: { ton: "pozitiv", populism: false }, expectedUpdatedAt: null });
        expect(first.status).toBe(200);
        expect(first.body.labels).toEqual({ ton: "pozitiv", populism: "false" });

        const stale = await save(0, {
          labels: { ton: "neutru" },
          note: "din tab 2",
          expectedUpdatedAt: null,
        });
        expect(stale.status).toBe(409);
        expect(stale.body.error.code).toBe("label:conflict");
        expect(stale.body.error.message).toMatch(/alt tab sau pe alt dispozitiv/);
        expect(stale.body.stored).toMatchObject({
          annotator: "ion",
          labels: { ton: "pozitiv", populism: "false" },
          updatedAt: first.body.updatedAt,
        });
        const english = await save(
          0,
          { labels: { ton: "neutru" }, expectedUpdatedAt: "2020-01-01T00:00:00.000Z" },
          "en",
        );
        expect(english.status).toBe(409);
        expect(english.body.error.message).toMatch(/another tab or on another device/);

        // Nothing was overwritten.
        expect(await mine(0)).toMatchObject({ labels: { ton: "pozitiv", populism: "false" }, note: null });
      });

      it("saves when the page read the stored version, and the save makes a new one", async () => {
        const first = await save(1, { labels: { ton: "negativ" }, expectedUpdatedAt: null });
        expect(first.status).toBe(200);
        const second = await save(1, {
          labels: { ton: "negativ", populism: true },
          expectedUpdatedAt: first.body.updatedAt,
        });
        expect(second.status).toBe(200);
        expect(second.body.updatedAt).not.toBe(first.body.updatedAt);
        // The version read before the second save is stale now.
        const late = await save(1, { labels: { ton: "neutru" }, expectedUpdatedAt: first.body.updatedAt });
        expect(late.status).toBe(409);
        expect(late.body.stored.labels).toEqual({ ton: "negativ", populism: "true" });
        expect((await mine(1))?.labels).toEqual({ ton: "negativ", populism: "true" });
      });

      it("lets exactly one of two saves racing with the same expected version through", async () => {
        for (const idx of [2, 3]) {
          const base = idx === 3 ? (await save(idx, { labels: { ton: "neutru" } })).body.updatedAt : null;
          const racing = await Promise.all(
            (["pozitiv", "negativ"] as const).map((ton) =>
              save(idx, { labels: { ton }, expectedUpdatedAt: base }),
            ),
          );
          expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
          const winner = racing.find((r) => r.status === 200)!.body;
          const loser = racing.find((r) => r.status === 409)!.body;
          expect(loser.stored.labels).toEqual(winner.labels);
          expect((await mine(idx))?.labels).toEqual(winner.labels);
        }
      });

      it("overwrites as before when the page says nothing of a version", async () => {
        expect((await save(4, { labels: { ton: "pozitiv" } })).status).toBe(200);
        const again = await save(4, { labels: { ton: "negativ" }, note: "fără versiune" });
        expect(again.status).toBe(200);
        expect(await mine(4)).toMatchObject({ labels: { ton: "negativ" }, note: "fără versiune" });
      });
    },
  );
}
