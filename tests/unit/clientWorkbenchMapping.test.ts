// The "Adnotare" page's data set forms, without a browser: value maps, the column mapping's checks and request,
// the misdecoding hint, the upload pre-checks and the import report's lines.
import { describe, expect, it } from "vitest";
import type { ImportReport, UploadPreview } from "../../contract/workbench";
import {
  baseName,
  createDatasetRequest,
  draftFromPreview,
  goldColumnCandidate,
  goldValuePreview,
  looksMisdecoded,
  mappingProblems,
  nextGoldField,
  normaliseLabel,
  parseValueMap,
  valueMapText,
  type MappingDraft,
} from "../../client/src/state/datasetMapping";
import { fileProblem, reportView, upsertDataset } from "../../client/src/state/datasetImport";
import { formatBytes } from "../../client/src/format";

function preview(over: Partial<UploadPreview> = {}): UploadPreview {
  return {
    uploadId: "up-1",
    fileName: "comentarii_2024.csv",
    bytes: 2048,
    format: "csv",
    encoding: "windows-1250",
    encodingMethod: "chardet",
    delimiter: ";",
    hasHeader: true,
    columns: ["id", "comentariu", "sursa", "eticheta"],
    rows: [
      { id: "1", comentariu: "Hoții ne fură pensiile!", sursa: "fb", eticheta: "0" },
      { id: "2", comentariu: "O zi bună tuturor.", sursa: "yt", eticheta: "2" },
      { id: "3", comentariu: "Nu știu ce să cred.", sursa: "fb", eticheta: "1" },
      { id: "4", comentariu: "Iar scumpiri.", sursa: "fb", eticheta: "9" },
    ],
    suggested: {
      text: "comentariu",
      id: "id",
      meta: ["sursa"],
      gold: [{ field: "ton", column: "eticheta" }],
    },
    ...over,
  };
}

describe("value maps", () => {
  it("reads the arrow form the issue names, with any arrow", () => {
    for (const text of [
      "0,1,2 → negativ,neutru,pozitiv",
      "0, 1, 2 -> negativ, neutru, pozitiv",
      "0;1;2 => negativ;neutru;pozitiv",
    ]) {
      expect(parseValueMap("ton", text)).toEqual({
        ok: true,
        values: { "0": "negativ", "1": "neutru", "2": "pozitiv" },
      });
    }
  });

  it("reads pairs, folds diacritics and case of topics, and maps Romanian yes/no to booleans", () => {
    expect(parseValueMap("tema", "P=Pensii, C=corupție")).toEqual({
      ok: true,
      values: { P: "pensii", C: "coruptie" },
    });
    expect(parseValueMap("populism", "1:da; 0:nu")).toEqual({
      ok: true,
      values: { "1": "true", "0": "false" },
    });
    expect(parseValueMap("ton", "")).toEqual({ ok: true, values: undefined });
  });

  it("says what is wrong: a count mismatch, a target that is no label, an unreadable part", () => {
    expect(parseValueMap("ton", "0,1,2 → negativ,pozitiv")).toMatchObject({
      ok: false,
      error: "valueMap.count",
    });
    expect(parseValueMap("ton", "0,1 → rău,bun")).toMatchObject({
      ok: false,
      error: "valueMap.label",
      detail: "rău",
    });
    expect(parseValueMap("ton", "negativ")).toMatchObject({ ok: false, error: "valueMap.syntax" });
    expect(parseValueMap("populism", "1 → poate")).toMatchObject({ ok: false, error: "valueMap.label" });
  });

  it("writes a map back as the text it reads", () => {
    const values = { "0": "negativ", "1": "neutru" };
    expect(valueMapText(values)).toBe("0,1 → negativ,neutru");
    expect(parseValueMap("ton", valueMapText(values))).toEqual({ ok: true, values });
  });

  it("normalises labels per field", () => {
    expect(normaliseLabel("ton", " Negativ ")).toBe("negativ");
    expect(normaliseLabel("anti_elitism", "Adevărat")).toBe("true");
    expect(normaliseLabel("ton", "2")).toBeUndefined();
  });

  it("shows what each raw gold value of the preview becomes", () => {
    const rows = preview().rows;
    const shown = goldValuePreview(rows, {
      field: "ton",
      column: "eticheta",
      valueMap: "0,1,2 → negativ,neutru,pozitiv",
    });
    expect(shown).toEqual([
      { raw: "0", count: 1, label: "negativ" },
      { raw: "1", count: 1, label: "neutru" },
      { raw: "2", count: 1, label: "pozitiv" },
      { raw: "9", count: 1, label: undefined },
    ]);
  });
});

describe("the column mapping", () => {
  it("starts from the server's suggestion and the file's name", () => {
    const draft = draftFromPreview(preview());
    expect(draft).toMatchObject({
      text: "comentariu",
      id: "id",
      meta: ["sursa"],
      name: "comentarii_2024",
      encoding: "",
    });
    expect(draft.gold).toEqual([{ field: "ton", column: "eticheta", valueMap: "" }]);
    expect(baseName("C:\\date\\set.final.xlsx")).toBe("set.final");
  });

  it("ignores suggested columns the file does not have", () => {
    const draft = draftFromPreview(
      preview({ suggested: { text: "text", id: "nope", gold: [{ field: "ton", column: "x" }] } }),
    );
    expect(draft.text).toBe("id");
    expect(draft.id).toBe("");
    expect(draft.gold).toEqual([]);
  });

  it("makes the request the contract accepts, with the value map parsed", () => {
    const draft: MappingDraft = {
      ...draftFromPreview(preview()),
      gold: [{ field: "ton", column: "eticheta", valueMap: "0,1,2 → negativ,neutru,pozitiv" }],
      encoding: "windows-1250",
    };
    expect(createDatasetRequest("up-1", draft, preview().columns)).toEqual({
      uploadId: "up-1",
      name: "comentarii_2024",
      encoding: "windows-1250",
      mapping: {
        text: "comentariu",
        id: "id",
        meta: ["sursa"],
        gold: [
          { field: "ton", column: "eticheta", values: { "0": "negativ", "1": "neutru", "2": "pozitiv" } },
        ],
      },
      reviewSample: { size: 100, seed: 42 },
    });
  });

  it("lists every problem and sends nothing while there is one", () => {
    const columns = preview().columns;
    const draft: MappingDraft = {
      ...draftFromPreview(preview()),
      text: "",
      id: "lipsa",
      name: "  ",
      gold: [
        { field: "ton", column: "eticheta", valueMap: "0,1 → a,b" },
        { field: "ton", column: "sursa", valueMap: "" },
      ],
    };
    const keys = mappingProblems(draft, columns).map((p) => p.key);
    expect(keys).toEqual([
      "mapping.textMissing",
      "mapping.columnUnknown",
      "valueMap.label",
      "mapping.goldFieldTwice",
      "mapping.nameMissing",
    ]);
    expect(createDatasetRequest("up-1", draft, columns)).toBeUndefined();
    expect(
      mappingProblems(
        {
          ...draft,
          text: "eticheta",
          id: "",
          name: "x",
          gold: [{ field: "ton", column: "eticheta", valueMap: "" }],
        },
        columns,
      ),
    ).toEqual([{ key: "mapping.textReused", column: "eticheta" }]);
  });

  it("blocks creation while a gold column of the preview has values that map to no label, naming them", () => {
    const p = preview();
    const draft: MappingDraft = {
      ...draftFromPreview(p),
      gold: [{ field: "ton", column: "eticheta", valueMap: "" }],
    };
    expect(mappingProblems(draft, p.columns, p.rows)).toEqual([
      { key: "mapping.goldUnmapped", field: "ton", column: "eticheta", values: ["0", "1", "2", "9"] },
    ]);
    expect(createDatasetRequest("up-1", draft, p.columns, p.rows)).toBeUndefined();
    const partly = {
      ...draft,
      gold: [{ field: "ton" as const, column: "eticheta", valueMap: "0,1,2 → negativ,neutru,pozitiv" }],
    };
    expect(mappingProblems(partly, p.columns, p.rows)).toEqual([
      { key: "mapping.goldUnmapped", field: "ton", column: "eticheta", values: ["9"] },
    ]);
    const mapped = {
      ...draft,
      gold: [
        { field: "ton" as const, column: "eticheta", valueMap: "0,1,2,9 → negativ,neutru,pozitiv,neutru" },
      ],
    };
    expect(mappingProblems(mapped, p.columns, p.rows)).toEqual([]);
    expect(createDatasetRequest("up-1", mapped, p.columns, p.rows)?.mapping.gold?.[0]?.values).toEqual({
      "0": "negativ",
      "1": "neutru",
      "2": "pozitiv",
      "9": "neutru",
    });
  });

  it("offers the next unused field for a new gold column, none when all are used", () => {
    expect(nextGoldField([{ field: "ton", column: "a", valueMap: "" }])).toBe("populism");
    const all = (["ton", "populism", "anti_elitism", "popor_central", "tema"] as const).map((field) => ({
      field,
      column: "a",
      valueMap: "",
    }));
    expect(nextGoldField(all)).toBeUndefined();
  });

  it("starts a new gold column on the column that looks like labels, never the id, the text or a date", () => {
    const LABELS = ["sustinere", "sustinere", "informativ", "atac", "ironie", "atac"];
    const PAGES = ["Vocea", "Vocea", "Știri", "Forum", "Știri", "Forum"];
    const rows = LABELS.map((eticheta, i) => ({
      id: `c00${i + 1}`,
      comentariu: `Comentariul ${i + 1}`,
      pagina: PAGES[i]!,
      data: `2025-0${i + 1}-1${i}`,
      eticheta_mea: eticheta,
    }));
    const columns = ["id", "comentariu", "pagina", "data", "eticheta_mea"];
    const draft = { text: "comentariu", id: "id", meta: ["pagina", "data"], gold: [] };
    expect(goldColumnCandidate(columns, rows, draft, "ton")).toBe("eticheta_mea");
    // Without an id chosen, a column of unique values is still no label column; nor is a date.
    expect(goldColumnCandidate(columns, rows, { ...draft, id: "" }, "ton")).toBe("eticheta_mea");
    // Values that are the field's labels already win over a label-like name.
    const withTone = rows.map((r, i) => ({ ...r, ton: i % 2 ? "pozitiv" : "negativ" }));
    expect(goldColumnCandidate([...columns, "ton"], withTone, draft, "ton")).toBe("ton");
    // Once it is gold, the next one falls back to a column with few values; with none left, "" asks the person.
    const used = { ...draft, gold: [{ field: "ton" as const, column: "eticheta_mea", valueMap: "" }] };
    expect(goldColumnCandidate(columns, rows, used, "populism")).toBe("pagina");
    expect(goldColumnCandidate(["id", "comentariu", "data"], rows, draft, "ton")).toBe("");
    const asked: MappingDraft = {
      ...draftFromPreview(preview()),
      gold: [{ field: "populism", column: "", valueMap: "" }],
    };
    expect(mappingProblems(asked, preview().columns)).toContainEqual({
      key: "mapping.goldColumnMissing",
      field: "populism",
    });
  });

  it("spots a preview read with the wrong encoding", () => {
    expect(looksMisdecoded([{ t: "Hoții ne fură" }])).toBe(false);
    expect(looksMisdecoded([{ t: "HoÈ›ii ne furÄƒ" }])).toBe(true);
    expect(looksMisdecoded([{ t: "Ho\uFFFDii" }])).toBe(true);
  });
});

describe("upload checks and the import report", () => {
  it("refuses an empty file and one over the limit before sending", () => {
    expect(fileProblem({ size: 0 }, 1000)).toEqual({ key: "upload.emptyFile" });
    expect(fileProblem({ size: 1001 }, 1000)).toEqual({ key: "upload.tooBig", limitBytes: 1000 });
    expect(fileProblem({ size: 1000 }, 1000)).toBeUndefined();
    expect(fileProblem({ size: 5e9 }, undefined)).toBeUndefined();
    // Binary units, as the server's limits are set and said: WORKBENCH_MAX_UPLOAD_MB=200 is "200 MB".
    expect(formatBytes(200 * 1024 * 1024, "ro")).toBe("200 MB");
    expect(formatBytes(52_428_800 + 419_430, "ro")).toBe("50,4 MB");
    expect(formatBytes(1536, "en")).toBe("1.5 KB");
    expect(formatBytes(512, "en")).toBe("512 B");
  });

  it("turns the report into lines: reasons by count, line numbers cut with a remainder", () => {
    const report: ImportReport = {
      rows: 980,
      skipped: {
        empty_text: { count: 15, lines: Array.from({ length: 15 }, (_, i) => i + 2) },
        csv_malformed: { count: 5, lines: [40, 41, 42, 43, 44] },
        text_too_long: { count: 0, lines: [] },
      },
      skippedTotal: 20,
      goldUnmapped: { ton: { count: 3, values: ["9", "x"] } },
      invalidChars: 0,
      duplicateIds: 0,
      warnings: [],
      durationMs: 12,
    };
    const view = reportView(report);
    expect(view.skipped.map((s) => [s.reason, s.count, s.lines.length, s.more])).toEqual([
      ["empty_text", 15, 12, 3],
      ["csv_malformed", 5, 5, 0],
    ]);
    expect(view.goldUnmapped).toEqual([{ field: "ton", count: 3, values: ["9", "x"] }]);
    expect(view.clean).toBe(false);
    expect(reportView({ ...report, skipped: {}, skippedTotal: 0, goldUnmapped: {} }).clean).toBe(true);
  });

  it("puts a new data set first and replaces an old copy of it", () => {
    const d = (id: string, createdAt: string) => ({ id, createdAt, name: id }) as never;
    const list = upsertDataset(
      [d("a", "2025-01-01T00:00:00Z"), d("b", "2025-02-01T00:00:00Z")],
      d("a", "2025-03-01T00:00:00Z"),
    );
    expect(list.map((x: { id: string }) => x.id)).toEqual(["a", "b"]);
    expect(list).toHaveLength(2);
  });
});
