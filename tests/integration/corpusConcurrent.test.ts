// Two corpus changes at once (two instances sharing CORPUS_DIR, each running one of the page's jobs): they take
// turns on the corpus folder's writer lock, so a collection removed while another is imported stays removed and the
// imported one stays in, whatever the order; and a starting instance leaves another's change in progress alone.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { corpusLocked, lockCorpus } from "../../corpus/pipeline/corpusLock";
import { buildIndex } from "../../corpus/pipeline/buildIndex";
import { readManifest } from "../../corpus/pipeline/indexFormat";
import { runPipeline } from "../../server/corpus/worker/pipeline";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";

const BASE = [
  "Guvernul a anunțat indexarea pensiilor cu cinci la sută de la întâi ianuarie.",
  "Primăria a asfaltat strada principală, dar trotuarele au rămas pline de gropi.",
  "Spitalul județean a primit aparatură nouă pentru secția de cardiologie.",
];
const OLD = [
  "Consiliul local a votat bugetul pentru reparația podului de peste râul Mureș, în sfârșit.",
  "Deputatul a promis o sală de sport nouă pentru liceul din comuna noastră, înainte de alegeri.",
];
const NEW = [
  "Voluntarii asociației Izvorul Limpede au reparat fântâna veche de pe ulița Zărneștilor.",
  "Școala din sat a primit calculatoare noi de la o firmă locală, spre bucuria copiilor.",
];

describe("corpus changes at once", () => {
  const embeddings = new HashEmbeddings();
  const context = { embeddings, embedderId: "offline:hash", progress: () => undefined };

  async function corpus(): Promise<{ dir: string; csv: (name: string, texts: string[]) => string }> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-corpus2-"));
    mkdirSync(path.join(dir, "cleaned"));
    const records = BASE.map((text, i) => ({
      id: `b${i}`,
      text,
      source: "Test",
      platform: "news",
      lang: "ro",
    }));
    writeFileSync(path.join(dir, "cleaned", "baza.jsonl"), records.map((r) => JSON.stringify(r)).join("\n"));
    await buildIndex({ corpusDir: dir, embeddings, embedderId: "offline:hash" });
    const csv = (name: string, texts: string[]) => {
      const file = path.join(dir, `${name}.csv`);
      writeFileSync(file, `id,text\n${texts.map((t, i) => `${name}${i},"${t}"`).join("\n")}\n`);
      return file;
    };
    return { dir, csv };
  }

  it("a removal and an import run one after the other: the removed collection is out, the imported one in", async () => {
    const { dir, csv } = await corpus();
    const importOf = (id: string, name: string, texts: string[]) =>
      runPipeline(
        {
          op: "import",
          id,
          corpusDir: dir,
          file: csv(name, texts),
          fileName: `${name}.csv`,
          collection: name,
          settings: {},
        },
        context,
      );
    await importOf("t1", "vechi", OLD);
    await Promise.all([
      runPipeline({ op: "remove", id: "t2", corpusDir: dir, collection: "vechi" }, context),
      importOf("t3", "nou", NEW),
    ]);
    const ids = Object.keys((await readManifest(dir))!.docHashes);
    expect(ids.some((id) => id.includes("vechi"))).toBe(false);
    expect(ids.some((id) => id.includes("nou"))).toBe(true);
    expect(existsSync(path.join(dir, "cleaned", "vechi.jsonl"))).toBe(false);
    expect(existsSync(path.join(dir, "cleaned", "nou.jsonl"))).toBe(true);
    expect(await corpusLocked(dir)).toBe(false);
  }, 120_000);

  it("a change waits while another holds the corpus, and a stop ends the wait", async () => {
    const { dir } = await corpus();
    const release = await lockCorpus(dir);
    expect(await corpusLocked(dir)).toBe(true);
    let waited = false;
    const stop = new AbortController();
    const second = lockCorpus(dir, { signal: stop.signal, onWait: () => (waited = true) });
    await expect.poll(() => waited).toBe(true);
    stop.abort();
    await expect(second).rejects.toThrow();
    await release();
    const again = await lockCorpus(dir);
    await again();
  });
});
