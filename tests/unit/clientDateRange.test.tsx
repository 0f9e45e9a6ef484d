// The settings panel's period: a backwards range ("de la 2026-01-01 până la 2024-01-01") is not applied — the filters
// keep what they had — and the fields say why, in the page's language. Rendered without a browser.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DateRangeFields } from "../../client/src/components/SettingsPanel";
import { I18nProvider } from "../../client/src/i18nContext";
import { activeFilterCount, withDate, type DateDraft } from "../../client/src/state/settings";

function render(node: ReactElement, lang: "ro" | "en"): string {
  vi.stubGlobal("localStorage", {
    getItem: (k: string) => (k === "echochamber.lang" ? lang : null),
    setItem: () => {},
  });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => vi.unstubAllGlobals());

describe("a date range in the settings panel", () => {
  it("applies a range in order, and an open end", () => {
    const empty: DateDraft = { dateFrom: "", dateTo: "" };
    const from = withDate({ platform: ["stiri"] }, empty, "dateFrom", "2024-01-01");
    expect(from).toMatchObject({ reversed: false, filters: { platform: ["stiri"], dateFrom: "2024-01-01" } });
    const both = withDate(from.filters, from.draft, "dateTo", "2024-06-30");
    expect(both.filters).toEqual({ platform: ["stiri"], dateFrom: "2024-01-01", dateTo: "2024-06-30" });
    expect(withDate(both.filters, both.draft, "dateFrom", "").filters).toEqual({
      platform: ["stiri"],
      dateTo: "2024-06-30",
    });
  });

  it("does not apply a backwards range: the filters stay as they were, the fields keep what was typed", () => {
    const applied = { dateFrom: "2026-01-01" };
    const reversed = withDate(applied, { dateFrom: "2026-01-01", dateTo: "" }, "dateTo", "2024-01-01");
    expect(reversed).toEqual({
      reversed: true,
      filters: { dateFrom: "2026-01-01" },
      draft: { dateFrom: "2026-01-01", dateTo: "2024-01-01" },
    });
    expect(activeFilterCount(reversed.filters)).toBe(1);
    // Corrected, the range is applied.
    const fixed = withDate(reversed.filters, reversed.draft, "dateFrom", "2023-01-01");
    expect(fixed).toMatchObject({
      reversed: false,
      filters: { dateFrom: "2023-01-01", dateTo: "2024-01-01" },
    });
  });

  it("says next to the fields why a backwards range is not applied, in Romanian and in English", () => {
    const draft = { dateFrom: "2026-01-01", dateTo: "2024-01-01" };
    const ro = render(<DateRangeFields draft={draft} onDate={() => {}} />, "ro");
    expect(ro).toContain('role="alert"');
    expect(ro).toContain('aria-invalid="true"');
    expect(ro).toContain(
      "Data „până la” (2024-01-01) este înaintea datei „de la” (2026-01-01). Perioada nu se aplică până nu o corectați.",
    );
    const en = render(<DateRangeFields draft={draft} onDate={() => {}} />, "en");
    expect(en).toContain(
      "The “to” date (2024-01-01) is before the “from” date (2026-01-01). The period is not applied until you correct it.",
    );
    const fine = render(
      <DateRangeFields draft={{ dateFrom: "2024-01-01", dateTo: "2026-01-01" }} onDate={() => {}} />,
      "ro",
    );
    expect(fine).not.toContain("filter-date-error");
    expect(fine).not.toContain("aria-invalid");
  });
});
