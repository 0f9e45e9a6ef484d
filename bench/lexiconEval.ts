// Evaluates the `offline:lexicon` annotator on real Romanian data when the shared data folder is present (SART tone,
// FB-RO-Offense offensive comments), always on the project's question set (neutral, rhetorical, comments with a
// question; tests/fixtures/questions.ts) and always measures its throughput. Run: npx tsx bench/lexiconEval.ts
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { TONES, type Tone } from "../contract/annotation";
import { LEXICON_VERSION, annotateLexicon, annotateLexiconBatch } from "../server/models/offline/lexicon";
import {
  COMMENTS_WITH_QUESTIONS,
  NEUTRAL_QUESTIONS,
  RHETORICAL_QUESTIONS,
} from "../tests/fixtures/questions";

const dataDir = resolve(process.cwd(), process.env.SHARED_DATA ?? "../shared/data");
const THROUGHPUT_TARGET = 50_000;
const THROUGHPUT_RUNS = 3;

interface SartRow {
  text: string;
  Label: string;
}
interface OffenseRow {
  text: string;
  label: string;
}

function readCsv<T>(path: string): T[] {
  return parse(readFileSync(path, "utf8"), {
    columns: true,
    skip_empty_lines: true,
    relax_quotes: true,
  }) as T[];
}

const SART_TONES: Record<string, Tone> = { "0": "negativ", "1": "neutru", "2": "pozitiv" };

interface ToneScores {
  n: number;
  accuracy: number;
  macroF1: number;
  kappa: number;
  perClassF1: Record<Tone, number>;
  /** confusion[gold][predicted] */
  confusion: Record<Tone, Record<Tone, number>>;
}

function scoreTone(gold: Tone[], predicted: Tone[]): ToneScores {
  const confusion = Object.fromEntries(
    TONES.map((g) => [g, Object.fromEntries(TONES.map((p) => [p, 0]))]),
  ) as Record<Tone, Record<Tone, number>>;
  gold.forEach((g, i) => {
    const p = predicted[i];
    if (p) confusion[g][p]++;
  });
  const n = gold.length;
  const correct = TONES.reduce((sum, t) => sum + confusion[t][t], 0);
  const perClassF1 = {} as Record<Tone, number>;
  for (const t of TONES) {
    const tp = confusion[t][t];
    const goldCount = TONES.reduce((sum, p) => sum + confusion[t][p], 0);
    const predCount = TONES.reduce((sum, g) => sum + confusion[g][t], 0);
    const precision = predCount === 0 ? 0 : tp / predCount;
    const recall = goldCount === 0 ? 0 : tp / goldCount;
    perClassF1[t] = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  }
  const observed = correct / n;
  // Cohen's kappa: agreement beyond what the two marginal distributions would give by chance.
  const expected = TONES.reduce((sum, t) => {
    const goldCount = TONES.reduce((s, p) => s + confusion[t][p], 0);
    const predCount = TONES.reduce((s, g) => s + confusion[g][t], 0);
    return sum + (goldCount / n) * (predCount / n);
  }, 0);
  return {
    n,
    accuracy: observed,
    macroF1: TONES.reduce((sum, t) => sum + perClassF1[t], 0) / TONES.length,
    kappa: expected === 1 ? 0 : (observed - expected) / (1 - expected),
    perClassF1,
    confusion,
  };
}

function evaluateSart(file: string): ToneScores {
  const rows = readCsv<SartRow>(file);
  const gold = rows.map((row) => SART_TONES[row.Label.trim()] ?? "neutru");
  const predicted = annotateLexiconBatch(rows.map((row) => row.text)).map((annotation) => annotation.ton);
  return scoreTone(gold, predicted);
}

interface OffenseScores {
  n: number;
  byLabel: Record<string, { n: number; negativ: number; antiElitism: number; populism: number }>;
  offensiveNegativeShare: number;
  insultAbuseNegativeShare: number;
  otherNegativeShare: number;
}

function evaluateOffense(file: string): OffenseScores {
  const rows = readCsv<OffenseRow>(file);
  const annotations = annotateLexiconBatch(rows.map((row) => row.text));
  const byLabel: OffenseScores["byLabel"] = {};
  rows.forEach((row, i) => {
    const annotation = annotations[i];
    if (!annotation) return;
    const bucket = (byLabel[row.label] ??= { n: 0, negativ: 0, antiElitism: 0, populism: 0 });
    bucket.n++;
    if (annotation.ton === "negativ") bucket.negativ++;
    if (annotation.anti_elitism) bucket.antiElitism++;
    if (annotation.populism) bucket.populism++;
  });
  const share = (labels: string[]) => {
    const n = labels.reduce((sum, label) => sum + (byLabel[label]?.n ?? 0), 0);
    const negativ = labels.reduce((sum, label) => sum + (byLabel[label]?.negativ ?? 0), 0);
    return n === 0 ? 0 : negativ / n;
  };
  return {
    n: rows.length,
    byLabel,
    offensiveNegativeShare: share(["INSULT", "ABUSE", "PROFANITY"]),
    insultAbuseNegativeShare: share(["INSULT", "ABUSE"]),
    otherNegativeShare: share(["OTHER"]),
  };
}

/**
 * Comments a second over `texts` repeated to about THROUGHPUT_TARGET: one warm-up pass over the pool, then the
 * median of THROUGHPUT_RUNS timed passes (other processes on a shared machine make single runs noisy).
 */
function measureThroughput(texts: string[]): {
  comments: number;
  seconds: number;
  perSecond: number;
  runs: number[];
} {
  const pool = texts.length > 0 ? texts : SYNTHETIC_COMMENTS;
  const batch: string[] = [];
  while (batch.length < THROUGHPUT_TARGET) batch.push(...pool);
  batch.length = THROUGHPUT_TARGET;
  annotateLexiconBatch(pool);
  const runs: number[] = [];
  for (let run = 0; run < THROUGHPUT_RUNS; run++) {
    const started = process.hrtime.bigint();
    annotateLexiconBatch(batch);
    runs.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  const seconds = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? 0;
  return { comments: batch.length, seconds, perSecond: batch.length / seconds, runs };
}

// Written for this benchmark, used only when the real data is absent.
const SYNTHETIC_COMMENTS = [
  "Guvernul ne fură pensiile și nimeni nu zice nimic.",
  "Foarte bună inițiativa, felicitări primăriei pentru parcul nou!",
  "Bravo, încă o taxă! Poporul plătește, cei de la putere se distrează.",
  "Nu e rău deloc proiectul de lege, dar mai trebuie discutat.",
  "Prețurile la energie au crescut iar, facturile sunt tot mai mari.",
  "Profesorii merită salarii decente, școala românească se prăbușește.",
  "Ședința de consiliu local a fost amânată pentru joi.",
  "Hoții ăștia din parlament ne-au vândut țara, românii de rând plătesc.",
];

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The question set: neutral questions `neutru` and not populist, rhetorical ones `negativ`, comments their tone. */
function evaluateQuestions() {
  const share = <T>(items: readonly T[], ok: (item: T) => boolean) => ({
    n: items.length,
    correct: items.filter(ok).length,
  });
  return {
    neutral: share(NEUTRAL_QUESTIONS, (text) => {
      const a = annotateLexicon(text);
      return a.ton === "neutru" && !a.populism;
    }),
    rhetorical: share(RHETORICAL_QUESTIONS, (text) => annotateLexicon(text).ton === "negativ"),
    comments: share(COMMENTS_WITH_QUESTIONS, ({ text, ton, populism }) => {
      const a = annotateLexicon(text);
      return a.ton === ton && (populism === undefined || a.populism === populism);
    }),
  };
}
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

function main(): void {
  const sartTrain = resolve(dataDir, "sart/train.csv");
  const sartVal = resolve(dataDir, "sart/val.csv");
  const offense = resolve(dataDir, "fb-ro-offense/train.csv");
  const haveData = existsSync(sartTrain) && existsSync(sartVal) && existsSync(offense);

  console.log(`offline:lexicon ${LEXICON_VERSION}`);
  const result: Record<string, unknown> = {
    bench: "lexiconEval",
    lexiconVersion: LEXICON_VERSION,
    data: haveData,
  };
  let throughputTexts: string[] = [];

  const questions = evaluateQuestions();
  console.log(
    `Questions (tests/fixtures/questions.ts): neutral → neutru, not populist ${questions.neutral.correct}/${questions.neutral.n}; ` +
      `rhetorical → negativ ${questions.rhetorical.correct}/${questions.rhetorical.n}; ` +
      `comments with a question → their tone ${questions.comments.correct}/${questions.comments.n}`,
  );
  result.questions = questions;

  if (haveData) {
    const train = evaluateSart(sartTrain);
    const val = evaluateSart(sartVal);
    const fb = evaluateOffense(offense);
    console.log(`Data: ${dataDir}`);
    for (const [name, scores] of [
      ["SART train (tuning)", train],
      ["SART val (reported)", val],
    ] as const) {
      console.log(
        `${name}: n=${scores.n} accuracy=${pct(scores.accuracy)} macro-F1=${round(scores.macroF1)} ` +
          `kappa=${round(scores.kappa)} F1 poz/neg/neu=${TONES.map((t) => round(scores.perClassF1[t], 2)).join("/")}`,
      );
    }
    console.log("SART val confusion (rows gold, columns predicted: pozitiv negativ neutru):");
    for (const g of TONES)
      console.log(`  ${g.padEnd(8)} ${TONES.map((p) => String(val.confusion[g][p]).padStart(5)).join("")}`);
    console.log(
      `FB-RO-Offense train: n=${fb.n}; annotated negativ: INSULT+ABUSE+PROFANITY ${pct(fb.offensiveNegativeShare)}, ` +
        `INSULT+ABUSE ${pct(fb.insultAbuseNegativeShare)}, OTHER ${pct(fb.otherNegativeShare)}`,
    );
    for (const [label, bucket] of Object.entries(fb.byLabel)) {
      console.log(
        `  ${label.padEnd(9)} n=${bucket.n} negativ ${pct(bucket.negativ / bucket.n)} ` +
          `anti-elitism ${pct(bucket.antiElitism / bucket.n)} populism ${pct(bucket.populism / bucket.n)}`,
      );
    }
    result.sart = {
      split: "tuned on sart/train.csv, reported on sart/val.csv",
      train: {
        n: train.n,
        accuracy: round(train.accuracy),
        macroF1: round(train.macroF1),
        kappa: round(train.kappa),
      },
      val: {
        n: val.n,
        accuracy: round(val.accuracy),
        macroF1: round(val.macroF1),
        kappa: round(val.kappa),
        f1: Object.fromEntries(TONES.map((t) => [t, round(val.perClassF1[t])])),
        confusion: val.confusion,
      },
    };
    result.fbRoOffense = {
      split: "fb-ro-offense/train.csv (all rows)",
      n: fb.n,
      offensiveNegativeShare: round(fb.offensiveNegativeShare),
      insultAbuseNegativeShare: round(fb.insultAbuseNegativeShare),
      otherNegativeShare: round(fb.otherNegativeShare),
      byLabel: fb.byLabel,
    };
    throughputTexts = [
      ...readCsv<SartRow>(sartTrain).map((row) => row.text),
      ...readCsv<SartRow>(sartVal).map((row) => row.text),
      ...readCsv<OffenseRow>(offense).map((row) => row.text),
    ];
  } else {
    console.log(`No data folder at ${dataDir}: skipping SART and FB-RO-Offense, measuring throughput only.`);
  }

  const throughput = measureThroughput(throughputTexts);
  console.log(
    `Throughput: ${Math.round(throughput.perSecond).toLocaleString("en-US")} comments/s ` +
      `(median of ${throughput.runs.length} passes over ${throughput.comments} ${haveData ? "SART+FB" : "synthetic"} comments, ` +
      `${throughput.seconds.toFixed(2)} s each, one core)`,
  );
  result.throughput = {
    texts: haveData ? "SART+FB repeated" : "synthetic repeated",
    comments: throughput.comments,
    seconds: round(throughput.seconds),
    runsSeconds: throughput.runs.map((run) => round(run)),
    perSecond: Math.round(throughput.perSecond),
  };
  console.log(JSON.stringify(result));
}

main();
