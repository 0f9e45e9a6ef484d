// The adjudication view's rows without a browser (rows people labelled differently, the majority proposed, a settled
// row reopened by a later label, the names suggested) and the remembered annotator (recent names, blind mode).
// Moved here from clientWorkbenchReview.test.ts, which keeps the review queue, its keyboard and its saves.
import { describe, expect, it } from "vitest";
import { label } from "../support/reviewLabel";
import { memoryStorage } from "../support/memoryStorage";
import { annotatorNames, conflicts, majority } from "../../client/src/state/adjudication";
import {
  loadAnnotator,
  loadBlind,
  loadRecentNames,
  rememberName,
  saveBlind,
} from "../../client/src/state/annotator";

describe("adjudication", () => {
  it("lists rows people labelled differently, open ones first, with the majority proposed", () => {
    const list = conflicts({
      labels: [
        label("Ana", 1, { ton: "negativ", tema: "pensii" }),
        label("Bogdan", 1, { ton: "neutru", tema: "pensii" }),
        label("Cora", 1, { ton: "negativ" }),
        label("Ana", 2, { ton: "pozitiv" }),
        label("Bogdan", 2, { ton: "pozitiv" }),
        label("Ana", 3, { ton: "pozitiv" }),
        label("Ana", 0, { populism: "true" }, "2025-05-01T09:00:00Z"),
        label("Bogdan", 0, { populism: "false" }, "2025-05-01T09:00:00Z"),
      ],
      adjudications: [label("Dana", 0, { populism: "true" }, "2025-05-01T09:30:00Z")],
    });
    expect(list.map((c) => [c.idx, c.settled, c.fields])).toEqual([
      [1, false, ["ton"]],
      [0, true, ["populism"]],
    ]);
    expect(list[0]!.proposal).toEqual({ ton: "negativ", tema: "pensii" });
    expect(list[1]!.proposal).toEqual({ populism: "true" });
  });

  it("reopens a settled row when someone changed their label afterwards, and leaves a tie to the adjudicator", () => {
    const list = conflicts({
      labels: [
        label("Ana", 0, { ton: "negativ" }, "2025-05-02T00:00:00Z"),
        label("Bogdan", 0, { ton: "neutru" }),
      ],
      adjudications: [label("Dana", 0, { ton: "neutru" }, "2025-05-01T12:00:00Z")],
    });
    expect(list[0]!.settled).toBe(false);
    expect(majority(list[0]!.labels, "ton")).toBeUndefined();
  });

  it("suggests every name seen, once, in order", () => {
    expect(
      annotatorNames({ labels: [label("Bogdan", 1, {}), label("Ana", 2, {})], adjudications: [] }, [
        "Ana",
        " ",
      ]),
    ).toEqual(["Ana", "Bogdan"]);
  });
});

describe("the remembered annotator", () => {
  it("keeps recent names first, without repeats or invalid ones, and blind mode on unless turned off", () => {
    const storage = memoryStorage();
    expect(loadAnnotator(storage)).toBe("");
    rememberName("Ana", storage);
    rememberName("Bogdan", storage);
    rememberName(" Ana ", storage);
    rememberName("   ", storage);
    expect(loadRecentNames(storage)).toEqual(["Ana", "Bogdan"]);
    expect(loadBlind(storage)).toBe(true);
    saveBlind(false, storage);
    expect(loadBlind(storage)).toBe(false);
    storage.setItem("echochamber.annotators", "{broken");
    expect(loadRecentNames(storage)).toEqual([]);
  });
});
