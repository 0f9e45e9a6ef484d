// The chat's starter questions chosen on the corpus page, against the real app: an admin saves them (PUT
// /api/corpus/starters) and everyone who chats reads them back with GET /api/corpus; a member who writes is refused
// in their language; the limits (how many, how long) are said clearly, with the starter's number; an empty list
// brings the built-in examples back; an import and a rebuild of the index (jobs that swap raw/, cleaned/ and index/)
// leave them as they were.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorpusResponse } from "../../contract/api";
import type { CorpusJobResponse } from "../../contract/corpusPage";
import type { Starter, StartersResponse } from "../../contract/starters";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { corpusApi, importUpload, uploadCorpusFile, waitForImport } from "../support/corpus";
import { startTestServer, type TestServer } from "../support/server";
import { errorCode, HttpSession } from "../support/session";

const STARTERS: Starter[] = [
  {
    ro: { label: "Școala din Zăvoieni", text: "Ce spun locuitorii despre școala din Zăvoieni?" },
    en: { label: "The Zăvoieni school", text: "" },
  },
  { ro: { label: "  Drumul județean ", text: "Cum este discutat drumul județean?  " } },
];
const SAVED: Starter[] = [
  {
    ro: { label: "Școala din Zăvoieni", text: "Ce spun locuitorii despre școala din Zăvoieni?" },
    en: { label: "The Zăvoieni school" },
  },
  { ro: { label: "Drumul județean", text: "Cum este discutat drumul județean?" } },
];
const MAX_MESSAGE_CHARS = 300;
const one = (label: string, text: string): Starter => ({ ro: { label, text } });
const messageOf = (body: unknown) => (body as { error: { message: string } }).error.message;

describe("starter questions: who saves them, who reads them, their limits", () => {
  let server: TestServer;
  const USERS = {
    dir: { password: "parola-dir-1", role: "admin", lang: "ro" },
    ana: { password: "parola-ana-1", role: "member", lang: "ro" },
    ion: { password: "parola-ion-1", role: "member", lang: "en" },
  } as const;
  const s = {} as Record<keyof typeof USERS, HttpSession>;
  const save = (who: HttpSession, starters: unknown) =>
    who.request("PUT", "/api/corpus/starters", { starters });
  const startersOf = async (who: HttpSession) => {
    const res = await who.get("/api/corpus");
    expect(res.status).toBe(200);
    return (res.body as CorpusResponse).starters;
  };

  beforeAll(async () => {
    server = await startTestServer({
      AUTH: "users",
      TRUST_PROXY: "loopback",
      MAX_MESSAGE_CHARS: String(MAX_MESSAGE_CHARS),
    });
    const auth = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
    for (const [username, { password, role }] of Object.entries(USERS))
      await auth.addUser({ username, role, passwordHash: await hashPassword(password) });
    await auth.close();
    let ip = 60;
    for (const name of Object.keys(USERS) as (keyof typeof USERS)[]) {
      s[name] = new HttpSession(server.url, `198.51.100.${ip++}`, USERS[name].lang);
      expect((await s[name].login({ username: name, password: USERS[name].password })).status).toBe(200);
    }
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("has none until an admin saves some; then everyone who chats reads them, trimmed", async () => {
    expect(await startersOf(s.ana)).toEqual([]);
    const saved = await save(s.dir, STARTERS);
    expect(saved.status).toBe(200);
    expect((saved.body as StartersResponse).starters).toEqual(SAVED);
    expect(await startersOf(s.ana)).toEqual(SAVED);
    expect(await startersOf(s.ion)).toEqual(SAVED);
    const file = JSON.parse(readFileSync(path.join(server.config.CORPUS_DIR, "starters.json"), "utf8"));
    expect(file).toEqual({ version: 1, starters: SAVED });
  });

  it("refuses a member's save with 403, in the member's language, and keeps the list", async () => {
    const ro = await save(s.ana, [one("Altceva", "Altă întrebare?")]);
    expect(ro.status).toBe(403);
    expect(errorCode(ro)).toBe("auth:forbidden");
    expect(messageOf(ro.body)).toContain("nu are acces");
    const en = await save(s.ion, [one("Something else", "Another question?")]);
    expect(en.status).toBe(403);
    expect(messageOf(en.body)).toContain("has no access");
    expect(await startersOf(s.ana)).toEqual(SAVED);
  });

  it("says which limit a list breaks, and which starter, in the asker's language", async () => {
    const nine = Array.from({ length: 9 }, (_, i) => one(`Eticheta ${i + 1}`, `Întrebarea ${i + 1}?`));
    const tooMany = await save(s.dir, nine);
    expect(tooMany.status).toBe(400);
    expect(errorCode(tooMany)).toBe("corpus:starters_too_many");
    expect(messageOf(tooMany.body)).toBe("Cel mult 8 întrebări de pornire; ați trimis 9. Ștergeți câteva.");
    const longLabel = await save(s.dir, [one("Bună", "Da?"), one("x".repeat(61), "Întrebare?")]);
    expect(longLabel.status).toBe(400);
    expect(errorCode(longLabel)).toBe("corpus:starter_label_too_long");
    expect(messageOf(longLabel.body)).toBe(
      "Eticheta întrebării de pornire 2 este prea lungă (maximum 60 de caractere; are 61).",
    );
    const longText = { ro: { label: "Lungă", text: "Da?" }, en: { text: "y".repeat(MAX_MESSAGE_CHARS + 1) } };
    const tooLong = await s.dir.request(
      "PUT",
      "/api/corpus/starters",
      { starters: [longText] },
      { "accept-language": "en" },
    );
    expect(tooLong.status).toBe(413);
    expect(errorCode(tooLong)).toBe("corpus:starter_too_long");
    expect(messageOf(tooLong.body)).toBe(
      `Starter question 1 (English) is too long for the chat (at most ${MAX_MESSAGE_CHARS} characters, MAX_MESSAGE_CHARS; it has ${MAX_MESSAGE_CHARS + 1}).`,
    );
    const empty = await save(s.dir, [one("   ", "Întrebare?")]);
    expect(empty.status).toBe(400);
    expect(messageOf(empty.body)).toBe("Întrebarea de pornire 1 nu are eticheta în română.");
    const shape = await save(s.dir, [{ label: "fără limbă" }]);
    expect(shape.status).toBe(400);
    expect(errorCode(shape)).toBe("input:invalid");
    // Nothing refused was written.
    expect(await startersOf(s.ana)).toEqual(SAVED);
  });

  it("an empty list brings the built-in examples back", async () => {
    const cleared = await save(s.dir, []);
    expect(cleared.status).toBe(200);
    expect(await startersOf(s.ana)).toEqual([]);
    expect(existsSync(path.join(server.config.CORPUS_DIR, "starters.json"))).toBe(false);
  });
});

describe("starter questions across corpus jobs", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("an import and a rebuild of the index leave them as they were", async () => {
    expect((await corpusApi(server.url, "PUT", "/starters", { starters: SAVED })).status).toBe(200);
    const csv = "id,text\nv1,Locuitorii din Valea Mierlei au plantat o sută de tei pe malul pârâului.\n";
    const preview = (await uploadCorpusFile(server.url, "valea.csv", csv)).body;
    const imported = await importUpload(server.url, preview.uploadId);
    expect(imported.job?.status).toBe("done");
    expect((await corpusApi<CorpusResponse>(server.url, "GET", "")).body.starters).toEqual(SAVED);

    const rebuild = await corpusApi<CorpusJobResponse>(server.url, "POST", "/rebuild");
    expect(rebuild.status).toBe(202);
    expect((await waitForImport(server.url, rebuild.body.record.id)).job?.status).toBe("done");
    expect((await corpusApi<CorpusResponse>(server.url, "GET", "")).body.starters).toEqual(SAVED);
  }, 120_000);

  it("a starters file that does not parse is no starters: the chat's corpus facts still answer", async () => {
    writeFileSync(path.join(server.config.CORPUS_DIR, "starters.json"), "{ pas JSON");
    const res = await corpusApi<CorpusResponse>(server.url, "GET", "");
    expect(res.status).toBe(200);
    expect(res.body.starters).toEqual([]);
    expect(res.body.chunks).toBeGreaterThan(0);
  });
});
