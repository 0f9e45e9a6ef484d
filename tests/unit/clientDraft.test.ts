// The chat's draft in the tab's storage: kept while written, dropped when sent or emptied, never over the cap; and
// its attachments, read back only when they are what the composer wrote.
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../support/memoryStorage";
import {
  loadDraft,
  loadDraftAttachments,
  saveDraft,
  saveDraftAttachments,
} from "../../client/src/state/draft";

describe("the chat's draft", () => {
  it("is kept, read back, and dropped when emptied", () => {
    const storage = memoryStorage();
    expect(loadDraft(storage)).toBe("");
    saveDraft("Ce se spune despre pensii?", storage);
    expect(loadDraft(storage)).toBe("Ce se spune despre pensii?");
    saveDraft("", storage);
    expect(storage.length).toBe(0);
  });

  it("is not kept past the cap, and a storage that refuses writes loses nothing else", () => {
    const storage = memoryStorage();
    saveDraft("x".repeat(20_001), storage);
    expect(storage.length).toBe(0);
    const full = {
      ...storage,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(() => saveDraft("scurt", full)).not.toThrow();
    expect(loadDraft(undefined)).toBe("");
  });
});

describe("the draft's attachments", () => {
  const speech = {
    id: "a1",
    kind: "paste" as const,
    name: "text lipit",
    text: "Poporul a fost trădat. ".repeat(500),
  };

  it("are kept for the tab, read back, and dropped when the message leaves with them", () => {
    const storage = memoryStorage();
    expect(loadDraftAttachments(storage)).toEqual([]);
    saveDraftAttachments([speech], storage);
    expect(loadDraftAttachments(storage)).toEqual([speech]);
    saveDraftAttachments([], storage);
    expect(storage.length).toBe(0);
  });

  it("reads nothing from a damaged or foreign value, and a storage too full drops the older list", () => {
    const storage = memoryStorage();
    storage.setItem("echochamber.draft.attachments", "{nu e json");
    expect(loadDraftAttachments(storage)).toEqual([]);
    storage.setItem("echochamber.draft.attachments", JSON.stringify([{ name: "x" }]));
    expect(loadDraftAttachments(storage)).toEqual([]);
    saveDraftAttachments([speech], storage);
    const full = {
      getItem: (key: string) => storage.getItem(key),
      removeItem: (key: string) => storage.removeItem(key),
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(() => saveDraftAttachments([speech, { ...speech, id: "a2" }], full)).not.toThrow();
    expect(loadDraftAttachments(storage)).toEqual([]);
  });
});
