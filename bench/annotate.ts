// Batch annotation speed, side by side in one run: the `offline:lexicon` annotator against a regex-only tone counter
// on the same comments (one core), and a batch through a local stand-in provider with a fixed latency against its
// ideal wall time N × latency / concurrency. Run: npm run bench:annotate
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { annotateFile } from "../server/annotation/annotateFile";
import type { TextAnnotator } from "../server/annotation/annotators";
import type { Annotation, Tone } from "../contract/annotation";
import { parseConfig } from "../server/config";
import { AppError } from "../contract/errors";
import { LEXICON_VERSION, annotateLexicon } from "../server/models/offline/lexicon";
import { startRemoteFakes } from "./remote";

const LEXICON_GOAL = 20_000;
const PASSES = 3;
const THROUGHPUT_COMMENTS = 30_000;
const BATCH_ROWS = Number(process.env.BENCH_ROWS ?? 200);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const TOLERANCE = 0.1;

// ---------------------------------------------------------------------------------------------------------------
// Comments: the development data when it is there, else comments generated from fragments written for this bench.

function devComments(): { texts: string[]; source: string } | null {
  const dir = path.resolve(process.cwd(), process.env.SHARED_DATA ?? "../shared/data");
  const files = ["sart/train.csv", "sart/val.csv", "fb-ro-offense/train.csv"].map((f) => path.join(dir, f));
  if (!files.every((f) => existsSync(f))) return null;
  const texts = files.flatMap((f) =>
    (parse(readFileSync(f, "utf8"), { columns: true, relax_quotes: true }) as { text: string }[]).map(
      (r) => r.text,
    ),
  );
  return { texts, source: "SART train+val, FB-RO-Offense (../shared/data)" };
}

function syntheticComments(): { texts: string[]; source: string } {
  const openings = [
    "Guvernul",
    "Poporul",
    "Ministrul Sănătății",
    "Primăria",
    "Românii de rând",
    "Parlamentul",
    "Profesorii",
  ];
  const middles = [
    "ne fură pensiile",
    "a anunțat o nouă taxă",
    "nu e bine deloc",
    "a făcut o treabă foarte bună",
    "cere salarii mai mari",
    "mută ședința pe joi",
    "e plin de hoți și trădători",
  ];
  const endings = ["!", ".", "?", " 😡", "... bravo!", ", încă o scumpire la curent.", " Mulțumim frumos."];
  const texts: string[] = [];
  for (let i = 0; i < 343; i++) {
    texts.push(`${openings[i % 7]} ${middles[Math.floor(i / 7) % 7]}${endings[Math.floor(i / 49) % 7]}`);
  }
  return { texts, source: "synthetic (no ../shared/data)" };
}

// ---------------------------------------------------------------------------------------------------------------
// The baseline: what a regex-only tone counter costs on the same texts (no negation, irony, populism or evidence).

const POSITIVE = /\b(?:bun[aăe]?|bine|bravo|excelent\w*|frumos\w*|mulțumi\w*|super|minunat\w*)\b/giu;
const NEGATIVE = /\b(?:r[aă]u|prost\w*|hoț\w*|corupt\w*|dezastr\w*|rușin\w*|groaznic\w*|mizer\w*)\b/giu;

function regexTone(text: string): Tone {
  const positive = text.match(POSITIVE)?.length ?? 0;
  const negative = text.match(NEGATIVE)?.length ?? 0;
  return positive > negative ? "pozitiv" : negative > positive ? "negativ" : "neutru";
}

function repeatTo(texts: string[], n: number): string[] {
  const out: string[] = [];
  while (out.length < n) out.push(...texts);
  out.length = n;
  return out;
}

/** Comments a second for each annotator, passes interleaved (A B A B ...) so load changes hit both alike. */
function throughput(texts: string[]): { lexicon: number[]; baseline: number[] } {
  const batch = repeatTo(texts, THROUGHPUT_COMMENTS);
  for (const text of texts) annotateLexicon(text); // warm-up: JIT and the token cache
  for (const text of texts) regexTone(text);
  const lexicon: number[] = [];
  const baseline: number[] = [];
  let sink = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    let started = performance.now();
    for (const text of batch) sink += annotateLexicon(text).incredere;
    lexicon.push(batch.length / ((performance.now() - started) / 1000));
    started = performance.now();
    for (const text of batch) sink += regexTone(text).length;
    baseline.push(batch.length / ((performance.now() - started) / 1000));
  }
  if (sink < 0) console.log(sink); // keeps the work from being optimised away
  return { lexicon, baseline };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

// ---------------------------------------------------------------------------------------------------------------
// The batch through a stand-in provider: the real OpenAI-compatible client, annotateFile (the CLI's code, output file
// included) and a tiny local server, in a child process, that streams a fixed annotation LATENCY_MS after each request
// arrives. It parses nothing, so that the time measured is the batch's own.

const FAKE_ANNOTATION: Annotation = {
  ton: "negativ",
  populism: false,
  anti_elitism: true,
  popor_central: false,
  tema: "pensii",
  tinta: "Guvernul",
  incredere: 0.8,
  justificare: "Ton negativ față de guvern.",
  dovezi: ["Guvernul"],
};

function sseChunk(delta: Record<string, unknown>, finish: string | null = null): string {
  const chunk = {
    id: "bench",
    object: "chat.completion.chunk",
    created: 0,
    model: "bench",
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

const STREAMED_REPLY =
  sseChunk({ role: "assistant", content: JSON.stringify(FAKE_ANNOTATION) }) +
  sseChunk({}, "stop") +
  "data: [DONE]\n\n";

async function providerBatch(texts: string[]) {
  // The stand-in runs in a child process, as a real provider runs elsewhere: its work is not the batch's.
  const fakes = await startRemoteFakes();
  const fake = await fakes.fixed(STREAMED_REPLY, LATENCY_MS);
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-bench-"));
  try {
    const config = parseConfig({
      LOG_LEVEL: "silent",
      DATA_DIR: path.join(dir, "data"),
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
    });
    const write = (name: string, rows: string[]) => {
      const file = path.join(dir, name);
      writeFileSync(file, rows.map((text, i) => JSON.stringify({ id: `r${i}`, text })).join("\n") + "\n");
      return file;
    };
    const model = "openai-compatible:bench";
    // Warm-up, not timed: module loading, the JIT, and the client's keep-alive connections.
    await annotateFile({
      input: write("warm.jsonl", repeatTo(texts, CONCURRENCY * 2)),
      output: path.join(dir, "warm-out.jsonl"),
      model,
      config,
      concurrency: CONCURRENCY,
      cache: false,
    });
    const before = await fake.requests();
    const input = write("in.jsonl", repeatTo(texts, BATCH_ROWS));
    const cpu = process.cpuUsage();
    const started = performance.now();
    const summary = await annotateFile({
      input,
      output: path.join(dir, "out.jsonl"),
      model,
      config,
      concurrency: CONCURRENCY,
      cache: false,
    });
    const wallS = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuS = (used.user + used.system) / 1e6;
    const boundS = (BATCH_ROWS * LATENCY_MS) / 1000 / CONCURRENCY;
    return {
      rows: BATCH_ROWS,
      latencyMs: LATENCY_MS,
      concurrency: CONCURRENCY,
      boundS: Math.round(boundS * 1000) / 1000,
      wallS: Math.round(wallS * 1000) / 1000,
      overheadPct: Math.round(((wallS - boundS) / boundS) * 1000) / 10,
      withinTolerance: wallS <= boundS * (1 + TOLERANCE),
      requests: (await fake.requests()) - before,
      /** CPU this process used during the batch (client and output file; the stand-in runs elsewhere). */
      cpuS: Math.round(cpuS * 1000) / 1000,
      cpuMsPerRow: Math.round((cpuS / BATCH_ROWS) * 10000) / 10,
      written: summary.written,
      errors: summary.errors,
    };
  } finally {
    await fakes.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same batch with the provider replaced by an in-process timer of LATENCY_MS: what the scheduler, the output
 * file and the progress bookkeeping cost by themselves, without an HTTP client.
 */
async function schedulerOnly(texts: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-bench-"));
  try {
    const input = path.join(dir, "in.jsonl");
    writeFileSync(
      input,
      repeatTo(texts, BATCH_ROWS)
        .map((text, i) => JSON.stringify({ id: `r${i}`, text }))
        .join("\n") + "\n",
    );
    const annotator: TextAnnotator = {
      model: "bench:timer",
      temperature: 0,
      cacheable: false,
      annotate: () =>
        new Promise((resolve) =>
          setTimeout(() => resolve({ annotation: FAKE_ANNOTATION, repaired: false }), LATENCY_MS),
        ),
      classifyError: (err) => {
        const error = new AppError("internal", { detail: String(err) });
        return { error, code: error.code, transient: false };
      },
    };
    const started = performance.now();
    await annotateFile({
      input,
      output: path.join(dir, "out.jsonl"),
      model: annotator.model,
      config: parseConfig({ LOG_LEVEL: "silent", DATA_DIR: path.join(dir, "data") }),
      annotator,
      concurrency: CONCURRENCY,
      cache: false,
    });
    return Math.round(((performance.now() - started) / 1000) * 1000) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const comments = devComments() ?? syntheticComments();
  console.log(`offline:lexicon ${LEXICON_VERSION} · comments: ${comments.source} (${comments.texts.length})`);
  const rates = throughput(comments.texts);
  const lexicon = median(rates.lexicon);
  const baseline = median(rates.baseline);
  const round = (x: number) => Math.round(x);
  console.log(
    `Lexicon:  ${round(lexicon).toLocaleString("en-US")} comments/s (median of ${PASSES} passes over ${THROUGHPUT_COMMENTS.toLocaleString("en-US")}; goal ≥ ${LEXICON_GOAL.toLocaleString("en-US")}: ${lexicon >= LEXICON_GOAL ? "met" : "NOT met"})`,
  );
  console.log(
    `Baseline: ${round(baseline).toLocaleString("en-US")} comments/s (regex-only tone counter, same texts); the lexicon costs ${(baseline / lexicon).toFixed(1)}× the baseline`,
  );

  const batch = await providerBatch(comments.texts);
  const timerWallS = await schedulerOnly(comments.texts);
  console.log(
    `Provider batch: ${batch.rows} rows, ${batch.latencyMs} ms latency, concurrency ${batch.concurrency}: ` +
      `wall ${batch.wallS.toFixed(3)} s vs bound ${batch.boundS.toFixed(3)} s (${batch.overheadPct >= 0 ? "+" : ""}${batch.overheadPct}%; ` +
      `${batch.withinTolerance ? "within" : "NOT within"} ${TOLERANCE * 100}%), ${batch.requests} requests, ${batch.errors} errors, ` +
      `${batch.cpuS.toFixed(2)} s CPU (${batch.cpuMsPerRow} ms a row)`,
  );
  console.log(
    `Scheduler alone (same batch, an in-process ${LATENCY_MS} ms timer instead of HTTP): wall ${timerWallS.toFixed(3)} s vs bound ${batch.boundS.toFixed(3)} s`,
  );
  const load = os.loadavg().map((x) => Math.round(x * 100) / 100);
  console.log(
    `Machine: ${os.cpus().length} cores, load average ${load.join(" / ")} (compare runs on the same machine only)`,
  );

  console.log(
    JSON.stringify({
      bench: "annotate",
      lexiconVersion: LEXICON_VERSION,
      comments: comments.source,
      lexicon: {
        perSecond: round(lexicon),
        passes: rates.lexicon.map(round),
        goal: LEXICON_GOAL,
        meetsGoal: lexicon >= LEXICON_GOAL,
      },
      baseline: {
        name: "regex-only tone counter",
        perSecond: round(baseline),
        passes: rates.baseline.map(round),
      },
      lexiconCostVsBaseline: Math.round((baseline / lexicon) * 10) / 10,
      providerBatch: batch,
      schedulerOnly: { wallS: timerWallS, boundS: batch.boundS },
      machine: { cores: os.cpus().length, loadAverage: load },
    }),
  );
}

void main();
