// Versions of an answer in the client: a regenerate sent here, the same thread reloaded, and the same thread merged
// into another tab that only had its first version all group into one turn with the same versions; the version shown
// is the newest unless the reader paged back; a refused regenerate is no version. An older question edited makes a
// branch: paging its turn swaps the later turns, a new question follows what is shown, another tab's version comes
// into view. The "‹ k/n ›" switch rendered in Romanian and English (without a browser; the e2e tests click it).
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DoneEvent } from "../../contract/protocol";
import type { StoredMessage } from "../../contract/threads";
import { MessageList } from "../../client/src/components/MessageList";
import { AnswerVersionSwitch } from "../../client/src/components/AnswerVersionSwitch";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import {
  chatTurns,
  lastShownAnswer,
  type ChatTurn,
  type VersionChoices,
} from "../../client/src/state/answerVersions";
import {
  canRegenerate,
  chatReducer,
  initialChatState,
  questionOf,
  type ChatAction,
  type ChatState,
} from "../../client/src/state/chat";
import { messagesFromStored } from "../../client/src/state/storedThread";

const T = "t-1";
const Q = "Ce spun oamenii despre pensii?";
const done = (messageId: string): DoneEvent => ({
  messageId,
  model: "offline:extractive",
  timings: { retrieveMs: 1, annotateMs: 1, firstTokenMs: 2, totalMs: 5 },
  fallbacks: [],
});

/** One turn asked here: send (a regenerate when `regenerates`), ack as `answerId`, the answer's text, done. */
function ask(localId: string, answerId: string, text: string, regenerates?: string): ChatAction[] {
  return [
    { type: "send", localId, text: Q, ...(regenerates ? { regenerates } : {}) },
    { type: "ack:ok", localId, threadId: T, messageId: answerId },
    { type: "chat:token", event: { messageId: answerId, text } },
    { type: "chat:done", event: done(answerId) },
  ];
}
const run = (actions: ChatAction[], from: ChatState = initialChatState) => actions.reduce(chatReducer, from);

const storedQ = (id: string, at: string, regenerates?: string, text = Q): StoredMessage => ({
  id,
  threadId: T,
  role: "user",
  text,
  createdAt: at,
  status: "done",
  ...(regenerates ? { regenerates } : {}),
});
const storedA = (id: string, text: string, at: string): StoredMessage => ({
  id,
  threadId: T,
  role: "assistant",
  text,
  createdAt: at,
  status: "done",
  done: { model: "offline:extractive", timings: done(id).timings, fallbacks: [] },
});
/** The thread as the server stores it after two regenerates. */
const STORED: StoredMessage[] = [
  storedQ("sq1", "2025-01-01T00:00:01Z"),
  storedA("a1", "Prima.", "2025-01-01T00:00:01Z"),
  storedQ("sq2", "2025-01-01T00:00:02Z", "a1"),
  storedA("a2", "A doua.", "2025-01-01T00:00:02Z"),
  storedQ("sq3", "2025-01-01T00:00:03Z", "a2"),
  storedA("a3", "A treia.", "2025-01-01T00:00:03Z"),
];

const answersOf = (turns: ChatTurn[]) => turns.map((t) => t.versions.map((v) => v.answer?.text ?? "-"));

describe("grouping a turn's versions", () => {
  const here = run([
    ...ask("u1", "a1", "Prima."),
    ...ask("u2", "a2", "A doua.", "a1"),
    ...ask("u3", "a3", "A treia.", "a2"),
  ]);

  it("regenerated here: one turn, three versions, regenerate offered on the version shown", () => {
    expect(answersOf(chatTurns(here.messages))).toEqual([["Prima.", "A doua.", "A treia."]]);
    expect(lastShownAnswer(chatTurns(here.messages))?.id).toBe("a3");
    const pagedBack = chatTurns(here.messages, { [chatTurns(here.messages)[0]!.key]: { index: 1, of: 3 } });
    expect(lastShownAnswer(pagedBack)?.id).toBe("a2");
    expect(canRegenerate(here, "a3")).toBe(true);
    expect(canRegenerate(here, "a2")).toBe(true);
    expect(canRegenerate(run([{ type: "send", localId: "u4", text: Q }], here), "a3")).toBe(false);
    // What "regenerate" sends again: the shown version's own question.
    expect(questionOf(here, "a3")).toMatchObject({ id: "u3", text: Q, regenerates: "a2" });
  });

  it("the same thread reloaded, and merged into another tab that had only its first version, groups alike", () => {
    const reloaded = chatTurns(messagesFromStored(STORED));
    expect(answersOf(reloaded)).toEqual(answersOf(chatTurns(here.messages)));
    const otherTab = run([
      { type: "thread:open", threadId: T },
      { type: "thread:loaded", threadId: T, messages: STORED.slice(0, 2) },
    ]);
    expect(answersOf(chatTurns(otherTab.messages))).toEqual([["Prima."]]);
    const told = run([{ type: "thread:loaded", threadId: T, messages: STORED }], otherTab);
    expect(answersOf(chatTurns(told.messages))).toEqual([["Prima.", "A doua.", "A treia."]]);
    // This tab merging the stored copy (a reconnect) keeps its grouping, and shows nothing twice.
    const merged = run([{ type: "thread:loaded", threadId: T, messages: STORED }], here);
    expect(answersOf(chatTurns(merged.messages))).toEqual([["Prima.", "A doua.", "A treia."]]);
    expect(merged.messages).toHaveLength(6);
  });

  it("shows the newest version unless the reader chose one while the turn had as many", () => {
    const [turn] = chatTurns(here.messages) as [ChatTurn];
    const shown = (choices: VersionChoices) => chatTurns(here.messages, choices)[0]!.shown;
    expect(turn.shown).toBe(2);
    expect(shown({ [turn.key]: { index: 0, of: 3 } })).toBe(0);
    // A version came since the choice (a regenerate here or in another tab): the new answer is shown.
    expect(shown({ [turn.key]: { index: 0, of: 2 } })).toBe(2);
  });

  it("a regenerate the server refused is no version: it shows on its own, with its error", () => {
    const refused = run([
      ...ask("u1", "a1", "Prima."),
      { type: "send", localId: "u2", text: Q, regenerates: "a1" },
      { type: "ack:error", localId: "u2", error: { code: "chat:not_newest", message: "nu" } },
    ]);
    const turns = chatTurns(refused.messages);
    expect(turns.map((t) => t.versions.length)).toEqual([1, 1]);
    expect(turns[1]!.versions[0]!.question).toMatchObject({ status: "failed" });
    // A question pending (no ack yet) already counts: the turn shows it, with the way back.
    const pending = run([
      ...ask("u1", "a1", "Prima."),
      { type: "send", localId: "u2", text: Q, regenerates: "a1" },
    ]);
    expect(chatTurns(pending.messages).map((t) => t.versions.length)).toEqual([2]);
  });
});

describe("questions the server refused (a rate limit)", () => {
  const limited = { code: "limit:rate", message: "Prea multe cereri: limita este 20 pe minut." };
  /** A question asked after the last answer shown, refused by the server. */
  const refused = (localId: string, follows: string): ChatAction[] => [
    { type: "send", localId, text: `${localId}?`, follows },
    { type: "ack:error", localId, error: limited },
  ];
  const twice = run([...ask("u1", "a1", "Prima."), ...refused("u2", "a1"), ...refused("u3", "a1")]);

  it("two in a row are no versions: each shows on its own, with its error, in the order asked", () => {
    const turns = chatTurns(twice.messages);
    expect(turns.map((t) => t.versions.length)).toEqual([1, 1, 1]);
    expect(turns.map((t) => t.versions[t.shown]!.question?.id)).toEqual(["u1", "u2", "u3"]);
    expect(turns.slice(1).map((t) => t.versions[0]!.question?.status)).toEqual(["failed", "failed"]);
    expect(new Set(turns.map((t) => t.key)).size).toBe(3);
    expect(lastShownAnswer(turns)?.id).toBe("a1");
  });

  it("a question accepted after them is the next turn, not a version beside them", () => {
    const later = run(
      [
        { type: "send", localId: "u4", text: "Acum?", follows: "a1" },
        { type: "ack:ok", localId: "u4", threadId: T, messageId: "a4" },
        { type: "chat:token", event: { messageId: "a4", text: "A patra." } },
        { type: "chat:done", event: done("a4") },
      ],
      twice,
    );
    const turns = chatTurns(later.messages);
    expect(turns.map((t) => t.versions.length)).toEqual([1, 1, 1, 1]);
    expect(turns.map((t) => t.versions[t.shown]!.question?.id)).toEqual(["u1", "u2", "u3", "u4"]);
    expect(lastShownAnswer(turns)?.id).toBe("a4");
  });

  it("the list shows both refused questions and no version switch", () => {
    vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => {} });
    const html = renderToStaticMarkup(
      <I18nProvider>
        <ReviewProvider>
          <MessageList
            messages={twice.messages}
            onCite={() => {}}
            onRegenerate={() => {}}
            choices={{}}
            onPage={() => {}}
            canSend
            onResend={() => {}}
            maxChars={4000}
          />
        </ReviewProvider>
      </I18nProvider>,
    );
    vi.unstubAllGlobals();
    expect(html.match(/data-testid="message-user"/g)).toHaveLength(3);
    expect(html).toContain("u2?");
    expect(html).toContain("u3?");
    expect(html).not.toContain("answer-version-label");
  });
});

/** Three turns, then turn 1 edited (a new version of it, asked at the start), as the server stores them. */
const BRANCHED: StoredMessage[] = [
  storedQ("sq1", "2025-01-01T00:00:01Z", undefined, "Prima întrebare?"),
  storedA("a1", "Prima.", "2025-01-01T00:00:01Z"),
  { ...storedQ("sq2", "2025-01-01T00:00:02Z", undefined, "A doua întrebare?"), follows: "a1" },
  storedA("a2", "A doua.", "2025-01-01T00:00:02Z"),
  { ...storedQ("sq3", "2025-01-01T00:00:03Z", undefined, "A treia întrebare?"), follows: "a2" },
  storedA("a3", "A treia.", "2025-01-01T00:00:03Z"),
  storedQ("sq1b", "2025-01-01T00:00:04Z", "a1", "Prima, altfel?"),
  storedA("a1b", "Prima altfel.", "2025-01-01T00:00:04Z"),
];
const shownTexts = (turns: ChatTurn[]) => turns.map((t) => t.versions[t.shown]?.answer?.text ?? "-");

describe("an older question edited makes a branch", () => {
  const loaded = run([
    { type: "thread:open", threadId: T },
    { type: "thread:loaded", threadId: T, messages: BRANCHED },
  ]);
  const [turn1] = chatTurns(loaded.messages) as [ChatTurn];
  const firstVersion: VersionChoices = { [turn1.key]: { index: 0, of: 2 } };

  it("shows turn 1 at 2/2 with no later turns; paged to 1/2, turns 2 and 3 come back", () => {
    expect(chatTurns(loaded.messages).map((t) => [t.shown + 1, t.versions.length])).toEqual([[2, 2]]);
    expect(shownTexts(chatTurns(loaded.messages))).toEqual(["Prima altfel."]);
    expect(shownTexts(chatTurns(loaded.messages, firstVersion))).toEqual(["Prima.", "A doua.", "A treia."]);
    expect(lastShownAnswer(chatTurns(loaded.messages, firstVersion))?.id).toBe("a3");
  });

  it("a question asked on branch 1 follows its last answer, and keeps branch 1 in view without a choice", () => {
    const asked = run(
      [
        { type: "send", localId: "u4", text: "A patra?", follows: "a3" },
        { type: "ack:ok", localId: "u4", threadId: T, messageId: "a4" },
        { type: "chat:token", event: { messageId: "a4", text: "A patra." } },
      ],
      loaded,
    );
    expect(shownTexts(chatTurns(asked.messages))).toEqual(["Prima.", "A doua.", "A treia.", "A patra."]);
    // Merged with the stored copy (which carries the mark), nothing moves or shows twice.
    const stored = [
      ...BRANCHED,
      { ...storedQ("sq4", "2025-01-01T00:00:05Z", undefined, "A patra?"), follows: "a3" },
      { ...storedA("a4", "A patra.", "2025-01-01T00:00:05Z") },
    ];
    const merged = run([{ type: "thread:loaded", threadId: T, messages: stored }], asked);
    expect(merged.messages).toHaveLength(10);
    expect(shownTexts(chatTurns(merged.messages))).toEqual(["Prima.", "A doua.", "A treia.", "A patra."]);
  });

  it("another tab's new version of turn 1 merges in and comes into view, whatever was chosen before", () => {
    const stored = [
      ...BRANCHED,
      storedQ("sq1c", "2025-01-01T00:00:05Z", "a1b", "Prima, a treia oară?"),
      storedA("a1c", "Prima a treia oară.", "2025-01-01T00:00:05Z"),
    ];
    const told = run([{ type: "thread:loaded", threadId: T, messages: stored }], loaded);
    const turns = chatTurns(told.messages, firstVersion);
    expect(turns.map((t) => [t.shown + 1, t.versions.length])).toEqual([[3, 3]]);
    expect(shownTexts(turns)).toEqual(["Prima a treia oară."]);
  });

  it("the list shows the chosen branch, with the switch on the edited turn", () => {
    vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => {} });
    const html = (choices: VersionChoices) =>
      renderToStaticMarkup(
        <I18nProvider>
          <ReviewProvider>
            <MessageList
              messages={loaded.messages}
              onCite={() => {}}
              onRegenerate={() => {}}
              choices={choices}
              onPage={() => {}}
              canSend
              onResend={() => {}}
              maxChars={4000}
            />
          </ReviewProvider>
        </I18nProvider>,
      );
    const newest = html({});
    expect(newest.match(/data-testid="message-user"/g)).toHaveLength(1);
    expect(newest).toMatch(/data-testid="answer-version-label"[^>]*>2\/2</);
    expect(newest).not.toContain("A treia întrebare?");
    const first = html(firstVersion);
    expect(first.match(/data-testid="message-user"/g)).toHaveLength(3);
    expect(first).toMatch(/data-testid="answer-version-label"[^>]*>1\/2</);
    expect(first).toContain("A treia întrebare?");
    vi.unstubAllGlobals();
  });
});

describe("the version switch, rendered", () => {
  afterEach(() => vi.unstubAllGlobals());

  function render(lang: "ro" | "en", node: React.ReactNode): string {
    vi.stubGlobal("localStorage", {
      getItem: (key: string) => (key === "echochamber.lang" ? lang : null),
      setItem: () => {},
    });
    return renderToStaticMarkup(
      <I18nProvider>
        <ReviewProvider>{node}</ReviewProvider>
      </I18nProvider>,
    );
  }
  const list = (
    <MessageList
      messages={messagesFromStored(STORED)}
      onCite={() => {}}
      regenerable="a3"
      onRegenerate={() => {}}
      choices={{}}
      onPage={() => {}}
      canSend
      onResend={() => {}}
      maxChars={4000}
    />
  );

  it("shows one question, the newest answer and 3/3, with Romanian labels", () => {
    const html = render("ro", list);
    expect(html.match(/data-testid="message-user"/g)).toHaveLength(1);
    expect(html.match(/data-testid="message-assistant"/g)).toHaveLength(1);
    expect(html).toContain("A treia.");
    expect(html).not.toContain("Prima.");
    expect(html).toMatch(/data-testid="answer-version-label"[^>]*>3\/3</);
    expect(html).toContain('aria-label="Versiunea anterioară a răspunsului"');
    expect(html).toContain("Versiunea 3 din 3");
    expect(html).toMatch(/<button[^>]*data-testid="answer-version-next"[^>]*disabled=""/);
    expect(html).not.toMatch(/<button[^>]*data-testid="answer-version-prev"[^>]*disabled=""/);
    expect(html).toContain('data-testid="regenerate"');
  });

  it("speaks English when the page does, and has no switch for a turn of one version", () => {
    const html = render("en", list);
    expect(html).toContain('aria-label="Previous version of the answer"');
    expect(html).toContain('aria-label="Next version of the answer"');
    expect(html).toContain("Version 3 of 3");
    const first = render("en", <AnswerVersionSwitch turn="k" index={0} count={2} onPage={() => {}} />);
    expect(first).toMatch(/data-testid="answer-version-label"[^>]*>1\/2</);
    expect(first).toMatch(/<button[^>]*data-testid="answer-version-prev"[^>]*disabled=""/);
    const single = render(
      "ro",
      <MessageList
        messages={messagesFromStored(STORED.slice(0, 2))}
        onCite={() => {}}
        onRegenerate={() => {}}
        choices={{}}
        onPage={() => {}}
        canSend
        onResend={() => {}}
        maxChars={4000}
      />,
    );
    expect(single).not.toContain("answer-version-label");
  });
});
