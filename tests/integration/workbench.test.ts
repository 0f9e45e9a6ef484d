// The workbench over REST and socket.io against a real server (SQLite in a temp dir): a Windows-1250 CSV with a gold
// column is uploaded, mapped and annotated by offline:lexicon and a local stand-in provider with live progress; rows
// are reviewed blind by two people and adjudicated; agreement, the methods paragraph and the CSV and XLSX exports are
// read back, with a person's note; bad files get coded errors and leave nothing behind.
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CODEBOOK_VERSION, type Annotation } from "../../contract/annotation";
import { normalizeLetters } from "../../contract/text";
import type {
  AgreementReport,
  DatasetResponse,
  DatasetsResponse,
  EstimateResponse,
  HumanReviewLabel,
  ItemDetail,
  Job,
  MethodsResponse,
  QueueResponse,
  ResultsPage,
  RunResponse,
  UploadPreview,
  WorkbenchModelsResponse,
} from "../../contract/workbench";
import { startFakeOpenAI, type FakeServer, type OpenAIChatBody } from "../support/fakeOpenAI";
import { startTestServer, type TestServer, type TestSocket } from "../support/server";
import { codebookPrompt } from "../../server/codebook/codebookPrompt";
import {
  api,
  download,
  recordJobs,
  subscribe,
  upload,
  uploadEarlyAnswer,
  windows1250Csv,
} from "../support/workbench";

const FAKE = "openai-compatible:fals-adnotator";
const LEXICON = "offline:lexicon";

const ROWS: [string, string, string][] = [
  ["c1", "Hoţii de la putere ne fură pensiile, iar poporul plăteşte!", "0"],
  ["c2", "Bravo, o decizie „bună” pentru şcoli şi profesori.", "2"],
  ["c3", "Guvernul a anunţat indexarea pensiilor cu 5% de la 1 ianuarie.", "1"],
  ["c4", "Poate că taxa nouă e bună, poate că nu; vom vedea.", "1"],
  ["c5", "Politicienii sunt nişte mincinoşi, toţi la fel.", "0"],
  ["c6", "Bravo pentru noul spital din Sibiu, medicii sunt foarte amabili.", "2"],
  ["c7", '=HYPERLINK("http://exemplu.ro") e o capcană pentru tabele', "1"],
  ["c8", "Preţurile la energie au crescut iar, e o bătaie de joc.", "0"],
  ["c9", "Românii din diaspora au trimis acasă peste şapte miliarde.", "1"],
  ["c10", "Poate că reforma justiţiei va ajuta, poate că nu.", "7"],
];

function answerFor(text: string, seen: Map<string, number>): Annotation {
  const count = (seen.get(text) ?? 0) + 1;
  seen.set(text, count);
  // Texts with "Poate" are answered differently on every other call: the run's repeats disagree on them.
  const ton = /Bravo/.test(text)
    ? "pozitiv"
    : /Poate/.test(text)
      ? count % 2
        ? "neutru"
        : "negativ"
      : "negativ";
  return {
    ton,
    populism: /poporul/.test(text),
    anti_elitism: /Ho[ţț]ii|Politicienii/.test(text),
    popor_central: /poporul/.test(text),
    tema: "altele",
    tinta: null,
    incredere: /Poate/.test(text) ? 0.4 : 0.9,
    justificare: "Răspuns de test.",
    dovezi: [],
  };
}

let fake: FakeServer;
let server: TestServer;
let socket: TestSocket;
let events: ReturnType<typeof recordJobs>;
let datasetId = "";
let runId = "";
let jobId = "";

beforeAll(async () => {
  fake = await startFakeOpenAI();
  const seen = new Map<string, number>();
  fake.setDefault((request) => {
    const body = request.body as OpenAIChatBody;
    const user = body.messages?.find((m) => m.role === "user");
    const text = typeof user?.content === "string" ? user.content.replace(/<\/?text>/g, "").trim() : "";
    // Slow enough that the run outlasts the progress throttle (250 ms) on a fast machine, so a
    // progress event arrives while the model is part way through.
    return { json: answerFor(text, seen), delayMs: 150 };
  });
  server = await startTestServer({ OPENAI_COMPATIBLE_BASE_URL: fake.url, WORKBENCH_MAX_UPLOAD_MB: "60" });
  socket = await server.connect();
  events = recordJobs(socket);
  await subscribe(socket);
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("the workbench, end to end over REST and the socket", () => {
  it("lists the models a run may use and the codebook in use", async () => {
    const models = await api<WorkbenchModelsResponse>(server.url, "GET", "/models");
    expect(models.status).toBe(200);
    expect(models.body.models.map((m) => m.id)).toContain(LEXICON);
    expect(models.body.providers?.find((p) => p.provider === "openai-compatible")?.configured).toBe(true);
    const codebook = await api<{ version: string; markdown: string }>(server.url, "GET", "/codebook");
    expect(codebook.body.version).toBe(CODEBOOK_VERSION);
    expect(codebook.body.markdown).toContain("# Codebook EchoChamber");
  });

  it("previews a Windows-1250 CSV: encoding, delimiter, columns, diacritics, a suggested mapping", async () => {
    const file = windows1250Csv([["id", "text", "eticheta"], ...ROWS]);
    const res = await upload<UploadPreview>(server.url, "comentarii-vot.csv", file);
    expect(res.status).toBe(201);
    expect(res.body.encoding).toBe("windows-1250");
    expect(res.body.delimiter).toBe(";");
    expect(res.body.columns).toEqual(["id", "text", "eticheta"]);
    // The file's cedilla ş ţ come as comma-below ș ț, as the corpus page and the chat's attachments make them.
    expect(ROWS[0]![1]).toContain("Hoţii");
    expect(res.body.rows[0]!.text).toBe(normalizeLetters(ROWS[0]![1]));
    expect(res.body.rows[0]!.text).toContain("Hoții");
    for (const row of res.body.rows) expect(JSON.stringify(row)).not.toMatch(/[şţŞŢ]/);
    expect(res.body.suggested.text).toBe("text");
    expect(res.body.suggested.id).toBe("id");
    // 0/1/2 has no direction the server may guess: the person maps it on the page.
    expect(res.body.suggested.gold).toBeUndefined();

    const created = await api<DatasetResponse>(server.url, "POST", "/datasets", {
      uploadId: res.body.uploadId,
      name: "Comentarii de test",
      mapping: {
        text: "text",
        id: "id",
        gold: [
          { field: "ton", column: "eticheta", values: { "0": "negativ", "1": "neutru", "2": "pozitiv" } },
        ],
      },
      reviewSample: { size: 4, seed: 7 },
    });
    expect(created.status).toBe(201);
    const dataset = created.body.dataset;
    datasetId = dataset.id;
    expect(dataset).toMatchObject({
      rows: 10,
      source: "upload",
      sourceFile: "comentarii-vot.csv",
      encoding: "windows-1250",
    });
    expect(dataset.goldFields).toEqual(["ton"]);
    expect(dataset.reviewSample).toEqual({ size: 4, seed: 7 });
    // "7" is no label of ton: reported, not silently dropped.
    expect(dataset.report.goldUnmapped.ton).toEqual({ count: 1, values: ["7"] });
    const list = await api<DatasetsResponse>(server.url, "GET", "/datasets");
    expect(list.body.datasets.map((d) => d.id)).toContain(datasetId);
    // The upload was consumed.
    const again = await api(server.url, "POST", "/datasets", {
      uploadId: res.body.uploadId,
      mapping: { text: "text" },
    });
    expect(again.status).toBe(404);
  });

  it("estimates calls, tokens and cost before starting", async () => {
    const res = await api<EstimateResponse>(server.url, "POST", "/estimate", {
      datasetId,
      models: [LEXICON, FAKE],
      repeats: 2,
    });
    expect(res.status).toBe(200);
    expect(res.body.models.map((m) => m.calls)).toEqual([20, 20]);
    expect(res.body.models[0]!.inputTokens).toBe(0);
    expect(res.body.models[1]!.inputTokens).toBeGreaterThan(20 * 1000);
    expect(res.body.models[1]!.pricing).toBe("local");
    // How it was counted, as figures for the page to say in its language (it was one English sentence).
    expect(res.body.basis).toEqual({
      charsPerToken: 4,
      promptChars: codebookPrompt().length,
      overheadTokens: 60,
      outputTokens: 150,
    });
    const unknown = await api<{ error: { code: string } }>(server.url, "POST", "/estimate", {
      datasetId,
      models: ["openai:gpt-4o-mini"],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("input:unknown_model");
  });

  it("runs two models twice each as a job, with live progress per model, and stores every outcome once", async () => {
    const started = await api<RunResponse>(server.url, "POST", "/runs", {
      datasetId,
      models: [LEXICON, FAKE],
      repeats: 2,
      temperature: 0.7,
    });
    expect(started.status).toBe(202);
    runId = started.body.run.id;
    jobId = started.body.job.id;
    expect(started.body.run.promptHashes[FAKE]).toMatch(/^[0-9a-f]{12}$/);
    const done = await events.until(jobId, ["done", "failed"]);
    expect(done.status).toBe("done");
    expect(done.progress).toMatchObject({ total: 40, done: 40, failed: 0 });
    const perModel = events.progress.filter((e) => e.jobId === jobId).flatMap((e) => e.progress.models ?? []);
    expect(perModel.some((m) => m.model === FAKE && m.done > 0 && m.done < 20)).toBe(true);
    const last = events.progress.filter((e) => e.jobId === jobId).at(-1)!;
    const fakeProgress = last.progress.models!.find((m) => m.model === FAKE)!;
    expect(fakeProgress.inputTokens).toBeGreaterThan(0);
    expect(fakeProgress.pricing).toBe("local");
    const snapshot = await api<Job>(server.url, "GET", `/jobs/${jobId}`);
    expect(snapshot.body).toMatchObject({ status: "done", origin: "page", kind: "annotation-run" });
    expect(fake.requests.filter((r) => r.path.includes("chat/completions"))).toHaveLength(20);
  });

  it("pages the results with filters and sorting, and gives the whole text on demand", async () => {
    const all = await api<ResultsPage>(server.url, "GET", `/runs/${runId}/results?limit=5`);
    expect(all.body).toMatchObject({ total: 10, datasetRows: 10, complete: 10 });
    expect(all.body.rows).toHaveLength(5);
    expect(all.body.rows[0]!.annotations).toHaveLength(4);
    expect(all.body.rows[0]!.gold).toEqual({ ton: "negativ" });
    const runs = await api<ResultsPage>(
      server.url,
      "GET",
      `/runs/${runId}/results?filter=runs_disagree&field=ton`,
    );
    expect(runs.body.rows.map((r) => r.itemId).sort()).toEqual(["c10", "c4"]);
    const low = await api<ResultsPage>(
      server.url,
      "GET",
      `/runs/${runId}/results?filter=low_confidence&minConfidence=0.5`,
    );
    expect(low.body.total).toBeGreaterThanOrEqual(2);
    const positive = await api<ResultsPage>(
      server.url,
      "GET",
      `/runs/${runId}/results?label=ton:pozitiv&labelModel=${encodeURIComponent(FAKE)}`,
    );
    expect(positive.body.rows.map((r) => r.itemId).sort()).toEqual(["c2", "c6"]);
    const sorted = await api<ResultsPage>(
      server.url,
      "GET",
      `/runs/${runId}/results?sort=priority&order=desc&limit=1`,
    );
    expect(["c4", "c10"]).toContain(sorted.body.rows[0]!.itemId);
    const bad = await api<{ error: { code: string } }>(
      server.url,
      "GET",
      `/runs/${runId}/results?limit=100000`,
    );
    expect(bad.status).toBe(400);
  });

  it("reviews rows blind: model labels are withheld until the person has saved theirs", async () => {
    const queue = await api<QueueResponse>(server.url, "GET", `/runs/${runId}/queue?annotator=Ana&limit=20`);
    expect(queue.body.total).toBe(6);
    expect(queue.body.items[0]!.reasons).toContain("runs_disagree");
    const sample = await api<QueueResponse>(
      server.url,
      "GET",
      `/runs/${runId}/queue?annotator=Ana&mode=sample`,
    );
    expect(sample.body.items).toHaveLength(4);
    const order = [...sample.body.items, ...queue.body.items].map((i) => i.idx);

    const first = order[0]!;
    const hidden = await api<ItemDetail>(
      server.url,
      "GET",
      `/runs/${runId}/items/${first}?annotator=Ana&blind=1`,
    );
    expect(hidden.body.withheld).toBe(true);
    expect(hidden.body.annotations).toBeNull();
    expect(hidden.body.text.length).toBeGreaterThan(0);

    const truth = [
      "negativ",
      "pozitiv",
      "neutru",
      "neutru",
      "negativ",
      "pozitiv",
      "neutru",
      "negativ",
      "neutru",
      "neutru",
    ];
    for (const idx of order.slice(0, 8)) {
      const ana = await api(server.url, "PUT", `/datasets/${datasetId}/items/${idx}/labels?blind=1`, {
        annotator: "Ana",
        labels: { ton: truth[idx], populism: false },
      });
      expect(ana.status).toBe(200);
      // Ion disagrees on one row.
      const ion = idx === order[2] ? (truth[idx] === "negativ" ? "neutru" : "negativ") : truth[idx];
      await api(server.url, "PUT", `/datasets/${datasetId}/items/${idx}/labels?blind=1`, {
        annotator: "Ion",
        labels: { ton: ion, populism: false },
      });
    }
    const shown = await api<ItemDetail>(
      server.url,
      "GET",
      `/runs/${runId}/items/${first}?annotator=Ana&blind=1`,
    );
    expect(shown.body.withheld).toBe(false);
    expect(shown.body.annotations).toHaveLength(4);
    expect(shown.body.mine).toMatchObject({ annotator: "Ana", blind: true });
    expect(shown.body.labels!.map((l) => l.annotator)).toEqual(["Ion"]);

    const adjudicated = await api(
      server.url,
      "PUT",
      `/datasets/${datasetId}/items/${order[2]}/adjudication`,
      {
        adjudicator: "Maria",
        labels: { ton: truth[order[2]!] },
      },
    );
    expect(adjudicated.status).toBe(200);
    const labels = await api<{
      labels: { annotator: string; createdAt: string }[];
      adjudications: unknown[];
    }>(server.url, "GET", `/datasets/${datasetId}/labels`);
    expect(labels.body.labels).toHaveLength(16);
    expect(labels.body.labels[0]!.createdAt).toMatch(/^\d{4}-/);
    expect(labels.body.adjudications).toHaveLength(1);
    const invalid = await api<{ error: { code: string } }>(
      server.url,
      "PUT",
      `/datasets/${datasetId}/items/0/labels`,
      {
        annotator: "Ana",
        labels: { ton: "furios" },
      },
    );
    expect(invalid.status).toBe(400);
    const after = await api<QueueResponse>(server.url, "GET", `/runs/${runId}/queue?annotator=Ana&limit=20`);
    expect(after.body.remaining).toBe(2);
  });

  it("measures agreement: κ per pair, α, accuracy against gold, and a sentence in Romanian and English", async () => {
    const res = await api<AgreementReport>(server.url, "GET", `/runs/${runId}/agreement?resamples=200`);
    expect(res.status).toBe(200);
    const ton = res.body.fields.find((f) => f.field === "ton")!;
    expect(res.body.n).toBe(8);
    const people = ton.pairs.find((p) => p.kind === "human-human")!;
    expect(people.n).toBe(8);
    expect(people.observed).toBeCloseTo(7 / 8, 5);
    expect(ton.pairs.some((p) => p.kind === "run-run")).toBe(true);
    expect(ton.pairs.some((p) => p.kind === "model-model")).toBe(true);
    expect(ton.alphaHumans.value).not.toBeNull();
    expect(ton.reference).toBe("gold");
    expect(ton.vsReference.find((s) => s.coder === `model:${FAKE}`)!.n).toBe(9);
    // Two people share 8 rows, under the 10 a verdict needs: the sentence says so instead of claiming parity.
    const verdict = res.body.verdicts.find((v) => v.model === FAKE && v.field === "ton")!;
    expect(verdict.status).toBe("tooFewRows");
    expect(verdict.reaches).toBeNull();
    expect(verdict.ro).toMatch(
      /^La „Ton”, nu se poate spune dacă .* prea puține rânduri etichetate de cel puțin doi oameni/,
    );
    expect(verdict.en).toMatch(/^On "Tone", it cannot be said whether/);
    expect(res.body.summary.en).toContain("It cannot be said yet whether the models reach");
    // Nobody marked evidence: the report's evidence agreement rests on no row (not a perfect 1), for the one pair.
    expect(res.body.evidence).toMatchObject({
      people: 0,
      pairs: [{ a: "human:Ana", b: "human:Ion", all: { f1: null, rows: 0 } }],
      mean: { all: { f1: null, rows: 0, pairs: 0 } },
    });
    const sample = await api<AgreementReport>(
      server.url,
      "GET",
      `/runs/${runId}/agreement?items=sample&resamples=50`,
    );
    expect(sample.body.items).toBe("sample");
    expect(sample.body.n).toBe(4);
  });

  it("writes the methods paragraph in both languages", async () => {
    const res = await api<MethodsResponse>(server.url, "GET", `/runs/${runId}/methods`);
    expect(res.body.ro).toContain(`codebook-ul EchoChamber versiunea ${CODEBOOK_VERSION}`);
    expect(res.body.ro).toContain("eșantion aleator de 4 texte (sămânța 7)");
    expect(res.body.ro).toContain("α Krippendorff");
    expect(res.body.en).toContain("Krippendorff's α");
    expect(res.body.en).toContain(FAKE);
    // The dictionary ignores the temperature (its outcomes store none): the paragraph says so instead of claiming it.
    expect(res.body.ro).toContain(
      "la temperatura 0,70 (ignorată de offline:lexicon: în export, rândurile lor au coloana temperature goală)",
    );
    expect(res.body.en).toContain(
      "at temperature 0.70 (ignored by offline:lexicon: in the export, their rows' temperature column is empty)",
    );
  });

  it("exports CSV (BOM, diacritics, provenance, people's labels, formulas made inert) and reads it back", async () => {
    const res = await download(server.url, `/runs/${runId}/export?format=csv`);
    expect(res.status).toBe(200);
    expect(res.type).toContain("text/csv");
    // Named after the data set and the day, never after the uploaded file (saving it beside the source overwrote it).
    expect(res.disposition).toMatch(/filename="?Comentarii-de-test-adnotari-\d{4}-\d{2}-\d{2}\.csv"?$/);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(res.bytes.toString("utf8"), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(40);
    const first = rows.find((r) => r.item_id === "c1" && r.model === FAKE && r.repeat === "1")!;
    expect(first.text).toBe(normalizeLetters(ROWS[0]![1]));
    for (const row of rows) expect(row.text).not.toMatch(/[şţŞŢ]/);
    expect(first).toMatchObject({
      codebook_version: CODEBOOK_VERSION,
      temperature: "0.7",
      run_id: runId,
      gold_ton: "negativ",
    });
    expect(first.prompt_hash).toMatch(/^[0-9a-f]{12}$/);
    expect(first.annotated_at).toMatch(/^\d{4}-/);
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(["human_Ana_ton", "human_Ion_ton", "adjudicated_ton", "adjudicator"]),
    );
    expect(rows.filter((r) => r.adjudicator === "Maria").length).toBe(4);
    const formula = rows.find((r) => r.item_id === "c7")!;
    expect(formula.text.startsWith("'=HYPERLINK")).toBe(true);
  });

  it("exports XLSX with the methods on a second sheet, and JSONL", async () => {
    const res = await download(server.url, `/runs/${runId}/export?format=xlsx`);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("adnotari")!;
    expect(sheet.rowCount).toBe(41);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const textColumn = header.indexOf("text") + 1;
    const texts = Array.from({ length: 40 }, (_, i) => String(sheet.getRow(i + 2).getCell(textColumn).value));
    expect(texts).toContain(normalizeLetters(ROWS[1]![1]));
    const methods = workbook.getWorksheet("metodologie")!;
    expect(String(methods.getRow(1).getCell(2).value)).toContain("codebook");

    const jsonl = await download(server.url, `/runs/${runId}/export?format=jsonl`);
    const lines = jsonl.bytes
      .toString("utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(40);
    expect(lines[0]).toHaveProperty("human");
  });

  it("says when the codebook of the annotations is the current one", async () => {
    const run = await api<RunResponse>(server.url, "GET", `/runs/${runId}`);
    expect(run.body.run.olderCodebookRows).toBe(0);
    const page = await api<ResultsPage>(server.url, "GET", `/runs/${runId}/results?limit=1`);
    expect(page.body.rows[0]!.annotations!.every((a) => a.olderCodebook === false)).toBe(true);
  });

  it("keeps a person's note with their label: read back on the row, changed, and exported in CSV, XLSX and JSONL", async () => {
    const why = "Ironie: „indexarea” e prezentată ca un cadou,\ndeci ton negativ";
    const saved = await api<HumanReviewLabel>(server.url, "PUT", `/datasets/${datasetId}/items/2/labels`, {
      annotator: "Dana",
      labels: { ton: "neutru" },
      note: "prima impresie",
    });
    expect(saved.status).toBe(200);
    expect(saved.body.note).toBe("prima impresie");
    // Saved again with another note: the note is replaced with the label, as the review form does.
    const again = await api<HumanReviewLabel>(server.url, "PUT", `/datasets/${datasetId}/items/2/labels`, {
      annotator: "Dana",
      labels: { ton: "negativ" },
      note: why,
    });
    expect(again.body.note).toBe(why);
    const item = await api<ItemDetail>(server.url, "GET", `/runs/${runId}/items/2?annotator=Dana`);
    expect(item.body.mine?.note).toBe(why);
    // Over the schema's limit: refused, the saved note kept.
    const tooLong = await api(server.url, "PUT", `/datasets/${datasetId}/items/2/labels`, {
      annotator: "Dana",
      labels: { ton: "negativ" },
      note: "x".repeat(2001),
    });
    expect(tooLong.status).toBe(400);

    const csv = await download(server.url, `/runs/${runId}/export?format=csv`);
    const rows = parse(csv.bytes.toString("utf8"), { bom: true, columns: true }) as Record<string, string>[];
    const c3 = rows.filter((r) => r.item_id === "c3");
    expect(c3.length).toBeGreaterThan(0);
    expect(c3.every((r) => r.human_Dana_note === why && r.human_Dana_ton === "negativ")).toBe(true);
    expect(rows.find((r) => r.item_id === "c1")!.human_Dana_note).toBe("");
    // Nobody else wrote a note: no empty note columns for them.
    expect(Object.keys(rows[0]!).filter((c) => c.endsWith("_note"))).toEqual(["human_Dana_note"]);

    const xlsx = await download(server.url, `/runs/${runId}/export?format=xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("adnotari")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const noteColumn = header.indexOf("human_Dana_note") + 1;
    const idColumn = header.indexOf("item_id") + 1;
    expect(noteColumn).toBeGreaterThan(0);
    const notes = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2))
      .filter((r) => r.getCell(idColumn).value === "c3")
      .map((r) => r.getCell(noteColumn).value);
    expect(notes.length).toBe(c3.length);
    expect(notes.every((n) => n === why)).toBe(true);

    const jsonl = await download(server.url, `/runs/${runId}/export?format=jsonl`);
    const lines = jsonl.bytes
      .toString("utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { item_id: string; human: Record<string, { note: string | null }> });
    expect(lines.filter((l) => l.item_id === "c3").every((l) => l.human.Dana?.note === why)).toBe(true);
  });
});

describe("bad files get a coded error and leave nothing behind", () => {
  const countDatasets = () =>
    server.app.workbench.store instanceof Object
      ? (
          server.app.workbench as unknown as {
            store: { db: { prepare(s: string): { pluck(): { get(): number } } } };
          }
        ).store.db
          .prepare("SELECT COUNT(*) FROM wb_datasets")
          .pluck()
          .get()
      : 0;

  it("an empty file", async () => {
    const res = await upload<{ error: { code: string; message: string } }>(server.url, "gol.csv", "");
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("dataset:empty");
    expect(res.body.error.message).toContain("este gol");
  });

  it("a CSV with only its header: refused at the preview", async () => {
    const res = await upload<{ error: { code: string; message: string } }>(
      server.url,
      "antet.csv",
      "id,text,eticheta\n",
    );
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("dataset:no_rows");
  });

  it("JSONL lines that are not JSON are counted in the preview, with their line numbers", async () => {
    const file = 'nu e json\n{"text": "Un comentariu"}\n{rupt\n{"text": "Altul"}\n';
    const res = await upload<UploadPreview>(server.url, "linii.jsonl", file);
    expect(res.status).toBe(201);
    expect(res.body.rows).toHaveLength(2);
    expect(res.body.skipped).toEqual({ json_malformed: { count: 2, lines: [1, 3] } });
  });

  it("a binary file, in English when asked", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const res = await upload<{ error: { code: string; message: string } }>(server.url, "poza.csv", png, {
      "accept-language": "en",
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("dataset:binary");
    expect(res.body.error.message).toContain("looks binary");
  });

  it("a CSV whose text column is missing: refused at mapping, nothing half-imported", async () => {
    const before = countDatasets();
    const res = await upload<UploadPreview>(server.url, "fara-text.csv", "id,autor\n1,Ana\n2,Ion\n");
    expect(res.status).toBe(201);
    const created = await api<{ error: { code: string; message: string } }>(server.url, "POST", "/datasets", {
      uploadId: res.body.uploadId,
      mapping: { text: "text" },
    });
    expect(created.status).toBe(422);
    expect(created.body.error.code).toBe("dataset:column_missing");
    expect(created.body.error.message).toContain("id, autor");
    expect(countDatasets()).toBe(before);
  });

  it("50 MB of one line", async () => {
    const res = await uploadEarlyAnswer(server.url, "o-linie.csv", Buffer.alloc(50 * 1024 * 1024, 0x61));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("dataset:line_too_long");
  });

  it("a file over the configured size limit", async () => {
    const res = await uploadEarlyAnswer(server.url, "mare.csv", Buffer.alloc(61 * 1024 * 1024, 0x0a));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("dataset:too_large");
    expect(res.body.error.message).toContain("WORKBENCH_MAX_UPLOAD_MB");
  });

  it("a file of another type", async () => {
    const res = await upload<{ error: { code: string } }>(
      server.url,
      "note.docx",
      "doar un text, fără tabel\n",
    );
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("dataset:wrong_type");
  });
});

describe("a data set from the corpus", () => {
  it("selects with the chat's filters, and draws a seeded random sample the same way twice", async () => {
    const all = await api<DatasetResponse>(server.url, "POST", "/datasets/from-corpus", {
      filters: { platform: ["rss"] },
    });
    expect(all.status).toBe(201);
    expect(all.body.dataset.rows).toBeGreaterThan(3);
    const first = await api<DatasetResponse>(server.url, "POST", "/datasets/from-corpus", {
      sample: { size: 3, seed: 11 },
    });
    const second = await api<DatasetResponse>(server.url, "POST", "/datasets/from-corpus", {
      sample: { size: 3, seed: 11 },
    });
    expect(first.body.dataset.rows).toBe(3);
    // Named, without a name in the request, by the selection in the server's language; the selection itself is kept
    // as data, and the methods paragraph describes it in each language.
    expect(first.body.dataset.name).toBe("corpus (eșantion aleator de 3 (sămânța 11))");
    expect(first.body.dataset.sourceFile).toBe('corpus:{"sample":{"size":3,"seed":11}}');
    expect(all.body.dataset.name).toBe("corpus (platforme: Flux RSS)");
    const ids = async (id: string) => {
      const run = await api<RunResponse>(server.url, "POST", "/runs", { datasetId: id, models: [LEXICON] });
      await events.until(run.body.job.id, ["done"]);
      const page = await api<ResultsPage>(server.url, "GET", `/runs/${run.body.run.id}/results`);
      return page.body.rows.map((r) => r.itemId);
    };
    expect(await ids(first.body.dataset.id)).toEqual(await ids(second.body.dataset.id));
    const run = await api<RunResponse>(server.url, "POST", "/runs", {
      datasetId: all.body.dataset.id,
      models: [LEXICON],
    });
    await events.until(run.body.job.id, ["done"]);
    const methods = await api<MethodsResponse>(server.url, "GET", `/runs/${run.body.run.id}/methods`);
    expect(methods.body.ro).toContain("sursa: corpus (platforme: Flux RSS)");
    expect(methods.body.en).toContain("source: corpus (platforms: RSS feed)");
    const none = await api<{ error: { code: string } }>(server.url, "POST", "/datasets/from-corpus", {
      filters: { platform: ["nu-exista"] },
    });
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe("dataset:corpus_no_match");
  });
});
