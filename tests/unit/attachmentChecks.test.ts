// The server's checks of a send's attachments, what a thread's later turns search, and the socket buffer.
import { describe, expect, it } from "vitest";
import { AppError } from "../../contract/errors";
import type { StoredMessage } from "../../contract/threads";
import {
  checkAttachments,
  conversationAttachments,
  regeneratedAttachments,
  socketBufferBytes,
  storedAttachments,
  withoutAttachmentTexts,
} from "../../server/attachments/attachments";

const config = { ATTACHMENT_MAX_CHARS: 100, MAX_MESSAGE_CHARS: 4000 };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : "not an AppError";
  }
  return undefined;
}

const message = (role: "user" | "assistant", attachments?: StoredMessage["attachments"]): StoredMessage => ({
  id: Math.random().toString(36),
  threadId: "t",
  role,
  text: "x",
  createdAt: "2026-12-06T10:00:00Z",
  status: "done",
  ...(attachments ? { attachments } : {}),
});

describe("a send's attachments on the server", () => {
  it("trims them and refuses empty, oversize, binary and too many with typed errors", () => {
    expect(checkAttachments([{ name: "a.txt", text: "  text  " }], config)).toEqual([
      { name: "a.txt", text: "text" },
    ]);
    expect(codeOf(() => checkAttachments([{ name: "a.txt", text: " \n " }], config))).toBe(
      "input:attachment_empty",
    );
    expect(codeOf(() => checkAttachments([{ name: "a.txt", text: "a".repeat(101) }], config))).toBe(
      "input:attachment_too_long",
    );
    expect(codeOf(() => checkAttachments([{ name: "a.txt", text: "PK\u0000\u0003" }], config))).toBe(
      "input:attachment_binary",
    );
    // A pasted text (or a client that did not normalise) gets the corpus's letters: cedilla ş ţ as comma-below.
    expect(
      checkAttachments([{ name: "lipit", text: "Hoţii de la putere ne fură pensiile, Ştefane" }], config),
    ).toEqual([{ name: "lipit", text: "Hoții de la putere ne fură pensiile, Ștefane" }]);
    const four = Array.from({ length: 4 }, (_, i) => ({ name: `${i}`, text: "t" }));
    expect(codeOf(() => checkAttachments(four, config))).toBe("input:too_many_attachments");
  });

  it("searches the thread's earlier attachments and this message's, which alone are current", () => {
    const earlier = [
      message("user", storedAttachments([{ name: "vechi.txt", text: "text vechi" }])),
      message("assistant"),
      // As GET /api/threads/:id sends them: without text, nothing to search.
      message("user", [{ name: "fara-text.txt", chars: 10 }]),
    ];
    expect(conversationAttachments(earlier, [{ name: "nou.txt", text: "text nou" }])).toEqual([
      { name: "vechi.txt", text: "text vechi" },
      { name: "nou.txt", text: "text nou", current: true },
    ]);
    expect(withoutAttachmentTexts(earlier)[0]?.attachments).toEqual([{ name: "vechi.txt", chars: 10 }]);
  });

  it("lets socket.io take a send with every attachment at its limit, three bytes a character", () => {
    expect(socketBufferBytes(config)).toBe(2e6);
    const big = { ATTACHMENT_MAX_CHARS: 1_000_000, MAX_MESSAGE_CHARS: 4000 };
    expect(socketBufferBytes(big)).toBeGreaterThanOrEqual(3 * (3 * 1_000_000 + 4000));
  });

  it("gives a regenerate the attachments of the question it answers again, searched once", () => {
    const question = message("user", storedAttachments([{ name: "a.txt", text: "text a" }]));
    const answer = message("assistant");
    const stored = [message("user"), message("assistant"), question, answer];
    const inherited = regeneratedAttachments(stored, answer.id);
    expect(inherited).toEqual([{ name: "a.txt", text: "text a" }]);
    expect(regeneratedAttachments(stored, stored[1]!.id)).toEqual([]);
    expect(conversationAttachments(stored, inherited)).toEqual([
      { name: "a.txt", text: "text a", current: true },
    ]);
  });
});
