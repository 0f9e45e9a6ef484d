// People's blind preferences behave the same on SQLite (the default) and on PostgreSQL (DATABASE_URL), opened the way
// the server opens them (server/storage/open.ts): the pair kept in one order, a person's repeated verdict replacing
// their last, the filters, one order of listing, and so the same leaderboard. On PostgreSQL, two instances of
// `npm start`'s server share the votes: one given through either is counted by both.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { PreferenceInput, PreferenceStats, StoredPreference } from "../../contract/preferences";
import { preferenceStats } from "../../server/quality/preferenceStats";
import type { PreferenceStore } from "../../server/quality/preferenceStore";
import type { Stores } from "../../server/storage/open";
import { startChildServer, type ChildServer } from "../support/childServer";
import { classServices, freshDatabase, titled } from "../support/classServices";
import { storeBackends, type StoreBackend } from "../support/storeBackends";
import { tempCorpus } from "../support/server";

const services = await classServices();

const verdict = (extra: Partial<PreferenceInput> = {}): PreferenceInput => ({
  person: "Ana",
  runId: "r1",
  suiteId: "s",
  caseId: "c1",
  temperature: 0.7,
  run: 1,
  a: "x:b",
  b: "x:a",
  choice: "a",
  ...extra,
});

/** The same verdicts, in the same order, for every backend: three models, three people, two suites, one re-judged. */
const SCRIPT: PreferenceInput[] = [
  verdict({}),
  verdict({ person: "Dan", choice: "b" }),
  verdict({ person: "Ion", a: "x:a", b: "x:c", choice: "a" }),
  verdict({ caseId: "c2", a: "x:c", b: "x:b", choice: "tie" }),
  verdict({ person: "Dan", caseId: "c2", a: "x:b", b: "x:c", choice: "a" }),
  verdict({ person: "Ion", caseId: "c3", runId: "r2", a: "x:a", b: "x:b", choice: "b" }),
  verdict({ suiteId: "altă", runId: "r3", caseId: "k", a: "x:a", b: "x:c", choice: "b" }),
  // Ana changes her mind on c1, seeing the pair the other way round.
  verdict({ a: "x:a", b: "x:b", choice: "a" }),
];

// Each test writes under a run of its own: a run belongs to one suite, and the key of a verdict names the run.
const backends = storeBackends(services, { role: "cli" });

async function play(store: PreferenceStore, script: readonly PreferenceInput[]): Promise<StoredPreference[]> {
  const stored: StoredPreference[] = [];
  for (const input of script) stored.push(await store.add(input));
  return stored;
}

for (const { name, make, skip } of backends) {
  describe.skipIf(skip)(titled(`the preference store on ${name}`, services, skip), () => {
    let backend: StoreBackend;
    let stores: Stores;
    let another: Stores | undefined;
    beforeAll(async () => {
      backend = make();
      stores = await backend.open();
    });
    afterEach(() => vi.useRealTimers());
    afterAll(async () => {
      await another?.close();
      await stores?.close();
      await backend?.cleanup();
    });

    it("keeps the pair in one order, gives back the row as stored, and lists it alike", async () => {
      const stored = await stores.preferences.add(verdict({ suiteId: "one", runId: "one", person: "Eva" }));
      expect(stored).toMatchObject({
        a: "x:a",
        b: "x:b",
        choice: "b",
        temperature: 0.7,
        run: 1,
        caseId: "c1",
      });
      expect(typeof stored.temperature).toBe("number");
      expect(typeof stored.run).toBe("number");
      expect(await stores.preferences.list({ suiteId: "one" })).toEqual([stored]);
    });

    it("replaces a person's verdict on the same pair, whichever side each model was shown on", async () => {
      // A second between verdicts, so that their order rests on their times.
      vi.useFakeTimers({ toFake: ["Date"], now: new Date("2099-01-01T00:00:00.000Z") });
      const later = () => vi.setSystemTime(Date.now() + 1000);
      const first = await stores.preferences.add(verdict({ suiteId: "again", runId: "again" }));
      later();
      const other = await stores.preferences.add(
        verdict({ suiteId: "again", runId: "again", person: "Dan", choice: "tie" }),
      );
      later();
      const second = await stores.preferences.add(
        verdict({ suiteId: "again", runId: "again", a: "x:a", b: "x:b", choice: "b" }),
      );
      // The row kept is the first one (its id), with the new choice and time.
      expect(second).toMatchObject({ id: first.id, a: "x:a", b: "x:b", choice: "b" });
      expect(second.createdAt > first.createdAt).toBe(true);
      const listed = await stores.preferences.list({ suiteId: "again" });
      expect(listed).toHaveLength(2);
      // The re-judged verdict is now the newest.
      expect(listed.map((p) => p.id)).toEqual([other.id, first.id]);
      expect(listed[1]).toEqual(second);
      // Another run, case, temperature or repeat is another pair.
      for (const change of [{ runId: "r9" }, { caseId: "c9" }, { temperature: 1 }, { run: 2 }]) {
        await stores.preferences.add(verdict({ suiteId: "again", runId: "again", ...change }));
      }
      expect(await stores.preferences.list({ suiteId: "again", person: "Ana" })).toHaveLength(5);
    });

    it("filters by suite, run and person, each alone and together", async () => {
      await play(stores.preferences, SCRIPT);
      const count = async (q: Parameters<PreferenceStore["list"]>[0]) =>
        (await stores.preferences.list(q)).length;
      expect(await count({ suiteId: "s" })).toBe(6);
      expect(await count({ suiteId: "altă" })).toBe(1);
      expect(await count({ runId: "r1" })).toBe(5);
      expect(await count({ suiteId: "s", runId: "r2" })).toBe(1);
      expect(await count({ suiteId: "s", person: "Ana" })).toBe(2);
      expect(await count({ suiteId: "s", runId: "r1", person: "Dan" })).toBe(2);
      expect(await count({ person: "Nimeni" })).toBe(0);
      const all = await stores.preferences.list();
      expect(all.length).toBeGreaterThanOrEqual(7);
      expect(all.map((p) => p.createdAt)).toEqual([...all.map((p) => p.createdAt)].sort());
    });

    it("lists verdicts of the same millisecond in the order they were first stored", async () => {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date("2098-06-01T00:00:00.000Z") });
      const people = ["Zoe", "Bob", "Mara", "Al"];
      const add = (person: string, choice: "a" | "b" = "a") =>
        stores.preferences.add(verdict({ suiteId: "same-ms", runId: "same-ms", person, choice }));
      for (const person of people) await add(person);
      // Zoe changes her mind within the same millisecond: her verdict keeps its place.
      await add("Zoe", "b");
      const filtered = await stores.preferences.list({ suiteId: "same-ms" });
      const unfiltered = (await stores.preferences.list()).filter((p) => p.runId === "same-ms");
      for (const listed of [filtered, unfiltered]) {
        expect(listed.map((p) => p.person)).toEqual(people);
        expect(listed[0]).toMatchObject({ person: "Zoe", choice: "a" }); // normalised: the pair was shown b, a
        expect(new Set(listed.map((p) => p.createdAt)).size).toBe(1);
      }
    });

    it("shares the verdicts with another instance on the same data", async () => {
      another = await backend.openAnother();
      const given = await another.preferences.add(
        verdict({ suiteId: "shared", runId: "shared", person: "Vlad" }),
      );
      expect(await stores.preferences.list({ suiteId: "shared" })).toEqual([given]);
      await stores.preferences.add(
        verdict({ suiteId: "shared", runId: "shared", person: "Vlad", choice: "tie" }),
      );
      expect(await another.preferences.list({ suiteId: "shared" })).toMatchObject([
        { id: given.id, choice: "tie" },
      ]);
    });
  });
}

describe.skipIf(!services.databaseUrl)(
  titled("the same leaderboard from SQLite and PostgreSQL", services, !services.databaseUrl),
  () => {
    const made = backends.map((b) => b.make());
    const opened: Stores[] = [];
    afterAll(async () => {
      for (const stores of opened) await stores.close();
      for (const backend of made) await backend.cleanup();
    });

    it("lists the same verdicts in the same order and ranks the models alike", async () => {
      const results: { listed: unknown[]; stats: PreferenceStats }[] = [];
      for (const backend of made) {
        const stores = await backend.open();
        opened.push(stores);
        // One frozen millisecond: the order then rests on insertion alone, which both must keep.
        vi.useFakeTimers({ toFake: ["Date"], now: new Date("2099-01-01T00:00:00.000Z") });
        try {
          await play(stores.preferences, SCRIPT);
        } finally {
          vi.useRealTimers();
        }
        const listed = await stores.preferences.list({ suiteId: "s" });
        results.push({
          listed: listed.map(({ id: _id, ...rest }) => rest),
          stats: preferenceStats(listed, "Dan"),
        });
      }
      const [sqlite, postgres] = results as [(typeof results)[0], (typeof results)[0]];
      expect(sqlite.listed).toHaveLength(6);
      expect(postgres.listed).toEqual(sqlite.listed);
      expect(postgres.stats).toEqual(sqlite.stats);
      expect(sqlite.stats).toMatchObject({ comparisons: 6, people: 3 });
      expect(sqlite.stats.models.map((m) => m.model)).toHaveLength(3);
    });
  },
);

describe.skipIf(!services.databaseUrl)(
  titled("two instances on PostgreSQL count each other's preferences", services, !services.databaseUrl),
  () => {
    const dir = tempCorpus();
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    const servers: ChildServer[] = [];

    beforeAll(async () => {
      database = await freshDatabase(services.databaseUrl!);
      // The first builds the corpus index; then both run on it. Each has a DATA_DIR of its own, as on two machines,
      // so that only the database can carry a vote from one to the other.
      for (const data of ["data-a", "data-b"]) {
        servers.push(
          await startChildServer(dir, { DATABASE_URL: database.url, DATA_DIR: path.join(dir, data) }),
        );
      }
    }, 180_000);
    afterAll(async () => {
      for (const server of servers) await server.kill();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    const post = (url: string, body: PreferenceInput) =>
      fetch(`${url}/api/compare/preferences`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const stats = async (url: string, person: string) =>
      (await (
        await fetch(`${url}/api/compare/preferences?suite=s&person=${person}`)
      ).json()) as PreferenceStats;

    it("shows a vote given through one instance in the other's list and leaderboard", async () => {
      const [a, b] = servers as [ChildServer, ChildServer];
      expect((await post(a.url, verdict({ person: "Ana", choice: "b" }))).status).toBe(201);
      expect((await post(b.url, verdict({ person: "Dan", choice: "b" }))).status).toBe(201);
      for (const server of [a, b]) {
        const seen = await stats(server.url, "Ana");
        expect(seen).toMatchObject({ comparisons: 2, people: 2 });
        expect(seen.mine).toEqual([{ caseId: "c1", temperature: 0.7, run: 1, a: "x:a", b: "x:b" }]);
        expect(seen.models[0]).toMatchObject({ model: "x:a", wins: 2, losses: 0 });
      }
      // Ana changes her mind through the other instance: her verdict is replaced, not added, on both.
      expect((await post(b.url, verdict({ person: "Ana", choice: "a" }))).status).toBe(201);
      for (const server of [a, b]) {
        const seen = await stats(server.url, "Dan");
        expect(seen).toMatchObject({ comparisons: 2, people: 2 });
        expect(seen.models.find((m) => m.model === "x:b")).toMatchObject({ wins: 1, losses: 1 });
      }
    });
  },
);
