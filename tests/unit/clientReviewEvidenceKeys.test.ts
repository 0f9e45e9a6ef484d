// Evidence marked with the keyboard, without a browser: the row's text cut into words (Romanian diacritics, hyphenated
// and apostrophe forms, numbers, hashtags; punctuation and emoji between words; UTF-16 offsets), the word cursor moved
// and extended by the keys, the offsets it covers marked through the mouse's own addEvidence, and the card's keys:
// V enters the cursor, and inside it no key labels, moves or saves the row; what its live region says when a key runs
// into the text's start or end, said again on every press.
import { describe, expect, it } from "vitest";
import { addEvidence } from "../../client/src/state/reviewEvidence";
import { translate } from "../../client/src/i18n";
import {
  cursorCommand,
  cursorEdge,
  cursorRange,
  liveText,
  nextEvidenceField,
  SAY_AGAIN,
  startCursor,
  textWords,
  type TextWord,
  type WordCursor,
} from "../../client/src/state/reviewEvidenceKeys";
import { keyPlace, reviewCommand } from "../../client/src/state/review";

const TEXT = "Hoții de la guvern ne fură pensiile!";
const wordsOf = (text: string) => textWords(text).map((w) => text.slice(w.start, w.end));

/** The words a sequence of keys leaves selected, from a cursor on `from`. */
function afterKeys(text: string, keys: { key: string; shiftKey?: boolean }[], from: WordCursor): string {
  const words = textWords(text);
  let cursor = from;
  for (const key of keys) {
    const command = cursorCommand(key, cursor, words.length);
    if (command?.type === "move") cursor = command.cursor;
  }
  const range = cursorRange(words, cursor)!;
  return text.slice(range.start, range.end);
}

describe("the words of a row's text", () => {
  it("are runs of letters with their diacritics, without the punctuation around them", () => {
    expect(wordsOf(TEXT)).toEqual(["Hoții", "de", "la", "guvern", "ne", "fură", "pensiile"]);
    expect(wordsOf("Rușine, țară! Așa-zisa «elită»: ÎNCHISOAREA.")).toEqual([
      "Rușine",
      "țară",
      "Așa-zisa",
      "elită",
      "ÎNCHISOAREA",
    ]);
  });

  it("keep hyphenated and apostrophe forms, numbers and hashtags whole; a dash between words is not a hyphen", () => {
    expect(wordsOf("Într-un an s-a dus social-democrația, n'are rost")).toEqual([
      "Într-un",
      "an",
      "s-a",
      "dus",
      "social-democrația",
      "n'are",
      "rost",
    ]);
    expect(wordsOf("10.000 de lei, adică 3,5%. #rezist @guvernul")).toEqual([
      "10.000",
      "de",
      "lei",
      "adică",
      "3,5",
      "#rezist",
      "@guvernul",
    ]);
    expect(wordsOf("guvern – PSD - PNL; -minus")).toEqual(["guvern", "PSD", "PNL", "minus"]);
  });

  it("are counted in UTF-16 offsets of the text, past emoji and with decomposed diacritics", () => {
    const text = "👍 bine, hoț\u0326ii!";
    const words = textWords(text);
    expect(words).toEqual([
      { start: 3, end: 7 },
      { start: 9, end: 15 },
    ]);
    expect(text.slice(words[1]!.start, words[1]!.end)).toBe("hoț\u0326ii");
  });

  it("are none in an empty text or one of only blanks and punctuation, and one in a text of one word", () => {
    expect(textWords("")).toEqual([]);
    expect(textWords("  ?! … 😡 ")).toEqual([]);
    // Emoji with a variation selector (a combining mark of its own) or joined by ZWJ are no words either.
    expect(textWords("❤️ ☀️ 👩\u200d❤️\u200d👨")).toEqual([]);
    expect(wordsOf("Te iubesc ❤️ mult")).toEqual(["Te", "iubesc", "mult"]);
    expect(wordsOf("social\u2011democrat")).toEqual(["social\u2011democrat"]);
    expect(wordsOf("  Rușine!  ")).toEqual(["Rușine"]);
  });
});

describe("the word cursor", () => {
  const start: WordCursor = { anchor: 0, focus: 0 };

  it("moves a word at a time with ←/→, over punctuation, and stops at the ends", () => {
    expect(afterKeys(TEXT, [{ key: "ArrowRight" }, { key: "ArrowRight" }], start)).toBe("la");
    expect(afterKeys(TEXT, [{ key: "ArrowLeft" }], start)).toBe("Hoții");
    expect(afterKeys(TEXT, [{ key: "End" }, { key: "ArrowRight" }], start)).toBe("pensiile");
    expect(afterKeys(TEXT, [{ key: "End" }, { key: "ArrowLeft" }, { key: "Home" }], start)).toBe("Hoții");
    expect(afterKeys("Da, «guvernul»!", [{ key: "ArrowRight" }], start)).toBe("guvernul");
  });

  it("extends the selection by words with Shift, from its anchor, either way", () => {
    const twoRight = [{ key: "ArrowRight" }, { key: "ArrowRight" }, { key: "ArrowRight", shiftKey: true }];
    expect(afterKeys(TEXT, twoRight, start)).toBe("la guvern");
    // Back past the anchor: the words before it.
    expect(
      afterKeys(
        TEXT,
        [...twoRight, { key: "ArrowLeft", shiftKey: true }, { key: "ArrowLeft", shiftKey: true }],
        start,
      ),
    ).toBe("de la");
    expect(afterKeys(TEXT, [{ key: "ArrowRight" }, { key: "End", shiftKey: true }], start)).toBe(
      "de la guvern ne fură pensiile",
    );
    // A move without Shift leaves a single word again.
    expect(afterKeys(TEXT, [...twoRight, { key: "ArrowRight" }], start)).toBe("ne");
    expect(afterKeys("Hoții, hoții!", [{ key: "ArrowRight", shiftKey: true }], start)).toBe("Hoții, hoții");
  });

  it("says what Enter, Esc and ↑/↓ do, and leaves other keys and browser shortcuts alone", () => {
    expect(cursorCommand({ key: "Enter" }, start, 3)).toEqual({ type: "mark" });
    expect(cursorCommand({ key: "Escape" }, start, 3)).toEqual({ type: "leave" });
    expect(cursorCommand({ key: "ArrowDown" }, start, 3)).toEqual({ type: "field", delta: 1 });
    expect(cursorCommand({ key: "ArrowUp" }, start, 3)).toEqual({ type: "field", delta: -1 });
    for (const key of ["1", "s", "Tab", "Backspace"])
      expect(cursorCommand({ key }, start, 3)).toBeUndefined();
    expect(cursorCommand({ key: "ArrowLeft", altKey: true }, start, 3)).toBeUndefined();
    expect(cursorCommand({ key: "ArrowRight", ctrlKey: true }, start, 3)).toBeUndefined();
  });

  it("stays on a text's only word, and in a text without words only leaves", () => {
    for (const key of ["ArrowRight", "ArrowLeft", "Home", "End"]) {
      expect(cursorCommand({ key, shiftKey: true }, start, 1)).toEqual({ type: "move", cursor: start });
    }
    expect(cursorCommand({ key: "ArrowRight" }, start, 0)).toBeUndefined();
    expect(cursorCommand({ key: "Enter" }, start, 0)).toBeUndefined();
    expect(cursorCommand({ key: "Escape" }, start, 0)).toEqual({ type: "leave" });
    expect(startCursor([])).toBeUndefined();
    expect(cursorRange([], start)).toBeUndefined();
  });

  it("starts on the first word, or over the words a mouse selection touches", () => {
    const words: TextWord[] = textWords(TEXT);
    expect(startCursor(words)).toEqual(start);
    // "la guv" selected: "la" and "guvern".
    expect(startCursor(words, { start: 9, end: 15 })).toEqual({ anchor: 2, focus: 3 });
    // A selection of only blanks: the first word.
    expect(startCursor(words, { start: 8, end: 9 })).toEqual(start);
  });

  it("marks its words as the mouse's selection would: the text's offsets, for the field chosen", () => {
    const words = textWords(TEXT);
    const range = cursorRange(words, { anchor: 3, focus: 2 })!;
    expect(range).toEqual({ start: TEXT.indexOf("la guvern"), end: TEXT.indexOf("la guvern") + 9 });
    expect(addEvidence([], { ...range, field: "anti_elitism" }, TEXT)).toEqual({
      spans: [{ start: 9, end: 18, field: "anti_elitism" }],
    });
    // The same rules as the mouse: a span of one field overlapping another is refused.
    expect(
      addEvidence([{ start: 12, end: 26, field: "anti_elitism" }], { ...range, field: "anti_elitism" }, TEXT),
    ).toMatchObject({ problem: { code: "label:evidence_overlap" } });
  });

  it("changes the field in the list's order, the whole label first, held at the ends", () => {
    expect(nextEvidenceField("", 1)).toBe("ton");
    expect(nextEvidenceField("ton", -1)).toBe("");
    expect(nextEvidenceField("", -1)).toBe("");
    expect(nextEvidenceField("tema", 1)).toBe("tema");
  });
});

describe("what the word cursor's live region says", () => {
  const words = textWords(TEXT);
  const last = words.length - 1;
  /** The edge a key runs into from a cursor, and the cursor it leaves. */
  const press = (key: { key: string; shiftKey?: boolean }, from: WordCursor) => {
    const command = cursorCommand(key, from, words.length);
    const to = command?.type === "move" ? command.cursor : from;
    return { edge: cursorEdge(key.key, from, to), to };
  };

  it("says the text's start when ←, Home or Shift+← leave the cursor on the first word, and its end for →, End", () => {
    const first: WordCursor = { anchor: 0, focus: 0 };
    const end: WordCursor = { anchor: last, focus: last };
    expect(press({ key: "ArrowLeft" }, first)).toEqual({ edge: "start", to: first });
    expect(press({ key: "Home" }, first).edge).toBe("start");
    // A selection extended back to the first word: Shift+← keeps it, at the start.
    expect(press({ key: "ArrowLeft", shiftKey: true }, { anchor: 2, focus: 0 }).edge).toBe("start");
    expect(press({ key: "ArrowRight" }, end)).toEqual({ edge: "end", to: end });
    expect(press({ key: "End", shiftKey: true }, { anchor: 1, focus: last }).edge).toBe("end");
    // A move that goes somewhere says its words only, even onto the last word or back from the start.
    expect(press({ key: "ArrowRight" }, { anchor: last - 1, focus: last - 1 }).edge).toBeNull();
    expect(press({ key: "End" }, first).edge).toBeNull();
    // ← from a selection that ends on the first word collapses it: a move.
    expect(press({ key: "ArrowLeft" }, { anchor: 2, focus: 0 })).toEqual({ edge: null, to: first });
    // A text of one word: both ends at once.
    expect(cursorEdge("ArrowRight", first, first)).toBe("end");
    expect(cursorEdge("ArrowLeft", first, first)).toBe("start");
  });

  it("says it in Romanian and in English, with the words selected", () => {
    expect(translate("ro", "wb.evidenceKeys.atStart", { words: "Hoții" })).toBe(
      "Începutul textului. Selectat: „Hoții”",
    );
    expect(translate("ro", "wb.evidenceKeys.atEnd", { words: "pensiile" })).toBe(
      "Sfârșitul textului. Selectat: „pensiile”",
    );
    expect(translate("en", "wb.evidenceKeys.atStart", { words: "Hoții" })).toBe(
      "Start of the text. Selected: “Hoții”",
    );
    expect(translate("en", "wb.evidenceKeys.atEnd", { words: "pensiile" })).toBe(
      "End of the text. Selected: “pensiile”",
    );
  });

  it("changes its text on every press, so the same message is said again each time", () => {
    const message = translate("ro", "wb.evidenceKeys.atStart", { words: "Hoții" });
    let said = liveText("", translate("ro", "wb.evidenceKeys.selected", { words: "Hoții" }));
    const presses: string[] = [];
    for (let i = 0; i < 4; i++) {
      said = liveText(said, message);
      presses.push(said);
    }
    // Each text differs from the one before (a screen reader reads a change), and reads as the message.
    for (let i = 1; i < presses.length; i++) expect(presses[i]).not.toBe(presses[i - 1]);
    expect(presses.map((p) => p.trimEnd())).toEqual(Array(4).fill(message));
    expect(presses[1]).toBe(`${message}${SAY_AGAIN}`);
    // A new message is said as it is; the cursor gone leaves the region empty.
    expect(liveText(`${message}${SAY_AGAIN}`, "Selectat: „de”")).toBe("Selectat: „de”");
    expect(liveText("", "")).toBe("");
  });
});

describe("the review card's keys and the word cursor", () => {
  const inCursor = { closest: (selector: string) => (selector === "[data-evidence-keys]" ? {} : null) };

  it("V on the page enters the cursor; no label key is V", () => {
    expect(reviewCommand({ key: "v" }, "ton", "page")).toEqual({ type: "evidence" });
    expect(reviewCommand({ key: "V" }, "ton", "page")).toEqual({ type: "evidence" });
    expect(reviewCommand({ key: "v", ctrlKey: true }, "ton", "page")).toBeUndefined();
    expect(reviewCommand({ key: "v" }, "ton", "note")).toBeUndefined();
  });

  it("inside the cursor no key labels, moves, skips or saves the row", () => {
    expect(keyPlace(inCursor)).toBe("evidence");
    for (const key of ["1", "2", "a", "s", "m", "v", "?", "Enter", "ArrowRight", "ArrowDown", "Backspace"]) {
      expect(reviewCommand({ key }, "ton", keyPlace(inCursor))).toBeUndefined();
    }
    expect(reviewCommand({ key: "Enter", ctrlKey: true }, "ton", "evidence")).toBeUndefined();
  });
});
