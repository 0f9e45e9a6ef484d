// An answer's details say the settings it was answered with (temperature, top-k, corpus filters), from chat:done and
// from the stored thread, in the page's language. Rendered without a browser.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DoneEvent } from "../../contract/protocol";
import type { StoredMessage } from "../../contract/threads";
import { AssistantMessageView } from "../../client/src/components/AssistantMessageView";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import {
  chatReducer,
  findAnswer,
  initialChatState,
  type AssistantMessage,
  type ChatAction,
} from "../../client/src/state/chat";
import { answerFromStored } from "../../client/src/state/storedThread";

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

const SETTINGS = {
  temperature: 0.7,
  topK: 3,
  filters: { platform: ["stiri"], dateFrom: "2024-01-01", dateTo: "2024-12-31" },
};
const DONE: DoneEvent = {
  messageId: "m-1",
  model: "offline:extractive",
  timings: { retrieveMs: 1, annotateMs: 2, firstTokenMs: 3, totalMs: 4 },
  fallbacks: [],
  settings: SETTINGS,
};

function answered(): AssistantMessage {
  const actions: ChatAction[] = [
    { type: "send", localId: "l-1", text: "Întrebare" },
    { type: "ack:ok", localId: "l-1", threadId: "t-1", messageId: "m-1" },
    { type: "chat:done", event: DONE },
  ];
  return findAnswer(actions.reduce(chatReducer, initialChatState), "m-1")!;
}

describe("an answer's settings", () => {
  it("come with chat:done and with the stored answer", () => {
    expect(answered().settings).toEqual(SETTINGS);
    const stored: StoredMessage = {
      id: "m-1",
      threadId: "t-1",
      role: "assistant",
      text: "Răspuns [1].",
      createdAt: "2026-01-01T00:00:00Z",
      status: "done",
      done: { model: DONE.model, timings: DONE.timings, fallbacks: [], settings: SETTINGS },
    };
    expect(answerFromStored(stored, "u-1").settings).toEqual(SETTINGS);
  });

  it("are shown beside the model and timings, in Romanian and in English", () => {
    const message = answered();
    const ro = render(<AssistantMessageView message={message} onCite={() => {}} />, "ro");
    expect(ro).toContain('data-testid="answer-settings"');
    expect(ro).toContain("temperatură 0,7 · top-k 3");
    expect(ro).toContain("filtre: platforme: Știri; date: 2024-01-01 – 2024-12-31");
    const en = render(<AssistantMessageView message={message} onCite={() => {}} />, "en");
    expect(en).toContain("temperature 0.7 · top-k 3");
    expect(en).toContain("filters: platforms: News; dates: 2024-01-01 – 2024-12-31");
    const unfiltered = { ...message, settings: { temperature: 0.2, topK: 5 } };
    expect(render(<AssistantMessageView message={unfiltered} onCite={() => {}} />, "ro")).toContain(
      "fără filtre",
    );
    // An answer stored before settings were recorded shows none.
    const older = { ...message, settings: undefined };
    expect(render(<AssistantMessageView message={older} onCite={() => {}} />, "ro")).not.toContain(
      "answer-settings",
    );
  });
});
