// Evidence spans (contract/workbench/evidence.ts): a label's spans are checked against the row's text (inside it, at
// most 20, no two of one field overlapping; a field's span may lie inside the whole label's), the save's schema takes
// them, and the export quotes them in a `human_<name>_evidence` column (CSV, XLSX) and with their words in JSONL.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { formatMessage } from "../../contract/errors";
import {
  EVIDENCE_MAX_SPANS,
  evidenceProblem,
  quotedEvidence,
  SaveLabelSchema,
  type DatasetSummary,
  type ExportFormat,
  type HumanReviewLabel,
  type MethodsResponse,
  type RunSummary,
} from "../../contract/workbench";
import { exportLayout } from "../../server/workbench/export/columns";
import { exportRun } from "../../server/workbench/export/exportRun";
import type { ExportLine, WorkbenchStore } from "../../server/workbench/store";

const TEXT = "Hoții de la guvern ne fură pensiile, noi, poporul, plătim";

describe("checking evidence spans against the row's text", () => {
  it("accepts spans inside the text, one field's inside the whole label's, and none", () => {
    expect(evidenceProblem([], TEXT.length)).toBeNull();
    expect(
      evidenceProblem(
        [
          { start: 0, end: 18 },
          { start: 0, end: 5, field: "anti_elitism" },
          { start: 42, end: 49, field: "popor_central" },
          { start: 42, end: 49, field: "populism" },
          { start: 51, end: TEXT.length },
        ],
        TEXT.length,
      ),
    ).toBeNull();
  });

  it("refuses a span past the text's end, or an empty one", () => {
    expect(evidenceProblem([{ start: 50, end: TEXT.length + 1 }], TEXT.length)).toEqual({
      code: "label:evidence_outside",
      params: { start: 50, end: TEXT.length + 1, length: TEXT.length },
    });
    expect(evidenceProblem([{ start: 4, end: 4 }], TEXT.length)?.code).toBe("label:evidence_outside");
  });

  it("refuses two overlapping spans of one field, and of the whole label", () => {
    expect(
      evidenceProblem(
        [
          { start: 0, end: 10, field: "populism" },
          { start: 5, end: 12, field: "populism" },
        ],
        TEXT.length,
      ),
    ).toEqual({
      code: "label:evidence_overlap",
      params: { first: "0–10", second: "5–12", field: "populism" },
    });
    const whole = evidenceProblem(
      [
        { start: 8, end: 12 },
        { start: 0, end: 9 },
      ],
      TEXT.length,
    )!;
    expect(whole.code).toBe("label:evidence_overlap");
    // The whole label is named in words, in each language, not by a dash.
    expect(formatMessage(whole.code, "ro", whole.params)).toBe(
      "Două dovezi pentru același câmp (toată eticheta) se suprapun: 0–9 și 8–12. Ștergeți una sau marcați-le separat.",
    );
    expect(formatMessage(whole.code, "en", whole.params)).toBe(
      "Two evidence spans for the same field (the whole label) overlap: 0–9 and 8–12. Remove one or mark them apart.",
    );
  });

  it("refuses more than 20 spans", () => {
    const spans = Array.from({ length: EVIDENCE_MAX_SPANS + 1 }, (_, i) => ({ start: i, end: i + 1 }));
    expect(evidenceProblem(spans.slice(0, EVIDENCE_MAX_SPANS), TEXT.length)).toBeNull();
    expect(evidenceProblem(spans, TEXT.length)).toEqual({
      code: "label:evidence_too_many",
      params: { count: 21, limit: 20 },
    });
  });

  it("says each problem in Romanian and in English", () => {
    const problem = evidenceProblem([{ start: 50, end: 99 }], TEXT.length)!;
    expect(formatMessage(problem.code, "ro", problem.params)).toBe(
      "O dovadă marcată (50–99) iese din textul rândului, care are 57 de caractere. Marcați din nou cuvintele în text.",
    );
    expect(formatMessage(problem.code, "en", problem.params)).toBe(
      "An evidence span (50–99) lies outside the row's text, which has 57 characters. Mark the words in the text again.",
    );
  });

  it("takes spans in the save's body, a field named from the schema, and refuses an unknown field", () => {
    const body = {
      annotator: "ana",
      labels: { populism: true },
      evidence: [
        { start: 0, end: 5, field: "anti_elitism" },
        { start: 6, end: 8 },
      ],
    };
    expect(SaveLabelSchema.parse(body).evidence).toEqual(body.evidence);
    expect(
      SaveLabelSchema.safeParse({ ...body, evidence: [{ start: 0, end: 5, field: "dovezi" }] }).success,
    ).toBe(false);
    expect(SaveLabelSchema.safeParse({ ...body, evidence: [{ start: -1, end: 5 }] }).success).toBe(false);
  });

  it("quotes the spans in text order with their field", () => {
    expect(
      quotedEvidence(TEXT, [
        { start: 42, end: 49, field: "popor_central" },
        { start: 0, end: 5, field: "anti_elitism" },
        { start: 12, end: 18 },
      ]),
    ).toBe("„Hoții” [anti_elitism]; „guvern”; „poporul” [popor_central]");
  });
});

const dataset = {
  id: "ds-1",
  name: "fb",
  rows: 2,
  goldFields: [],
  metaColumns: [],
} as unknown as DatasetSummary;
const run = { id: "run-1", datasetId: "ds-1" } as unknown as RunSummary;
const methods = { ro: "metode", en: "methods" } as MethodsResponse;

function label(annotator: string, idx: number, evidence?: HumanReviewLabel["evidence"]): HumanReviewLabel {
  return {
    datasetId: "ds-1",
    idx,
    annotator,
    labels: { populism: "true" },
    note: null,
    status: "labelled",
    ...(evidence ? { evidence } : {}),
    blind: true,
    codebookVersion: "1.0",
    createdAt: "2026-12-07T08:00:00Z",
    updatedAt: "2026-12-07T08:00:00Z",
  };
}

function storeWith(labels: HumanReviewLabel[]): WorkbenchStore {
  const lines: ExportLine[] = [0, 1].map((idx) => ({
    item: { idx, itemId: `c${idx + 1}`, text: idx === 0 ? TEXT : "altceva", meta: {}, gold: {} },
    outcome: null,
    labels: labels.filter((l) => l.idx === idx),
    adjudication: null,
  }));
  return {
    listLabels: async () => ({ labels, adjudications: [] }),
    exportLines: async (_runId: string, from: number, limit: number) => lines.slice(from, from + limit),
    getGuidelines: async () => null,
  } as unknown as WorkbenchStore;
}

async function exported(store: WorkbenchStore, format: ExportFormat): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  const ended = new Promise((resolve) => out.on("end", resolve));
  out.on("data", (c: Buffer) => chunks.push(c));
  await exportRun({ store, run, dataset, methods, format, out });
  await ended;
  return Buffer.concat(chunks);
}

async function xlsxRows(store: WorkbenchStore): Promise<Record<string, string>[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await exported(store, "xlsx")) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("adnotari")!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, string>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values as unknown[];
    rows.push(
      Object.fromEntries(header.map((h, i) => [h, values[i + 1] == null ? "" : String(values[i + 1])])),
    );
  }
  return rows;
}

describe("evidence in the export", () => {
  const spans = [
    { start: 0, end: 5, field: "anti_elitism" as const },
    { start: 42, end: 49 },
  ];

  it("quotes each person's spans in human_<name>_evidence, in CSV and XLSX, only for people who marked some", async () => {
    const store = storeWith([label("Ana", 0, spans), label("Ion", 0)]);
    const csv = parse((await exported(store, "csv")).toString("utf8"), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    for (const rows of [csv, await xlsxRows(store)]) {
      const columns = Object.keys(rows[0]!);
      expect(columns).toContain("human_Ana_evidence");
      expect(columns).not.toContain("human_Ion_evidence");
      expect(columns.indexOf("human_Ana_evidence")).toBe(columns.indexOf("human_Ana_at") - 1);
      expect(rows[0]!.human_Ana_evidence).toBe("„Hoții” [anti_elitism]; „poporul”");
      expect(rows[1]!.human_Ana_evidence).toBe("");
    }
  });

  it("carries the spans with their words in JSONL", async () => {
    const line = JSON.parse(
      (await exported(storeWith([label("Ana", 0, spans)]), "jsonl")).toString("utf8").split("\n")[0]!,
    ) as {
      human: Record<string, { evidence?: unknown }>;
    };
    expect(line.human.Ana!.evidence).toEqual([
      { start: 0, end: 5, field: "anti_elitism", text: "Hoții" },
      { start: 42, end: 49, text: "poporul" },
    ]);
  });

  it("keeps the columns of an export without evidence as they were", () => {
    expect(exportLayout(dataset, ["Ana"]).columns.filter((c) => c.endsWith("_evidence"))).toEqual([]);
  });
});
