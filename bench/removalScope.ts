// bench:removal-scope — what one document's deletion pays to decide its ledger entry's scope (removalLedger.ts,
// visibleElsewhere: does another collection show the deleted text?) on a corpus of n generated comments (default
// 50,000) in four collections, the deleted text shown by none (the worst case: every other collection read to its end).
// Side by side in one run, alternating: the reader the check had before (its own readline loop and JSON.parse), the
// shared JSON Lines reader it uses now (jsonLines.ts), and the reading alone (lines parsed, no text profiled), which
// says how much of the time is the O(corpus) profiling no cheaper source can spare (no catalog or index keeps an exact
// key or SimHash of each text). Prints a summary, then one JSON line.
// Options: --n 50000, --runs 5 (median of N of each).
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { DEFAULT_NEAR_DUP_THRESHOLD } from "../corpus/pipeline/cleanTypes";
import { simhash } from "../corpus/pipeline/dedup";
import { eachJsonLine } from "../corpus/pipeline/jsonLines";
import { ledgerEntries, RemovedTexts, visibleElsewhere } from "../corpus/pipeline/removalLedger";
import { profileText } from "../corpus/pipeline/textProfile";
import { generateComments } from "./synthetic";

const COLLECTIONS = ["unu", "doi", "trei", "patru"];

/** The check as it was before the shared reader: its own line loop and text reader (the baseline). */
async function visibleElsewhereBefore(
  stagingDir: string,
  collection: string,
  removed: RemovedTexts,
): Promise<boolean> {
  const dir = path.join(stagingDir, "cleaned");
  for (const name of await readdir(dir)) {
    if (!name.endsWith(".jsonl") || name === `${collection}.jsonl`) continue;
    const lines = createInterface({
      input: createReadStream(path.join(dir, name), { encoding: "utf8" }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (line.trim() === "") continue;
      let text: unknown;
      try {
        text = (JSON.parse(line) as { text?: unknown } | null)?.text;
      } catch {
        continue;
      }
      if (typeof text !== "string") continue;
      const profile = profileText(text);
      if (removed.find("", profile.exactKey, () => simhash(profile.tokenHashes))) {
        lines.close();
        return true;
      }
    }
  }
  return false;
}

/** Only the reading: every other collection's lines parsed, nothing profiled. */
async function readOnly(stagingDir: string, collection: string): Promise<number> {
  const dir = path.join(stagingDir, "cleaned");
  let texts = 0;
  for (const name of await readdir(dir)) {
    if (!name.endsWith(".jsonl") || name === `${collection}.jsonl`) continue;
    await eachJsonLine(path.join(dir, name), ({ record }) => {
      if (typeof record?.text === "string") texts++;
    });
  }
  return texts;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { n: { type: "string" }, runs: { type: "string" } } });
  const n = Number(values.n ?? 50_000);
  const runs = Number(values.runs ?? 5);
  const dir = await mkdtemp(path.join(tmpdir(), "echochamber-removal-scope-"));
  try {
    await mkdir(path.join(dir, "cleaned"));
    const comments = generateComments(n);
    for (const [i, name] of COLLECTIONS.entries()) {
      const lines = comments
        .filter((_, j) => j % COLLECTIONS.length === i)
        .map((c) =>
          JSON.stringify({ id: c.id, text: c.text, source: c.source, platform: c.platform, date: c.date }),
        );
      await writeFile(path.join(dir, "cleaned", `${name}.jsonl`), `${lines.join("\n")}\n`);
    }
    // A text no collection shows: every other collection is read to its end.
    const text =
      "Un text scris doar pentru acest test, pe care nicio colecție generată nu îl are, nici pe aproape.";
    const entries = ledgerEntries("unu", [{ id: "sters", text }]);
    const removed = new RemovedTexts(entries, DEFAULT_NEAR_DUP_THRESHOLD);
    const times = { before: [] as number[], shared: [] as number[], readOnly: [] as number[] };
    let texts = 0;
    for (let run = 0; run < runs; run++) {
      let start = performance.now();
      if (await visibleElsewhereBefore(dir, "unu", removed)) throw new Error("the baseline found the text");
      times.before.push(performance.now() - start);
      start = performance.now();
      if (await visibleElsewhere(dir, "unu", entries, DEFAULT_NEAR_DUP_THRESHOLD))
        throw new Error("the shared reader found the text");
      times.shared.push(performance.now() - start);
      start = performance.now();
      texts = await readOnly(dir, "unu");
      times.readOnly.push(performance.now() - start);
    }
    const result = {
      bench: "removal-scope",
      documents: n,
      textsRead: texts,
      runs,
      beforeMs: Math.round(median(times.before)),
      sharedReaderMs: Math.round(median(times.shared)),
      readingOnlyMs: Math.round(median(times.readOnly)),
    };
    console.log(
      `visibleElsewhere over ${texts} texts of other collections (median of ${runs}): ` +
        `before ${result.beforeMs} ms, shared reader ${result.sharedReaderMs} ms; reading alone ${result.readingOnlyMs} ms`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
