// Searching one's conversations through HTTP (GET /api/threads/search), against the real app with accounts: a member
// finds their own threads by a word of a message (not only of the title), with diacritics and case folded and an
// excerpt of the matching message; another member's thread is never found; an admin finds everyone's, with whose it
// is; the words of a query are found in any order; "%" and "_" are plain text; a too-short query, or one with no word
// of two characters, is a coded 400 in the asker's language.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { excerptParts, type ThreadSearchResponse } from "../../contract/threadSearch";
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

async function ask(socket: TestSocket, text: string, threadId?: string) {
  const { finished } = record(socket);
  const ack = await send(socket, { text, ...(threadId ? { threadId } : {}) });
  if (!ack.ok) throw new Error(ack.error.message);
  await finished;
  return ack.data;
}

describe("GET /api/threads/search", () => {
  let server: TestServer;
  const s = {} as Record<Name, HttpSession>;
  const thread = {} as Record<"pensii" | "procent" | "ionPensii", string>;
  let pensiiQuestion: string;

  beforeAll(async () => {
    server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
    const auth = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
    for (const [username, { password, role }] of Object.entries(USERS)) {
      await auth.addUser({ username, role, passwordHash: await hashPassword(password) });
    }
    await auth.close();
    let ip = 60;
    for (const name of Object.keys(USERS) as Name[]) {
      s[name] = new HttpSession(server.url, `198.51.100.${ip++}`, name === "ion" ? "en" : "ro");
      expect((await s[name].login({ username: name, password: USERS[name].password })).status).toBe(200);
    }
    const ana = await s.ana.socket();
    const ion = await s.ion.socket();
    const first = await ask(ana, "Ce se spune despre spitale?");
    const second = await ask(ana, "Și despre PENSIILE SPECIALE ale magistraților?", first.threadId);
    thread.pensii = first.threadId;
    const { body } = await s.ana.get(`/api/threads/${first.threadId}`);
    const asked = (body as { messages: { id: string; text: string }[] }).messages.find((m) =>
      m.text.startsWith("Și despre"),
    );
    pensiiQuestion = asked?.id ?? "";
    expect(second.threadId).toBe(first.threadId);
    thread.procent = (await ask(ana, "Cine a votat cu 50% din sală?")).threadId;
    thread.ionPensii = (await ask(ion, "Ce cred oamenii despre pensiile speciale?")).threadId;
    // A title that says nothing of the message: the search must read the messages.
    expect(
      (await s.ana.request("PATCH", `/api/threads/${thread.pensii}`, { title: "Seminar 3" })).status,
    ).toBe(200);
    ana.disconnect();
    ion.disconnect();
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  const search = async (who: Name, q: string) => {
    const res = await s[who].get(`/api/threads/search?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return (res.body as ThreadSearchResponse).threads;
  };

  it("finds a member's thread by a message, diacritics and case folded, with an excerpt of that message", async () => {
    for (const q of ["pensiile speciale", "PENSIILE SPECIALE", "pensiile speciale", "magistratilor"]) {
      const hits = await search("ana", q);
      expect(hits.map((h) => h.thread.id)).toEqual([thread.pensii]);
      expect(hits[0]?.thread.title).toBe("Seminar 3");
    }
    // Every word, in any order; quoted, a phrase found only as written.
    expect((await search("ana", "magistratilor PENSIILE")).map((h) => h.thread.id)).toEqual([thread.pensii]);
    expect(await search("ana", '"magistratilor pensiile"')).toEqual([]);
    const [hit] = await search("ana", "magistratilor");
    expect(hit?.match?.messageId).toBe(pensiiQuestion);
    expect(hit?.match?.role).toBe("user");
    expect(excerptParts(hit!.match!).hit).toBe("magistraților");
    expect(hit?.match?.excerpt).toContain("PENSIILE SPECIALE ale magistraților");
  });

  it("never finds another member's thread, whatever it says", async () => {
    expect((await search("ion", "pensiile speciale")).map((h) => h.thread.id)).toEqual([thread.ionPensii]);
    expect(await search("ion", "spitale")).toEqual([]);
    expect(await search("ion", "Seminar")).toEqual([]);
  });

  it("gives an admin everyone's matching threads, newest first, saying whose", async () => {
    // Ana's was renamed last: the newest.
    const hits = await search("dir", "pensiile speciale");
    expect(hits.map((h) => h.thread.id)).toEqual([thread.pensii, thread.ionPensii]);
    expect(hits.map((h) => h.thread.owner)).toEqual([
      { kind: "user", name: "ana" },
      { kind: "user", name: "ion" },
    ]);
  });

  it("gives an admin only their own threads with mine=1 (their list showing their own)", async () => {
    const dir = await s.dir.socket();
    const own = (await ask(dir, "Pregătesc o întrebare despre pensiile speciale pentru clasă.")).threadId;
    dir.disconnect();
    const all = await search("dir", "pensiile speciale");
    expect(all.map((h) => h.thread.id)).toEqual([own, thread.pensii, thread.ionPensii]);
    const res = await s.dir.get(`/api/threads/search?q=${encodeURIComponent("pensiile speciale")}&mine=1`);
    expect(res.status).toBe(200);
    expect((res.body as ThreadSearchResponse).threads.map((h) => h.thread.id)).toEqual([own]);
    // For a member, mine=1 changes nothing: their own threads were all they could find.
    const member = await s.ana.get(`/api/threads/search?q=${encodeURIComponent("pensiile speciale")}&mine=1`);
    expect((member.body as ThreadSearchResponse).threads.map((h) => h.thread.id)).toEqual([thread.pensii]);
  });

  it("reads % and _ as plain text, not as wildcards", async () => {
    expect((await search("ana", "50%")).map((h) => h.thread.id)).toEqual([thread.procent]);
    expect(await search("ana", "%%")).toEqual([]);
    expect(await search("ana", "s_ale")).toEqual([]);
    expect(excerptParts((await search("ana", '"0% d"'))[0]!.match!).hit).toBe("0% d");
  });

  it("finds țară by tara and gives the message's id and every place of the words in its excerpt", async () => {
    const ana = await s.ana.socket();
    const { threadId } = await ask(ana, "Ce se spune despre ŢARA noastră și despre o țară vecină?");
    ana.disconnect();
    const { body } = await s.ana.get(`/api/threads/${threadId}`);
    const question = (body as { messages: { id: string; role: string }[] }).messages.find(
      (m) => m.role === "user",
    );
    const [hit] = await search("ana", "tara");
    expect(hit?.thread.id).toBe(threadId);
    const match = hit!.match!;
    expect(match.messageId).toBe(question?.id);
    expect(match.marks?.map((m) => match.excerpt.slice(m.start, m.end))).toEqual(["ŢARA", "țară"]);
  });

  it("refuses a query shorter than two characters, in the asker's language", async () => {
    const ro = await s.ana.get("/api/threads/search?q=a");
    expect(ro.status).toBe(400);
    expect(errorCode(ro)).toBe("input:invalid");
    const en = await s.ion.get("/api/threads/search?q=a");
    expect(en.status).toBe(400);
    expect(errorCode(en)).toBe("input:invalid");
    const message = (r: typeof ro) => (r.body as { error: { message: string } }).error.message;
    expect(message(en)).not.toBe(message(ro));
    expect((await s.ion.get("/api/threads/search?q=%20%20")).status).toBe(400);
  });

  it("refuses a query with no word of two characters or more, in the asker's language", async () => {
    const q = encodeURIComponent('a "b" %');
    const ro = await s.ana.get(`/api/threads/search?q=${q}`);
    const en = await s.ion.get(`/api/threads/search?q=${q}`);
    expect([ro.status, en.status]).toEqual([400, 400]);
    expect([errorCode(ro), errorCode(en)]).toEqual(["input:invalid", "input:invalid"]);
    const message = (r: typeof ro) => (r.body as { error: { message: string } }).error.message;
    expect(message(ro)).toContain("cuvânt de cel puțin 2 caractere");
    expect(message(en)).toContain("word of 2 characters or more");
  });
});
