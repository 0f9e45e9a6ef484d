// A data set's annotation guidelines on the "Adnotare" page, rendered without a browser: the owner's editor in the
// data set's view (a textarea, its count against the limit, a Markdown preview rendered safely, the save button), no
// editor for a member; the labelling panel that opens by itself the first time a person labels the data set and
// again once the guidelines changed since they last had them open, folded otherwise, blind review or not; the "?" key
// that folds it (no label or note key is "?"); and the methods paragraph's sentence with its plurals.
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  emptyImportReport,
  GUIDELINES_MAX_CHARS,
  type DatasetGuidelines,
  type DatasetSummary,
} from "../../contract/workbench";
import { DatasetView } from "../../client/src/components/workbench/DatasetView";
import { GuidelinesEditor } from "../../client/src/components/workbench/GuidelinesEditor";
import { LabelView } from "../../client/src/components/workbench/LabelView";
import { I18nProvider } from "../../client/src/i18nContext";
import {
  draftChanged,
  draftCheck,
  guidelinesStart,
  loadSeen,
  markSeen,
  opensByItself,
  seenKey,
} from "../../client/src/state/guidelines";
import { LABEL_KEYS, reviewCommand } from "../../client/src/state/review";
import { guidelinesSentence } from "../../server/workbench/methods";
import type { SessionUser } from "../../contract/auth";
import { ApiError } from "../../client/src/api";
import { errorSaid } from "../../client/src/components/workbench/errorText";
import type { Translate } from "../../client/src/i18n";

// Who is signed in (GET /api/auth/me): an account where a test says so, else AUTH=off's local user.
const access = vi.hoisted(() => ({ user: undefined as SessionUser | undefined }));
vi.mock("../../client/src/AccessGate", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../client/src/AccessGate")>();
  return {
    ...real,
    useAccess: () => ({ ...real.useAccess(), ...(access.user ? { mode: "users", user: access.user } : {}) }),
  };
});
const account = (name: string): SessionUser => ({ id: `u-${name}`, name, role: "member", kind: "user" });

const GUIDE: DatasetGuidelines = {
  text: "## Populism\n\nMarcați **da** doar când textul opune poporul unei elite.\n\n<script>alert(1)</script>\n\n![poza](http://exemplu.ro/p.png)",
  updatedAt: "2026-12-07T10:45:00.000Z",
  updatedBy: "prof",
};

/** A page's localStorage: the language, and what a person has seen of the guidelines. */
function storage(lang: "ro" | "en", seen: Record<string, string> = {}) {
  const written: Record<string, string> = {};
  return {
    written,
    getItem: (key: string) => (key === "echochamber.lang" ? lang : (seen[key] ?? null)),
    setItem: (key: string, value: string) => void (written[key] = value),
  };
}

function render(node: ReactElement, lang: "ro" | "en" = "ro", seen: Record<string, string> = {}): string {
  vi.stubGlobal("localStorage", storage(lang, seen));
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
  access.user = undefined;
});

const dataset = (fields: Partial<DatasetSummary> = {}): DatasetSummary => ({
  id: "ds-1",
  name: "Clasa",
  source: "upload",
  sourceFile: "clasa.csv",
  format: "csv",
  encoding: "utf-8",
  rows: 12,
  bytes: 900,
  createdAt: "2025-05-01T10:00:00.000Z",
  mapping: { text: "text" },
  goldFields: [],
  metaColumns: [],
  reviewSample: { size: 12, seed: 42 },
  report: emptyImportReport(12),
  shared: true,
  blindReview: true,
  ...fields,
});

const datasetView = (d: DatasetSummary, guidelines: DatasetGuidelines | null, lang: "ro" | "en" = "ro") =>
  render(
    <DatasetView
      reportOpen={false}
      dataset={d}
      runs={[]}
      jobs={{}}
      selectedRun={undefined}
      models={undefined}
      onOpenRun={() => {}}
      onStarted={() => {}}
      onDataset={() => {}}
      onDeleted={() => {}}
      guidelines={guidelines}
      onGuidelines={() => {}}
    />,
    lang,
  );

describe("the owner's guidelines editor", () => {
  it("shows the stored text to edit, its count against the limit and a Markdown preview with no raw HTML", () => {
    const html = datasetView(dataset({ canManage: true }), GUIDE);
    expect(html).toContain('data-testid="dataset-guidelines"');
    expect(html).toMatch(/<textarea[^>]*data-testid="dataset-guidelines-edit"[^>]*>\n?## Populism/);
    expect(html).toContain(`${GUIDE.text.length} din 20.000 de caractere`);
    const preview = html.slice(html.indexOf('data-testid="dataset-guidelines-preview"'));
    expect(preview).toContain("<h2>Populism</h2>");
    expect(preview).toContain("<strong>da</strong>");
    // Raw HTML is text at most, never an element; an image is a link the browser does not fetch.
    expect(preview).not.toContain("<script>");
    expect(preview).not.toContain("<img");
    expect(preview).toContain(
      '<a href="http://exemplu.ro/p.png" target="_blank" rel="noopener noreferrer">poza</a>',
    );
    expect(html).toContain('data-testid="dataset-guidelines-save"');
    // Unchanged, there is nothing to save.
    expect(html).toMatch(/<button[^>]*data-testid="dataset-guidelines-save"[^>]*disabled/);
    expect(html).toMatch(/modificat ultima dată .* de prof/);
  });

  it("says it in English, and offers an empty editor with no preview when there are none", () => {
    const en = render(<GuidelinesEditor datasetId="ds-1" guidelines={null} onGuidelines={() => {}} />, "en");
    expect(en).toContain("Annotation guidelines");
    expect(en).toContain("0 of 20,000 characters");
    expect(en).not.toContain('data-testid="dataset-guidelines-preview"');
    expect(en).toContain("Save guidelines");
  });

  it("is not shown to a member who only reads the shared data set", () => {
    const html = datasetView(dataset({ canManage: false }), GUIDE);
    expect(html).not.toContain('data-testid="dataset-guidelines"');
  });

  it("checks the draft as the server will: trimmed, empty clears, over the limit refused, unchanged not sent", () => {
    expect(draftCheck("  abc \n")).toEqual({ chars: 3, tooLong: false, clears: false });
    expect(draftCheck(" \n ")).toEqual({ chars: 0, tooLong: false, clears: true });
    expect(draftCheck("x".repeat(GUIDELINES_MAX_CHARS))).toMatchObject({ tooLong: false });
    expect(draftCheck("x".repeat(GUIDELINES_MAX_CHARS + 1))).toMatchObject({ tooLong: true });
    expect(draftChanged(`${GUIDE.text}\n`, GUIDE)).toBe(false);
    expect(draftChanged("altul", GUIDE)).toBe(true);
    expect(draftChanged("", null)).toBe(false);
    expect(draftChanged("", GUIDE)).toBe(true);
  });
});

const labelView = (lang: "ro" | "en", seen: Record<string, string>, d = dataset({ blindForViewer: true })) =>
  render(
    <LabelView
      dataset={d}
      annotator="ana"
      onAnnotator={() => {}}
      knownNames={["ana"]}
      onSaved={() => {}}
      onClose={() => {}}
      guidelines={GUIDE}
    />,
    lang,
    seen,
  );

describe("the guidelines panel of the labelling form", () => {
  it("opens by itself the first time this person labels the data set, above the form, blind review or not", () => {
    const html = labelView("ro", {});
    expect(html).toContain('data-testid="guidelines-panel"');
    expect(html).toContain('data-open="true"');
    expect(html).toMatch(/<button[^>]*data-testid="guidelines-toggle"[^>]*aria-expanded="true"/);
    expect(html).toContain("<h2>Populism</h2>");
    expect(html).not.toContain("<script>");
    expect(html).toContain("tasta ? îl deschide și îl închide");
    expect(html).not.toContain('data-testid="guidelines-changed"');
    // Inside the review, before the row's card and its labels.
    expect(html.indexOf('data-testid="guidelines-panel"')).toBeGreaterThan(
      html.indexOf('data-testid="review"'),
    );
  });

  it("starts folded once this person has seen this version, and opens again, saying so, when it changed", () => {
    access.user = account("ana");
    const seen = labelView("ro", { [seenKey("ds-1", "ana")]: GUIDE.updatedAt });
    expect(seen).toContain('data-open="false"');
    expect(seen).toMatch(/<div[^>]*hidden=""[^>]*data-testid="guidelines-body"/);
    const changed = labelView("en", { [seenKey("ds-1", "ana")]: "2026-12-01T08:00:00.000Z" });
    expect(changed).toContain('data-open="true"');
    expect(changed).toContain("The guidelines have changed since you last read them.");
    // Another account on the same browser has not seen them.
    access.user = account("ion");
    const other = labelView("ro", { [seenKey("ds-1", "ana")]: GUIDE.updatedAt });
    expect(other).toContain('data-open="true"');
  });

  it("without accounts, remembers this browser's reading, whatever name is being typed", () => {
    // Keyed by the typed name, the panel opened and folded at each keystroke of "Ioana".
    const seen = { [seenKey("ds-1", "")]: GUIDE.updatedAt };
    expect(labelView("ro", seen)).toContain('data-open="false"');
    expect(labelView("ro", {})).toContain('data-open="true"');
  });

  it("is not there when the data set has no guidelines", () => {
    const html = render(
      <LabelView
        dataset={dataset()}
        annotator="ana"
        onAnnotator={() => {}}
        knownNames={[]}
        onSaved={() => {}}
        onClose={() => {}}
        guidelines={null}
      />,
    );
    expect(html).not.toContain('data-testid="guidelines-panel"');
  });

  it("remembers per person and data set which version was seen (case and spaces in the name do not count)", () => {
    const page = storage("ro");
    expect(guidelinesStart(GUIDE, loadSeen(page, "ds-1", "Ana"))).toBe("first");
    markSeen(page, "ds-1", " Ana ", GUIDE.updatedAt);
    expect(page.written).toEqual({ [seenKey("ds-1", "ana")]: GUIDE.updatedAt });
    const later = storage("ro", page.written);
    expect(guidelinesStart(GUIDE, loadSeen(later, "ds-1", "ana"))).toBe("seen");
    expect(guidelinesStart(GUIDE, loadSeen(later, "ds-2", "ana"))).toBe("first");
    expect(guidelinesStart({ ...GUIDE, updatedAt: "2026-12-08T09:00:00.000Z" }, GUIDE.updatedAt)).toBe(
      "changed",
    );
    expect(guidelinesStart(null, null)).toBe("none");
    expect(["none", "first", "changed", "seen"].map((s) => opensByItself(s as never))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    // A storage that throws: as if never seen, so the panel opens.
    const blocked = {
      getItem: () => {
        throw new Error("blocked");
      },
    };
    expect(loadSeen(blocked, "ds-1", "ana")).toBeNull();
  });

  it("folds and unfolds with ?, a key no label, move or the note uses", () => {
    expect(reviewCommand({ key: "?", ctrlKey: false, metaKey: false, altKey: false }, "ton")).toEqual({
      type: "guidelines",
    });
    expect(LABEL_KEYS).not.toContain("?");
    expect(
      reviewCommand({ key: "?", ctrlKey: false, metaKey: false, altKey: false }, "ton", "note"),
    ).toBeUndefined();
    expect(
      reviewCommand({ key: "?", ctrlKey: false, metaKey: false, altKey: false }, "ton", "field"),
    ).toBeUndefined();
  });
});

describe("the methods paragraph's sentence on the guidelines", () => {
  const input = (labelsBefore: number, labels: number, text = "x".repeat(20)) => ({
    guidelines: { ...GUIDE, text },
    labelsBefore,
    labels,
  });
  it("gives their size, last change and where the text is, in both languages", () => {
    const s = guidelinesSentence(input(0, 12));
    expect(s.ro).toBe(
      "Adnotatorii umani au avut ghidul de adnotare al setului (20 de caractere, modificat ultima dată pe 2026-12-07 10:45 UTC de prof; textul este în foaia „ghid” a exportului XLSX), pe lângă codebook.",
    );
    expect(s.en).toBe(
      'The human annotators had the data set\'s annotation guidelines (20 characters, last changed on 2026-12-07 10:45 UTC by prof; the text is in the "ghid" sheet of the XLSX export), besides the codebook.',
    );
    expect(guidelinesSentence(input(0, 1, "x")).ro).toContain("(1 caracter,");
  });
  it("counts the labels saved before that change, with the plural each count asks for", () => {
    expect(guidelinesSentence(input(1, 12)).ro).toContain(" 1 din 12 etichete a fost salvată înainte");
    expect(guidelinesSentence(input(3, 12)).ro).toContain(" 3 din 12 etichete au fost salvate înainte");
    expect(guidelinesSentence(input(20, 20)).ro).toContain(
      " Toate cele 20 de etichete au fost salvate înainte",
    );
    expect(guidelinesSentence(input(1, 1)).ro).toContain(" Singura etichetă a fost salvată înainte");
    expect(guidelinesSentence(input(1, 12)).en).toContain(" 1 of 12 labels was saved before that change.");
    expect(guidelinesSentence(input(2, 2)).en).toContain(" All 2 labels were saved before that change.");
  });
});

describe("a refused save of the guidelines", () => {
  it("is said again in the page's language after a switch, from the server's code", () => {
    const refused = new ApiError(413, {
      code: "dataset:guidelines_too_long",
      message: "Ghidul de adnotare este prea lung: 20.001 caractere, iar limita este 20.000.",
      params: { length: 20001, limit: 20000 },
    });
    const t = ((key: string) => key) as Translate;
    expect(errorSaid(refused, t, "en")).toContain(
      "The annotation guidelines are too long: 20,001 characters",
    );
    expect(errorSaid(refused, t, "ro")).toContain("Ghidul de adnotare este prea lung: 20.001 caractere");
    // The page's own words for a server that cannot be reached.
    expect(errorSaid(new ApiError(0, { code: "client:network", message: "Failed to fetch" }), t, "en")).toBe(
      "wb.error.network",
    );
  });
});
