// The chat's draft in the tab's storage: kept while written, dropped when sent or emptied, never over the cap.
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../support/memoryStorage";
import { loadDraft, saveDraft } from "../../client/src/state/draft";

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
