import { afterEach, describe, expect, it } from "vitest";
import { SqliteStorage } from "../../server/storage/sqlite";

describe("SQLite storage", () => {
  let storage: SqliteStorage;
  afterEach(() => storage?.close());

  it("keeps one rating per answer: a later rating or comment replaces the earlier", () => {
    storage = new SqliteStorage(":memory:");
    storage.addFeedback({ messageId: "m1", value: "down" });
    storage.addFeedback({ messageId: "m1", value: "up", comment: "util" });
    storage.addFeedback({ messageId: "m2", value: "down" });
    expect(
      storage.listFeedback().map(({ messageId, value, comment }) => ({ messageId, value, comment })),
    ).toEqual([
      { messageId: "m1", value: "up", comment: "util" },
      { messageId: "m2", value: "down", comment: undefined },
    ]);
  });

  it("deletes a thread with its messages, and lists threads newest first", () => {
    storage = new SqliteStorage(":memory:");
    const a = storage.createThread("a");
    const b = storage.createThread("b");
    storage.addMessage({
      id: "u1",
      threadId: a.id,
      role: "user",
      text: "salut",
      createdAt: "2099-01-01T00:00:00Z",
      status: "done",
    });
    expect(storage.listThreads()[0]!.id).toBe(a.id);
    expect(storage.deleteThread(a.id)).toBe(true);
    expect(storage.getMessage("u1")).toBeNull();
    expect(storage.listThreads().map((t) => t.id)).toEqual([b.id]);
    expect(storage.deleteThread(a.id)).toBe(false);
  });

  it("saves an answer as it streams: one row, replaced in place, in its place in the thread", () => {
    storage = new SqliteStorage(":memory:");
    const thread = storage.createThread("t");
    const at = "2099-01-01T00:00:00.000Z";
    storage.addMessage({
      id: "u1",
      threadId: thread.id,
      role: "user",
      text: "?",
      createdAt: at,
      status: "done",
    });
    const answer = {
      id: "a1",
      threadId: thread.id,
      role: "assistant" as const,
      text: "",
      createdAt: at,
      status: "streaming" as const,
      codebookVersion: "9.9.9",
    };
    storage.saveMessage(answer);
    storage.saveMessage({ ...answer, text: "Primul" });
    storage.saveMessage({
      ...answer,
      text: "Primul rând.",
      status: "done",
      createdAt: "2100-01-01T00:00:00.000Z",
    });
    const messages = storage.listMessages(thread.id);
    expect(messages.map((m) => [m.id, m.text, m.status])).toEqual([
      ["u1", "?", "done"],
      ["a1", "Primul rând.", "done"],
    ]);
    // The creation time is the first save's; the extra fields travel with every save.
    expect(messages[1]).toMatchObject({ createdAt: at, codebookVersion: "9.9.9" });
  });

  it("marks the answers left streaming as interrupted, once, and leaves finished ones alone", () => {
    storage = new SqliteStorage(":memory:");
    const thread = storage.createThread("t");
    const base = { threadId: thread.id, role: "assistant" as const, createdAt: "2099-01-01T00:00:00.000Z" };
    storage.saveMessage({ ...base, id: "a1", text: "Pe jumătate", status: "streaming" });
    storage.saveMessage({ ...base, id: "a2", text: "Gata.", status: "done" });
    expect(storage.interruptStreaming()).toBe(1);
    expect(storage.interruptStreaming()).toBe(0);
    expect(storage.getMessage("a1")).toMatchObject({ status: "interrupted", text: "Pe jumătate" });
    expect(storage.getMessage("a2")?.status).toBe("done");
  });
});
