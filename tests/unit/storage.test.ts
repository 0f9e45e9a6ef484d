import { afterEach, describe, expect, it } from "vitest";
import { SqliteStorage } from "../../server/storage/sqlite";

describe("SQLite storage", () => {
  let storage: SqliteStorage;
  afterEach(() => storage?.close());

  it("keeps one rating per answer: a later rating or comment replaces the earlier", async () => {
    storage = new SqliteStorage(":memory:");
    await storage.addFeedback({ messageId: "m1", value: "down" }, "ana");
    await storage.addFeedback({ messageId: "m1", value: "up", comment: "util" }, "ana");
    await storage.addFeedback({ messageId: "m2", value: "down" }, "ion");
    expect(
      (await storage.listFeedback()).map(({ messageId, value, comment }) => ({ messageId, value, comment })),
    ).toEqual([
      { messageId: "m1", value: "up", comment: "util" },
      { messageId: "m2", value: "down", comment: undefined },
    ]);
  });

  it("deletes a thread with its messages, and lists threads newest first", async () => {
    storage = new SqliteStorage(":memory:");
    const a = await storage.createThread("a", "local");
    const b = await storage.createThread("b", "local");
    await storage.addMessage({
      id: "u1",
      threadId: a.id,
      role: "user",
      text: "salut",
      createdAt: "2099-01-01T00:00:00Z",
      status: "done",
    });
    expect((await storage.listThreads())[0]!.id).toBe(a.id);
    expect(await storage.deleteThread(a.id)).toBe(true);
    expect(await storage.getMessage("u1")).toBeNull();
    expect((await storage.listThreads()).map((t) => t.id)).toEqual([b.id]);
    expect(await storage.deleteThread(a.id)).toBe(false);
  });

  it("saves an answer as it streams: one row, replaced in place, in its place in the thread", async () => {
    storage = new SqliteStorage(":memory:");
    const thread = await storage.createThread("t", "local");
    const at = "2099-01-01T00:00:00.000Z";
    await storage.addMessage({
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
    await storage.saveMessage(answer);
    await storage.saveMessage({ ...answer, text: "Primul" });
    await storage.saveMessage({
      ...answer,
      text: "Primul rând.",
      status: "done",
      createdAt: "2100-01-01T00:00:00.000Z",
    });
    const messages = await storage.listMessages(thread.id);
    expect(messages.map((m) => [m.id, m.text, m.status])).toEqual([
      ["u1", "?", "done"],
      ["a1", "Primul rând.", "done"],
    ]);
    // The creation time is the first save's; the extra fields travel with every save.
    expect(messages[1]).toMatchObject({ createdAt: at, codebookVersion: "9.9.9" });
  });

  it("marks the answers left streaming as interrupted, once, and leaves finished ones alone", async () => {
    storage = new SqliteStorage(":memory:");
    const thread = await storage.createThread("t", "local");
    const base = { threadId: thread.id, role: "assistant" as const, createdAt: "2099-01-01T00:00:00.000Z" };
    await storage.saveMessage({ ...base, id: "a1", text: "Pe jumătate", status: "streaming" });
    await storage.saveMessage({ ...base, id: "a2", text: "Gata.", status: "done" });
    expect(await storage.interruptStreaming()).toBe(1);
    expect(await storage.interruptStreaming()).toBe(0);
    expect(await storage.getMessage("a1")).toMatchObject({ status: "interrupted", text: "Pe jumătate" });
    expect((await storage.getMessage("a2"))?.status).toBe("done");
  });
});
