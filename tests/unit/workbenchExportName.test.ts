// The export's file name never repeats the uploaded file's: a data set "fb" from fb.csv came back as fb.csv, and saving it
// beside the source replaced the researcher's original.
import { describe, expect, it } from "vitest";
import { exportFileName } from "../../server/workbench/export/exportRun";

const DAY = new Date("2026-12-07T23:59:00Z");

describe("exportFileName", () => {
  it("names the data set, the annotations and the day, for every format", () => {
    expect(exportFileName("fb", "csv", DAY)).toBe("fb-adnotari-2026-12-07.csv");
    expect(exportFileName("fb", "xlsx", DAY)).toBe("fb-adnotari-2026-12-07.xlsx");
    expect(exportFileName("fb", "jsonl", DAY)).toBe("fb-adnotari-2026-12-07.jsonl");
  });

  it("never gives back the uploaded file's name, even when the data set is named after it", () => {
    expect(exportFileName("fb.csv", "csv", DAY)).toBe("fb-adnotari-2026-12-07.csv");
    expect(exportFileName("Comentarii de test", "csv", DAY)).toBe(
      "Comentarii-de-test-adnotari-2026-12-07.csv",
    );
    expect(exportFileName("corpus (platforme: Știri)", "jsonl", DAY)).toBe(
      "corpus-platforme-Știri-adnotari-2026-12-07.jsonl",
    );
    expect(exportFileName("???", "csv", DAY)).toBe("adnotari-2026-12-07.csv");
  });
});
