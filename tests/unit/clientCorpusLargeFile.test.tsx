// The mapping step's note for a large file: from 20 MB on, it says the import will take a while, with a rough time from
// the corpus page benchmark's rate (23 MB in 32.6 s), in both languages; a smaller file gets no note.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LargeFileNote } from "../../client/src/components/corpus/ImportPreview";
import { I18nProvider } from "../../client/src/i18nContext";
import { LARGE_IMPORT_BYTES, largeImportSeconds, roughDuration } from "../../client/src/state/corpusImport";

afterEach(() => vi.unstubAllGlobals());

const MB = 1024 * 1024;

function render(bytes: number, lang: "ro" | "en"): string {
  vi.stubGlobal("localStorage", {
    getItem: (k: string) => (k === "echochamber.lang" ? lang : null),
    setItem() {},
  });
  return renderToStaticMarkup(
    <I18nProvider>
      <LargeFileNote bytes={bytes} />
    </I18nProvider>,
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
}

describe("a large file's note in the mapping step", () => {
  it("starts at 20 MB and scales with the benchmark's rate", () => {
    expect(LARGE_IMPORT_BYTES).toBe(20 * MB);
    expect(largeImportSeconds(19 * MB)).toBeNull();
    // 23 MB took 32.6 s in bench:corpus-page.
    expect(largeImportSeconds(23_000_000)).toBeCloseTo(32.6, 5);
    expect(roughDuration(largeImportSeconds(20 * MB)!)).toEqual({ unit: "s", value: 30 });
    expect(roughDuration(largeImportSeconds(400 * MB)!)).toEqual({ unit: "min", value: 10 });
  });

  it("says the file is large, a rough time, and that the job goes on without the page, in both languages", () => {
    expect(render(5 * MB, "ro").trim()).toBe("");
    const ro = render(400 * MB, "ro");
    expect(ro).toContain("Fișierul este mare");
    expect(ro).toContain("Estimare aproximativă: circa 10 min");
    expect(ro).toContain("Importul continuă pe server");
    const en = render(400 * MB, "en");
    expect(en).toContain("This file is large");
    expect(en).toContain("A rough estimate: about 10 min");
  });
});
