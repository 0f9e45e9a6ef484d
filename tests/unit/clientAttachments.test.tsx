// Attachment chips rendered without a browser, in Romanian and English: in the composer (with its paperclip,
// file input and remove ×), on a sent message and on a reloaded one, and a source drawn from an attachment.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Source } from "../../contract/corpus";
import type { StoredMessage } from "../../contract/threads";
import { Composer } from "../../client/src/components/Composer";
import { SourceList } from "../../client/src/components/SourceList";
import { UserMessageView } from "../../client/src/components/UserMessageView";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import type { DraftAttachment } from "../../client/src/state/attachments";
import type { AssistantMessage, UserMessage } from "../../client/src/state/messages";
import { messagesFromStored } from "../../client/src/state/storedThread";

function render(node: ReactElement, lang: "ro" | "en"): string {
  const stored = (key: string) => (key === "echochamber.lang" ? lang : null);
  vi.stubGlobal("localStorage", { getItem: stored, setItem: () => {} });
  return renderToStaticMarkup(
    <I18nProvider>
      <ReviewProvider>{node}</ReviewProvider>
    </I18nProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

const pasted: DraftAttachment = { id: "a1", kind: "paste", name: "text lipit", text: "x".repeat(12_345) };

function composer(attachments: DraftAttachment[], lang: "ro" | "en"): string {
  return render(
    <Composer
      value=""
      onChange={() => undefined}
      onSend={() => undefined}
      onStop={() => undefined}
      streaming={false}
      stopping={false}
      busy={false}
      maxChars={4000}
      attachments={attachments}
      onAttachmentsChange={() => undefined}
    />,
    lang,
  );
}

/** The text of each element with this test id. */
const byTestId = (html: string, id: string) =>
  [...html.matchAll(new RegExp(`data-testid="${id}"[^>]*>(.*?)</li>`, "g"))].map((m) =>
    m[1]!.replace(/<[^>]+>/g, ""),
  );

describe("attachment chips", () => {
  it("show name and size in the composer, with a remove button, in Romanian", () => {
    const html = composer([pasted], "ro");
    expect(byTestId(html, "attachment-chip")).toEqual(["text lipit · 12.345 de caractere×"]);
    expect(html).toContain('aria-label="Eliminați atașamentul text lipit"');
    expect(html).toContain('data-testid="attach-button"');
    expect(html).toMatch(/data-testid="attach-input"[^>]*accept="\.txt,\.md,\.csv,text\/plain/);
    // A message with only an attachment can be sent (the default question is asked).
    expect(html).not.toMatch(/data-testid="send"[^>]*disabled/);
  });

  it("say the same in English", () => {
    const html = composer([{ ...pasted, name: "pasted text" }], "en");
    expect(byTestId(html, "attachment-chip")).toEqual(["pasted text · 12,345 characters×"]);
    expect(html).toContain('aria-label="Remove the attachment pasted text"');
    expect(html).toContain('aria-label="Attach a text file (.txt, .md, .csv)"');
  });

  it("leave the composer as it was without attachments: no chips, send disabled on empty text", () => {
    const html = composer([], "ro");
    expect(html).not.toContain("attachment-chip");
    expect(html).toMatch(/data-testid="send"[^>]*disabled/);
  });

  it("show on a sent message and on a reloaded one, without a remove button", () => {
    const message: UserMessage = {
      role: "user",
      id: "u1",
      text: "Ce teme populiste apar?",
      status: "sent",
      attachments: [{ name: "discurs.txt", chars: 30_000 }],
    };
    const ro = render(<UserMessageView message={message} maxChars={4000} />, "ro");
    expect(byTestId(ro, "attachment-chip")).toEqual(["discurs.txt · 30.000 de caractere"]);
    expect(ro).not.toContain("attachment-remove");
    const stored: StoredMessage[] = [
      {
        id: "u1",
        threadId: "t",
        role: "user",
        text: "Ce teme populiste apar?",
        createdAt: "2026-12-06T10:00:00Z",
        status: "done",
        attachments: [{ name: "discurs.txt", chars: 30_000 }],
      },
    ];
    const [reloaded] = messagesFromStored(stored);
    expect(reloaded).toMatchObject({ role: "user", attachments: [{ name: "discurs.txt", chars: 30_000 }] });
    const en = render(<UserMessageView message={reloaded as UserMessage} maxChars={4000} />, "en");
    expect(byTestId(en, "attachment-chip")).toEqual(["discurs.txt · 30,000 characters"]);
  });

  it("name a source drawn from an attachment as the attached text, not by a platform id", () => {
    const source: Source = {
      id: "attachment:0#3",
      docId: "attachment:0",
      text: "Poporul cinstit a fost trădat de elita coruptă.",
      score: 0.8,
      meta: {
        source: "discurs.txt",
        title: "discurs.txt",
        platform: "attachment",
        date: "",
        url: "",
        attachment: true,
      },
    };
    const answer: AssistantMessage = {
      role: "assistant",
      id: "m1",
      replyTo: "u1",
      text: "Elita [1].",
      replacedCount: 0,
      steps: [{ key: "retrieve-0", name: "retrieve", state: "done" }],
      sources: [source],
      sourceAnnotations: {},
      status: "done",
      stopRequested: false,
      fallbacks: [],
    };
    expect(render(<SourceList message={answer} onOpen={() => undefined} />, "ro")).toContain(
      "text atașat · pasajul 4",
    );
    const en = render(<SourceList message={answer} onOpen={() => undefined} />, "en");
    expect(en).toContain("discurs.txt");
    expect(en).toContain("attached text · passage 4");
    expect(en).not.toContain(">attachment<");
  });
});
