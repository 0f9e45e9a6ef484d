// The owner's guidelines editor against another editor of the same guidelines, without a browser: a save expects the
// version the text started from; a 409 guidelines:conflict keeps the text typed and shows the stored guidelines (who,
// when, their text) with "keep mine (overwrite)", which then expects the stored version, and "take theirs", which
// replaces the text; the same text saved elsewhere is no conflict; the panel's markup in both languages.
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DatasetGuidelines } from "../../contract/workbench";
import { ApiError } from "../../client/src/api";
import { formatDate } from "../../client/src/components/workbench/DatasetList";
import { GuidelinesConflict } from "../../client/src/components/workbench/GuidelinesConflict";
import { GuidelinesEditor } from "../../client/src/components/workbench/GuidelinesEditor";
import { I18nProvider } from "../../client/src/i18nContext";
import {
  editorStart,
  expectedFor,
  guidelinesConflictOf,
  guidelinesEditorReducer as reduce,
  type GuidelinesEditorState,
} from "../../client/src/state/guidelinesEditor";

const T1 = "2026-12-07T10:45:00.000Z";
const T2 = "2026-12-07T11:02:30.000Z";
const T3 = "2026-12-07T11:05:00.000Z";
const MINE: DatasetGuidelines = { text: "## Populism\nDoar elita.", updatedAt: T1, updatedBy: "prof" };
const THEIRS: DatasetGuidelines = {
  text: "## Populism\nElita <script>alert(1)</script> și ironia.",
  updatedAt: T2,
  updatedBy: "dir",
};

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => (key === "echochamber.lang" ? lang : null),
    setItem: () => {},
    removeItem: () => {},
  });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The owner typed on top of MINE, saved, and someone had saved THEIRS first. */
function inConflict(): GuidelinesEditorState {
  let state = editorStart(MINE);
  state = reduce(state, { type: "edit", text: "## Populism\nDoar elita, cu exemple." });
  expect(expectedFor(state, false)).toBe(T1);
  state = reduce(state, { type: "saving" });
  return reduce(state, { type: "conflict", stored: THEIRS });
}

describe("a guidelines save against the version the editor loaded", () => {
  it("expects the loaded version, or null when there were none", () => {
    expect(expectedFor(editorStart(MINE), false)).toBe(T1);
    expect(expectedFor(editorStart(null), false)).toBeNull();
    // Without a conflict there is nothing to overwrite: still the loaded version.
    expect(expectedFor(editorStart(MINE), true)).toBe(T1);
  });

  it("keeps the text typed on a conflict, and 'keep mine' then expects the stored version", () => {
    const state = inConflict();
    expect(state.draft).toBe("## Populism\nDoar elita, cu exemple.");
    expect(state.conflict).toEqual({ stored: THEIRS });
    expect(state.save).toEqual({ kind: "idle" });
    expect(expectedFor(state, true)).toBe(T2);
    // A plain save would still expect the old version (the button is off while the conflict shows).
    expect(expectedFor(state, false)).toBe(T1);
    // Typing on keeps both the text and the conflict.
    const typed = reduce(state, { type: "edit", text: "încă" });
    expect(typed.conflict).toEqual({ stored: THEIRS });
    const saved = reduce(reduce(typed, { type: "saving" }), {
      type: "saved",
      stored: { text: "încă", updatedAt: T3, updatedBy: "prof" },
    });
    expect(saved).toEqual({
      draft: "încă",
      base: T3,
      save: { kind: "saved", cleared: false },
      conflict: null,
    });
  });

  it("keeps what was typed while a save was under way, unsaved, on top of the version just stored", () => {
    let state = reduce(editorStart(MINE), { type: "edit", text: "## Populism\nprima formă" });
    state = reduce(state, { type: "saving" });
    state = reduce(state, { type: "edit", text: "## Populism\nprima formă, și încă ceva" });
    const saved = reduce(state, {
      type: "saved",
      stored: { text: "## Populism\nprima formă", updatedAt: T3, updatedBy: "prof" },
    });
    expect(saved).toEqual({
      draft: "## Populism\nprima formă, și încă ceva",
      base: T3,
      save: { kind: "idle" },
      conflict: null,
    });
    // The next save expects the version just stored: no conflict with one's own save.
    expect(expectedFor(saved, false)).toBe(T3);
  });

  it("'take theirs' replaces the text with the stored one and starts from its version; cleared ones leave nothing", () => {
    expect(reduce(inConflict(), { type: "take" })).toEqual(editorStart(THEIRS));
    const cleared = reduce(inConflict(), { type: "conflict", stored: null });
    expect(cleared.conflict).toEqual({ stored: null });
    expect(expectedFor(cleared, true)).toBeNull();
    expect(reduce(cleared, { type: "take" })).toMatchObject({ draft: "", base: null, conflict: null });
  });

  it("takes the same text saved elsewhere as saved, with no choice to make", () => {
    const state = reduce(editorStart(MINE), { type: "edit", text: `  ${THEIRS.text}\n` });
    expect(reduce(state, { type: "conflict", stored: THEIRS })).toEqual({
      draft: THEIRS.text,
      base: T2,
      save: { kind: "saved", cleared: false },
      conflict: null,
    });
  });

  it("reads the stored guidelines of a 409 guidelines:conflict and nothing else", () => {
    const conflict = (stored: unknown, code = "guidelines:conflict", status = 409) =>
      new ApiError(status, { code, message: "…" }, { error: { code, message: "…" }, stored });
    expect(guidelinesConflictOf(conflict(THEIRS))).toEqual({ stored: THEIRS });
    expect(guidelinesConflictOf(conflict(null))).toEqual({ stored: null });
    expect(guidelinesConflictOf(conflict(THEIRS, "label:conflict"))).toBeNull();
    expect(guidelinesConflictOf(conflict(THEIRS, "guidelines:conflict", 500))).toBeNull();
    expect(guidelinesConflictOf(conflict({ nope: 1 }))).toBeNull();
    expect(guidelinesConflictOf(new Error("x"))).toBeNull();
  });
});

describe("the guidelines conflict panel", () => {
  const panel = (stored: DatasetGuidelines | null, canOverwrite = true) => (
    <GuidelinesConflict
      stored={stored}
      busy={false}
      canOverwrite={canOverwrite}
      onOverwrite={() => {}}
      onTake={() => {}}
    />
  );

  it("says who saved the guidelines and when, shows their text as written, and offers both choices", () => {
    const html = render(panel(THEIRS));
    expect(html).toMatch(/<section[^>]*role="alert"[^>]*data-testid="guidelines-conflict"/);
    expect(html).toContain(
      `Ghidul a fost salvat între timp de dir (${formatDate(T2, "ro")}), în alt tab sau de altcineva.`,
    );
    expect(html).toContain("Textul dvs. a rămas în editor până alegeți");
    // The Markdown source, escaped: the stored text never runs a script.
    expect(html).toContain(
      'data-testid="guidelines-conflict-stored" tabindex="0" aria-label="Ghidul salvat">## Populism\nElita &lt;script&gt;alert(1)&lt;/script&gt; și ironia.</pre>',
    );
    expect(html).toMatch(
      /<button[^>]*data-testid="guidelines-conflict-overwrite"[^>]*>Păstrează textul meu \(suprascrie\)</,
    );
    expect(html).toMatch(/<button[^>]*data-testid="guidelines-conflict-take"[^>]*>Preia ghidul salvat</);
    expect(html).not.toMatch(/data-testid="guidelines-conflict-overwrite"[^>]*disabled/);
  });

  it("says so when the guidelines were cleared, in English too, and offers no overwrite of a text over the limit", () => {
    const html = render(panel(null, false), "en");
    expect(html).toContain("The guidelines were deleted meanwhile, in another tab or by someone else.");
    expect(html).not.toContain('data-testid="guidelines-conflict-stored"');
    expect(html).toMatch(
      /<button[^>]*data-testid="guidelines-conflict-overwrite"[^>]*disabled=""[^>]*>Keep mine \(overwrite\)</,
    );
    expect(html).toMatch(/<button[^>]*data-testid="guidelines-conflict-take"[^>]*>Take theirs</);
    expect(render(panel(THEIRS), "en")).toContain(
      `The guidelines were saved meanwhile by dir (${formatDate(T2, "en")}), in another tab or by someone else.`,
    );
  });

  it("is not in the editor until a save meets a conflict", () => {
    const html = render(<GuidelinesEditor datasetId="ds-1" guidelines={MINE} onGuidelines={() => {}} />);
    expect(html).toContain('data-testid="dataset-guidelines-edit"');
    expect(html).not.toContain('data-testid="guidelines-conflict"');
  });
});
