// The comparisons' store behaves the same on SQLite (the default) and on PostgreSQL (DATABASE_URL), opened the way the
// server opens it (server/storage/open.ts): a run and its answers as they come, only while its owner has it; a stop
// asked through the store reaching the owner; the end stored once; runs whose owner went silent interrupted with
// their answers; each user's newest runs kept and never a running one deleted; another instance seeing all of it;
// the list of past runs (newest first, one user's or everyone's, in pages, summaries only), one run deleted, and a
// person's verdict set on one answer and cleared.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompareResults } from "../../contract/compare";
import type { ResultRow } from "../../server/compare/runner";
import type { NewCompareRun, StoredRequest } from "../../server/compare/runStore";
import type { Stores } from "../../server/storage/open";
import { classServices, titled } from "../support/classServices";
import { storeBackends, type StoreBackend } from "../support/storeBackends";

const services = await classServices();

const REQUEST: StoredRequest = {
  suite: {
    id: "mic",
    name: "Mică",
    defaults: {},
    cases: [
      { id: "c1", criterion: "romana", kind: "prompt", prompt: "Ce?", assert: [], repeat: 1 },
      { id: "c2", criterion: "romana", kind: "prompt", prompt: "Cum?", assert: [], repeat: 1 },
    ],
  } as unknown as StoredRequest["suite"],
  models: ["offline:extractive", "x:y"],
  runs: 1,
  temperatures: [0, 0.7],
  concurrency: 1,
  timeoutMs: 1000,
};

const T0 = "2099-01-01T00:00:00.000Z";
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

function newRun(id: string, extra: Partial<NewCompareRun> = {}): NewCompareRun {
  return { id, userId: "ana", owner: "inst-a", total: 8, request: REQUEST, now: T0, ...extra };
}

function row(caseId: string, model: string, temperature: number, text = `${caseId} ${model}`): ResultRow {
  return {
    caseId,
    criterion: "romana",
    kind: "prompt",
    model,
    temperature,
    run: 1,
    status: "ok",
    pass: true,
    score: 0.75,
    text,
    annotation: null,
    latencyMs: 12.5,
    ttftMs: 3.25,
    inputTokens: 10,
    outputTokens: 5,
    costUsd: null,
    finishReason: "stop",
    refused: false,
    jsonValid: null,
    assertions: [{ type: "language", pass: true, score: 1, reason: "română" }],
    error: null,
    grounding: { score: 1, invalidCitations: [], unsupported: [], claims: 1, method: "lexical" },
  } as ResultRow;
}

const RESULTS = { version: 1, interrupted: false, models: [] } as unknown as CompareResults;

const backends = storeBackends(services, { role: "cli" });

for (const { name, make, skip } of backends) {
  describe.skipIf(skip)(titled(`the comparison store on ${name}`, services, skip), () => {
    let backend: StoreBackend;
    let stores: Stores;
    let another: Stores;
    beforeAll(async () => {
      backend = make();
      stores = await backend.open();
      another = await backend.openAnother();
    });
    afterAll(async () => {
      await another?.close();
      await stores?.close();
      await backend?.cleanup();
    });

    it("stores a run running and its answers in order, whole, while its owner has it", async () => {
      const created = await stores.compareRuns.create(newRun("r-rows"));
      expect(created).toMatchObject({
        id: "r-rows",
        userId: "ana",
        status: "running",
        done: 0,
        total: 8,
        owner: "inst-a",
        heartbeatAt: T0,
        cancelRequested: false,
        results: null,
        error: null,
        finishedAt: null,
      });
      expect(created.request).toEqual(REQUEST);
      const first = [row("c2", "x:y", 0.7), row("c1", "x:y", 0)];
      expect(await stores.compareRuns.addRows("r-rows", "inst-a", 0, first, 2, at(1))).toEqual({
        cancelRequested: false,
      });
      // A write retried after a failure stores nothing twice.
      await stores.compareRuns.addRows("r-rows", "inst-a", 0, first, 2, at(1));
      await stores.compareRuns.addRows("r-rows", "inst-a", 2, [row("c1", "offline:extractive", 0)], 3, at(2));
      // Another instance writing into a run it does not own is refused, and nothing goes in.
      expect(
        await stores.compareRuns.addRows("r-rows", "inst-b", 3, [row("c9", "z", 0)], 4, at(3)),
      ).toBeNull();
      const rows = await another.compareRuns.listRows("r-rows");
      expect(rows).toEqual([...first, row("c1", "offline:extractive", 0)]);
      expect(typeof rows[0]!.temperature).toBe("number");
      expect(await another.compareRuns.get("r-rows")).toMatchObject({ done: 3, heartbeatAt: at(2) });
      expect(await stores.compareRuns.listRows("nu-exista")).toEqual([]);
      expect(await stores.compareRuns.get("nu-exista")).toBeNull();
    });

    it("passes a stop asked through another instance to the owner's next write and heartbeat", async () => {
      await stores.compareRuns.create(newRun("r-stop"));
      expect(await stores.compareRuns.beat("inst-a", at(1))).toContainEqual({
        id: "r-stop",
        cancelRequested: false,
      });
      const asked = await another.compareRuns.requestCancel("r-stop");
      expect(asked).toMatchObject({ status: "running", cancelRequested: true });
      expect(await stores.compareRuns.beat("inst-a", at(2))).toContainEqual({
        id: "r-stop",
        cancelRequested: true,
      });
      expect(
        await stores.compareRuns.addRows("r-stop", "inst-a", 0, [row("c1", "x:y", 0)], 1, at(3)),
      ).toEqual({
        cancelRequested: true,
      });
      expect(await stores.compareRuns.beat("inst-b", at(2))).toEqual([]);
      expect(await another.compareRuns.requestCancel("nu-exista")).toBeNull();
    });

    it("stores a run's end once, only by its owner: done with figures, or failed with the error", async () => {
      await stores.compareRuns.create(newRun("r-done"));
      await stores.compareRuns.create(newRun("r-error"));
      const done = { status: "done", results: RESULTS, done: 8 } as const;
      expect(await stores.compareRuns.finish("r-done", "inst-b", done, at(5))).toBe(false);
      expect(await stores.compareRuns.finish("r-done", "inst-a", done, at(5))).toBe(true);
      expect(await stores.compareRuns.finish("r-done", "inst-a", { status: "interrupted" }, at(6))).toBe(
        false,
      );
      expect(await another.compareRuns.get("r-done")).toMatchObject({
        status: "done",
        done: 8,
        results: RESULTS,
        finishedAt: at(5),
        owner: null,
        heartbeatAt: null,
      });
      const error = { code: "internal", message: "Eroare internă." };
      await stores.compareRuns.finish("r-error", "inst-a", { status: "error", error }, at(5));
      expect(await another.compareRuns.get("r-error")).toMatchObject({
        status: "error",
        error,
        results: null,
      });
      // A finished run is no longer beaten nor written into.
      expect((await stores.compareRuns.beat("inst-a", at(7))).map((r) => r.id)).not.toContain("r-done");
      expect(
        await stores.compareRuns.addRows("r-done", "inst-a", 0, [row("c1", "x:y", 0)], 1, at(7)),
      ).toBeNull();
    });

    it("interrupts the runs whose owner went silent, keeping their answers, and leaves the others", async () => {
      await stores.compareRuns.create(newRun("r-stale", { now: at(10) }));
      await stores.compareRuns.addRows("r-stale", "inst-a", 0, [row("c1", "x:y", 0)], 1, at(11));
      await another.compareRuns.create(newRun("r-alive", { owner: "inst-b", now: at(10) }));
      await another.compareRuns.beat("inst-b", at(30));
      await stores.compareRuns.create(newRun("r-one", { now: at(10) }));
      // One run only: the others stay as they are.
      expect(await another.compareRuns.interruptStale(at(20), at(40), "r-one")).toBe(1);
      expect(await another.compareRuns.get("r-stale")).toMatchObject({ status: "running" });
      expect(await another.compareRuns.interruptStale(at(20), at(40))).toBeGreaterThanOrEqual(1);
      expect(await another.compareRuns.get("r-stale")).toMatchObject({
        status: "interrupted",
        done: 1,
        owner: null,
        finishedAt: at(11),
      });
      expect(await another.compareRuns.listRows("r-stale")).toEqual([row("c1", "x:y", 0)]);
      expect(await another.compareRuns.get("r-alive")).toMatchObject({ status: "running", owner: "inst-b" });
      // The silent owner's late writes and end are refused.
      expect(
        await stores.compareRuns.addRows("r-stale", "inst-a", 1, [row("c2", "x:y", 0)], 2, at(41)),
      ).toBeNull();
      expect(await stores.compareRuns.finish("r-stale", "inst-a", { status: "interrupted" }, at(41))).toBe(
        false,
      );
    });

    it("keeps each user's newest runs, deleting older ones with their answers but never a running one", async () => {
      const ids = ["k1", "k2", "k3", "k4", "k5"];
      for (const [i, id] of ids.entries()) {
        await stores.compareRuns.create(newRun(id, { userId: "ion", now: at(100 + i) }));
        await stores.compareRuns.addRows(id, "inst-a", 0, [row("c1", "x:y", 0)], 1, at(100 + i));
        // k2 is still running; the others are done.
        if (id !== "k2")
          await stores.compareRuns.finish(
            id,
            "inst-a",
            { status: "done", results: RESULTS, done: 1 },
            at(200),
          );
      }
      await stores.compareRuns.create(newRun("other-user", { userId: "dan", now: at(50) }));
      expect(await another.compareRuns.prune("ion", 2)).toBe(2);
      for (const id of ["k1", "k3"]) {
        expect(await stores.compareRuns.get(id)).toBeNull();
        expect(await stores.compareRuns.listRows(id)).toEqual([]);
      }
      for (const id of ["k2", "k4", "k5", "other-user"])
        expect(await stores.compareRuns.get(id)).not.toBeNull();
      expect(await stores.compareRuns.listRows("k4")).toHaveLength(1);
      expect(await another.compareRuns.prune("ion", 2)).toBe(0);
    });

    it("lists runs newest first as summaries, one user's or everyone's, in pages after a run", async () => {
      const list = stores.compareRuns;
      const suite = { ...REQUEST.suite, id: "istoric", name: "Istoric", nameEn: "History" };
      const request = { ...REQUEST, suite } as StoredRequest;
      // Three of "eva"'s runs, a second apart (h2 and h2b at the same instant), and one of "teo"'s.
      for (const [id, user, second] of [
        ["h1", "eva", 300],
        ["h2", "eva", 301],
        ["h2b", "eva", 301],
        ["h3", "eva", 302],
        ["t1", "teo", 303],
      ] as const) {
        await list.create(newRun(id, { userId: user, now: at(second), request }));
      }
      const ranked = {
        ...RESULTS,
        recommendation: {
          primary: "x:y",
          fallback: null,
          temperature: 0,
          why: "",
          reasons: [],
          rule: "",
          ranking: [
            { model: "x:y", passRate: 0.75 },
            { model: "offline:extractive", passRate: 0.5 },
          ],
        },
      } as unknown as CompareResults;
      await list.finish("h1", "inst-a", { status: "done", results: ranked, done: 8 }, at(310));
      await list.finish(
        "h2",
        "inst-a",
        { status: "done", results: { ...RESULTS, interrupted: true }, done: 3 },
        at(311),
      );
      await list.finish(
        "h2b",
        "inst-a",
        { status: "error", error: { code: "internal", message: "x" } },
        at(311),
      );

      const eva = await another.compareRuns.list({ userId: "eva", limit: 10 });
      expect(eva.map((r) => r.id)).toEqual(["h3", "h2b", "h2", "h1"]);
      expect(eva[3]).toEqual({
        id: "h1",
        userId: "eva",
        status: "done",
        done: 8,
        total: 8,
        createdAt: at(300),
        finishedAt: at(310),
        suite: { id: "istoric", name: "Istoric", nameEn: "History", cases: 2 },
        models: ["offline:extractive", "x:y"],
        runs: 1,
        temperatures: [0, 0.7],
        stopped: false,
        best: { model: "x:y", passRate: 0.75 },
      });
      expect(eva[0]).toMatchObject({
        status: "running",
        done: 0,
        finishedAt: null,
        best: null,
        stopped: false,
      });
      expect(eva[2]).toMatchObject({ status: "done", stopped: true, best: null, done: 3 });
      expect(eva[1]).toMatchObject({ status: "error", best: null });
      // Everyone's (an admin's list) holds teo's too, with whose each is.
      const all = await list.list({ limit: 100 });
      expect(all[0]).toMatchObject({ id: "t1", userId: "teo" });
      expect(all.map((r) => r.id)).toEqual(expect.arrayContaining(["h1", "h2", "h2b", "h3", "t1"]));
      // Pages: two, then the two after the last one of the first (ties at one instant kept in order), then none.
      const first = await list.list({ userId: "eva", limit: 2 });
      expect(first.map((r) => r.id)).toEqual(["h3", "h2b"]);
      const place = (run: { id: string; createdAt: string }) => ({ createdAt: run.createdAt, id: run.id });
      const second = await list.list({ userId: "eva", limit: 2, before: place(first[1]!) });
      expect(second.map((r) => r.id)).toEqual(["h2", "h1"]);
      expect(await list.list({ userId: "eva", limit: 2, before: place(second[1]!) })).toEqual([]);
      // The place of a run deleted since still marks where the next page starts.
      await list.remove("h2b");
      expect(
        (await list.list({ userId: "eva", limit: 2, before: place(first[1]!) })).map((r) => r.id),
      ).toEqual(["h2", "h1"]);
      expect(await list.list({ userId: "nimeni", limit: 2 })).toEqual([]);
    });

    it("deletes a finished run with its answers, never a running one", async () => {
      await stores.compareRuns.create(newRun("del-done", { userId: "vlad" }));
      await stores.compareRuns.addRows("del-done", "inst-a", 0, [row("c1", "x:y", 0)], 1, at(1));
      await stores.compareRuns.finish("del-done", "inst-a", { status: "interrupted" }, at(2));
      await stores.compareRuns.create(newRun("del-running", { userId: "vlad" }));
      await stores.compareRuns.addRows("del-running", "inst-a", 0, [row("c1", "x:y", 0)], 1, at(1));
      expect(await another.compareRuns.remove("del-running")).toBe(false);
      expect(await stores.compareRuns.get("del-running")).not.toBeNull();
      expect(await stores.compareRuns.listRows("del-running")).toHaveLength(1);
      expect(await another.compareRuns.remove("del-done")).toBe(true);
      expect(await stores.compareRuns.get("del-done")).toBeNull();
      expect(await stores.compareRuns.listRows("del-done")).toEqual([]);
      expect((await stores.compareRuns.list({ userId: "vlad", limit: 5 })).map((r) => r.id)).toEqual([
        "del-running",
      ]);
      expect(await another.compareRuns.remove("del-done")).toBe(false);
    });

    it("sets a person's verdict on one answer, read by another instance, changed, then cleared; others untouched", async () => {
      await stores.compareRuns.create(newRun("r-human"));
      const answers = [
        row("c1", "x:y", 0),
        row("c1", "x:y", 0.7),
        row("c2", "x:y", 0),
        row("c1", "offline:extractive", 0),
      ];
      await stores.compareRuns.addRows("r-human", "inst-a", 0, answers, 4, at(1));
      await stores.compareRuns.finish("r-human", "inst-a", { status: "interrupted" }, at(2));
      const key = { caseId: "c1", model: "x:y", temperature: 0.7, run: 1 };
      const fail = {
        verdict: "fail",
        comment: "Inventează o dată: „14 martie”.",
        by: "Ana",
        at: at(3),
      } as const;
      const marked = await stores.compareRuns.setHumanVerdict("r-human", key, fail);
      expect(marked).toEqual({ ...answers[1], human: fail });
      expect(await another.compareRuns.listRows("r-human")).toEqual([
        answers[0],
        { ...answers[1], human: fail },
        answers[2],
        answers[3],
      ]);
      // Changed: the new verdict replaces the old one whole (no comment left behind).
      const pass = { verdict: "pass", by: "Ion", at: at(4) } as const;
      await another.compareRuns.setHumanVerdict("r-human", key, pass);
      expect((await stores.compareRuns.listRows("r-human"))[1]).toEqual({ ...answers[1], human: pass });
      // Cleared: the answer as it was stored.
      expect(await stores.compareRuns.setHumanVerdict("r-human", key, null)).toEqual(answers[1]);
      expect(await another.compareRuns.listRows("r-human")).toEqual(answers);
      // An answer the run does not have, or a run that does not exist: nothing to set.
      for (const [id, other] of [
        ["r-human", { ...key, temperature: 0.5 }],
        ["r-human", { ...key, run: 2 }],
        ["r-human", { ...key, caseId: "c9" }],
        ["r-human", { ...key, model: "offline:lexicon" }],
        ["nu-exista", key],
      ] as const) {
        expect(await stores.compareRuns.setHumanVerdict(id, other, fail)).toBeNull();
      }
      expect(await stores.compareRuns.listRows("r-human")).toEqual(answers);
    });
  });
}
