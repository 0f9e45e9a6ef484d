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
});
