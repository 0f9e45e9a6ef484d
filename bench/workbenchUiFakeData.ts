// The stand-in server's data (bench/workbenchUiFake.ts): a generated run of two models × two repeats over `rows`
// rows, its job (with progress that the server moves on), the people's labels saved to it, and a made-up agreement
// report. Deterministic: row n is the same on every run. Plausible, not computed.
import { TOPICS } from "../contract/annotation";
import {
  REVIEW_FIELDS,
  type AgreementReport,
  type DatasetSummary,
  type HumanReviewLabel,
  type Job,
  type ResultRow,
  type RowAnnotation,
  type RunSummary,
} from "../contract/workbench";

export const FAKE_DATASET = "ds-bench";
export const FAKE_RUN = "run-bench";
export const JOB = "job-bench";
const MODELS = ["offline:lexicon", "openai-compatible:rapid"];
const REPEATS = 2;
const TONES = ["negativ", "neutru", "pozitiv"] as const;
const WORDS =
  "pensiile speciale guvernul românii corupția hoții poporul elita justiția prețurile energia diaspora alegerile salariile taxele spitalele școlile parlamentul partidele primarul".split(
    " ",
  );

/** mulberry32: a tiny seeded generator, so row n is the same in every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rowText(idx: number): string {
  const r = random(idx + 1);
  const words = Array.from(
    { length: 25 + Math.floor(r() * 40) },
    () => WORDS[Math.floor(r() * WORDS.length)]!,
  );
  return `${words.join(" ")}.`;
}

function annotationOf(idx: number, model: string, repeat: number): RowAnnotation {
  const r = random(idx * 31 + MODELS.indexOf(model) * 7 + repeat);
  const ton = TONES[Math.floor(r() * 3)]!;
  const populist = r() < 0.3;
  return {
    model,
    repeat,
    labels: {
      ton,
      populism: String(populist),
      anti_elitism: String(populist || r() < 0.2),
      popor_central: String(populist),
      tema: TOPICS[Math.floor(r() * TOPICS.length)]!,
    },
    confidence: Math.round(r() * 100) / 100,
    tinta: r() < 0.4 ? "guvernul" : null,
    justificare: `Textul are un ton ${ton}${populist ? " și opune poporul elitei" : ""}.`,
    dovezi: [WORDS[Math.floor(r() * WORDS.length)]!, WORDS[Math.floor(r() * WORDS.length)]!],
    error: null,
    codebookVersion: "1.0.0",
    temperature: model === "offline:lexicon" ? null : 0,
    olderCodebook: false,
    createdAt: "2025-05-01T10:00:00.000Z",
  };
}

/** The run's state (how far it got, the labels saved) and the answers the routes give from it. */
export function createFakeRun(rows: number) {
  const total = rows * MODELS.length * REPEATS;
  let done = Math.floor(total * 0.6);
  const labels = new Map<string, HumanReviewLabel>();
  const now = () => new Date().toISOString();
  const doneRows = () => Math.min(rows, Math.floor(done / (MODELS.length * REPEATS)));

  const dataset: DatasetSummary = {
    id: FAKE_DATASET,
    name: "comentarii-bench",
    source: "upload",
    sourceFile: "comentarii-bench.csv",
    format: "csv",
    encoding: "windows-1250",
    rows,
    bytes: rows * 180,
    shared: false,
    blindReview: true,
    createdAt: "2025-05-01T09:00:00.000Z",
    mapping: { text: "text", id: "id", gold: [{ field: "ton", column: "gold" }] },
    goldFields: ["ton"],
    metaColumns: [],
    reviewSample: { size: 100, seed: 42 },
    report: {
      rows,
      skipped: { empty_text: { count: 2, lines: [14, 977] } },
      skippedTotal: 2,
      goldUnmapped: {},
      invalidChars: 0,
      duplicateIds: 0,
      warnings: [],
      durationMs: 420,
    },
  };
  const run: RunSummary = {
    id: FAKE_RUN,
    datasetId: FAKE_DATASET,
    jobId: JOB,
    models: MODELS,
    temperature: 0,
    repeats: REPEATS,
    codebookVersion: "1.0.0",
    promptHashes: { "offline:lexicon": "a1b2c3d4e5f6", "openai-compatible:rapid": "0f1e2d3c4b5a" },
    createdAt: "2025-05-01T09:30:00.000Z",
    origin: "page",
    olderCodebookRows: 0,
  };
  const job = (): Job => ({
    id: JOB,
    kind: "annotation-run",
    status: done >= total ? "done" : "running",
    params: { runId: FAKE_RUN, datasetId: FAKE_DATASET },
    progress: {
      total,
      done,
      failed: Math.floor(done / 500),
      etaS: Math.round((total - done) / 40),
      models: MODELS.map((model) => ({
        model,
        total: total / MODELS.length,
        done: Math.floor(done / MODELS.length),
        failed: Math.floor(done / 1000),
        cached: 12,
        ratePerS: 20,
        etaS: Math.round((total - done) / 40),
        inputTokens: done * 160,
        outputTokens: done * 40,
        costUsd: model === "offline:lexicon" ? 0 : done * 0.00002,
        pricing: model === "offline:lexicon" ? "local" : "table",
        concurrency: 8,
      })),
    },
    error: null,
    origin: "page",
    owner: "bench",
    heartbeatAt: now(),
    stopRequested: false,
    createdAt: run.createdAt,
    updatedAt: now(),
    startedAt: run.createdAt,
    finishedAt: null,
  });

  function resultRow(idx: number, full: boolean): ResultRow {
    const annotations =
      idx < doneRows() ? MODELS.flatMap((m) => [1, 2].map((rep) => annotationOf(idx, m, rep))) : [];
    const first = (m: string) => annotations.find((a) => a.model === m && a.repeat === 1);
    const modelsDisagree = REVIEW_FIELDS.filter(
      (f) => first(MODELS[0]!)?.labels[f] !== first(MODELS[1]!)?.labels[f],
    );
    const runsDisagree = REVIEW_FIELDS.filter((f) =>
      MODELS.some((m) =>
        annotations.filter((a) => a.model === m).some((a) => a.labels[f] !== first(m)?.labels[f]),
      ),
    );
    const text = rowText(idx);
    const reviewers = [...labels.values()].filter((l) => l.idx === idx).map((l) => l.annotator);
    return {
      idx,
      itemId: `c${idx}`,
      text: full ? text : text.slice(0, 280),
      textLength: text.length,
      meta: {},
      gold: { ton: TONES[idx % 3]! },
      annotations,
      flags: {
        modelsDisagree,
        runsDisagree,
        minConfidence: annotations.length ? Math.min(...annotations.map((a) => a.confidence ?? 1)) : null,
        failed: 0,
        done: annotations.length,
        priority: modelsDisagree.length * 2 + runsDisagree.length,
        reviewers,
        adjudicated: false,
        inSample: idx % 100 === 7,
      },
    };
  }

  const agreement = (): AgreementReport => ({
    runId: FAKE_RUN,
    datasetId: FAKE_DATASET,
    items: "all",
    n: rows,
    coders: [
      ...MODELS.map((m) => ({ key: m, kind: "model" as const, name: m })),
      { key: "gold", kind: "gold", name: "gold" },
    ],
    fields: REVIEW_FIELDS.map((field) => ({
      field,
      alphaHumans: { value: null, low: null, high: null, coders: 0, units: 0 },
      alphaAll: { value: 0.41, low: 0.38, high: 0.44, coders: 3, units: rows },
      alphaRuns: Object.fromEntries(
        MODELS.map((m) => [m, { value: 0.88, low: 0.86, high: 0.9, coders: 2, units: rows }]),
      ),
      pairs: [
        {
          a: MODELS[0]!,
          b: MODELS[1]!,
          kind: "model-model",
          n: rows,
          kappa: { value: 0.34, low: 0.31, high: 0.37 },
          observed: 0.55,
          confusion: {
            labels: ["negativ", "neutru", "pozitiv"],
            counts: [
              [2100, 600, 500],
              [700, 1900, 600],
              [400, 700, 2400],
            ],
          },
        },
      ],
      reference: field === "ton" ? "gold" : null,
      vsReference:
        field === "ton"
          ? MODELS.map((m) => ({
              coder: m,
              n: rows,
              accuracy: { value: 0.62, low: 0.6, high: 0.64 },
              macroF1: { value: 0.58, low: 0.56, high: 0.6 },
            }))
          : [],
      distribution: Object.fromEntries(
        MODELS.map((m, i) => [m, { negativ: 3000 + i * 400, neutru: 3500, pozitiv: 3500 - i * 400 }]),
      ),
    })),
    verdicts: [],
    summary: {
      ro: "Nu există încă etichete umane: acordul modelelor cu oamenii nu poate fi estimat.",
      en: "There are no human labels yet: the models' agreement with people cannot be estimated.",
    },
    resamples: 1000,
    seed: 42,
  });

  return {
    rows,
    dataset,
    run,
    labels,
    job,
    resultRow,
    agreement,
    doneRows,
    now,
    /** The run moves on by `step` outcomes (never quite to its end: it stays "running"). */
    advance(step: number): void {
      done = Math.min(total - 1, done + step);
    },
  };
}

export type FakeRun = ReturnType<typeof createFakeRun>;
