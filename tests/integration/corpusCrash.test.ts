// A server killed (SIGKILL) in the middle of a corpus import, run as a user runs it (a child process): until the
// commit the real corpus and index are untouched, so the restarted server answers from the old corpus at once, drops
// the half-made staging folder, takes the durable job over, finishes the import once, and then cites the new file.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { io as connect } from "socket.io-client";
import { afterAll, describe, expect, it } from "vitest";
import type { CorpusImportsResponse, CorpusJobResponse, CorpusPreview } from "../../contract/corpusPage";
import { generateComments } from "../../bench/synthetic";
import { csvRecord, csvStart } from "../../server/export/csv";
import { startChildServer, type ChildServer } from "../support/childServer";
import { askChat, corpusApi, uploadCorpusFile, waitForImport } from "../support/corpus";
import { tempCorpus, type TestSocket } from "../support/server";

/** Enough rows that the import, clean and index stages take seconds: a kill lands before the commit. */
const ROWS = 6_000;
const MARKER_TEXT =
  "Voluntarii asociației Izvorul Limpede au reparat podețul de lemn de pe ulița Zărneștilor și au vopsit băncile.";
const MARKER_QUESTION = "Ce au reparat voluntarii asociației Izvorul Limpede pe ulița Zărneștilor?";
const BASE_QUESTION = "Ce spun comentariile despre pensiile speciale?";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function bigCsv(): string {
  const parts = [csvStart(["id", "text", "date", "platform", "source"])];
  for (const c of generateComments(ROWS, { seed: 14 }))
    parts.push(csvRecord([c.id, c.text, c.date, c.platform, c.source]));
  parts.push(csvRecord(["marker", MARKER_TEXT, "2025-03-03", "facebook", "Pagina Zărnești"]));
  return parts.join("");
}

/** What the real corpus folder holds: its raw and cleaned files and the index manifest, byte for byte. */
function snapshot(corpusDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const sub of ["raw", "cleaned", "index"]) {
    const dir = path.join(corpusDir, sub);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith(".jsonl") || name.endsWith(".json"))
        files[`${sub}/${name}`] = readFileSync(path.join(dir, name), "utf8");
    }
  }
  return files;
}

const stagingFolders = (corpusDir: string) => readdirSync(corpusDir).filter((n) => n.startsWith(".staging-"));

async function socketTo(url: string): Promise<TestSocket> {
  const socket: TestSocket = connect(url, { transports: ["websocket"] });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return socket;
}

describe("a server killed in the middle of a corpus import", () => {
  const dir = tempCorpus();
  const corpusDir = path.join(dir, "corpus");
  const servers: ChildServer[] = [];
  const sockets: TestSocket[] = [];
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const server of servers) await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    "keeps the old corpus answering, then finishes the import once after the restart",
    { timeout: 240_000 },
    async () => {
      // A short heartbeat timeout: the restarted server takes the dead one's job over after a second.
      const env = { WORKBENCH_JOB_STALE_MS: "1000" };
      const first = await startChildServer(dir, env);
      servers.push(first);
      const before = snapshot(corpusDir);
      expect(Object.keys(before)).toContain("index/manifest.json");

      const preview = await uploadCorpusFile<CorpusPreview>(first.url, "zarnesti.csv", bigCsv());
      expect(preview.status).toBe(201);
      const started = await corpusApi<CorpusJobResponse>(first.url, "POST", "/imports", {
        uploadId: preview.body.uploadId,
        collection: "zarnesti",
        mapping: { text: "text", id: "id", date: "date" },
      });
      expect(started.status).toBe(202);
      const importId = started.body.record.id;

      // Killed once the worker writes the imported collection in its staging corpus: mid-import, before any commit.
      const end = Date.now() + 60_000;
      const writing = () =>
        stagingFolders(corpusDir).some((s) => existsSync(path.join(corpusDir, s, "raw", "zarnesti.jsonl")));
      while (!writing()) {
        if (Date.now() > end) throw new Error("the import never started writing its staging corpus");
        await sleep(20);
      }
      await first.kill("SIGKILL");

      // Nothing of the import reached the real corpus: the files and the index are byte for byte as they were.
      expect(snapshot(corpusDir)).toEqual(before);
      expect(stagingFolders(corpusDir)).toHaveLength(1);

      const second = await startChildServer(dir, env);
      servers.push(second);
      const socket = await socketTo(second.url);
      sockets.push(socket);
      // The old corpus answers at once, before the import is done again.
      const old = await askChat(socket, BASE_QUESTION);
      expect(old.sources.length).toBeGreaterThan(0);
      expect(old.sources.map((s) => s.docId)).not.toContain("marker");

      const finished = await waitForImport(second.url, importId, 200_000);
      expect(finished.job?.status).toBe("done");
      expect(finished.record.clean?.kept).toBeGreaterThan(ROWS / 2);
      const cited = await askChat(socket, MARKER_QUESTION);
      expect(cited.sources.map((s) => s.docId)).toContain("marker");

      // One import, one collection, no staging folder left behind.
      const { body } = await corpusApi<CorpusImportsResponse>(second.url, "GET", "/imports");
      expect(body.imports.filter((r) => r.collection === "zarnesti")).toHaveLength(1);
      expect(stagingFolders(corpusDir)).toEqual([]);
      expect(existsSync(path.join(corpusDir, "raw", "zarnesti.jsonl"))).toBe(true);
    },
  );
});
