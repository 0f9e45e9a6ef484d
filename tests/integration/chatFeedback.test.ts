// The teacher's view of the chat's ratings, against the real app: GET /api/chat/feedback. With AUTH=users two members
// chat and rate, one deletes a rated thread; an admin reads every rating with its question, answer excerpt, model and
// temperature, filters it and gets a summary per model; a member is refused (403 feedback:forbidden, in their
// language); a bad query is a coded 400. With AUTH=off the one local user (an admin) reads their own.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatFeedbackResponseSchema, localDay, type ChatFeedbackResponse } from "../../contract/chatFeedback";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { record, send, startTestServer, type TestServer, type TestSocket } from "../support/server";
import { errorCode, HttpSession } from "../support/session";

const USERS = {
  dir: { password: "parola-dir-1", role: "admin" },
  ana: { password: "parola-ana-1", role: "member" },
  ion: { password: "parola-ion-1", role: "member" },
} as const;
type Name = keyof typeof USERS;

/** One question answered to the end; the answer's id and its thread. */
async function ask(socket: TestSocket, text: string, temperature?: number) {
  const { finished } = record(socket);
  const ack = await send(socket, { text, settings: temperature === undefined ? {} : { temperature } });
  if (!ack.ok) throw new Error(ack.error.message);
  await finished;
  return ack.data;
}

async function rate(session: HttpSession, messageId: string, value: "up" | "down", comment?: string) {
  const res = await session.post("/api/feedback", { messageId, value, ...(comment ? { comment } : {}) });
  expect(res.status).toBe(201);
}

describe("GET /api/chat/feedback with accounts", () => {
  let server: TestServer;
  const s = {} as Record<Name, HttpSession>;
  const ids = {} as Record<Name, string>;
  let anaDown: string;

  beforeAll(async () => {
    server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
    const auth = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
    for (const [username, { password, role }] of Object.entries(USERS)) {
      const user = await auth.addUser({ username, role, passwordHash: await hashPassword(password) });
      ids[username as Name] = user!.id;
    }
    await auth.close();
    let ip = 40;
    for (const name of Object.keys(USERS) as Name[]) {
      s[name] = new HttpSession(server.url, `198.51.100.${ip++}`, name === "ion" ? "en" : "ro");
      expect((await s[name].login({ username: name, password: USERS[name].password })).status).toBe(200);
    }
    const anaSocket = await s.ana.socket();
    const ionSocket = await s.ion.socket();
    const first = await ask(anaSocket, "Ce spun comentariile despre pensii?", 0.3);
    anaDown = first.messageId;
    await rate(s.ana, anaDown, "down", "Nu răspunde la întrebare.");
    const second = await ask(ionSocket, "Ce se spune despre spitale?");
    await rate(s.ion, second.messageId, "up");
    // Rated, then its thread deleted: the rating stays, what it rated is gone.
    const gone = await ask(anaSocket, "Ce se spune despre corupție?");
    await rate(s.ana, gone.messageId, "up", "bun");
    expect((await s.ana.request("DELETE", `/api/threads/${gone.threadId}`)).status).toBe(204);
    anaSocket.disconnect();
    ionSocket.disconnect();
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  const read = async (query = "") => {
    const res = await s.dir.get(`/api/chat/feedback${query}`);
    expect(res.status).toBe(200);
    return ChatFeedbackResponseSchema.parse(res.body) as ChatFeedbackResponse;
  };

  it("gives an admin every rating, newest first, with who, the thread, the question, the answer and its model", async () => {
    const { rows, users, models } = await read();
    expect(rows.map((r) => [r.user.name, r.rating, r.comment, r.threadExists])).toEqual([
      ["ana", "up", "bun", false],
      ["ion", "up", null, true],
      ["ana", "down", "Nu răspunde la întrebare.", true],
    ]);
    const down = rows[2]!;
    expect(down).toMatchObject({
      messageId: anaDown,
      threadTitle: expect.stringContaining("pensii"),
      question: "Ce spun comentariile despre pensii?",
      model: "offline:extractive",
      temperature: 0.3,
      ownThread: false,
    });
    expect(down.answerExcerpt!.length).toBeGreaterThan(20);
    // Nothing is made up for the deleted thread's answer.
    expect(rows[0]).toMatchObject({ threadId: null, question: null, answerExcerpt: null, model: null });
    expect(users.map((u) => u.name)).toEqual(["ana", "ion"]);
    expect(models).toEqual(["offline:extractive"]);
  });

  it("sums up per model: 👍, 👎, n and the share of 👍 with its Wilson interval", async () => {
    const { summary } = await read();
    const extractive = summary.find((m) => m.model === "offline:extractive")!;
    expect(extractive).toMatchObject({ up: 1, down: 1, n: 2, upShare: 0.5 });
    expect(extractive.low).toBeCloseTo(0.0945, 3);
    expect(extractive.high).toBeCloseTo(0.9055, 3);
    expect(summary.find((m) => m.model === null)).toMatchObject({ up: 1, down: 0, n: 1 });
  });

  it("filters by rating, user, model and days", async () => {
    expect((await read("?rating=down")).rows.map((r) => r.messageId)).toEqual([anaDown]);
    expect((await read(`?user=${ids.ion}`)).rows.map((r) => r.user.name)).toEqual(["ion"]);
    const byModel = await read("?model=offline:extractive");
    expect(byModel.rows).toHaveLength(2);
    expect(byModel.summary.map((m) => m.model)).toEqual(["offline:extractive"]);
    // The days of the ratings themselves (a run across midnight UTC would have two), in UTC and 14 hours either side:
    // the day is the asker's, and 28 hours apart two zones never share one.
    const { rows } = await read();
    const times = rows.map((r) => r.createdAt).sort();
    const span = (tz: number) => [localDay(times[0]!, tz), localDay(times.at(-1)!, tz)];
    const [utcFrom, utcTo] = span(0);
    expect((await read(`?from=${utcFrom}&to=${utcTo}`)).rows).toHaveLength(3);
    const [eastFrom, eastTo] = span(-840);
    expect((await read(`?from=${eastFrom}&to=${eastTo}&tzOffset=-840`)).rows).toHaveLength(3);
    expect((await read(`?from=${eastFrom}&to=${eastTo}&tzOffset=840`)).rows).toHaveLength(0);
    const later = await read("?from=2099-01-01");
    expect(later.rows).toEqual([]);
    expect(later.summary).toEqual([]);
    // The filters' choices stay those of every rating.
    expect(later.users).toHaveLength(2);
    expect((await read("?to=2000-01-01")).rows).toEqual([]);
  });

  it("answers a bad query with a coded 400 naming the field, in the asker's language", async () => {
    const cases: [string, string][] = [
      ["?rating=meh", "rating: trebuie să fie unul dintre: up, down"],
      ["?from=2026-13-40", "from"],
      ["?from=2026-12-08&to=2026-12-01", "to"],
      ["?sort=x", "câmpuri necunoscute: sort"],
    ];
    for (const [query, detail] of cases) {
      const res = await s.dir.get(`/api/chat/feedback${query}`);
      expect(res.status, query).toBe(400);
      expect(errorCode(res), query).toBe("input:invalid");
      const { message } = (res.body as { error: { message: string } }).error;
      expect(message, query).toMatch(/^Cererea nu are forma așteptată: /);
      expect(message, query).toContain(detail);
    }
  });

  it("refuses a member with feedback:forbidden, in their language", async () => {
    const ro = await s.ana.get("/api/chat/feedback");
    expect(ro.status).toBe(403);
    expect(errorCode(ro)).toBe("feedback:forbidden");
    expect((ro.body as { error: { message: string } }).error.message).toContain("administrator");
    const en = await s.ion.get("/api/chat/feedback");
    expect(en.status).toBe(403);
    expect((en.body as { error: { message: string } }).error.message).toMatch(/^Only an admin/);
  });
});

describe("GET /api/chat/feedback with AUTH=off", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("gives the local user (an admin) their ratings, their own threads", async () => {
    const socket = await server.connect();
    const { messageId } = await ask(socket, "Ce spun comentariile despre pensii?");
    const local = new HttpSession(server.url);
    await rate(local, messageId, "down", "prea lung");
    const res = await local.get("/api/chat/feedback");
    expect(res.status).toBe(200);
    const { rows } = ChatFeedbackResponseSchema.parse(res.body);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user: { id: "local", name: "local", guest: false },
      rating: "down",
      comment: "prea lung",
      ownThread: true,
      threadExists: true,
    });
  });
});
