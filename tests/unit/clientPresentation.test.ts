// Presentation mode's state: kept per tab, read back only as one of the offered sizes, stepped within them, and
// applied to the page's root as a font size the rem-based styles follow.
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../support/memoryStorage";
import {
  applyPresentation,
  DEFAULT_PRESENT_SCALE,
  loadPresentation,
  PRESENT_SCALES,
  savePresentation,
  stepScale,
} from "../../client/src/state/presentation";

/** The part of an element that applyPresentation touches. */
function fakeRoot() {
  const properties = new Map<string, string>();
  const root = {
    dataset: {} as Record<string, string | undefined>,
    style: {
      set fontSize(value: string) {
        properties.set("font-size", value);
      },
      removeProperty: (name: string) => void properties.delete(name),
    },
  };
  return { root: root as unknown as HTMLElement, fontSize: () => properties.get("font-size") };
}

describe("presentation mode", () => {
  it("is off in a tab that never turned it on, and comes back on at the size it was left at", () => {
    const storage = memoryStorage();
    expect(loadPresentation(storage)).toEqual({ on: false, scale: DEFAULT_PRESENT_SCALE });
    savePresentation({ on: true, scale: 175 }, storage);
    expect(loadPresentation(storage)).toEqual({ on: true, scale: 175 });
    savePresentation({ on: false, scale: 175 }, storage);
    expect(storage.length).toBe(0);
    expect(loadPresentation(storage).on).toBe(false);
  });

  it("reads a size it does not offer (an edited or old value) as off, and survives a storage that refuses", () => {
    const storage = memoryStorage();
    for (const stored of ["300", "abc", "", "0"]) {
      storage.setItem("echochamber.presentation", stored);
      expect(loadPresentation(storage).on).toBe(false);
    }
    expect(loadPresentation(undefined).on).toBe(false);
    const refusing = {
      ...storage,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(() => savePresentation({ on: true, scale: 150 }, refusing)).not.toThrow();
  });

  it("steps one offered size at a time and stops at both ends", () => {
    expect(stepScale(150, 1)).toBe(175);
    expect(stepScale(150, -1)).toBe(125);
    expect(stepScale(PRESENT_SCALES[0], -1)).toBe(PRESENT_SCALES[0]);
    const largest = PRESENT_SCALES[PRESENT_SCALES.length - 1];
    expect(stepScale(largest, 1)).toBe(largest);
  });

  it("sets the root's font size and marker when on, and removes both when off", () => {
    const { root, fontSize } = fakeRoot();
    applyPresentation({ on: true, scale: 150 }, root);
    expect(root.dataset.present).toBe("150");
    expect(fontSize()).toBe("150%");
    applyPresentation({ on: false, scale: 150 }, root);
    expect(root.dataset.present).toBeUndefined();
    expect(fontSize()).toBeUndefined();
  });
});
