// A server killed (SIGKILL) while an answer streams: after a restart on the same data the thread shows the question
// and what had been said, marked "interrupted", over REST and to a socket.io client that reconnects by itself; the
// client can regenerate the answer in the same thread.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { io as connect } from "socket.io-client";
import { CODEBOOK_VERSION } from "../../contract/annotation";
import type { StoredMessage } from "../../contract/threads";
import { SAVE_INTERVAL_MS } from "../../server/chat/answerRecorder";
import { startChildServer, type ChildServer } from "../support/childServer";
import { send, tempCorpus, type TestSocket } from "../support/server";

const QUESTION = "Ce spun comentariile despre pensiile speciale și despre corupție?";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(test: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function readThread(url: string, threadId: string): Promise<StoredMessage[]> {
  const response = await fetch(`${url}/api/threads/${threadId}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: StoredMessage[] }).messages;
}

describe("a server killed while an answer streams", () => {
  const dir = tempCorpus();
  const servers: ChildServer[] = [];
  let client: TestSocket | undefined;
  afterAll(async () => {
    client?.disconnect();
    for (const server of servers) await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the question and what had been said, marked interrupted, for REST and a reconnecting client", async () => {
    // One word every 100 ms: the answer streams for several seconds.
    const first = await startChildServer(dir, { OFFLINE_STREAM_DELAY_MS: "100" });
    servers.push(first);
    const socket: TestSocket = connect(first.url, {
      transports: ["websocket"],
      reconnectionDelay: 100,
      reconnectionDelayMax: 300,
    });
    client = socket;
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    let streamed = "";
    let finished = false;
    socket.on("chat:token", (e) => (streamed += e.text));
    socket.on("chat:done", () => (finished = true));

    const ack = await send(socket, { text: QUESTION });
    if (!ack.ok) throw new Error(ack.error.message);
    const { threadId, messageId } = ack.data;
    await until(() => streamed.length > 0, "the first token");
    // Long enough for at least two coalesced saves.
    await sleep(SAVE_INTERVAL_MS * 2 + 300);
    expect(finished).toBe(false);
    const disconnected = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
    await first.kill("SIGKILL");
    const seenBeforeKill = streamed;
    await disconnected;

    // Restarted on the same data and the same port, without the slow stream.
    const second = await startChildServer(dir, { PORT: String(first.port) });
    servers.push(second);

    const messages = await readThread(second.url, threadId);
    expect(messages.map((m) => [m.role, m.status])).toEqual([
      ["user", "done"],
      ["assistant", "interrupted"],
    ]);
    const [question, answer] = messages as [StoredMessage, StoredMessage];
    expect(question.text).toBe(QUESTION);
    expect(answer.id).toBe(messageId);
    // What had been said: a non-empty beginning of what the client saw, saved without waiting for the end.
    expect(answer.text.length).toBeGreaterThan(0);
    expect(seenBeforeKill.startsWith(answer.text)).toBe(true);
    expect(answer.sources?.length).toBeGreaterThan(0);
    expect(answer.annotation?.annotation.ton).toBe("neutru");
    expect(answer.codebookVersion).toBe(CODEBOOK_VERSION);

    // The client reconnects by itself; the old turn is gone, so it cannot be stopped, and the answer can be
    // regenerated in the same thread.
    if (!socket.connected) await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    expect(socket.recovered).toBe(false);
    const stop = await new Promise((resolve) => socket.emit("chat:stop", { messageId }, resolve));
    expect(stop).toMatchObject({ ok: false, error: { code: "chat:not_found" } });
    const done = new Promise<void>((resolve) => socket.once("chat:done", () => resolve()));
    const again = await send(socket, { threadId, text: QUESTION });
    expect(again.ok).toBe(true);
    await done;

    const after = await readThread(second.url, threadId);
    expect(after.map((m) => [m.role, m.status])).toEqual([
      ["user", "done"],
      ["assistant", "interrupted"],
      ["user", "done"],
      ["assistant", "done"],
    ]);
    expect(after[1]!.text).toBe(answer.text);
    expect(after[3]!.text.length).toBeGreaterThan(answer.text.length);
  }, 180_000);
});
