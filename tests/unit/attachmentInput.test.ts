// The composer's attachment rules without a browser: decoding a picked file (UTF-8, windows-1250 for legacy
// Romanian texts, binary and empty files refused), the paste rule, and the checks a new attachment passes.
import { describe, expect, it } from "vitest";
import { ATTACHMENT_CHARS, MAX_ATTACHMENTS, PASTE_ATTACHMENT_FROM } from "../../contract/attachments";
import {
  addAttachment,
  decodeTextFile,
  pasteBecomesAttachment,
  pastedName,
  toPayload,
  type DraftAttachment,
} from "../../client/src/state/attachments";

/** The windows-1250 bytes of Romanian letters (the code page's table), for encoding by hand: Node has no 1250 encoder. */
const CP1250: Record<string, number> = {
  Î: 0xce,
  î: 0xee,
  ă: 0xe3,
  â: 0xe2,
  ş: 0xba,
  ţ: 0xfe,
  Ş: 0xaa,
  Ţ: 0xde,
};
const cp1250 = (text: string) => new Uint8Array([...text].map((c) => CP1250[c] ?? c.charCodeAt(0)));

const draft = (name: string, text: string, kind: DraftAttachment["kind"] = "file"): DraftAttachment => ({
  id: name,
  name,
  text,
  kind,
});

describe("decoding a text file", () => {
  it("reads UTF-8, dropping a byte-order mark", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("Țară și școală")]);
    expect(decodeTextFile(bytes)).toEqual({ ok: true, text: "Țară și școală", encoding: "utf-8" });
    // A UTF-8 file with cedilla letters or decomposed ones (s + U+0327) gets the same letters.
    const legacy = new TextEncoder().encode("Hoţii de la putere s\u0327i \u0162ara");
    expect(decodeTextFile(legacy)).toMatchObject({ ok: true, text: "Hoții de la putere și Țara" });
  });

  it("falls back to windows-1250 when the bytes are not UTF-8, with the corpus's comma-below letters", () => {
    const decoded = decodeTextFile(cp1250("Învăţământul în ţară şi şcoală. Ştefan, Ţepeş."));
    expect(decoded).toEqual({
      ok: true,
      // windows-1250 has only the cedilla forms (ş ţ); they become comma-below ș ț, as the corpus import makes them.
      text: "Învățământul în țară și școală. Ștefan, Țepeș.",
      encoding: "windows-1250",
    });
  });

  it("refuses a binary file (NUL bytes) and an empty one", () => {
    expect(decodeTextFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toEqual({
      ok: false,
      problem: "binary",
    });
    expect(decodeTextFile(new TextEncoder().encode(" \n\t "))).toEqual({ ok: false, problem: "empty" });
    expect(decodeTextFile(new Uint8Array())).toEqual({ ok: false, problem: "empty" });
  });
});

describe("the paste rule", () => {
  const empty = { length: 0, selected: 0 };

  it("turns a paste of 2,000 characters or more into an attachment", () => {
    expect(pasteBecomesAttachment("a".repeat(PASTE_ATTACHMENT_FROM), empty, 4000)).toBe(true);
    expect(pasteBecomesAttachment("a".repeat(PASTE_ATTACHMENT_FROM - 1), empty, 4000)).toBe(false);
    expect(pasteBecomesAttachment("o întrebare scurtă", empty, 4000)).toBe(false);
  });

  it("turns a shorter paste into an attachment when it would take the message over its limit", () => {
    const typed = { length: 900, selected: 0 };
    expect(pasteBecomesAttachment("a".repeat(150), typed, 1000)).toBe(true);
    // The paste replaces the selected text: it then fits.
    expect(pasteBecomesAttachment("a".repeat(150), { length: 900, selected: 100 }, 1000)).toBe(false);
    expect(pasteBecomesAttachment("   \n  ", typed, 10)).toBe(false);
  });
});

describe("adding an attachment", () => {
  it("keeps at most three, each within the limit and not empty", () => {
    let list: DraftAttachment[] = [];
    for (let i = 0; i < MAX_ATTACHMENTS; i++) {
      const added = addAttachment(list, draft(`f${i}.txt`, "text"), ATTACHMENT_CHARS.default);
      if (!added.ok) throw new Error("refused");
      list = added.list;
    }
    expect(addAttachment(list, draft("f4.txt", "text"), ATTACHMENT_CHARS.default)).toEqual({
      ok: false,
      problem: { code: "tooMany", limit: MAX_ATTACHMENTS },
    });
    expect(addAttachment([], draft("mare.txt", "ab".repeat(60)), 100)).toEqual({
      ok: false,
      problem: { code: "tooLong", name: "mare.txt", length: 120, limit: 100 },
    });
    expect(addAttachment([], draft("gol.txt", "  "), 100)).toEqual({
      ok: false,
      problem: { code: "empty", name: "gol.txt" },
    });
    expect(toPayload(list)[0]).toEqual({ name: "f0.txt", text: "text" });
  });

  it("names pasted texts apart", () => {
    const list = [draft("text lipit", "a", "paste"), draft("text lipit 2", "b", "paste")];
    expect(pastedName("text lipit", [])).toBe("text lipit");
    expect(pastedName("text lipit", list)).toBe("text lipit 3");
  });
});
