// The tester's steps against the real app (AUTH off, SQLite): a data set, a run of offline:lexicon, then Ana and
// Bogdan label 12 rows each (Bogdan's tone shifted, populism "nu" from both) and Carmen one row (populism "da"). The
// agreement page's headline and the methods paragraph must not say that the model reaches the people's agreement:
// the people disagree on tone, their populism κ is undefined, and Carmen's one row is no evidence.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AgreementReport,
  DatasetResponse,
  MethodsResponse,
  RunResponse,
} from "../../contract/workbench";
import { startTestServer, type TestServer, type TestSocket } from "../support/server";
import { api, recordJobs, subscribe, upload, windows1250Csv } from "../support/workbench";

const TEXTS = [
  "Hoţii de la putere ne fură pensiile, iar poporul plăteşte!",
  "Bravo, o decizie bună pentru şcoli şi profesori.",
  "Guvernul a anunţat indexarea pensiilor cu 5% de la 1 ianuarie.",
  "Politicienii sunt nişte mincinoşi, toţi la fel.",
  "Bravo pentru noul spital din Sibiu.",
  "Preţurile la energie au crescut iar, e o bătaie de joc.",
];
const ROWS = Array.from({ length: 12 }, (_, i) => [`c${i + 1}`, `${TEXTS[i % 6]} (${i + 1})`]);
const ANA = ["negativ", "pozitiv", "neutru", "negativ", "pozitiv", "negativ"];
const SHIFT: Record<string, string> = { negativ: "pozitiv", pozitiv: "neutru", neutru: "negativ" };

let server: TestServer;
let socket: TestSocket;
let events: ReturnType<typeof recordJobs>;
let datasetId = "";
let runId = "";

beforeAll(async () => {
  server = await startTestServer({});
  socket = await server.connect();
  events = recordJobs(socket);
  await subscribe(socket);
  const file = await upload<{ uploadId: string }>(
    server.url,
    "verdict.csv",
    windows1250Csv([["id", "text"], ...ROWS]),
  );
  const created = await api<DatasetResponse>(server.url, "POST", "/datasets", {
    uploadId: file.body.uploadId,
    name: "Verdict",
    mapping: { text: "text", id: "id" },
  });
  expect(created.status).toBe(201);
  datasetId = created.body.dataset.id;
  const started = await api<RunResponse>(server.url, "POST", "/runs", {
    datasetId,
    models: ["offline:lexicon"],
  });
  runId = started.body.run.id;
  expect((await events.until(started.body.job.id, ["done", "failed"])).status).toBe("done");
  const save = async (annotator: string, idx: number, labels: Record<string, unknown>) =>
    expect(
      (await api(server.url, "PUT", `/datasets/${datasetId}/items/${idx}/labels`, { annotator, labels }))
        .status,
    ).toBe(200);
  for (let idx = 0; idx < 12; idx++) {
    await save("Ana", idx, { ton: ANA[idx % 6], populism: false });
    await save("Bogdan", idx, { ton: SHIFT[ANA[idx % 6]!], populism: false });
  }
  await save("Carmen", 0, { populism: true });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe("the verdict on the tester's labels", () => {
  it("says why there is no verdict instead of 'reaches', on the page and in the methods paragraph", async () => {
    const res = await api<AgreementReport>(server.url, "GET", `/runs/${runId}/agreement?resamples=200`);
    expect(res.status).toBe(200);
    const ton = res.body.verdicts.find((v) => v.field === "ton")!;
    expect(ton.reaches).toBeNull();
    expect(ton.status).toBe("peopleDisagree");
    expect(ton.ro).toContain("oamenii nu se pun de acord între ei (κ \u22120,");
    const populism = res.body.verdicts.find((v) => v.field === "populism")!;
    expect(populism.reaches).toBeNull();
    expect(populism.status).toBe("peopleUndefined");
    expect(res.body.summary.ro).not.toContain("atinge acordul dintre oameni la");
    expect(res.body.summary.ro).toContain("Nu se poate spune încă dacă modelele ating acordul dintre oameni");
    const methods = await api<MethodsResponse>(server.url, "GET", `/runs/${runId}/methods`);
    expect(methods.body.ro).not.toMatch(/atinge acordul dintre oameni la|„ton”|„populism”/);
    expect(methods.body.ro).toContain("La „Ton”: α Krippendorff între oameni");
    expect(methods.body.en).toContain('On "Tone": Krippendorff\'s α between people');
    expect(methods.body.en).toContain("It cannot be said yet whether the models reach");
  });
});
