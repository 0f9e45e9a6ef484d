// A backwards date range (its end before its start) is refused wherever the server takes the chat's filters — a chat
// message, a comparison in the chat, a workbench data set drawn from the corpus, the corpus page's documents — as
// input:invalid, worded in the asker's language; a range in order is still taken.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AckResult } from "../../contract/protocol";
import { jsonRequest } from "../support/rest";
import { send, startTestServer, type TestServer } from "../support/server";

interface ErrorBody {
  error: { code: string; message: string };
}

const BACKWARDS = { dateFrom: "2026-01-01", dateTo: "2024-01-01" };
const RO = "data de sfârșit (2024-01-01) este înaintea datei de început (2026-01-01)";
const EN_WORDS = "the end date (2024-01-01) is before the start date (2026-01-01)";
const EN = { "accept-language": "en" };

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ MODEL_PRIMARY: "offline:extractive" });
});

afterAll(async () => {
  await server?.close();
});

const call = (method: string, route: string, body?: unknown, headers: Record<string, string> = {}) =>
  jsonRequest<ErrorBody>(`${server.url}${route}`, method, body, headers);

describe("a backwards date range", () => {
  it("is refused by chat:send, in the socket's language, and a range in order is answered", async () => {
    for (const [lang, expected] of [
      ["ro", `Cererea nu are forma așteptată: settings.filters.dateTo: ${RO}`],
      ["en", `The request does not have the expected shape: settings.filters.dateTo: ${EN_WORDS}`],
    ] as const) {
      const socket = await server.connect(lang);
      const ack = await send(socket, {
        text: "Ce spun oamenii despre pensii?",
        settings: { filters: BACKWARDS },
      });
      socket.disconnect();
      expect(ack).toMatchObject({ ok: false, error: { code: "input:invalid", message: expected } });
    }
    const socket = await server.connect();
    const ack: AckResult<unknown> = await send(socket, {
      text: "Ce spun oamenii despre pensii?",
      settings: { filters: { dateFrom: "2024-01-01", dateTo: "2024-01-01" } },
    });
    socket.disconnect();
    expect(ack.ok).toBe(true);
  });

  it("is refused by a comparison in the chat", async () => {
    const body = {
      text: "Ce spun oamenii despre pensii?",
      models: ["offline:extractive", "openai:gpt-4o-mini"],
      filters: BACKWARDS,
    };
    const ro = await call("POST", "/api/compare/chat", body);
    expect(ro.status).toBe(400);
    expect(ro.body.error).toMatchObject({ code: "input:invalid" });
    expect(ro.body.error.message).toContain(`filters.dateTo: ${RO}`);
    const en = await call("POST", "/api/compare/chat", body, EN);
    expect(en.body.error.message).toContain(`filters.dateTo: ${EN_WORDS}`);
  });

  it("is refused by a workbench data set drawn from the corpus", async () => {
    const ro = await call("POST", "/api/workbench/datasets/from-corpus", { filters: BACKWARDS });
    expect(ro.status).toBe(400);
    expect(ro.body.error).toMatchObject({ code: "input:invalid" });
    expect(ro.body.error.message).toContain(`filters.dateTo: ${RO}`);
    const en = await call("POST", "/api/workbench/datasets/from-corpus", { filters: BACKWARDS }, EN);
    expect(en.body.error.message).toContain(`filters.dateTo: ${EN_WORDS}`);
  });

  it("is refused by the corpus page's documents", async () => {
    const query = "/api/corpus/documents?dateFrom=2026-01-01&dateTo=2024-01-01";
    const ro = await call("GET", query);
    expect(ro.status).toBe(400);
    expect(ro.body.error).toMatchObject({ code: "input:invalid" });
    expect(ro.body.error.message).toContain(`dateTo: ${RO}`);
    expect((await call("GET", query, undefined, EN)).body.error.message).toContain(`dateTo: ${EN_WORDS}`);
  });
});
