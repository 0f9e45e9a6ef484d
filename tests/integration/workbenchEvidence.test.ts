// Evidence spans through the real app (SQLite): a label saved with spans comes back with them on the row (the card's
// `mine`, and the labels the adjudicator reads); spans the row's text cannot hold are refused with 422 and a message
// in the asker's language, and nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HumanReviewLabel, ItemDetail } from "../../contract/workbench";
import { startTestServer, type TestServer } from "../support/server";
import { HttpSession } from "../support/session";

const WB = "/api/workbench";

let server: TestServer;
let ro: HttpSession;
let en: HttpSession;
let datasetId: string;
let text: string;

beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: "loopback" });
  ro = new HttpSession(server.url, "198.51.100.91", "ro");
  en = new HttpSession(server.url, "198.51.100.91", "en");
  const created = await ro.post(`${WB}/datasets/from-corpus`, {
    name: "Dovezi",
    sample: { size: 3, seed: 1 },
  });
  expect(created.status).toBe(201);
  datasetId = (created.body as { dataset: { id: string } }).dataset.id;
  text = ((await ro.get(`${WB}/datasets/${datasetId}/items/0?annotator=ana`)).body as ItemDetail).text;
}, 60_000);

afterAll(async () => {
  await server?.close();
});

const save = (session: HttpSession, body: Record<string, unknown>) =>
  session.request("PUT", `${WB}/datasets/${datasetId}/items/0/labels`, {
    annotator: "ana",
    labels: { populism: true },
    ...body,
  });

describe("saving a label with evidence spans", () => {
  it("refuses spans outside the text, overlapping in one field, or more than 20, in Romanian and in English", async () => {
    const outside = await save(ro, { evidence: [{ start: 0, end: text.length + 1 }] });
    expect(outside.status).toBe(422);
    expect(outside.body).toMatchObject({
      error: { code: "label:evidence_outside", message: expect.stringContaining("iese din textul rândului") },
    });
    const overlap = await save(en, {
      evidence: [
        { start: 0, end: 4, field: "populism" },
        { start: 2, end: 6, field: "populism" },
      ],
    });
    expect(overlap.status).toBe(422);
    expect(overlap.body).toMatchObject({
      error: {
        code: "label:evidence_overlap",
        message:
          "Two evidence spans for the same field (populism) overlap: 0–4 and 2–6. Remove one or mark them apart.",
      },
    });
    const many = Array.from({ length: 21 }, (_, i) => ({ start: i, end: i + 1 }));
    const tooMany = await save(en, { evidence: many });
    expect(tooMany.status).toBe(422);
    expect((tooMany.body as { error: { message: string } }).error.message).toBe(
      "Too many evidence spans: 21, and the limit is 20 per label. Keep the words that matter most.",
    );
    // Nothing was stored by the refused saves.
    expect(
      ((await ro.get(`${WB}/datasets/${datasetId}/items/0?annotator=ana`)).body as ItemDetail).mine,
    ).toBeNull();
  });

  it("keeps the spans with the label and gives them back on the row and in the data set's labels", async () => {
    const spans = [
      { start: 0, end: 3, field: "populism" },
      { start: 0, end: 2 },
    ];
    const saved = await save(ro, { evidence: spans });
    expect(saved.status).toBe(200);
    const inOrder = [
      { start: 0, end: 2 },
      { start: 0, end: 3, field: "populism" },
    ];
    expect((saved.body as HumanReviewLabel).evidence).toEqual(inOrder);
    const item = (await ro.get(`${WB}/datasets/${datasetId}/items/0?annotator=ana`)).body as ItemDetail;
    expect(item.mine?.evidence).toEqual(inOrder);
    const all = (await ro.get(`${WB}/datasets/${datasetId}/labels`)).body as { labels: HumanReviewLabel[] };
    expect(all.labels.find((l) => l.annotator === "ana")?.evidence).toEqual(inOrder);
  });
});
