// Blind review as the owner's setting, against the real app (AUTH=users, SQLite): a teacher shares a data set with a
// gold column and a run with the class; a member who has not labelled a row gets neither its gold nor the models' or
// other people's labels from any route (both item routes, the results, the labels, the export), whatever their page
// asks, until they have saved their own; the owner and an admin see everything, and the owner may turn it off.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AgreementReport,
  DatasetResponse,
  DatasetSummary,
  ItemDetail,
  Job,
  LabelsResponse,
  ResultsPage,
  UploadPreview,
} from "../../contract/workbench";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { uploadFile } from "../support/rest";
import { startTestServer, type TestServer } from "../support/server";
import { errorCode, HttpSession } from "../support/session";

const WB = "/api/workbench";
const USERS = {
  prof: { password: "parola-prof-1", role: "member" },
  ana: { password: "parola-ana-1", role: "member" },
  ion: { password: "parola-ion-1", role: "member" },
  dir: { password: "parola-dir-1", role: "admin" },
} as const;
const CSV = [
  "id,text,eticheta",
  "c1,Hoții de la putere ne fură pensiile!,negativ",
  "c2,Bravo pentru noul spital din Sibiu.,pozitiv",
  "c3,Guvernul a anunțat indexarea pensiilor.,neutru",
  "c4,Politicienii sunt niște mincinoși.,negativ",
].join("\n");

let server: TestServer;
const s = {} as Record<keyof typeof USERS, HttpSession>;
let datasetId: string;
let runId: string;

beforeAll(async () => {
  server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
  const auth = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
  for (const [username, { password, role }] of Object.entries(USERS))
    await auth.addUser({ username, role, passwordHash: await hashPassword(password) });
  await auth.close();
  let ip = 80;
  for (const name of Object.keys(USERS) as (keyof typeof USERS)[]) {
    s[name] = new HttpSession(server.url, `198.51.100.${ip++}`, name === "ion" ? "en" : "ro");
    expect((await s[name].login({ username: name, password: USERS[name].password })).status).toBe(200);
  }
  const { prof } = s;
  const uploaded = await uploadFile<UploadPreview>(`${server.url}${WB}/uploads`, "clasa.csv", CSV, {
    cookie: prof.cookie!,
    "x-forwarded-for": prof.ip,
  });
  expect(uploaded.status).toBe(201);
  const created = await prof.post(`${WB}/datasets`, {
    uploadId: uploaded.body.uploadId,
    name: "Clasa: ton",
    mapping: { text: "text", id: "id", gold: [{ field: "ton", column: "eticheta" }] },
    // One row kept apart as the random sample, so that the review's priority queue holds the other three.
    reviewSample: { size: 1, seed: 42 },
  });
  expect(created.status).toBe(201);
  datasetId = (created.body as DatasetResponse).dataset.id;
  expect((await prof.request("PUT", `${WB}/datasets/${datasetId}/shared`, { shared: true })).status).toBe(
    200,
  );
  const started = await prof.post(`${WB}/runs`, { datasetId, models: ["offline:lexicon"] });
  expect(started.status).toBe(202);
  runId = (started.body as { run: { id: string } }).run.id;
  for (let i = 0; ; i++) {
    const job = ((await prof.get(`${WB}/runs/${runId}`)).body as { job: Job }).job;
    if (job.status === "done") break;
    expect(job.status === "failed" || i > 400).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Ana and the teacher label row 0 (Ana with a note on why); nobody labels the others.
  for (const [who, ton] of [
    ["ana", "pozitiv"],
    ["prof", "negativ"],
  ] as const) {
    const saved = await s[who].request("PUT", `${WB}/datasets/${datasetId}/items/0/labels`, {
      annotator: who,
      labels: { ton },
      ...(who === "ana" ? { note: ANA_NOTE } : {}),
    });
    expect(saved.status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
});

/** Ana's note on row 0: as private as her label. */
const ANA_NOTE = "nota Anei: ironie față de primar";

const item = async (who: HttpSession, route: string) => {
  const res = await who.get(`${WB}/${route}`);
  expect(res.status, route).toBe(200);
  return res.body as ItemDetail;
};
const routesOf = (idx: number, query: string) => [
  `runs/${runId}/items/${idx}${query}`,
  `datasets/${datasetId}/items/${idx}${query}`,
];

describe("blind review set by the data set's owner", () => {
  it("is on for a shared data set by default; only its owner (or an admin) turns it off", async () => {
    const seen = async (who: HttpSession) =>
      ((await who.get(`${WB}/datasets/${datasetId}`)).body as DatasetResponse).dataset;
    expect(await seen(s.ion)).toMatchObject({ blindReview: true, blindForViewer: true, canManage: false });
    expect(await seen(s.prof)).toMatchObject({ blindReview: true, blindForViewer: false, canManage: true });
    expect(await seen(s.dir)).toMatchObject({ blindForViewer: false });
    const listed = (await s.ion.get(`${WB}/datasets`)).body as { datasets: DatasetSummary[] };
    expect(listed.datasets.find((d) => d.id === datasetId)).toMatchObject({ blindForViewer: true });

    const route = `${WB}/datasets/${datasetId}/blind-review`;
    const refused = await s.ion.request("PUT", route, { blindReview: false });
    expect(refused.status).toBe(404);
    expect(errorCode(refused)).toBe("dataset:not_found");
    expect(errorCode(await s.prof.request("PUT", route, { blindReview: "nu" }))).toBe("input:invalid");
    expect(await seen(s.ion)).toMatchObject({ blindReview: true });
  });

  it("withholds gold, the models' and other people's labels on both item routes, whatever the page asks", async () => {
    for (const query of ["", "?annotator=ion&blind=1", "?blind=0", "?annotator=ana&blind=0"]) {
      for (const route of routesOf(0, query)) {
        const row = await item(s.ion, route);
        expect(row, route).toMatchObject({
          withheld: true,
          gold: {},
          annotations: null,
          labels: null,
          mine: null,
          adjudication: null,
        });
        expect(row.text.length).toBeGreaterThan(0);
        // Other people's notes wait with their labels.
        expect(JSON.stringify(row)).not.toContain(ANA_NOTE);
        // The gold column is kept as metadata too: its value waits with the gold.
        expect(row.meta).not.toHaveProperty("eticheta");
        expect(row.flags).toMatchObject({ modelsDisagree: [], minConfidence: null, priority: 0 });
      }
    }
    // The owner and an admin see the row whole, the gold included.
    for (const who of [s.prof, s.dir]) {
      const row = await item(who, `runs/${runId}/items/0`);
      expect(row.withheld).toBe(false);
      expect(row.gold).toEqual({ ton: "negativ" });
      expect(row.meta.eticheta).toBeDefined();
      expect(row.annotations?.length).toBeGreaterThan(0);
    }
  });

  it("shows the row whole once the member has saved their label, which is recorded as blind", async () => {
    const saved = await s.ion.request("PUT", `${WB}/datasets/${datasetId}/items/0/labels`, {
      annotator: "altcineva",
      labels: { ton: "neutru" },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ annotator: "ion", blind: true });
    for (const route of routesOf(0, "")) {
      const row = await item(s.ion, route);
      expect(row).toMatchObject({ withheld: false, gold: { ton: "negativ" }, mine: { annotator: "ion" } });
      expect(row.labels?.map((l) => l.annotator).sort()).toEqual(["ana", "prof"]);
      expect(row.labels?.find((l) => l.annotator === "ana")?.note).toBe(ANA_NOTE);
    }
    // Changed after everything was in view, the label is no longer blind.
    const changed = await s.ion.request("PUT", `${WB}/datasets/${datasetId}/items/0/labels`, {
      annotator: "ion",
      labels: { ton: "negativ" },
    });
    expect(changed.body).toMatchObject({ annotator: "ion", blind: false });
  });

  it("gives the member results without gold or model labels for the rows they have not labelled", async () => {
    for (const query of ["", "?blind=0", "?annotator=ana&blind=0", "?q=pensii"]) {
      const page = (await s.ion.get(`${WB}/runs/${runId}/results${query}`)).body as ResultsPage;
      expect(page.rows.length, query).toBeGreaterThan(0);
      for (const row of page.rows) {
        if (row.idx === 0) {
          expect(row.gold).toEqual({ ton: "negativ" });
          expect(row.meta.eticheta).toBeDefined();
          expect(row.annotations?.length).toBeGreaterThan(0);
        } else {
          expect(row.gold, `row ${row.idx}${query}`).toEqual({});
          expect(row.meta).not.toHaveProperty("eticheta");
          expect(row.annotations).toBeNull();
          // What the models said of the row (contested, unsure) waits with their labels.
          expect(row.flags).toMatchObject({
            modelsDisagree: [],
            runsDisagree: [],
            minConfidence: null,
            priority: 0,
          });
        }
      }
    }
    // Nor can the member sort or filter by it; the owner can.
    for (const query of [
      "?sort=priority&order=desc",
      "?sort=confidence",
      "?filter=models_disagree",
      "?filter=low_confidence",
      "?filter=human_model_disagree",
      "?filter=unreviewed,human_model_disagree",
    ]) {
      const refused = await s.ion.get(`${WB}/runs/${runId}/results${query}`);
      expect(refused.status, query).toBe(403);
      expect(errorCode(refused)).toBe("dataset:blind_filter");
      expect((await s.prof.get(`${WB}/runs/${runId}/results${query}`)).status, query).toBe(200);
    }
    const owners = (await s.prof.get(`${WB}/runs/${runId}/results`)).body as ResultsPage;
    expect(owners.rows.some((r) => r.flags.minConfidence !== null)).toBe(true);
    // A filter on a model's label would tell those labels row by row.
    const filtered = await s.ion.get(`${WB}/runs/${runId}/results?label=ton:negativ`);
    expect(filtered.status).toBe(403);
    expect(errorCode(filtered)).toBe("dataset:blind_filter");
    const own = (await s.prof.get(`${WB}/runs/${runId}/results?label=ton:negativ`)).body as ResultsPage;
    expect(own.rows.length).toBeGreaterThan(0);
    const all = (await s.prof.get(`${WB}/runs/${runId}/results`)).body as ResultsPage;
    expect(all.rows.find((r) => r.idx === 1)?.gold).toEqual({ ton: "pozitiv" });
  });

  it("gives the member the review queue in row order, saying nothing of what the models said of a row", async () => {
    type Queue = { runId: string | null; items: { idx: number; priority: number; reasons: string[] }[] };
    const queue = async (who: HttpSession, mode: string) => {
      const res = await who.get(`${WB}/runs/${runId}/queue?annotator=x&mode=${mode}&minConfidence=0.99`);
      expect(res.status).toBe(200);
      return res.body as Queue;
    };
    // The owner's queue puts first what the models are unsure of, and says so.
    const owners = (await queue(s.prof, "priority")).items;
    expect(owners.flatMap((e) => e.reasons)).toContain("low_confidence");
    expect(owners.some((e) => e.priority > 0)).toBe(true);
    // A member's (Ion's, and Ana's, who labelled row 0): the sample first, then the rows in order; no model reasons.
    for (const who of [s.ion, s.ana]) {
      const members = await queue(who, "priority");
      expect(members.runId).toBe(runId);
      const [first, ...rest] = members.items;
      expect(first?.reasons).toEqual(["sample"]);
      expect(rest.map((e) => e.idx)).toEqual([...rest.map((e) => e.idx)].sort((x, y) => x - y));
      expect(rest.length).toBeGreaterThan(0);
      expect(rest.every((e) => e.priority === 0 && e.reasons.join() === "rest")).toBe(true);
      const sample = (await queue(who, "sample")).items;
      expect(sample.length).toBe(1);
      expect(sample.every((e) => e.priority === 0 && e.reasons.join() === "sample")).toBe(true);
    }
  });

  it("keeps an upload its sender's: another account can neither make a data set of it nor remove it", async () => {
    const uploaded = await uploadFile<UploadPreview>(`${server.url}${WB}/uploads`, "ana.csv", CSV, {
      cookie: s.ana.cookie!,
      "x-forwarded-for": s.ana.ip,
    });
    expect(uploaded.status).toBe(201);
    const { uploadId } = uploaded.body;
    const mapping = { text: "text", id: "id" };
    const taken = await s.ion.post(`${WB}/datasets`, { uploadId, name: "Al Anei", mapping });
    expect(taken.status).toBe(404);
    expect(errorCode(taken)).toBe("upload:not_found");
    expect((await s.ion.request("DELETE", `${WB}/uploads/${uploadId}`)).status).toBe(404);
    const own = await s.ana.post(`${WB}/datasets`, { uploadId, name: "Al meu", mapping });
    expect(own.status).toBe(201);
  });

  it("lists the member's own labels only, and no adjudication", async () => {
    expect(
      (
        await s.prof.request("PUT", `${WB}/datasets/${datasetId}/items/0/adjudication`, {
          adjudicator: "prof",
          labels: { ton: "negativ" },
        })
      ).status,
    ).toBe(200);
    const mine = (await s.ion.get(`${WB}/datasets/${datasetId}/labels`)).body as LabelsResponse;
    expect(mine.labels.map((l) => l.annotator)).toEqual(["ion"]);
    expect(mine.adjudications).toEqual([]);
    expect(JSON.stringify(mine)).not.toContain(ANA_NOTE);
    const all = (await s.prof.get(`${WB}/datasets/${datasetId}/labels`)).body as LabelsResponse;
    expect(all.labels.map((l) => l.annotator).sort()).toEqual(["ana", "ion", "prof"]);
    expect(all.adjudications).toHaveLength(1);
  });

  it("refuses the member the export, in their language; the owner and an admin export gold and everyone's labels", async () => {
    for (const format of ["csv", "xlsx", "jsonl"]) {
      const refused = await s.ion.get(`${WB}/runs/${runId}/export?format=${format}`);
      expect(refused.status, format).toBe(403);
      expect(errorCode(refused)).toBe("dataset:blind_export");
    }
    const en = (await s.ion.get(`${WB}/runs/${runId}/export`)).body as { error: { message: string } };
    expect(en.error.message).toContain("The owner chose blind review");
    const ro = (await s.ana.get(`${WB}/runs/${runId}/export`)).body as { error: { message: string } };
    expect(ro.error.message).toContain("Profesorul a ales revizuirea oarbă");
    for (const who of [s.prof, s.dir]) {
      const csv = await who.get(`${WB}/runs/${runId}/export?format=csv`);
      expect(csv.status).toBe(200);
      expect(String(csv.body)).toContain("gold_ton");
      expect(String(csv.body)).toContain("human_ana_");
      expect(String(csv.body)).toContain(ANA_NOTE);
    }
  });

  it("keeps the agreement page's aggregate figures for the member", async () => {
    const res = await s.ion.get(`${WB}/runs/${runId}/agreement?resamples=0`);
    expect(res.status).toBe(200);
    const report = res.body as AgreementReport;
    expect(report.n).toBe(1);
    const ton = report.fields.find((f) => f.field === "ton");
    expect(ton?.reference).toBe("gold");
    // The model × gold confusion matrix is counts over all rows, like accuracy: it names no row, so it stays.
    const lexicon = ton?.vsReference.find((r) => r.coder.startsWith("model:"));
    expect(lexicon?.confusion?.counts.flat().reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it("shows the member their own figures and the models', their classmates' only together, never by name", async () => {
    // Ana's classmates are the teacher and Ion (who labelled row 0 above): named for the owner, folded for her.
    const named = (await s.prof.get(`${WB}/runs/${runId}/agreement?resamples=0`)).body as AgreementReport;
    expect(named.coders.map((c) => c.key)).toEqual(
      expect.arrayContaining(["human:ana", "human:ion", "human:prof"]),
    );
    const res = await s.ana.get(`${WB}/runs/${runId}/agreement?resamples=0`);
    expect(res.status).toBe(200);
    const report = res.body as AgreementReport;
    const text = JSON.stringify(report);
    expect(text).not.toContain("human:ion");
    expect(text).not.toContain("human:prof");
    expect(report.coders.filter((c) => c.kind === "human")).toEqual([
      { key: "human:ana", kind: "human", name: "ana" },
      { key: "peers", kind: "human", name: "peers", peers: 2 },
    ]);
    const ton = report.fields.find((f) => f.field === "ton")!;
    expect(ton.vsReference.map((r) => r.coder)).toEqual(["human:ana", "peers", "model:offline:lexicon"]);
    // One row, labelled negativ by both classmates against the gold negativ: their accuracy together is 1.
    expect(ton.vsReference.find((r) => r.coder === "peers")).toMatchObject({ n: 2, accuracy: { value: 1 } });
    expect(ton.distribution.peers).toEqual({ negativ: 2 });
  });

  it("lets the owner turn it off: members get what their page asks again, export included", async () => {
    const route = `${WB}/datasets/${datasetId}/blind-review`;
    const off = await s.prof.request("PUT", route, { blindReview: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: datasetId, blindReview: false, blindForViewer: false });
    expect(((await s.ion.get(`${WB}/datasets/${datasetId}`)).body as DatasetResponse).dataset).toMatchObject({
      blindReview: false,
      blindForViewer: false,
    });
    const open = await item(s.ion, `runs/${runId}/items/1`);
    expect(open).toMatchObject({ withheld: false, gold: { ton: "pozitiv" } });
    // Blind mode by the page's own choice still withholds, gold included.
    const chosen = await item(s.ion, `runs/${runId}/items/1?annotator=ion&blind=1`);
    expect(chosen).toMatchObject({ withheld: true, gold: {} });
    expect((await s.ion.get(`${WB}/runs/${runId}/export`)).status).toBe(200);
    expect((await s.prof.request("PUT", route, { blindReview: true })).status).toBe(200);
    expect((await item(s.ion, `runs/${runId}/items/1`)).withheld).toBe(true);
  });

  it("has no effect once the data set is unshared: it is the owner's own again", async () => {
    expect(
      (await s.prof.request("PUT", `${WB}/datasets/${datasetId}/shared`, { shared: false })).status,
    ).toBe(200);
    expect((await s.ion.get(`${WB}/datasets/${datasetId}/items/1`)).status).toBe(404);
    const own = await item(s.prof, `datasets/${datasetId}/items/1?annotator=prof`);
    expect(own).toMatchObject({ withheld: false, gold: { ton: "pozitiv" } });
  });
});

describe("a skip under blind review", () => {
  it("is no label: the row stays withheld everywhere, and the label saved after it is blind", async () => {
    // Shared with the class again (the test before unshared it); blind review is still on.
    expect((await s.prof.request("PUT", `${WB}/datasets/${datasetId}/shared`, { shared: true })).status).toBe(
      200,
    );
    const skipped = await s.ion.request("PUT", `${WB}/datasets/${datasetId}/items/1/labels`, {
      annotator: "ion",
      status: "skipped",
    });
    expect(skipped.status).toBe(200);
    for (const route of routesOf(1, "")) {
      const row = await item(s.ion, route);
      expect(row, route).toMatchObject({ withheld: true, gold: {}, annotations: null, labels: null });
      expect(row.mine).toMatchObject({ annotator: "ion", status: "skipped" });
      expect(row.meta).not.toHaveProperty("eticheta");
    }
    const page = (await s.ion.get(`${WB}/runs/${runId}/results`)).body as ResultsPage;
    const row1 = page.rows.find((r) => r.idx === 1)!;
    expect(row1.gold).toEqual({});
    expect(row1.annotations).toBeNull();
    // Labelled after the skip, with nothing seen: the label is blind.
    const labelled = await s.ion.request("PUT", `${WB}/datasets/${datasetId}/items/1/labels`, {
      annotator: "ion",
      labels: { ton: "pozitiv" },
    });
    expect(labelled.body).toMatchObject({ annotator: "ion", status: "labelled", blind: true });
    expect((await item(s.ion, `datasets/${datasetId}/items/1`)).withheld).toBe(false);
  });
});
