// One suite, two implementations: the thread Storage and the JobStore behave the same on SQLite (the default) and on
// PostgreSQL (DATABASE_URL), opened the way the server opens them (server/storage/open.ts). PostgreSQL adds what
// only several instances can show: claims that stay single under concurrency, answers interrupted only when their
// instance stopped beating, migrations that two instances run at once.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredMessage } from "../../contract/threads";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { migrate } from "../../server/db/migrate";
import { MIGRATIONS } from "../../server/db/migrations";
import { openPool } from "../../server/db/postgres";
import { stamp } from "../../server/jobs/sqliteJobStore";
import { createLogger } from "../../server/log";
import { openStores, type Stores } from "../../server/storage/open";
import { classServices, freshDatabase, titled } from "../support/classServices";
import { storeBackends, type StoreBackend } from "../support/storeBackends";
import { POPULIST_ANNOTATION, testConfig } from "../support/fixtures";

const services = await classServices();
const logger = createLogger({ LOG_LEVEL: "silent" });

const backends = storeBackends(services, { role: "server", postgresEnv: { INSTANCE_STALE_MS: "600" } });

const at = (n: number) => new Date(Date.UTC(2099, 0, 1, 0, 0, n)).toISOString();

for (const { name, make, skip } of backends) {
  describe.skipIf(skip)(titled(`storage contract on ${name}`, services, skip), () => {
    let backend: StoreBackend;
    let stores: Stores;
    beforeAll(async () => {
      backend = make();
      stores = await backend.open("contract-a");
    });
    afterAll(async () => {
      await stores?.close();
      await backend?.cleanup();
    });

    it("creates, lists newest first, renames and deletes threads with their messages", async () => {
      const { storage } = stores;
      const a = await storage.createThread("întâi", "ana");
      const b = await storage.createThread("al doilea", "ana");
      await storage.addMessage({
        id: `${a.id}-u`,
        threadId: a.id,
        role: "user",
        text: "salut",
        createdAt: at(1),
        status: "done",
      });
      expect((await storage.listThreads()).map((t) => t.id).slice(0, 2)).toEqual([a.id, b.id]);
      expect((await storage.renameThread(b.id, "redenumit"))?.title).toBe("redenumit");
      expect(await storage.renameThread("nu-există", "x")).toBeNull();
      expect(await storage.getThread(b.id)).toMatchObject({ id: b.id, title: "redenumit" });
      expect(await storage.deleteThread(a.id)).toBe(true);
      expect(await storage.getMessage(`${a.id}-u`)).toBeNull();
      expect(await storage.getThread(a.id)).toBeNull();
      expect(await storage.deleteThread(a.id)).toBe(false);
    });

    it("keeps messages in order, and an answer saved as it streams as one row replaced in place", async () => {
      const { storage } = stores;
      const thread = await storage.createThread("t", "ana");
      await storage.addMessage({
        id: `${thread.id}-u`,
        threadId: thread.id,
        role: "user",
        text: "?",
        createdAt: at(2),
        status: "done",
      });
      const answer: StoredMessage = {
        id: `${thread.id}-a`,
        threadId: thread.id,
        role: "assistant",
        text: "",
        createdAt: at(2),
        status: "streaming",
        codebookVersion: "9.9.9",
      };
      await storage.saveMessage(answer);
      await storage.saveMessage({ ...answer, text: "Primul" });
      await storage.saveMessage({ ...answer, text: "Primul rând.", status: "done", createdAt: at(9) });
      const messages = await storage.listMessages(thread.id);
      expect(messages.map((m) => [m.role, m.text, m.status])).toEqual([
        ["user", "?", "done"],
        ["assistant", "Primul rând.", "done"],
      ]);
      expect(messages[1]).toMatchObject({ createdAt: at(2), codebookVersion: "9.9.9" });
      expect(await storage.getMessage(answer.id)).toMatchObject({
        text: "Primul rând.",
        threadId: thread.id,
      });
    });

    it("keeps one rating per answer and every label, in order", async () => {
      const { storage } = stores;
      await storage.addFeedback({ messageId: "m1", value: "down" }, "ana");
      await storage.addFeedback({ messageId: "m1", value: "up", comment: "util" }, "ana");
      await storage.addFeedback({ messageId: "m2", value: "down" }, "ion");
      expect(
        (await storage.listFeedback()).map(({ messageId, value, comment }) => ({
          messageId,
          value,
          comment,
        })),
      ).toEqual([
        { messageId: "m1", value: "up", comment: "util" },
        { messageId: "m2", value: "down", comment: undefined },
      ]);
      const label = {
        messageId: "m1",
        target: "message",
        text: "Hoții!",
        annotation: POPULIST_ANNOTATION,
        annotator: "ana",
        codebookVersion: "1.1.0",
      };
      await storage.addLabel({ ...label, id: "l1", createdAt: at(3), correctedModel: "offline:lexicon" });
      await storage.addLabel({ ...label, id: "l2", createdAt: at(3) });
      expect((await storage.listLabels()).map((l) => [l.id, l.correctedModel, l.annotation.ton])).toEqual([
        ["l1", "offline:lexicon", "negativ"],
        ["l2", undefined, "negativ"],
      ]);
    });

    it("lists ratings newest first with their answer, the question before it and the thread, while they exist", async () => {
      const { storage } = stores;
      const thread = await storage.createThread("Pensii", "rita");
      const gone = await storage.createThread("Șters", "rita");
      const message = (
        id: string,
        role: "user" | "assistant",
        text: string,
        n: number,
        threadId = thread.id,
      ) => ({ id, threadId, role, text, createdAt: at(n), status: "done" }) as StoredMessage;
      const done = {
        model: "offline:extractive",
        timings: { retrieveMs: 1, annotateMs: 1, firstTokenMs: 1, totalMs: 3 },
        fallbacks: [],
      };
      await storage.addMessage(message("rq1", "user", "Ce spun despre pensii?", 20));
      await storage.saveMessage({
        ...message("ra1", "assistant", "Răspunsul întâi [1].", 20),
        done: { ...done, settings: { temperature: 0.4, topK: 5 } } as StoredMessage["done"],
      });
      // Regenerated in the same millisecond as the first answer: stored order, not the time, pairs them.
      await storage.addMessage({
        ...message("rq2", "user", "Ce spun despre pensii, pe scurt?", 20),
        regenerates: "ra1",
      });
      await storage.saveMessage({
        ...message("ra2", "assistant", "Al doilea.", 20),
        done: done as StoredMessage["done"],
      });
      // An answer right after another answer has no question of its own.
      await storage.saveMessage(message("ra3", "assistant", "Singur.", 21));
      await storage.addMessage(message("rq4", "user", "Ceva?", 22, gone.id));
      await storage.saveMessage(message("ra4", "assistant", "Dispare.", 22, gone.id));
      for (const [id, value] of [
        ["ra1", "down"],
        ["ra2", "up"],
        ["ra3", "up"],
        ["ra4", "down"],
      ] as const)
        await storage.addFeedback({ messageId: id, value, comment: `despre ${id}` }, "rita");
      await storage.addFeedback({ messageId: "ra1-of-another", value: "up" }, "sorin");
      await storage.deleteThread(gone.id);

      const rated = await storage.listRatedAnswers({ userId: "rita" });
      expect(
        rated.map(({ feedback, answer, question, thread: t }) => [
          feedback.messageId,
          feedback.value,
          feedback.comment,
          question,
          answer?.text ?? null,
          answer?.done?.model ?? null,
          t?.title ?? null,
        ]),
      ).toEqual([
        ["ra4", "down", "despre ra4", null, null, null, null],
        ["ra3", "up", "despre ra3", null, "Singur.", null, "Pensii"],
        [
          "ra2",
          "up",
          "despre ra2",
          "Ce spun despre pensii, pe scurt?",
          "Al doilea.",
          "offline:extractive",
          "Pensii",
        ],
        [
          "ra1",
          "down",
          "despre ra1",
          "Ce spun despre pensii?",
          "Răspunsul întâi [1].",
          "offline:extractive",
          "Pensii",
        ],
      ]);
      expect(rated[3]!.answer?.done?.settings?.temperature).toBe(0.4);
      expect(rated[3]!.thread).toMatchObject({ id: thread.id, userId: "rita" });
      expect((await storage.listRatedAnswers()).map((r) => r.feedback.messageId)).toContain("ra1-of-another");
    });

    it("keeps each row's user, and lists one user's rows or everyone's", async () => {
      const { storage } = stores;
      const mine = await storage.createThread("al Mariei", "maria");
      const theirs = await storage.createThread("al lui Dan", "dan");
      expect(await storage.getThread(mine.id)).toMatchObject({ userId: "maria" });
      expect((await storage.listThreads({ userId: "maria" })).map((t) => t.id)).toEqual([mine.id]);
      const all = (await storage.listThreads()).map((t) => t.id);
      expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
      await storage.addFeedback({ messageId: "m-maria", value: "up" }, "maria");
      await storage.addFeedback({ messageId: "m-dan", value: "down" }, "dan");
      expect((await storage.listFeedback({ userId: "maria" })).map((f) => [f.messageId, f.userId])).toEqual([
        ["m-maria", "maria"],
      ]);
      const label = {
        messageId: "m-maria",
        target: "message",
        text: "Corupții!",
        annotation: POPULIST_ANNOTATION,
        annotator: "maria",
        codebookVersion: "1.1.0",
        createdAt: at(6),
      };
      await storage.addLabel({ ...label, id: "lm", userId: "maria" });
      await storage.addLabel({ ...label, id: "ld", annotator: "dan", userId: "dan" });
      expect((await storage.listLabels({ userId: "dan" })).map((l) => [l.id, l.userId])).toEqual([
        ["ld", "dan"],
      ]);
      expect((await storage.listLabels()).map((l) => l.id)).toEqual(expect.arrayContaining(["lm", "ld"]));
    });

    it("searches one user's threads by title and message, folded, plain text, newest first, with an excerpt", async () => {
      const { storage } = stores;
      const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
      const say = async (
        threadId: string,
        id: string,
        role: "user" | "assistant",
        text: string,
        ms: number,
      ) => storage.addMessage({ id, threadId, role, text, createdAt: soon(ms), status: "done" });
      const titled = await storage.createThread("Pensiile speciale (din titlu)", "sara");
      const seminar = await storage.createThread("Seminar 3", "sara");
      await say(seminar.id, `${seminar.id}-q`, "user", "Ce se spune despre spitalele din Iași?", 1000);
      await say(
        seminar.id,
        `${seminar.id}-a`,
        "assistant",
        "Despre  PENSIILE\nspeciale: nimic nou [1].",
        1001,
      );
      const percent = await storage.createThread("Vot", "sara");
      await say(percent.id, `${percent.id}-q`, "user", "Cine a votat cu 50% din sală?", 2000);
      const other = await storage.createThread("Alt student", "sam");
      await say(other.id, `${other.id}-q`, "user", "Și pensiile speciale?", 3000);

      const ids = async (q: string, filter: { userId?: string; limit?: number } = { userId: "sara" }) =>
        (await storage.searchThreads(q, filter)).map((h) => h.thread.id);
      expect(await ids("pensiile speciale")).toEqual([seminar.id, titled.id]);
      const [hit, titleOnly] = await storage.searchThreads("PENSIILE SPECIALE", { userId: "sara" });
      expect(hit?.thread).toMatchObject({ id: seminar.id, title: "Seminar 3", userId: "sara" });
      expect(hit?.match).toMatchObject({ messageId: `${seminar.id}-a`, role: "assistant" });
      // Two words, each marked where it is; quoted, one phrase marked whole.
      expect(hit?.match?.excerpt.slice(hit.match.start, hit.match.end)).toBe("PENSIILE");
      expect(hit?.match?.marks?.map((m) => hit.match!.excerpt.slice(m.start, m.end))).toEqual([
        "PENSIILE",
        "speciale",
      ]);
      const [quoted] = await storage.searchThreads('"PENSIILE SPECIALE"', { userId: "sara" });
      expect(quoted?.match?.excerpt.slice(quoted.match.start, quoted.match.end)).toBe("PENSIILE speciale");
      expect(titleOnly?.match).toBeUndefined();
      // Cedilla, comma-below and no diacritics are one letter; case does not matter.
      expect(await ids("IAŞI")).toEqual([seminar.id]);
      expect(await ids("spitalele din iasi")).toEqual([seminar.id]);
      expect(await ids("50%")).toEqual([percent.id]);
      expect(await ids("5_%")).toEqual([]);
      // A single character is no term: in almost every thread.
      expect(await ids("%")).toEqual([]);
      // A term under three characters only where a word starts: "0%" is no word of "50%".
      expect(await ids("0%")).toEqual([]);
      expect(await ids("nimic de găsit")).toEqual([]);
      expect(await ids("pensiile speciale", { userId: "sara", limit: 1 })).toEqual([seminar.id]);
      expect(await ids("pensiile speciale", { userId: "sam" })).toEqual([other.id]);
      expect(await ids("pensiile speciale", {})).toEqual(
        expect.arrayContaining([other.id, seminar.id, titled.id]),
      );
      expect((await ids("pensiile speciale", {}))[0]).toBe(other.id);
    });

    it("finds țară by tara and marks every occurrence of the words in the hit's excerpt, with the message's id", async () => {
      const { storage } = stores;
      const thread = await storage.createThread("Seminar 5", "tara");
      const add = (id: string, role: "user" | "assistant", text: string, ms: number) =>
        storage.addMessage({
          id,
          threadId: thread.id,
          role,
          text,
          createdAt: new Date(Date.now() + ms).toISOString(),
          status: "done",
        });
      await add(`${thread.id}-q`, "user", "Ce se spune despre economie?", 1000);
      await add(
        `${thread.id}-a`,
        "assistant",
        "O ŢARĂ  bogată; o țară săracă; nicio TARA nu e ca alta.",
        1001,
      );
      const [hit] = await storage.searchThreads("tara", { userId: "tara" });
      expect(hit?.match?.messageId).toBe(`${thread.id}-a`);
      const match = hit!.match!;
      expect(match.marks?.map((m) => match.excerpt.slice(m.start, m.end))).toEqual(["ŢARĂ", "țară", "TARA"]);
      expect(match.marks?.[0]).toEqual({ start: match.start, end: match.end });
      // A phrase across a run of white space is marked whole.
      const [phrase] = await storage.searchThreads('"țara bogata"', { userId: "tara" });
      const p = phrase!.match!;
      expect(p.marks?.map((m) => p.excerpt.slice(m.start, m.end))).toEqual(["ŢARĂ bogată"]);
    });

    it("requires every word of a query, in any order, in one message or several or the title; a quoted phrase whole", async () => {
      const { storage } = stores;
      let ms = 1000;
      const thread = async (title: string, ...texts: string[]) => {
        const t = await storage.createThread(title, "cuvinte");
        for (const [i, text] of texts.entries()) {
          await storage.addMessage({
            id: `${t.id}-${i}`,
            threadId: t.id,
            role: i % 2 ? "assistant" : "user",
            text,
            createdAt: new Date(Date.now() + ms++).toISOString(),
            status: "done",
          });
        }
        return t.id;
      };
      const oneMessage = await thread("Seminar 7", "Ce a spus guvernul despre pensiile speciale?");
      const twoMessages = await thread(
        "Seminar 8",
        "Vorbim despre pensii în ţară.",
        "GUVERNUL a amânat decizia.",
      );
      const missing = await thread("Seminar 9", "Doar despre pensii, aici.");
      const inTitle = await thread("Pensiile de anul trecut", "Ce face Guvernul?");
      const most = await thread(
        "Seminar 10",
        "Guvernul a vorbit.",
        "Pensiile și guvernul, din nou.",
        "Iar pensiile și guvernul.",
      );
      const ids = async (q: string) =>
        (await storage.searchThreads(q, { userId: "cuvinte" })).map((h) => h.thread.id).sort();
      const all = [oneMessage, twoMessages, inTitle, most].sort();
      expect(await ids("pensii guvern")).toEqual(all);
      expect(await ids("GUVERN   pensii")).toEqual(all);
      // A one-letter word is left out; a repeated one counts once.
      expect(await ids("pensii a guvern pensii")).toEqual(all);
      expect(await ids("pensii guvern nimic")).toEqual([]);
      expect(await ids("pensii")).toContain(missing);
      // Diacritics and case folded term by term.
      expect(await ids("Țară guvernul")).toEqual([twoMessages]);
      expect(await ids("TARA Amânat")).toEqual([twoMessages]);
      // Quoted, the words must be adjacent and in that order; a quote left open runs to the end.
      expect(await ids('"pensii guvern"')).toEqual([]);
      expect(await ids('"despre guvernul"')).toEqual([]);
      expect(await ids('"guvernul despre"')).toEqual([oneMessage]);
      expect(await ids('"spus guvernul" pensii')).toEqual([oneMessage]);
      expect(await ids('pensii "spus  guvernul')).toEqual([oneMessage]);
      expect(await ids('"pensiile și guvernul"')).toEqual([most]);

      const hits = await storage.searchThreads("pensii guvern", { userId: "cuvinte" });
      const hitOf = (id: string) => hits.find((h) => h.thread.id === id)!;
      const marked = (id: string) => {
        const match = hitOf(id).match!;
        return match.marks?.map((m) => match.excerpt.slice(m.start, m.end));
      };
      // The excerpt is centred on the first word found in the message, whichever the query named first; each word is
      // marked where it occurs (the words themselves: "guvern" in "guvernul").
      const first = hitOf(oneMessage).match!;
      expect(first.excerpt.slice(first.start, first.end)).toBe("guvern");
      expect(marked(oneMessage)).toEqual(["guvern", "pensii"]);
      // Each message holds one word: the first is shown. The message holding both is shown, the first such.
      expect(hitOf(twoMessages).match?.messageId).toBe(`${twoMessages}-0`);
      expect(marked(twoMessages)).toEqual(["pensii"]);
      expect(hitOf(most).match?.messageId).toBe(`${most}-1`);
      expect(marked(most)).toEqual(["Pensii", "guvern"]);
      expect(hitOf(inTitle).match?.messageId).toBe(`${inTitle}-0`);
      expect(marked(inTitle)).toEqual(["Guvern"]);
    });

    it("searches past the first hundred threads, and stops at the limit", async () => {
      const { storage } = stores;
      const oldest = await storage.createThread("primul", "pagini");
      await storage.addMessage({
        id: `${oldest.id}-q`,
        threadId: oldest.id,
        role: "user",
        text: "cuvântul unicat",
        createdAt: "2000-01-01T00:00:00.000Z",
        status: "done",
      });
      for (let i = 0; i < 130; i++) await storage.createThread(`pagina ${i}`, "pagini");
      const found = await storage.searchThreads("unicat", { userId: "pagini" });
      expect(found.map((h) => h.thread.id)).toEqual([oldest.id]);
      const many = await storage.searchThreads("pagina", { userId: "pagini", limit: 30 });
      expect(many).toHaveLength(30);
      expect(new Set(many.map((h) => h.thread.id)).size).toBe(30);
      const times = many.map((h) => h.thread.updatedAt);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it("claims a queued job once, beats, hands it over when its owner stops beating, and ends it", async () => {
      const { jobs } = stores.workbench;
      const params = { runId: "r", datasetId: "d" };
      const job = await jobs.create({ kind: "annotation-run", params, origin: "page" });
      expect(job.status).toBe("queued");
      const past = new Date(Date.now() - 60_000).toISOString();
      const claimed = await jobs.claimNext("one", ["annotation-run"], past);
      expect(claimed).toMatchObject({ id: job.id, status: "running", owner: "one" });
      expect(await jobs.claimNext("two", ["annotation-run"], past)).toBeNull();
      expect(await jobs.heartbeat(job.id, "one", { total: 4, done: 1, failed: 0, etaS: 3 })).toEqual({
        stopRequested: false,
      });
      expect(await jobs.heartbeat(job.id, "two")).toBeNull();
      // "one" stops beating: a claim that counts its heartbeat as stale takes the job over.
      const future = new Date(Date.now() + 60_000).toISOString();
      const taken = await jobs.claimNext("two", ["annotation-run"], future);
      expect(taken).toMatchObject({ id: job.id, owner: "two", progress: { done: 1 } });
      expect(await jobs.heartbeat(job.id, "one")).toBeNull();
      expect(await jobs.release(job.id, "one", "done")).toBeNull();
      await jobs.requestStop(job.id);
      expect(await jobs.heartbeat(job.id, "two")).toEqual({ stopRequested: true });
      const ended = await jobs.release(job.id, "two", "stopped");
      expect(ended).toMatchObject({ status: "stopped", owner: null, stopRequested: false });
      expect(ended?.finishedAt).not.toBeNull();
      expect(await jobs.requeue(job.id)).toMatchObject({ status: "queued" });
      expect(await jobs.claim(job.id, "three", past)).toMatchObject({ owner: "three" });
      expect((await jobs.list({ status: "running" })).map((j) => j.id)).toContain(job.id);
      const since = new Date(Date.parse(stamp()) - 1).toISOString();
      await jobs.heartbeat(job.id, "three");
      expect((await jobs.changedSince(since)).map((j) => j.id)).toEqual([job.id]);
      await jobs.delete(job.id);
      expect(await jobs.get(job.id)).toBeNull();
    });

    it("keeps a stop asked of a job whose owner died, and turns a shutdown's requeue after a stop into stopped", async () => {
      const { jobs } = stores.workbench;
      const params = { runId: "r", datasetId: "d" };
      const past = new Date(Date.now() - 60_000).toISOString();
      const future = new Date(Date.now() + 60_000).toISOString();
      const job = await jobs.create({ kind: "annotation-run", params, origin: "page" });
      await jobs.claimNext("dead", ["annotation-run"], past);
      await jobs.requestStop(job.id);
      // The next instance takes the stale job over with the stop still asked (its runner ends it, stopped).
      expect(await jobs.claimNext("next", ["annotation-run"], future)).toMatchObject({
        id: job.id,
        owner: "next",
        stopRequested: true,
      });
      // A stop asked just before a shutdown: the job is not put back in the queue.
      const other = await jobs.create({ kind: "annotation-run", params, origin: "page" });
      await jobs.claim(other.id, "one", past);
      await jobs.requestStop(other.id);
      const released = await jobs.release(other.id, "one", "queued");
      expect(released).toMatchObject({ status: "stopped", stopRequested: false });
      expect(released?.finishedAt).not.toBeNull();
      // Without a stop, a shutdown puts it back.
      const third = await jobs.create({ kind: "annotation-run", params, origin: "page" });
      await jobs.claim(third.id, "one", past);
      expect(await jobs.release(third.id, "one", "queued")).toMatchObject({
        status: "queued",
        finishedAt: null,
      });
      for (const id of [job.id, other.id, third.id]) await jobs.delete(id);
    });

    it("stops a queued job at once", async () => {
      const { jobs } = stores.workbench;
      const job = await jobs.create({
        kind: "annotation-run",
        params: { runId: "r", datasetId: "d" },
        origin: "cli",
      });
      expect(await jobs.requestStop(job.id)).toMatchObject({
        job: { status: "stopped", stopRequested: false },
        stoppedWaiting: true,
      });
      // A second stop finds it stopped already: it did not stop it (the kind's records are closed once).
      expect(await jobs.requestStop(job.id)).toMatchObject({
        job: { status: "stopped" },
        stoppedWaiting: false,
      });
      // A running job is flagged, not stopped by the call.
      const running = await jobs.create({
        kind: "annotation-run",
        params: { runId: "r", datasetId: "d" },
        origin: "cli",
        owner: "one",
      });
      expect(await jobs.requestStop(running.id)).toMatchObject({
        job: { status: "running", stopRequested: true },
        stoppedWaiting: false,
      });
      expect(await jobs.requestStop("nu-există")).toBeNull();
    });

    it("marks answers left streaming by a gone instance as interrupted, and leaves finished ones alone", async () => {
      const { storage } = stores;
      const thread = await storage.createThread("întrerupt", "ana");
      const base = {
        threadId: thread.id,
        role: "assistant" as const,
        createdAt: at(4),
        codebookVersion: "1",
      };
      await storage.saveMessage({ ...base, id: `${thread.id}-done`, text: "gata", status: "done" });
      // Written by another instance, which then dies without a word.
      const other = await backend.openAnother("contract-dead");
      await other.storage.saveMessage({ ...base, id: `${thread.id}-s`, text: "pe jum", status: "streaming" });
      await other.close();
      if (name === "postgres") {
        // On PostgreSQL only answers whose instance stopped beating are touched, and this instance's own heartbeat
        // sweeps them too: wait out the dead one's silence.
        await new Promise((resolve) => setTimeout(resolve, 800));
        await storage.interruptStreaming();
      } else {
        expect(await storage.interruptStreaming()).toBe(1);
      }
      expect(await storage.interruptStreaming()).toBe(0);
      expect((await storage.listMessages(thread.id)).map((m) => [m.text, m.status])).toEqual([
        ["gata", "done"],
        ["pe jum", "interrupted"],
      ]);
    });

    it("keeps one account for names that differ only in case, of non-ASCII letters too", async () => {
      // SQLite's accounts live in the app's database file, opened by the server beside the other stores (app.ts).
      const auth =
        stores.auth ??
        new SqliteAuthStore(path.join(mkdtempSync(path.join(tmpdir(), "echochamber-auth-")), "a.db"));
      const stefan = await auth.addUser({ username: "Ștefan", role: "member", passwordHash: "h1" });
      expect(stefan).toMatchObject({ username: "Ștefan" });
      expect(await auth.addUser({ username: "ștefan", role: "admin", passwordHash: "h2" })).toBeNull();
      expect(await auth.addUser({ username: "ȘTEFAN", role: "admin", passwordHash: "h2" })).toBeNull();
      expect((await auth.findUser("ștefan"))?.id).toBe(stefan!.id);
      expect((await auth.updateUser("ȘTEFAN", { role: "admin" }))?.id).toBe(stefan!.id);
      expect((await auth.listUsers()).map((u) => u.username)).toEqual(["Ștefan"]);
      expect(await auth.removeUser("ștefan")).toBe(true);
      expect(await auth.findUser("Ștefan")).toBeNull();
      if (!stores.auth) await auth.close();
    });

    it("never lets two guarded removals at once leave no admin, nor a guarded demotion of the last one", async () => {
      const auth =
        stores.auth ??
        new SqliteAuthStore(path.join(mkdtempSync(path.join(tmpdir(), "echochamber-auth-")), "a.db"));
      for (const username of ["prof-a", "prof-b"])
        await auth.addUser({ username, role: "admin", passwordHash: "h" });
      const guard = { keepAnAdmin: true } as const;
      // Two admins remove each other at the same moment (on PostgreSQL, over two connections of the pool).
      const outcomes = await Promise.allSettled([
        auth.removeUser("prof-a", guard),
        auth.removeUser("prof-b", guard),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: "account:last_admin" });
      const [left] = (await auth.listUsers()).filter((u) => u.role === "admin");
      expect(left).toBeDefined();
      await expect(auth.updateUser(left!.username, { role: "member" }, guard)).rejects.toMatchObject({
        code: "account:last_admin",
      });
      // A new password for the last admin is no demotion; the CLI (no guard) may still remove the last one.
      expect(await auth.updateUser(left!.username, { passwordHash: "h2" }, guard)).not.toBeNull();
      expect(await auth.removeUser(left!.username)).toBe(true);
      if (!stores.auth) await auth.close();
    });
  });
}

describe.skipIf(!services.databaseUrl)(
  titled("PostgreSQL with several instances", services, !services.databaseUrl),
  () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    const opened: Stores[] = [];
    const open = async (instanceId: string) => {
      const stores = await openStores(
        testConfig({ DATABASE_URL: database.url, INSTANCE_STALE_MS: "600" }),
        logger,
        { role: "server", instanceId },
      );
      opened.push(stores);
      return stores;
    };
    beforeAll(async () => {
      database = await freshDatabase(services.databaseUrl!);
    });
    afterAll(async () => {
      for (const stores of opened) await stores.close();
      await database?.drop();
    });

    it("runs the migrations once when four instances start at once, and records each", async () => {
      const pools = Array.from({ length: 4 }, () => openPool(database.url));
      try {
        const results = await Promise.all(pools.map((pool) => migrate(pool, MIGRATIONS)));
        expect(results.flatMap((r) => r.applied)).toEqual(MIGRATIONS.map((m) => `${m.version}_${m.name}`));
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        const { rows } = await client.query<{ version: number }>(
          "SELECT version FROM schema_migrations ORDER BY version",
        );
        await client.end();
        expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      } finally {
        await Promise.all(pools.map((pool) => pool.end()));
      }
    });

    it("gives each queued job to exactly one of many instances claiming at once", async () => {
      const instances = await Promise.all(["c1", "c2", "c3", "c4"].map(open));
      const { jobs } = instances[0]!.workbench;
      const created = await Promise.all(
        Array.from({ length: 6 }, () =>
          jobs.create({ kind: "annotation-run", params: { runId: "r", datasetId: "d" }, origin: "page" }),
        ),
      );
      const past = new Date(Date.now() - 60_000).toISOString();
      // 24 claims race for 6 jobs.
      const claims = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          instances[i % 4]!.workbench.jobs.claimNext(`owner-${i}`, ["annotation-run"], past),
        ),
      );
      const won = claims.filter((c) => c !== null);
      expect(won.map((c) => c!.id).sort()).toEqual(created.map((c) => c.id).sort());
      for (const claim of won) expect((await jobs.get(claim!.id))?.owner).toBe(claim!.owner);
    });

    it("keeps accounts and sessions as the SQLite AuthStore does: names without case, sessions that expire", async () => {
      const one = (await open("auth-1")).auth!;
      const other = (await open("auth-2")).auth!;
      const ana = await one.addUser({ username: "Ana", role: "member", passwordHash: "h1" });
      expect(ana).toMatchObject({ username: "Ana", role: "member" });
      expect(await other.addUser({ username: "ana", role: "admin", passwordHash: "h2" })).toBeNull();
      expect((await other.findUser("ANA"))?.id).toBe(ana!.id);
      await one.setSession("s-live", ana!.id, { data: '{"a":1}', expiresAt: Date.now() + 60_000 });
      await one.setSession("s-old", ana!.id, { data: "{}", expiresAt: Date.now() - 1 });
      expect(await other.getSession("s-live")).toMatchObject({ data: '{"a":1}' });
      expect(await other.getSession("s-old")).toBeNull();
      expect(await other.pruneSessions(Date.now())).toBe(1);
      // A new role ends the account's sessions on every instance.
      expect(await other.updateUser("ana", { role: "admin" })).toMatchObject({
        role: "admin",
        passwordHash: "h1",
      });
      expect(await one.getSession("s-live")).toBeNull();
      expect(await one.removeUser("ANA")).toBe(true);
      expect(await other.listUsers()).toEqual([]);
    });

    it("deletes a thread through one instance while another saves its answer: neither waits on the other", async () => {
      const writer = (await open("writer")).storage;
      const deleter = (await open("deleter")).storage;
      const code = (err: unknown) => String((err as { code?: string }).code ?? (err as Error).message);
      const failed: string[] = [];
      for (let round = 0; round < 40; round++) {
        const thread = await writer.createThread("în curs", "ana");
        const answer: StoredMessage = {
          id: `${thread.id}-a`,
          threadId: thread.id,
          role: "assistant",
          text: "",
          createdAt: at(6),
          status: "streaming",
        };
        await writer.saveMessage(answer);
        // The answer goes on being saved, token after token, while the other instance deletes its thread. The only
        // way a save may fail is the thread being gone (23503, the foreign key); a deadlock (40P01) fails either.
        let gone = false;
        const saving = (async () => {
          for (let n = 1; !gone && n < 200; n++) {
            await writer.saveMessage({ ...answer, text: "x".repeat(n) }).catch((err: unknown) => {
              if (code(err) !== "23503") failed.push(`save: ${code(err)}`);
              gone = true;
            });
          }
        })();
        await new Promise((resolve) => setTimeout(resolve, round % 5));
        const deleted = await deleter.deleteThread(thread.id).catch((err: unknown) => {
          failed.push(`delete: ${code(err)}`);
          return false;
        });
        gone = true;
        await saving;
        expect(deleted).toBe(true);
        expect(await deleter.getMessage(answer.id)).toBeNull();
      }
      expect(failed).toEqual([]);
    }, 60_000);

    it("does not interrupt the answers of an instance that is still beating", async () => {
      const alive = await open("alive");
      const watcher = await open("watcher");
      const thread = await alive.storage.createThread("viu", "ana");
      await alive.storage.saveMessage({
        id: `${thread.id}-a`,
        threadId: thread.id,
        role: "assistant",
        text: "încă scriu",
        createdAt: at(5),
        status: "streaming",
      });
      // Three times the stale limit: the writer beats all along, so its answer stays streaming.
      await new Promise((resolve) => setTimeout(resolve, 1800));
      await watcher.storage.interruptStreaming();
      expect((await watcher.storage.getMessage(`${thread.id}-a`))?.status).toBe("streaming");
    });
  },
);
