// Two editors saving a data set's annotation guidelines, through the route of the real app: a save that says which
// version it loaded (`expectedUpdatedAt`) is refused with 409 `guidelines:conflict` — in the asker's language, with
// the stored guidelines (who saved them, when), nothing overwritten — when another save came first; it passes when the
// version matches; of two saves racing from one version exactly one passes (SQLite and a real PostgreSQL); a save that
// says nothing overwrites as before. Two teachers with accounts (the owner and an admin) are told who saved.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  DatasetResponse,
  GuidelinesConflictResponse,
  GuidelinesResponse,
} from "../../contract/workbench";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { createLogger } from "../../server/log";
import { openStores, type Stores } from "../../server/storage/open";
import { classServices, freshDatabase, titled } from "../support/classServices";
import { testConfig } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/server";
import { HttpSession } from "../support/session";
import { api } from "../support/workbench";

const services = await classServices();
const logger = createLogger({ LOG_LEVEL: "silent" });
const WB = "/api/workbench";

type SaveAnswer = GuidelinesResponse & GuidelinesConflictResponse;

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
    titled(`a data set's guidelines saved from two tabs (${backend.name})`, services, backend.skip),
    () => {
      let app: Backend;
      let datasetId: string;
      const save = (body: Record<string, unknown>, lang = "ro") =>
        api<SaveAnswer>(app.server.url, "PUT", `/datasets/${datasetId}/guidelines`, body, {
          "accept-language": lang,
        });
      const stored = async () =>
        (await api<DatasetResponse>(app.server.url, "GET", `/datasets/${datasetId}`)).body.guidelines;

      beforeAll(async () => {
        app = await backend.open();
        const created = await api<{ dataset: { id: string } }>(
          app.server.url,
          "POST",
          "/datasets/from-corpus",
          { name: "Două taburi", sample: { size: 4, seed: 1 } },
        );
        expect(created.status).toBe(201);
        datasetId = created.body.dataset.id;
      }, 60_000);

      afterAll(async () => {
        await app?.close();
      });

      it("refuses a save whose editor loaded none when some were saved meanwhile, in the asker's language", async () => {
        const first = await save({ text: "## Tabul 1", expectedUpdatedAt: null });
        expect(first.status).toBe(200);
        const stale = await save({ text: "## Tabul 2", expectedUpdatedAt: null });
        expect(stale.status).toBe(409);
        expect(stale.body.error.code).toBe("guidelines:conflict");
        expect(stale.body.error.message).toMatch(
          /Ghidul de adnotare a fost schimbat între timp \(salvat de /,
        );
        expect(stale.body.stored).toEqual(first.body.guidelines);
        const english = await save({ text: "## Tab 2", expectedUpdatedAt: "2020-01-01T00:00:00.000Z" }, "en");
        expect(english.status).toBe(409);
        expect(english.body.error.message).toMatch(
          /The annotation guidelines were changed meanwhile \(saved by /,
        );
        // Nothing was overwritten.
        expect(await stored()).toEqual(first.body.guidelines);
      });

      it("saves when the editor loaded the stored version, and the save makes a new one; clearing too", async () => {
        const loaded = (await stored())!;
        const next = await save({ text: "## Tabul 1, din nou", expectedUpdatedAt: loaded.updatedAt });
        expect(next.status).toBe(200);
        expect(next.body.guidelines?.updatedAt).not.toBe(loaded.updatedAt);
        // The version loaded before is stale now.
        const late = await save({ text: "vechi", expectedUpdatedAt: loaded.updatedAt });
        expect(late.status).toBe(409);
        expect(late.body.stored?.text).toBe("## Tabul 1, din nou");
        // Cleared from the stored version; an editor that had loaded it is told they are gone.
        const cleared = await save({ text: "  ", expectedUpdatedAt: next.body.guidelines!.updatedAt });
        expect(cleared.status).toBe(200);
        expect(cleared.body.guidelines).toBeNull();
        const gone = await save({ text: "peste", expectedUpdatedAt: next.body.guidelines!.updatedAt }, "en");
        expect(gone.status).toBe(409);
        expect(gone.body.stored).toBeNull();
        expect(gone.body.error.message).toContain("(they were cleared)");
        expect(await stored()).toBeNull();
      });

      it("lets exactly one of two saves racing from the same version through", async () => {
        const base = (await save({ text: "baza" })).body.guidelines!.updatedAt;
        const racing = await Promise.all(
          ["Tabul A", "Tabul B"].map((text) => save({ text, expectedUpdatedAt: base })),
        );
        expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
        const winner = racing.find((r) => r.status === 200)!.body;
        const loser = racing.find((r) => r.status === 409)!.body;
        expect(loser.stored).toEqual(winner.guidelines);
        expect(await stored()).toEqual(winner.guidelines);
      });

      it("overwrites as before when the editor says nothing of a version", async () => {
        expect((await save({ text: "Unu" })).status).toBe(200);
        const again = await save({ text: "Doi" });
        expect(again.status).toBe(200);
        expect((await stored())?.text).toBe("Doi");
      });
    },
  );
}

describe("two teachers editing one data set's guidelines (accounts)", () => {
  let server: TestServer;
  let prof: HttpSession;
  let dir: HttpSession;
  let datasetId: string;
  const save = (who: HttpSession, text: string, expectedUpdatedAt?: string | null) =>
    who.request("PUT", `${WB}/datasets/${datasetId}/guidelines`, { text, expectedUpdatedAt });

  beforeAll(async () => {
    server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
    const auth = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
    await auth.addUser({
      username: "prof",
      role: "member",
      passwordHash: await hashPassword("parola-prof-1"),
    });
    await auth.addUser({ username: "dir", role: "admin", passwordHash: await hashPassword("parola-dir-1") });
    await auth.close();
    prof = new HttpSession(server.url, "198.51.100.140", "ro");
    dir = new HttpSession(server.url, "198.51.100.141", "en");
    expect((await prof.login({ username: "prof", password: "parola-prof-1" })).status).toBe(200);
    expect((await dir.login({ username: "dir", password: "parola-dir-1" })).status).toBe(200);
    const created = await prof.post(`${WB}/datasets/from-corpus`, {
      name: "Clasa",
      sample: { size: 4, seed: 1 },
    });
    expect(created.status).toBe(201);
    datasetId = (created.body as DatasetResponse).dataset.id;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("tells the second who saved first and when, and keeps the first's text", async () => {
    const loaded = (await save(prof, "Ghidul profesorului")).body as GuidelinesResponse;
    const version = loaded.guidelines!.updatedAt;
    // Both opened the editor on that version; the admin saves first.
    const first = await save(dir, "Ghidul direcțiunii", version);
    expect(first.status).toBe(200);
    const saved = (first.body as GuidelinesResponse).guidelines!;
    const second = await save(prof, "Ghidul profesorului, completat", version);
    expect(second.status).toBe(409);
    const body = second.body as GuidelinesConflictResponse;
    expect(body.stored).toEqual(saved);
    expect(body.stored).toMatchObject({ text: "Ghidul direcțiunii", updatedBy: "dir" });
    const at = saved.updatedAt.slice(0, 19).replace("T", " ");
    expect(body.error.message).toContain(`(salvat de dir la ${at} UTC)`);
    expect(body.error.params).toMatchObject({ changeEn: `saved by dir at ${at} UTC` });
    const now = ((await prof.get(`${WB}/datasets/${datasetId}`)).body as DatasetResponse).guidelines;
    expect(now).toEqual(saved);
    // "Keep mine": the owner overwrites from the version the conflict showed.
    const overwrite = await save(prof, "Ghidul profesorului, completat", saved.updatedAt);
    expect(overwrite.status).toBe(200);
    expect((overwrite.body as GuidelinesResponse).guidelines).toMatchObject({
      text: "Ghidul profesorului, completat",
      updatedBy: "prof",
    });
  });
});
