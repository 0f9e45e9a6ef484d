// Labelling a data set before any model has run, against the real app (AUTH=users, two accounts, SQLite): the data
// set's own row and queue routes answer only those who may read it, the queue gives the review sample first and then
// the rest in order, skipping what this person labelled, and the labels saved so are counted by a later run's
// agreement like labels saved inside a run.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgreementReport, ItemDetail, Job, QueueResponse } from "../../contract/workbench";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { seededSample } from "../../server/workbench/datasets/sample";
import { startTestServer, type TestServer } from "../support/server";
import { errorCode, HttpSession } from "../support/session";

const PASSWORDS = { ana: "parola-ana-1", ion: "parola-ion-1" } as const;
const WB = "/api/workbench";

let server: TestServer;
let ana: HttpSession;
let ion: HttpSession;
let datasetId: string;

beforeAll(async () => {
  server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
  const store = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
  for (const [username, password] of Object.entries(PASSWORDS))
    await store.addUser({ username, role: "member", passwordHash: await hashPassword(password) });
  await store.close();
  ana = new HttpSession(server.url, "198.51.100.71", "ro");
  ion = new HttpSession(server.url, "198.51.100.72", "en");
  expect((await ana.login({ username: "ana", password: PASSWORDS.ana })).status).toBe(200);
  expect((await ion.login({ username: "ion", password: PASSWORDS.ion })).status).toBe(200);
  const created = await ana.post(`${WB}/datasets/from-corpus`, {
    name: "Etichete întâi",
    sample: { size: 6, seed: 1 },
  });
  expect(created.status).toBe(201);
  datasetId = (created.body as { dataset: { id: string } }).dataset.id;
  // A sample of two of the six rows, so that the queue has both a sample and a rest.
  const sampled = await ana.request("PUT", `${WB}/datasets/${datasetId}/review-sample`, { size: 2, seed: 3 });
  expect(sampled.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

const queue = async (who: HttpSession, query = "") =>
  (await who.get(`${WB}/datasets/${datasetId}/queue?annotator=x${query}`)).body as QueueResponse;
const label = (who: HttpSession, idx: number, ton: string) =>
  who.request("PUT", `${WB}/datasets/${datasetId}/items/${idx}/labels?blind=1`, {
    annotator: "x",
    labels: { ton, populism: false },
  });

describe("labelling a data set before any run", () => {
  const sample = seededSample(6, 2, 3);
  const rest = [0, 1, 2, 3, 4, 5].filter((i) => !sample.includes(i));

  it("is not found for another member until the data set is shared", async () => {
    for (const route of ["items/0", "queue?annotator=ion"]) {
      const hidden = await ion.get(`${WB}/datasets/${datasetId}/${route}`);
      expect(hidden.status).toBe(404);
      expect(errorCode(hidden)).toBe("dataset:not_found");
    }
    expect((await ana.get(`${WB}/datasets/${datasetId}/items/99`)).status).toBe(404);
    expect((await ana.get(`${WB}/datasets/${datasetId}/queue`)).status).toBe(400);
  });

  it("queues the sample first, then the rest in order, and skips what this person labelled", async () => {
    const first = await queue(ana);
    expect(first.runId).toBeNull();
    expect(first.items.map((e) => e.idx)).toEqual([...sample, ...rest]);
    expect(first.items.map((e) => e.reasons[0])).toEqual([
      ...sample.map(() => "sample"),
      ...rest.map(() => "rest"),
    ]);
    expect(first).toMatchObject({ total: 6, remaining: 6, annotator: "ana" });
    // A page at a time: the cursor goes on from the sample into the rest.
    const page = await queue(ana, "&limit=3");
    expect(page.items.map((e) => e.idx)).toEqual([...sample, rest[0]]);
    const next = await queue(ana, `&limit=3&after=${rest[0]}`);
    expect(next.items.map((e) => e.idx)).toEqual(rest.slice(1, 4));
    expect((await queue(ana, "&mode=sample")).items.map((e) => e.idx)).toEqual(sample);

    expect((await label(ana, sample[0]!, "negativ")).status).toBe(200);
    expect((await label(ana, rest[0]!, "neutru")).status).toBe(200);
    const after = await queue(ana);
    expect(after.items.map((e) => e.idx)).toEqual([sample[1], ...rest.slice(1)]);
    expect(after).toMatchObject({ total: 6, remaining: 4 });
  });

  it("gives a whole row without models, other people's labels withheld until this person saved", async () => {
    expect((await ana.request("PUT", `${WB}/datasets/${datasetId}/shared`, { shared: true })).status).toBe(
      200,
    );
    const blind = (await ion.get(`${WB}/datasets/${datasetId}/items/${sample[0]}?annotator=ion&blind=1`))
      .body as ItemDetail;
    expect(blind).toMatchObject({
      runId: null,
      datasetId,
      idx: sample[0],
      withheld: true,
      labels: null,
      mine: null,
    });
    expect(blind.text.length).toBeGreaterThan(0);
    expect(blind.flags).toMatchObject({
      inSample: true,
      reviewers: ["ana"],
      modelsDisagree: [],
      priority: 0,
    });
    expect((await label(ion, sample[0]!, "negativ")).status).toBe(200);
    expect((await label(ion, rest[0]!, "negativ")).status).toBe(200);
    const seen = (await ion.get(`${WB}/datasets/${datasetId}/items/${sample[0]}?annotator=ion&blind=1`))
      .body as ItemDetail;
    expect(seen.withheld).toBe(false);
    expect(seen.annotations).toEqual([]);
    expect(seen.mine?.annotator).toBe("ion");
    expect(seen.labels?.map((l) => l.annotator)).toEqual(["ana"]);
    expect((await ion.get(`${WB}/datasets/${datasetId}/queue?annotator=ion`)).status).toBe(200);
  });

  it("counts the labels saved before any run in a later run's agreement", async () => {
    const started = await ana.post(`${WB}/runs`, { datasetId, models: ["offline:lexicon"] });
    expect(started.status).toBe(202);
    const runId = (started.body as { run: { id: string } }).run.id;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const job = ((await ana.get(`${WB}/runs/${runId}`)).body as { job: Job }).job;
      if (job.status === "done") break;
      expect(job.status === "failed" || Date.now() > deadline).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const report = (await ana.get(`${WB}/runs/${runId}/agreement?resamples=20`)).body as AgreementReport;
    expect(report.n).toBe(2);
    expect(report.coders.map((c) => c.key)).toEqual(expect.arrayContaining(["human:ana", "human:ion"]));
    const ton = report.fields.find((f) => f.field === "ton")!;
    const people = ton.pairs.find((p) => p.kind === "human-human")!;
    expect(people.n).toBe(2);
    expect(people.observed).toBeCloseTo(1 / 2, 5);
    expect(ton.pairs.filter((p) => p.kind === "human-model").every((p) => p.n === 2)).toBe(true);
    // Inside the run, the same rows show as reviewed by both.
    const item = (await ana.get(`${WB}/runs/${runId}/items/${sample[0]}?annotator=ana`)).body as ItemDetail;
    expect(item.runId).toBe(runId);
    expect(item.flags.reviewers.sort()).toEqual(["ana", "ion"]);
    expect(item.mine?.labels.ton).toBe("negativ");
  }, 30_000);
});
