// An XLSX upload has no text encoding: the page says none ("codificare utf-8" meant nothing) and offers no encoding
// to choose; a CSV keeps both, under the same data-testids.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PreviewQuerySchema } from "../../contract/corpusPage";
import { encodingName, FORCED_ENCODINGS } from "../../contract/encodings";
import type { UploadPreview } from "../../contract/workbench";
import { UploadSummary } from "../../client/src/components/workbench/DatasetUpload";
import { MappingForm } from "../../client/src/components/workbench/MappingForm";
import { I18nProvider } from "../../client/src/i18nContext";
import { draftFromPreview } from "../../client/src/state/datasetMapping";

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const preview = (format: "csv" | "xlsx"): UploadPreview => ({
  uploadId: "u1",
  fileName: `comentarii.${format}`,
  bytes: 2048,
  format,
  encoding: format === "csv" ? "windows-1250" : "utf-8",
  encodingMethod: format === "csv" ? "heuristic" : "xlsx",
  ...(format === "csv" ? { delimiter: ";" } : { sheet: "Foaie1" }),
  hasHeader: true,
  columns: ["id", "text"],
  rows: [{ id: "1", text: "Hoții de la putere" }],
  suggested: { text: "text", id: "id" },
});

const form = (p: UploadPreview, lang: "ro" | "en" = "ro") =>
  render(<MappingForm preview={p} draft={draftFromPreview(p)} onChange={() => {}} problems={[]} />, lang);

describe("the encoding of an upload", () => {
  it("is neither said nor offered for an XLSX file", () => {
    const xlsx = preview("xlsx");
    for (const lang of ["ro", "en"] as const) {
      const summary = render(<UploadSummary preview={xlsx} />, lang);
      expect(summary).toContain("XLSX");
      expect(summary).not.toMatch(/codificare|encoding|utf-8/i);
      expect(form(xlsx, lang)).not.toContain('data-testid="dataset-encoding"');
    }
  });

  it("is said and can be chosen for a CSV, as before", () => {
    const csv = preview("csv");
    expect(render(<UploadSummary preview={csv} />)).toContain("codificare Windows-1250");
    expect(render(<UploadSummary preview={csv} />, "en")).toContain("encoding Windows-1250");
    expect(form(csv)).toContain('data-testid="dataset-encoding"');
  });

  it("offers the corpus import's list of encodings, named as the pages name them (Windows-1250, not windows-1250)", () => {
    const html = form(preview("csv")).split('data-testid="dataset-encoding"')[1]!.split("</select>")[0]!;
    const offered = [...html.matchAll(/<option value="([^"]+)">([^<]+)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(offered).toEqual([
      ["utf-8", "UTF-8"],
      ["windows-1250", "Windows-1250"],
      ["iso-8859-2", "ISO-8859-2"],
      ["iso-8859-16", "ISO-8859-16"],
      ["windows-1252", "Windows-1252"],
    ]);
    expect(html).toMatch(/<option value="" selected="">[^<]*Windows-1250/);
    expect(html).not.toContain(">windows-1250<");
    // The corpus page's requests take exactly this list.
    for (const encoding of FORCED_ENCODINGS) {
      expect(PreviewQuerySchema.safeParse({ encoding }).success).toBe(true);
    }
    expect(PreviewQuerySchema.safeParse({ encoding: "iso-8859-1" }).success).toBe(false);
    expect(encodingName("windows-1250")).toBe("Windows-1250");
    expect(encodingName("x-unknown")).toBe("x-unknown");
  });
});
