// Does the chat's corpus search find what a question about a codebook dimension asks for? "Unde apar insulte?" or
// "Ce mesaje sunt pozitive?" name the dimension, not the words of the texts that show it. The search as it was (the
// question's words, hybrid) against the themed search the chat now uses (corpus/retrieval/themedSearch.ts: a wider
// pool re-ranked by the offline dictionary's evidence), judged by labels people gave, not by the dictionary that
// ranks: FB-RO-Offense's INSULT / ABUSE / PROFANITY and SART's sentiment (../shared/data, imported and cleaned into a
// temporary corpus as bench:recall does; nothing copied into the repository). Prints a table and one JSON line.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { buildIndex, readCleanedCorpus } from "../corpus/pipeline/buildIndex";
import { openRetriever } from "../corpus/retrieval/hybrid";
import { withThemes } from "../corpus/retrieval/themedSearch";
import type { Retriever } from "../corpus/retrieval/types";
import { corpusThemes } from "../server/attachments/themes";
import { HashEmbeddings } from "../server/models/offline/hashEmbeddings";
import { prepareKnownItemCorpora } from "./knownItems";
import { sharedDataRoot } from "./newsTask";

const EMBEDDER = "offline:hash";
const OFFENSIVE = new Set(["INSULT", "ABUSE", "PROFANITY"]);

/** A text's human labels: FB-RO-Offense's `label`, SART's `Label` (0 negative, 1 neutral, 2 positive). */
interface Labels {
  offense?: string;
  sentiment?: string;
}
type Judge = (labels: Labels) => boolean;
const offensive: Judge = (l) => OFFENSIVE.has(l.offense ?? "");
/** SART's 0, or an offensive FB comment (negative in tone almost by definition, ../shared/data/README.md). */
const negative: Judge = (l) => l.sentiment === "0" || offensive(l);
const positive: Judge = (l) => l.sentiment === "2";

/** A text as the import and the clean leave it, near enough to find its row again (the clean keeps no label). */
const textKey = (text: string) => text.normalize("NFC").replace(/\s+/g, " ").trim();

/** The labels of every text of the data sets' files, by textKey (a text labelled twice keeps its first). */
async function humanLabels(sharedData: string): Promise<Map<string, Labels>> {
  const labels = new Map<string, Labels>();
  const read = async (file: string, pick: (row: Record<string, string>) => Labels) => {
    const rows = parse(await readFile(path.join(sharedData, file)), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    for (const row of rows) {
      const key = textKey(row.text ?? "");
      if (key && !labels.has(key)) labels.set(key, pick(row));
    }
  };
  await read("fb-ro-offense/train.csv", (row) => ({ offense: row.label }));
  for (const file of ["sart/train.csv", "sart/val.csv"])
    await read(file, (row) => ({ sentiment: row.Label }));
  return labels;
}

const QUESTIONS: { question: string; asks: string; judge: Judge }[] = [
  { question: "Unde apar insulte?", asks: "offensive", judge: offensive },
  { question: "Ce comentarii sunt jignitoare?", asks: "offensive", judge: offensive },
  { question: "Care mesaje folosesc un limbaj vulgar?", asks: "offensive", judge: offensive },
  { question: "Ce comentarii atacă politicienii?", asks: "offensive", judge: offensive },
  { question: "Ce mesaje sunt negative?", asks: "negative", judge: negative },
  { question: "Cine critică guvernul?", asks: "negative", judge: negative },
  { question: "Ce mesaje sunt pozitive?", asks: "positive", judge: positive },
  { question: "Cine laudă ceva și ce apreciază?", asks: "positive", judge: positive },
];
const KS = [5, 10] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), "echochamber-themes-"));
  try {
    const real = (await prepareKnownItemCorpora(root, sharedDataRoot())).find((c) => c.name === "real");
    if (!real) {
      process.stdout.write(
        "SART și FB-RO-Offense (../shared/data sau SHARED_DATA) lipsesc: nimic de măsurat.\n",
      );
      process.stdout.write(`${JSON.stringify({ bench: "themed-search", skipped: "no shared data" })}\n`);
      return;
    }
    const embeddings = new HashEmbeddings();
    await buildIndex({ corpusDir: real.dir, embeddings, embedderId: EMBEDDER, rebuild: true, resume: false });
    const { records } = await readCleanedCorpus(real.dir);
    const labels = await humanLabels(sharedDataRoot());
    const byId = new Map(records.map((r) => [r.id, labels.get(textKey(r.text)) ?? {}]));
    const matched = records.filter((r) => labels.has(textKey(r.text))).length;
    const plain: Retriever = await openRetriever({ corpusDir: real.dir, embeddings, embedderId: EMBEDDER });
    const themed = withThemes(plain, corpusThemes);
    const baseRate = (judge: Judge) => [...byId.values()].filter(judge).length;

    const rows: Record<string, unknown>[] = [];
    const times: Record<"plain" | "themed", number[]> = { plain: [], themed: [] };
    for (const { question, asks, judge } of QUESTIONS) {
      const row: Record<string, unknown> = { question, asks, baseRate: baseRate(judge) / records.length };
      for (const [name, retriever] of [
        ["plain", plain],
        ["themed", themed],
      ] as const) {
        for (const k of KS) {
          const started = performance.now();
          const found = await retriever.search(question, { k });
          times[name].push(performance.now() - started);
          const fits = found.filter((p) => {
            const record = byId.get(p.docId);
            return record ? judge(record) : false;
          }).length;
          row[`${name}P${k}`] = fits / k;
        }
      }
      rows.push(row);
    }
    process.stdout.write(`${real.note}; ${matched} found again in the files, with their labels\n\n`);
    process.stdout.write(
      "| question | asks | share in corpus | P@5 before → themed | P@10 before → themed |\n",
    );
    process.stdout.write("| --- | --- | --- | --- | --- |\n");
    for (const r of rows) {
      const pct = (v: unknown) => `${Math.round(Number(v) * 100)}%`;
      process.stdout.write(
        `| ${r.question} | ${r.asks} | ${pct(r.baseRate)} | ${pct(r.plainP5)} → ${pct(r.themedP5)} | ${pct(r.plainP10)} → ${pct(r.themedP10)} |\n`,
      );
    }
    const mean = (key: string) => rows.reduce((sum, r) => sum + Number(r[key]), 0) / rows.length;
    const summary = {
      precisionAt5: { plain: mean("plainP5"), themed: mean("themedP5") },
      precisionAt10: { plain: mean("plainP10"), themed: mean("themedP10") },
      queryMsP50: { plain: median(times.plain), themed: median(times.themed) },
    };
    process.stdout.write(
      `\nmean P@5 ${summary.precisionAt5.plain.toFixed(2)} → ${summary.precisionAt5.themed.toFixed(2)}, ` +
        `P@10 ${summary.precisionAt10.plain.toFixed(2)} → ${summary.precisionAt10.themed.toFixed(2)}; ` +
        `query p50 ${summary.queryMsP50.plain.toFixed(1)} → ${summary.queryMsP50.themed.toFixed(1)} ms\n`,
    );
    process.stdout.write(
      `${JSON.stringify({ bench: "themed-search", documents: records.length, labelled: matched, summary, questions: rows })}\n`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
