// "Sar peste" / "Nu sunt sigur(ă)" against the real app (AUTH=users, SQLite): a person skips a row with no labels
// (200, where it was 400 "at least one field"; a stale expectedUpdatedAt is refused as for any save) and marks another
// unsure; the skipped row leaves their queue, the class's progress counts both apart, a run's agreement leaves the
// skipped row out, and the CSV export carries each person's status.
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DatasetProgressSchema,
  type AgreementReport,
  type HumanReviewLabel,
  type Job,
  type QueueResponse,
} from "../../contract/workbench";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { startTestServer, type TestServer } from "../support/server";
import { HttpSession } from "../support/session";

const WB = "/api/workbench";

let server: TestServer;
let ana: HttpSession;
let datasetId: string;

beforeAll(async () => {
  server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
  const store = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
  await store.addUser({ username: "ana", role: "member", passwordHash: await hashPassword("parola-ana-1") });
  await store.close();
  ana = new HttpSession(server.url, "198.51.100.81", "ro");
  expect((await ana.login({ username: "ana", password: "parola-ana-1" })).status).toBe(200);
  const created = await ana.post(`${WB}/datasets/from-corpus`, {
    name: "Sar peste",
    sample: { size: 6, seed: 1 },
  });
  expect(created.status).toBe(201);
  datasetId = (created.body as { dataset: { id: string } }).dataset.id;
}, 60_000);

afterAll(async () => {
  await server?.close();
});

const save = (idx: number, body: Record<string, unknown>) =>
  ana.request("PUT", `${WB}/datasets/${datasetId}/items/${idx}/labels`, { annotator: "ana", ...body });
const queue = async () =>
  (await ana.get(`${WB}/datasets/${datasetId}/queue?annotator=ana&limit=50`)).body as QueueResponse;

describe("skipping a row or marking it unsure", () => {
  it("saves a skip with no labels, leaves the row out of the queue and counts it in the progress", async () => {
    const before = await queue();
    const first = before.items[0]!.idx;
    const second = before.items[1]!.idx;
    const skipped = await save(first, { status: "skipped" });
    expect(skipped.status).toBe(200);
    expect(skipped.body as HumanReviewLabel).toMatchObject({ status: "skipped", labels: {} });
    // A skip says which version it read, like any save: one made against a page that read no label is refused.
    const stale = await save(first, { status: "skipped", expectedUpdatedAt: null });
    expect(stale.status).toBe(409);
    expect((stale.body as { error: { code: string } }).error.code).toBe("label:conflict");
    const current = (skipped.body as HumanReviewLabel).updatedAt;
    expect((await save(first, { status: "skipped", expectedUpdatedAt: current })).status).toBe(200);
    // Without the status, no labels is still refused.
    expect((await save(second, { labels: {} })).status).toBe(400);
    const unsure = await save(second, { labels: { ton: "negativ" }, status: "unsure" });
    expect(unsure.status).toBe(200);
    expect(unsure.body as HumanReviewLabel).toMatchObject({ status: "unsure", labels: { ton: "negativ" } });
    expect((await save(before.items[2]!.idx, { labels: { ton: "negativ" } })).status).toBe(200);
    const after = await queue();
    expect(after.items.map((e) => e.idx)).not.toContain(first);
    expect(after.remaining).toBe(before.remaining - 3);
    const progress = DatasetProgressSchema.parse(
      (await ana.get(`${WB}/datasets/${datasetId}/progress`)).body,
    );
    expect(progress.annotators).toEqual([
      expect.objectContaining({ annotator: "ana", labelled: 2, skipped: 1, unsure: 1 }),
    ]);
  });

  it("leaves the skipped row out of a run's agreement, and exports each person's status", async () => {
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
    // Two rows labelled (one of them unsure); the skipped one is no label.
    expect(report.n).toBe(2);
    const res = await fetch(`${server.url}${WB}/runs/${runId}/export?format=csv`, {
      headers: { cookie: ana.cookie!, "x-forwarded-for": ana.ip },
    });
    expect(res.status).toBe(200);
    const rows = parse(Buffer.from(await res.arrayBuffer()).toString("utf8"), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toContain("human_ana_status");
    expect(rows.map((r) => r.human_ana_status).sort()).toEqual(["", "", "", "labelled", "skipped", "unsure"]);
    const skipped = rows.find((r) => r.human_ana_status === "skipped")!;
    expect(skipped.human_ana_ton).toBe("");
  }, 30_000);

  it("gives one person's labels with ?annotator= (what 'Etichetele mele' reads), and refuses a name too long", async () => {
    type Labels = { labels: HumanReviewLabel[] };
    const all = (await ana.get(`${WB}/datasets/${datasetId}/labels`)).body as Labels;
    expect(all.labels.length).toBeGreaterThan(0);
    const hers = (await ana.get(`${WB}/datasets/${datasetId}/labels?annotator=ana`)).body as Labels;
    expect(hers.labels).toEqual(all.labels.filter((l) => l.annotator === "ana"));
    const none = (await ana.get(`${WB}/datasets/${datasetId}/labels?annotator=zoe`)).body as Labels;
    expect(none.labels).toEqual([]);
    const long = await ana.get(`${WB}/datasets/${datasetId}/labels?annotator=${"x".repeat(101)}`);
    expect(long.status).toBe(400);
  });
});
