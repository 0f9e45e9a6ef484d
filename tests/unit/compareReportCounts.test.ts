// report.md counts a suite's cases with the noun's form, as the page does ("1 caz", "25 de cazuri"; "1 case"), and a failed
// refinement in the singular ("1 eșuată").
import { describe, expect, it } from "vitest";
import { REPORT_TEXT } from "../../server/compare/reportText";

describe("report.md's suite line", () => {
  it("counts the cases with the noun in the right form, in both languages", () => {
    expect(REPORT_TEXT.ro.suite("s", 1, "c")).toBe("- Suita: `s` (1 caz; criterii: c)");
    expect(REPORT_TEXT.ro.suite("s", 3, "c")).toBe("- Suita: `s` (3 cazuri; criterii: c)");
    expect(REPORT_TEXT.ro.suite("s", 25, "c")).toBe("- Suita: `s` (25 de cazuri; criterii: c)");
    expect(REPORT_TEXT.en.suite("s", 1, "c")).toBe("- Suite: `s` (1 case; criteria: c)");
    expect(REPORT_TEXT.en.suite("s", 25, "c")).toBe("- Suite: `s` (25 cases; criteria: c)");
  });
});

describe("report.md's draft → refine table", () => {
  it("says one failed refinement in the singular", () => {
    expect(REPORT_TEXT.ro.failed(1)).toBe("1 eșuată");
    expect(REPORT_TEXT.ro.failed(3)).toBe("3 eșuate");
    expect(REPORT_TEXT.en.failed(1)).toBe("1 failed");
  });
});
