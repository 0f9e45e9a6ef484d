// The settings a chat turn used — temperature, top-k and corpus filters after the deployment's defaults — travel with
// its chat:done, stay in the stored answer (the message row's JSON) and so in the thread's JSON export, and are
// written in its Markdown export in the reader's language, with the sources' platforms by name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DoneEvent } from "../../contract/protocol";
import type { ChatSettings } from "../../contract/settings";
import type { StoredMessage } from "../../contract/threads";
import { record, send, startTestServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ TEMPERATURE: "0.3", TOP_K: "4" });
});

afterAll(async () => {
  await server?.close();
});

async function turn(
  settings?: ChatSettings,
): Promise<{ done: DoneEvent; threadId: string; messageId: string }> {
  const socket = await server.connect();
  const rec = record(socket);
  const ack = await send(socket, {
    text: "Ce spun oamenii despre pensii?",
    ...(settings ? { settings } : {}),
  });
  if (!ack.ok) throw new Error(ack.error.message);
  const events = await rec.finished;
  socket.disconnect();
  const done = events.find((e) => e.event === "chat:done")!.payload as unknown as DoneEvent;
  return { done, ...ack.data };
}

describe("the settings of a chat turn", () => {
  it("are reported, stored and exported as the turn used them", async () => {
    const filters = { platform: ["stiri"], dateFrom: "2020-01-01" };
    const t = await turn({ temperature: 0.7, topK: 3, filters });
    expect(t.done.settings).toEqual({ temperature: 0.7, topK: 3, filters });

    const exported = (await (await fetch(`${server.url}/api/threads/${t.threadId}/export`)).json()) as {
      messages: StoredMessage[];
    };
    const stored = exported.messages.find((m) => m.id === t.messageId)!;
    expect(stored.done?.settings).toEqual({ temperature: 0.7, topK: 3, filters });

    const md = (lang: string) =>
      fetch(`${server.url}/api/threads/${t.threadId}/export?format=md&lang=${lang}`).then((r) => r.text());
    const ro = await md("ro");
    expect(ro).toContain(
      "**Setări:** temperatură 0,7 · top-k 3 · filtre: platforme: Știri; date: 2020-01-01 – …",
    );
    // The sources' platform by its name, never the id.
    expect(ro).toMatch(/^1\. .* · Știri · \d{4}-\d{2}-\d{2}/m);
    expect(ro).not.toMatch(/ · stiri · /);
    const en = await md("en");
    expect(en).toContain(
      "**Settings:** temperature 0.7 · top-k 3 · filters: platforms: News; dates: 2020-01-01 – …",
    );
  });

  it("record the deployment's defaults when the message sets none, and no filters", async () => {
    const t = await turn();
    expect(t.done.settings).toEqual({ temperature: 0.3, topK: 4 });
    const ro = await (await fetch(`${server.url}/api/threads/${t.threadId}/export?format=md`)).text();
    expect(ro).toContain("**Setări:** temperatură 0,3 · top-k 4 · fără filtre");
  });
});
