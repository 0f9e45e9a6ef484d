// People's notes ("why this label") in a run's export: a `human_<name>_note` column for each person who wrote one (and
// `adjudicated_note` when an adjudication has one), in CSV and XLSX alike; JSONL carries the note beside the labels.
// Without any note the columns are not there, as a person's columns are not there before they label.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type {
  DatasetSummary,
  ExportFormat,
  HumanReviewLabel,
  MethodsResponse,
  RunSummary,
} from "../../contract/workbench";
import { exportLayout } from "../../server/workbench/export/columns";
import { exportRun } from "../../server/workbench/export/exportRun";
import type { ExportLine, WorkbenchStore } from "../../server/workbench/store";

const dataset = {
  id: "ds-1",
  name: "fb",
  rows: 2,
  goldFields: [],
  metaColumns: [],
} as unknown as DatasetSummary;

const run = { id: "run-1", datasetId: "ds-1" } as unknown as RunSummary;
const methods = { ro: "metode", en: "methods" } as MethodsResponse;

function label(annotator: string, idx: number, note: string | null): HumanReviewLabel {
  return {
    datasetId: "ds-1",
    idx,
    annotator,
    labels: { ton: "negativ" },
    note,
    status: "labelled",
    blind: true,
    codebookVersion: "1.0",
    createdAt: "2026-12-07T08:00:00Z",
    updatedAt: "2026-12-07T08:00:00Z",
  };
}

/** A store that holds two rows, no model outcomes, and the given labels. */
function storeWith(labels: HumanReviewLabel[], adjudications: HumanReviewLabel[] = []): WorkbenchStore {
  const lines: ExportLine[] = [0, 1].map((idx) => ({
    item: { idx, itemId: `c${idx + 1}`, text: `text ${idx + 1}`, meta: {}, gold: {} },
    outcome: null,
    labels: labels.filter((l) => l.idx === idx),
    adjudication: adjudications.find((a) => a.idx === idx) ?? null,
  }));
  return {
    listLabels: async () => ({ labels, adjudications }),
    exportLines: async (_runId: string, from: number, limit: number) => lines.slice(from, from + limit),
    // No guidelines written: the XLSX has no "ghid" sheet.
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

async function csvRows(store: WorkbenchStore): Promise<Record<string, string>[]> {
  return parse((await exported(store, "csv")).toString("utf8"), { bom: true, columns: true }) as Record<
    string,
    string
  >[];
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

const NOTE = "Ironie: „bravo, guvernul” spus cu sarcasm,\nde fapt critică";

describe("the export's note columns", () => {
  it("has a note column for each person who wrote a note, beside their labels, in CSV and XLSX", async () => {
    const store = storeWith([label("Ana", 0, NOTE), label("Ion", 0, null), label("Ion", 1, null)]);
    for (const rows of [await csvRows(store), await xlsxRows(store)]) {
      expect(rows).toHaveLength(2);
      const columns = Object.keys(rows[0]!);
      // Ana wrote a note; Ion did not, so he has no note column.
      expect(columns).toContain("human_Ana_note");
      expect(columns).not.toContain("human_Ion_note");
      expect(columns.indexOf("human_Ana_note")).toBe(columns.indexOf("human_Ana_at") - 1);
      expect(rows[0]!.human_Ana_note).toBe(NOTE);
      expect(rows[1]!.human_Ana_note).toBe("");
      expect(columns).not.toContain("adjudicated_note");
    }
  });

  it("has an adjudicated_note column when an adjudication has a note", async () => {
    const store = storeWith([label("Ana", 1, null)], [label("Maria", 1, "majoritatea, după codebook")]);
    const rows = await csvRows(store);
    expect(rows[1]!.adjudicated_note).toBe("majoritatea, după codebook");
    expect(rows[0]!.adjudicated_note).toBe("");
    expect(Object.keys(rows[0]!)).not.toContain("human_Ana_note");
  });

  it("makes a note that starts like a formula inert in CSV", async () => {
    const rows = await csvRows(storeWith([label("Ana", 0, '=HYPERLINK("x")')]));
    expect(rows[0]!.human_Ana_note.startsWith("'=")).toBe(true);
  });

  it("carries each person's note (null without one) and the adjudication's in JSONL", async () => {
    const store = storeWith(
      [label("Ana", 0, NOTE), label("Ion", 0, null)],
      [label("Maria", 0, "după codebook")],
    );
    const lines = (await exported(store, "jsonl"))
      .toString("utf8")
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as { human: Record<string, { note: string | null }>; adjudicated: { note: string } },
      );
    expect(lines[0]!.human.Ana!.note).toBe(NOTE);
    expect(lines[0]!.human.Ion!.note).toBeNull();
    expect(lines[0]!.adjudicated.note).toBe("după codebook");
  });

  it("keeps the columns of an export without notes as they were", () => {
    const layout = exportLayout(dataset, ["Ana"]);
    expect(layout.columns.filter((c) => c.endsWith("_note"))).toEqual([]);
    const ana = layout.columns.filter((c) => c.startsWith("human_Ana_"));
    expect(ana).toEqual([
      "human_Ana_ton",
      "human_Ana_populism",
      "human_Ana_anti_elitism",
      "human_Ana_popor_central",
      "human_Ana_tema",
      "human_Ana_at",
      "human_Ana_status",
    ]);
  });
});
