// A person's label against their own other tabs, without a browser: the save says the version of their label the page
// read; a 409 label:conflict keeps what was typed and shows the stored label beside it until the person keeps it (the
// row read again replaces the typed one) or overwrites it (the save expects the stored version); a row read again as
// the tab comes back shows a label saved elsewhere when nothing was typed, and the conflict when something was; a
// choice not saved is kept per data set, row and person and restored with a hint, and Enter waits for the choice.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { forgetSessionDrafts } from "../../client/src/state/sessionDrafts";
import type { HumanReviewLabel, ItemDetail, QueueResponse } from "../../contract/workbench";
import { ApiError } from "../../client/src/api";
import { LabelConflict } from "../../client/src/components/workbench/LabelConflict";
import { I18nProvider } from "../../client/src/i18nContext";
import {
  conflictLines,
  conflictOf,
  expectedVersion,
  forgetLabelDrafts,
  keepLabelDraft,
  labelDraftKey,
  readLabelDraft,
  startOfRow,
  type DraftStorage,
} from "../../client/src/state/labelConflict";
import {
  enterMeans,
  initialReviewState,
  reviewReducer,
  reviewSaveBody,
  touched,
  type ReviewState,
} from "../../client/src/state/review";

const T1 = "2026-12-07T08:00:00.000Z";
const T2 = "2026-12-07T09:15:30.000Z";

function label(
  idx: number,
  labels: HumanReviewLabel["labels"],
  updatedAt: string,
  note: string | null = null,
) {
  return {
    datasetId: "ds-1",
    idx,
    annotator: "ion",
    labels,
    note,
    status: "labelled",
    blind: false,
    codebookVersion: "1.0.0",
    createdAt: T1,
    updatedAt,
  } satisfies HumanReviewLabel;
}

function item(idx: number, mine: HumanReviewLabel | null): ItemDetail {
  return {
    runId: null,
    datasetId: "ds-1",
    idx,
    itemId: `r${idx}`,
    text: "Hoții ne fură pensiile!",
    meta: {},
    gold: {},
    annotations: [],
    labels: [],
    mine,
    adjudication: null,
    flags: {
      modelsDisagree: [],
      runsDisagree: [],
      minConfidence: null,
      failed: 0,
      done: 0,
      priority: 1,
      reviewers: [],
      adjudicated: false,
      inSample: true,
    },
    withheld: false,
  };
}

const queue = (idxs: number[]): QueueResponse => ({
  runId: null,
  annotator: "ion",
  mode: "priority",
  items: idxs.map((idx) => ({ idx, itemId: `r${idx}`, priority: 1, reasons: ["sample"] })),
  remaining: idxs.length,
  total: idxs.length,
});

function onRow8(mine: HumanReviewLabel | null, kept?: Parameters<typeof startOfRow>[1]): ReviewState {
  const queued = reviewReducer(initialReviewState(), {
    type: "review:queue",
    response: queue([8, 9]),
    append: false,
    asked: 20,
  });
  return reviewReducer(queued, { type: "review:read", item: item(8, mine), kept });
}

const pick = (state: ReviewState, field: "ton" | "populism", value: string) =>
  reviewReducer(state, { type: "review:pick", field, value });

function memoryStorage(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
  };
}

describe("a save against the version the page read", () => {
  it("expects the person's label as read (null for none), or the stored one they chose to overwrite", () => {
    const stored = label(8, { ton: "pozitiv", populism: "false" }, T2);
    expect(expectedVersion(null)).toBeNull();
    expect(expectedVersion(label(8, { ton: "neutru" }, T1))).toBe(T1);
    // Overwriting a label saved elsewhere expects that label's version, and keeps what was typed.
    const conflicted = reviewReducer(pick(onRow8(null), "ton", "neutru"), {
      type: "review:conflict",
      stored,
    });
    expect(expectedVersion(conflicted.item?.mine)).toBeNull();
    const overwriting = reviewReducer(conflicted, { type: "review:overwrite" });
    expect(overwriting).toMatchObject({ conflict: null, draft: { ton: "neutru" } });
    expect(expectedVersion(overwriting.item?.mine)).toBe(T2);
    // Only ton chosen: Enter names the empty fields once before it saves, as on any row.
    expect(enterMeans(overwriting)).toBe("ask");
  });

  it("reads the stored label of a 409 label:conflict and nothing else", () => {
    const stored = label(8, { ton: "pozitiv" }, T2);
    const conflict = new ApiError(409, { code: "label:conflict", message: "…" }, { error: {}, stored });
    expect(conflictOf(conflict)).toEqual(stored);
    expect(conflictOf(new ApiError(409, { code: "dataset:busy", message: "…" }, { stored }))).toBeNull();
    expect(conflictOf(new ApiError(404, { code: "item:not_found", message: "…" }))).toBeNull();
    expect(conflictOf(new Error("network"))).toBeNull();
  });
});

describe("the tester's two tabs on row 8", () => {
  it("keeps what tab 2 typed beside tab 1's saved label, and Enter waits for the choice", () => {
    // Tab 2 read row 8 with no label, then "3" and Enter: ton neutru.
    let tab2 = pick(onRow8(null), "ton", "neutru");
    expect(reviewSaveBody(tab2, "ion")).toEqual({ annotator: "ion", labels: { ton: "neutru" } });
    tab2 = reviewReducer(tab2, { type: "review:saving" });
    const stored = label(8, { ton: "pozitiv", populism: "false" }, T2);
    tab2 = reviewReducer(tab2, { type: "review:conflict", stored });
    expect(tab2).toMatchObject({ saving: false, conflict: stored, draft: { ton: "neutru" }, error: null });
    expect(enterMeans(tab2)).toBe("nothing");
    expect(conflictLines(tab2.draft, tab2.note, stored)).toEqual([
      { field: "ton", typed: "neutru", stored: "pozitiv", differs: true },
      { field: "populism", typed: "", stored: "false", differs: true },
    ]);
  });

  it("'Păstrează ce e salvat' reads the row again and shows the saved label; 'Suprascrie' saves over it", () => {
    const stored = label(8, { ton: "pozitiv", populism: "false" }, T2, "ironie");
    const conflicted = reviewReducer(pick(onRow8(null), "ton", "neutru"), {
      type: "review:conflict",
      stored,
    });
    const kept = reviewReducer(conflicted, { type: "review:read", item: item(8, stored), replace: true });
    expect(kept).toMatchObject({
      conflict: null,
      draft: { ton: "pozitiv", populism: "false" },
      note: "ironie",
    });
    expect(touched(kept)).toBe(false);

    expect(expectedVersion(reviewReducer(conflicted, { type: "review:overwrite" }).item?.mine)).toBe(T2);
    const mineNow = label(8, { ton: "neutru" }, "2026-12-07T09:20:00.000Z");
    const overwritten = reviewReducer(conflicted, { type: "review:saved", label: mineNow });
    expect(overwritten).toMatchObject({ conflict: null, draft: { ton: "neutru" } });
    expect(overwritten.item?.mine).toEqual(mineNow);
  });

  it("shows a label saved elsewhere when the tab comes back untouched, and the conflict when something was typed", () => {
    const elsewhere = label(8, { ton: "pozitiv", populism: "false" }, T2);
    const untouched = reviewReducer(onRow8(null), { type: "review:item", item: item(8, elsewhere) });
    expect(untouched).toMatchObject({ draft: { ton: "pozitiv", populism: "false" }, conflict: null });
    expect(untouched.item?.mine).toEqual(elsewhere);

    const typed = reviewReducer(pick(onRow8(null), "ton", "neutru"), {
      type: "review:item",
      item: item(8, elsewhere),
    });
    expect(typed).toMatchObject({ draft: { ton: "neutru" }, conflict: elsewhere });
    // The version the typed label started from stays the one its save expects.
    expect(typed.item?.mine).toBeNull();
    expect(expectedVersion(typed.item?.mine)).toBeNull();

    // A re-read after one's own save (nothing moved) changes nothing.
    const own = label(8, { ton: "neutru" }, T1);
    const saved = reviewReducer(pick(onRow8(null), "ton", "neutru"), { type: "review:saved", label: own });
    expect(reviewReducer(saved, { type: "review:item", item: item(8, own) })).toMatchObject({
      conflict: null,
      draft: { ton: "neutru" },
    });
  });
});

describe("drafts kept in the browser", () => {
  it("are kept per data set, row and person, dropped when unreadable, and all forgotten at once", () => {
    const storage = memoryStorage();
    const key = labelDraftKey("ds-1", 8, " ion ");
    expect(key).not.toBe(labelDraftKey("ds-1", 8, "ana"));
    expect(key).not.toBe(labelDraftKey("ds-1", 9, "ion"));
    expect(key).not.toBe(labelDraftKey("ds-2", 8, "ion"));
    keepLabelDraft(storage, key, {
      draft: { ton: "negativ", bogus: "x" } as never,
      note: "de ce",
      base: null,
    });
    expect(readLabelDraft(storage, key)).toEqual({ draft: { ton: "negativ" }, note: "de ce", base: null });
    storage.setItem(labelDraftKey("ds-1", 9, "ion"), "{not json");
    expect(readLabelDraft(storage, labelDraftKey("ds-1", 9, "ion"))).toBeUndefined();
    expect(readLabelDraft(undefined, key)).toBeUndefined();
    storage.setItem("other-key", "stays");
    forgetLabelDrafts(storage);
    expect([...storage.map.keys()]).toEqual(["other-key"]);
    const full: DraftStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {},
    };
    expect(() => keepLabelDraft(full, key, { draft: {}, note: "", base: null })).not.toThrow();
  });

  it("restore an unsaved choice and note with a hint, and show the conflict if the label was saved since", () => {
    const restored = onRow8(null, { draft: { ton: "negativ" }, note: "ironie", base: null });
    expect(restored).toMatchObject({
      draft: { ton: "negativ" },
      note: "ironie",
      restored: true,
      conflict: null,
    });
    expect(enterMeans(restored)).toBe("ask");

    const since = label(8, { ton: "pozitiv" }, T2);
    const moved = onRow8(since, { draft: { ton: "negativ" }, note: "", base: T1 });
    expect(moved).toMatchObject({ draft: { ton: "negativ" }, restored: true, conflict: since });

    // A kept draft equal to what is stored is no draft; a row's own label otherwise.
    expect(onRow8(since, { draft: { ton: "pozitiv" }, note: "", base: T1 })).toMatchObject({
      restored: false,
      conflict: null,
    });
    expect(startOfRow(since, undefined)).toEqual({
      draft: { ton: "pozitiv" },
      note: "",
      evidence: [],
      restored: false,
      conflict: null,
    });
    // The hint and the conflict go with a save, and with moving to another row.
    expect(reviewReducer(restored, { type: "review:move", delta: 1 })).toMatchObject({ restored: false });
    expect(
      reviewReducer(restored, { type: "review:saved", label: label(8, { ton: "negativ" }, T2, "ironie") }),
    ).toMatchObject({ restored: false });
  });
});

describe("evidence spans in the kept draft", () => {
  it("are kept with the labels and note, and come back on a reload", () => {
    const storage = memoryStorage();
    const key = labelDraftKey("ds-1", 8, "ion");
    // "Hoții" marked for populism, "pensiile" for the whole label; out of order as typed.
    const spans = [
      { start: 14, end: 22 },
      { start: 0, end: 5, field: "populism" as const },
    ];
    keepLabelDraft(storage, key, { draft: { ton: "negativ" }, note: "", evidence: spans, base: null });
    const kept = readLabelDraft(storage, key);
    expect(kept).toEqual({
      draft: { ton: "negativ" },
      note: "",
      evidence: [
        { start: 0, end: 5, field: "populism" },
        { start: 14, end: 22 },
      ],
      base: null,
    });
    const restored = onRow8(null, kept);
    expect(restored).toMatchObject({ draft: { ton: "negativ" }, restored: true });
    expect(restored.evidence).toEqual([
      { start: 0, end: 5, field: "populism" },
      { start: 14, end: 22 },
    ]);
    expect(reviewSaveBody(restored, "ion")?.evidence).toEqual(restored.evidence);
  });

  it("restore spans marked alone on a labelled row, and leave a draft equal to the saved label unrestored", () => {
    const saved = label(8, { ton: "negativ" }, T1);
    const spansOnly = onRow8(saved, {
      draft: { ton: "negativ" },
      note: "",
      evidence: [{ start: 0, end: 5 }],
      base: T1,
    });
    expect(spansOnly).toMatchObject({ restored: true, conflict: null, evidence: [{ start: 0, end: 5 }] });
    // The saved label's empty fields were left empty then: the spans save at once.
    expect(enterMeans(spansOnly)).toBe("save");
    const withSpans = { ...saved, evidence: [{ start: 0, end: 5 }] };
    expect(
      onRow8(withSpans, { draft: { ton: "negativ" }, note: "", evidence: [{ start: 0, end: 5 }], base: T1 }),
    ).toMatchObject({ restored: false, evidence: [{ start: 0, end: 5 }] });
  });

  it("read a draft kept before spans were as having none, and drop kept spans past the row's text", () => {
    const storage = memoryStorage();
    const key = labelDraftKey("ds-1", 8, "ion");
    storage.setItem(key, JSON.stringify({ draft: { ton: "negativ" }, note: "", base: null }));
    expect(readLabelDraft(storage, key)).toEqual({ draft: { ton: "negativ" }, note: "", base: null });
    expect(onRow8(null, readLabelDraft(storage, key)).evidence).toEqual([]);
    // Such a draft on a row saved with spans keeps the saved spans (a save would otherwise erase them) ...
    const withSpans = { ...label(8, { ton: "pozitiv" }, T1), evidence: [{ start: 0, end: 5 }] };
    expect(onRow8(withSpans, readLabelDraft(storage, key))).toMatchObject({
      draft: { ton: "negativ" },
      restored: true,
      evidence: [{ start: 0, end: 5 }],
    });
    // ... while a draft whose spans were all removed is kept empty.
    keepLabelDraft(storage, key, { draft: { ton: "pozitiv" }, note: "", evidence: [], base: T1 });
    expect(readLabelDraft(storage, key)?.evidence).toEqual([]);
    expect(onRow8(withSpans, readLabelDraft(storage, key))).toMatchObject({ restored: true, evidence: [] });
    const stale = onRow8(null, {
      draft: { ton: "negativ" },
      note: "",
      evidence: [{ start: 5, end: 900 }],
      base: null,
    });
    expect(stale).toMatchObject({ draft: { ton: "negativ" }, restored: true, evidence: [] });
  });
});

describe("drafts on a shared computer", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("go when the account signs out, with the tab's other drafts", () => {
    const storage = memoryStorage();
    vi.stubGlobal("localStorage", storage);
    keepLabelDraft(storage, labelDraftKey("ds-1", 8, "ion"), {
      draft: { ton: "negativ" },
      note: "",
      base: null,
    });
    storage.setItem("echochamber.lang", "ro");
    forgetSessionDrafts();
    expect([...storage.map.keys()]).toEqual(["echochamber.lang"]);
  });
});

describe("the conflict panel", () => {
  it("shows the saved label beside the one here, with both choices", () => {
    const stored = label(8, { ton: "pozitiv", populism: "false" }, T2, "ironie");
    const html = renderToStaticMarkup(
      <I18nProvider>
        <LabelConflict
          stored={stored}
          draft={{ ton: "neutru" }}
          note=""
          busy={false}
          onKeep={() => {}}
          onOverwrite={() => {}}
        />
      </I18nProvider>,
    );
    expect(html).toContain('data-testid="label-conflict"');
    expect(html).toContain("Ați salvat acest rând între timp în alt tab sau pe alt dispozitiv");
    expect(html).toMatch(/data-testid="label-conflict-keep"[^>]*>Păstrează ce e salvat</);
    expect(html).toMatch(/data-testid="label-conflict-overwrite"[^>]*>Suprascrie</);
    expect(html).toMatch(/data-testid="label-conflict-stored" data-field="ton">pozitiv</);
    expect(html).toMatch(/data-testid="label-conflict-typed" data-field="ton"><strong>neutru</);
    expect(html).toMatch(/data-testid="label-conflict-stored" data-field="note">ironie</);
  });
});

describe("the conflict with evidence spans", () => {
  const text = "Hoții ne fură pensiile!";
  const mineSpans = [{ start: 0, end: 5, field: "populism" as const }];
  const theirSpans = [{ start: 14, end: 22 }];

  it("puts each side's spans on a line, quoted, differing when the spans do", () => {
    const stored = { ...label(8, { ton: "negativ" }, T2), evidence: theirSpans };
    expect(conflictLines({ ton: "negativ" }, "", stored, mineSpans, text)).toEqual([
      { field: "ton", typed: "negativ", stored: "negativ", differs: false },
      {
        field: "evidence",
        typed: "„Hoții” [populism]",
        stored: "„pensiile”",
        differs: true,
        spans: { typed: mineSpans, stored: theirSpans },
      },
    ]);
    // The same spans in another order are the same; none on either side: no line.
    const same = conflictLines(
      { ton: "negativ" },
      "",
      { ...stored, evidence: [...theirSpans] },
      theirSpans,
      text,
    );
    expect(same.at(-1)).toMatchObject({ field: "evidence", differs: false });
    expect(conflictLines({ ton: "negativ" }, "", label(8, { ton: "negativ" }, T2), [], text)).toHaveLength(1);
  });

  it("'Suprascrie' saves my labels with my spans; 'Păstrează ce e salvat' takes theirs with their spans", () => {
    const stored = { ...label(8, { ton: "pozitiv" }, T2), evidence: theirSpans };
    let mine = pick(onRow8(null), "ton", "negativ");
    mine = reviewReducer(mine, { type: "review:evidence", evidence: mineSpans });
    const conflicted = reviewReducer(mine, { type: "review:conflict", stored });
    const overwriting = reviewReducer(conflicted, { type: "review:overwrite" });
    expect(reviewSaveBody(overwriting, "ion")).toEqual({
      annotator: "ion",
      labels: { ton: "negativ" },
      evidence: mineSpans,
    });
    // Theirs, taken as the base, leaves the same fields empty as mine: no question.
    expect(enterMeans(overwriting)).toBe("save");
    const theirs = reviewReducer(conflicted, { type: "review:read", item: item(8, stored), replace: true });
    expect(theirs).toMatchObject({ conflict: null, draft: { ton: "pozitiv" }, evidence: theirSpans });
    expect(touched(theirs)).toBe(false);
  });

  it("shows both sides' spans quoted in the panel, in Romanian by default", () => {
    const stored = { ...label(8, { ton: "negativ" }, T2), evidence: theirSpans };
    const html = renderToStaticMarkup(
      <I18nProvider>
        <LabelConflict
          stored={stored}
          draft={{ ton: "negativ" }}
          note=""
          evidence={mineSpans}
          text={text}
          busy={false}
          onKeep={() => {}}
          onOverwrite={() => {}}
        />
      </I18nProvider>,
    );
    expect(html).toMatch(/<th scope="row">Dovezi<\/th>/);
    expect(html).toMatch(/data-testid="label-conflict-stored" data-field="evidence">„pensiile”</);
    expect(html).toMatch(
      /data-testid="label-conflict-typed" data-field="evidence"><strong>„Hoții” \(Populism\)</,
    );
  });
});
