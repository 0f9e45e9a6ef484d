// "Suita mea" in the page: the draft kept in localStorage (text, file, whether it is used) and read back safely, the
// editor's text read with its problems in the page's language, a file too large refused before it is read, and the
// editor rendered with its hooks, its problems next to it and a file's refusal in its place.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SUITE_LIMITS } from "../../contract/compare";
import { OwnSuiteEditor, type FileState } from "../../client/src/components/compare/OwnSuiteEditor";
import { I18nProvider } from "../../client/src/i18nContext";
import {
  EMPTY_DRAFT,
  fileTooLarge,
  loadOwnSuite,
  readEditor,
  saveOwnSuite,
  type OwnSuiteDraft,
} from "../../client/src/state/ownSuite";

function memory(): Pick<Storage, "getItem" | "setItem" | "removeItem"> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("the draft of one's own suite", () => {
  it("is kept and read back whole, and an empty draft leaves nothing behind", () => {
    const storage = memory();
    const draft: OwnSuiteDraft = {
      use: true,
      text: "Întrebarea mea?\nconține: da",
      file: { name: "s.yaml", text: "name: S" },
    };
    saveOwnSuite(draft, storage);
    expect(loadOwnSuite(storage)).toEqual(draft);
    saveOwnSuite(EMPTY_DRAFT, storage);
    expect(storage.data.size).toBe(0);
    expect(loadOwnSuite(storage)).toEqual(EMPTY_DRAFT);
  });

  it("reads a damaged or foreign value as an empty draft", () => {
    const storage = memory();
    storage.setItem("echochamber.compare.ownSuite", "{nu e json");
    expect(loadOwnSuite(storage)).toEqual(EMPTY_DRAFT);
    storage.setItem("echochamber.compare.ownSuite", JSON.stringify({ use: "da" }));
    expect(loadOwnSuite(storage)).toEqual(EMPTY_DRAFT);
  });

  it("keeps the text when the storage is too full for a file", () => {
    const storage = memory();
    storage.setItem = (k, v) => {
      if (v.length > 200) throw new Error("QuotaExceededError");
      storage.data.set(k, v);
    };
    saveOwnSuite({ use: true, text: "Scurt?", file: { name: "mare.yaml", text: "x".repeat(500) } }, storage);
    expect(loadOwnSuite(storage)).toEqual({ use: true, text: "Scurt?", file: null });
  });
});

describe("the editor's text, read for the form", () => {
  it("gives the suite and what the form counts with", () => {
    const read = readEditor("Unu?\n\nDoi?\nmax cuvinte: 5", "en");
    expect(read.problems).toEqual([]);
    expect(read.info).toMatchObject({ id: "inline", name: "My suite", cases: 2, repeats: [1, 1] });
    expect(readEditor("Unu?", "ro").info?.name).toBe("Suita mea");
  });

  it("counts a variants block's cases once per variant, and says how many variants", () => {
    const read = readEditor("variantă A: neutru\nvariant B: partizan\n\nUnu?\n\nDoi?", "ro");
    expect(read.problems).toEqual([]);
    expect(read.variants).toBe(2);
    expect(read.info?.cases).toBe(4);
    expect(readEditor("Unu?", "ro").variants).toBe(0);
    const ro = renderToStaticMarkup(
      <I18nProvider>
        <OwnSuiteEditor
          draft={{ use: true, text: "", file: null }}
          onText={() => {}}
          onFile={() => {}}
          onClearFile={() => {}}
          onBlur={() => {}}
          problems={[]}
          cases={4}
          variants={2}
          file={undefined}
        />
      </I18nProvider>,
    );
    expect(ro).toContain("Cazuri scrise: 2 × 2 variante = 4.");
    expect(ro).toContain("variantă A: …");
  });

  it("says its problems in the page's language", () => {
    expect(readEditor("Unu?\nmax cuvinte: x", "ro").problems).toEqual([
      "Rândul 2 (cazul 1): „max cuvinte” cere un număr întreg pozitiv, nu „x”.",
    ]);
    expect(readEditor("Unu?\nmax cuvinte: x", "en").problems).toEqual([
      'Line 2 (case 1): "max cuvinte" needs a whole positive number, not "x".',
    ]);
  });

  it("refuses a file larger than a suite may be, with both sizes", () => {
    expect(fileTooLarge(SUITE_LIMITS.fileBytes, "ro")).toBeNull();
    expect(fileTooLarge(3 * 1024 * 1024, "ro")).toEqual({ size: "3 MB", limit: "1 MB" });
  });
});

function render(props: { draft: OwnSuiteDraft; problems?: string[]; file?: FileState; lang?: "ro" | "en" }) {
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => (key === "echochamber.lang" ? (props.lang ?? "ro") : null),
    setItem: () => {},
  });
  return renderToStaticMarkup(
    <I18nProvider>
      <OwnSuiteEditor
        draft={props.draft}
        onText={() => {}}
        onFile={() => {}}
        onClearFile={() => {}}
        onBlur={() => {}}
        problems={props.problems ?? []}
        cases={props.problems?.length ? null : 2}
        file={props.file}
      />
    </I18nProvider>,
  );
}

describe("the editor, rendered", () => {
  it("shows the text, the upload, the template link and the cases it makes", () => {
    const html = render({ draft: { use: true, text: "Unu?\n\nDoi?", file: null } });
    expect(html).toContain('data-testid="suite-editor"');
    expect(html).toContain("Unu?\n\nDoi?");
    expect(html).toContain('data-testid="suite-upload"');
    expect(html).toMatch(
      /<a href="\/api\/compare\/suites\/default\/file" download="" data-testid="suite-template">/,
    );
    expect(html).toContain("Cazuri scrise: 2.");
    expect(html).not.toContain('data-testid="suite-error"');
  });

  it("lists the text's problems next to it, tied to it for screen readers", () => {
    const html = render({
      draft: { use: true, text: "max cuvinte: x", file: null },
      problems: ["Line 1 (case 1): the case has no prompt"],
      lang: "en",
    });
    expect(html).toMatch(/<textarea[^>]*aria-invalid="true"[^>]*aria-describedby="([^"]+)"/);
    expect(html).toContain('data-testid="suite-error"');
    expect(html).toContain("Line 1 (case 1): the case has no prompt");
  });

  it("says which file is used, or why it was refused, in place of the text's problems", () => {
    const file = { name: "a.yaml", text: "name: A" };
    const used = render({
      draft: { use: true, text: "", file },
      problems: ["nu se vede"],
      file: {
        name: "a.yaml",
        status: "ok",
        checked: {
          info: { id: "inline", name: "Suita Anei", cases: 3, criteria: [], defaults: {} },
          suite: {},
        },
      },
    });
    expect(used).toContain("Se folosește fișierul „a.yaml”: Suita Anei (3 cazuri).");
    expect(used).not.toContain("nu se vede");
    expect(used).toContain('data-testid="suite-file-clear"');
    const refused = render({
      draft: { use: true, text: "", file },
      // The server's refusal as it came (in Romanian), said again in the page's language from its code.
      file: {
        name: "a.yaml",
        status: "refused",
        why: {
          kind: "server",
          error: {
            code: "input:invalid",
            message: "Cererea nu are forma așteptată: suita nu este validă: cases: cel puțin 1 element",
            params: {
              detail: "suita nu este validă: cases: cel puțin 1 element",
              detailEn: "the suite is not valid: cases: at least 1 item",
            },
          },
        },
      },
      lang: "en",
    });
    expect(refused).toContain('data-testid="suite-error"');
    expect(refused).toContain(
      "The file “a.yaml” was not accepted: The request does not have the expected shape: the suite is not valid: cases: at least 1 item".replace(
        /[“”]/g,
        "&quot;",
      ),
    );
  });
});
