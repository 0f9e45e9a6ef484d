// "Copiază cu surse": an answer as plain text with the sources it cites under their own numbers, in the page's
// language; pure, so read here without a page.
import { describe, expect, it } from "vitest";
import type { Source } from "../../contract/corpus";
import { answerWithSources } from "../../client/src/state/answerCopy";

function source(n: number, meta: Partial<Source["meta"]> = {}, id = `doc-${n}#0`): Source {
  return {
    id,
    docId: id.split("#")[0]!,
    text: `Pasajul ${n}.`,
    score: 1,
    meta: {
      source: `Sursa ${n}`,
      title: `Titlul ${n}`,
      platform: "stiri",
      date: "2024-03-12",
      url: `https://example.ro/articol-${n}`,
      ...meta,
    },
  };
}

const SOURCES = [source(1), source(2, { platform: "facebook", date: "2024-11-05" }), source(3)];

describe("answerWithSources", () => {
  it("lists only the cited sources, under their own numbers, in number order, in Romanian", () => {
    const text = "Pensiile speciale au fost recalculate [3]. Comentariile sunt critice [2][3].";
    expect(answerWithSources({ text, sources: SOURCES }, "ro")).toBe(
      `${text}\n\nSurse:\n` +
        "[2] Titlul 2 — Sursa 2 (Facebook), 05.11.2024. https://example.ro/articol-2\n" +
        "[3] Titlul 3 — Sursa 3 (Știri), 12.03.2024. https://example.ro/articol-3\n",
    );
  });

  it("says the same in English on the English page", () => {
    const text = "Special pensions were recalculated [1, 3].";
    expect(answerWithSources({ text, sources: SOURCES }, "en")).toBe(
      `${text}\n\nSources:\n` +
        "[1] Titlul 1 — Sursa 1 (News), 12 Mar 2024. https://example.ro/articol-1\n" +
        "[3] Titlul 3 — Sursa 3 (News), 12 Mar 2024. https://example.ro/articol-3\n",
    );
  });

  it("says an imputed date is no date, and names a source without a title by its publisher", () => {
    const undated = source(1, { dateImputed: true, date: "2026-01-02", title: undefined, url: "" });
    expect(answerWithSources({ text: "Da [1].", sources: [undated] }, "ro")).toBe(
      "Da [1].\n\nSurse:\n[1] Sursa 1 (Știri), fără dată.\n",
    );
    expect(answerWithSources({ text: "Yes [1].", sources: [undated] }, "en")).toContain(
      "[1] Sursa 1 (News), no date.\n",
    );
  });

  it("drops a link that is not http(s), keeping the source", () => {
    const unsafe = source(1, { url: "javascript:alert(1)" });
    const copied = answerWithSources({ text: "Da [1].", sources: [unsafe] }, "ro");
    expect(copied).toContain("[1] Titlul 1 — Sursa 1 (Știri), 12.03.2024.\n");
    expect(copied).not.toContain("javascript");
  });

  it("names a passage of an attached text by the attachment and its passage", () => {
    const attached = source(
      2,
      {
        source: "raport.txt",
        title: "raport.txt",
        platform: "atasament",
        date: "",
        url: "",
        attachment: true,
      },
      "attachment:0#4",
    );
    expect(
      answerWithSources({ text: "Raportul spune asta [2].", sources: [SOURCES[0]!, attached] }, "ro"),
    ).toBe("Raportul spune asta [2].\n\nSurse:\n[2] raport.txt — text atașat · pasajul 5.\n");
    expect(
      answerWithSources({ text: "The report says so [2].", sources: [SOURCES[0]!, attached] }, "en"),
    ).toContain("[2] raport.txt — attached text · passage 5.\n");
  });

  it("lists every source shown when the answer cites none (or only numbers no source has)", () => {
    for (const text of ["Sursele nu spun.", "Nimic valid [7]."]) {
      const copied = answerWithSources({ text, sources: SOURCES }, "ro");
      expect(copied.split("\n").filter((l) => /^\[\d\]/.test(l))).toEqual([
        "[1] Titlul 1 — Sursa 1 (Știri), 12.03.2024. https://example.ro/articol-1",
        "[2] Titlul 2 — Sursa 2 (Facebook), 05.11.2024. https://example.ro/articol-2",
        "[3] Titlul 3 — Sursa 3 (Știri), 12.03.2024. https://example.ro/articol-3",
      ]);
    }
  });

  it("is the text alone when there are no sources", () => {
    expect(answerWithSources({ text: "Nu am găsit nimic.", sources: [] }, "ro")).toBe("Nu am găsit nimic.");
  });
});
