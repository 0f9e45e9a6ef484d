// A stand-in for the workbench's server side, for measuring the page alone (bench/workbenchUi.ts) and for looking
// at it (`npx tsx bench/workbenchUiFake.ts` serves it on a printed port): the built client, the REST routes the
// "Adnotare" page reads (contract/workbench.ts) over a generated 10,000-row run of two models × two repeats, and
// `job:progress` events at a chosen rate. Deterministic: row n is the same on every run. Not the real server —
// its answers are plausible, not computed (agreement figures are made up).
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { Server } from "socket.io";
import type { CorpusResponse, ModelsResponse } from "../contract/api";
import type { ClientToServerEvents, ServerToClientEvents } from "../contract/protocol";
import {
  REVIEW_FIELDS,
  type AgreementReport,
  type DatasetSummary,
  type HumanReviewLabel,
  type ItemDetail,
  type Job,
  type QueueResponse,
  type ResultRow,
  type ResultsPage,
  type RowAnnotation,
  type RunSummary,
  type WorkbenchModelsResponse,
} from "../contract/workbench";
import { TOPICS } from "../contract/annotation";
import { CLIENT_DIR } from "../tests/support/server";
import { LOCAL_USER } from "../contract/auth";

export const FAKE_DATASET = "ds-bench";
export const FAKE_RUN = "run-bench";
const JOB = "job-bench";
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

export interface FakeWorkbench {
  url: string;
  rows: number;
  /** Starts `job:progress` events at `perSecond` (the run goes from `done` towards its total); 0 stops them. */
  progress(perSecond: number): void;
  close(): Promise<void>;
}

export async function startFakeWorkbench(rows = 10_000): Promise<FakeWorkbench> {
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

  const routes: [RegExp, (m: RegExpMatchArray, url: URL, body: unknown) => unknown][] = [
    [
      /^\/api\/models$/,
      () =>
        ({
          chain: [],
          embeddings: "offline:hash",
          defaults: { model: "offline:extractive", temperature: 0.2, topK: 5 },
          limits: { maxMessageChars: 4000 },
        }) satisfies ModelsResponse,
    ],
    [
      /^\/api\/corpus$/,
      () =>
        ({
          chunks: 0,
          embedder: "offline:hash",
          platforms: [],
          sources: [],
          dateMin: null,
          dateMax: null,
        }) as unknown as CorpusResponse,
    ],
    // As the real server answers with AUTH=off: the local user, no login.
    [/^\/api\/auth\/me$/, () => ({ mode: "off", user: LOCAL_USER, logins: { code: false, users: false } })],
    [/^\/api\/threads$/, () => ({ threads: [] })],
    [/^\/api\/labels$/, () => ({ labels: [] })],
    [
      /^\/api\/workbench\/models$/,
      () =>
        ({
          models: [
            { id: "offline:lexicon", provider: "offline", offline: true, inChain: true, pricing: "local" },
            {
              id: "openai-compatible:rapid",
              provider: "openai-compatible",
              offline: false,
              inChain: true,
              pricing: "unknown",
            },
          ],
          defaults: { temperature: 0, repeats: 1, concurrency: 8 },
          limits: { maxUploadBytes: 50_000_000, maxRows: 100_000, maxModels: 6, maxRepeats: 10 },
        }) satisfies WorkbenchModelsResponse,
    ],
    [
      /^\/api\/workbench\/codebook$/,
      () => ({
        version: "1.0.0",
        title: "Codebook",
        markdown: "# Codebook\n\nRegulile de adnotare.",
        fields: [],
        changelog: [],
      }),
    ],
    [/^\/api\/workbench\/datasets$/, () => ({ datasets: [dataset] })],
    [/^\/api\/workbench\/datasets\/[^/]+$/, () => ({ dataset, runs: [run] })],
    [
      /^\/api\/workbench\/datasets\/[^/]+\/labels$/,
      () => ({ labels: [...labels.values()], adjudications: [] }),
    ],
    [
      /^\/api\/workbench\/datasets\/[^/]+\/items\/(\d+)\/labels$/,
      (m, url, body) => {
        const b = body as { annotator: string; labels: Record<string, unknown> };
        const label: HumanReviewLabel = {
          datasetId: FAKE_DATASET,
          idx: Number(m[1]),
          annotator: b.annotator,
          labels: Object.fromEntries(Object.entries(b.labels).map(([k, v]) => [k, String(v)])),
          note: null,
          blind: url.searchParams.get("blind") === "1",
          codebookVersion: "1.0.0",
          createdAt: now(),
          updatedAt: now(),
        };
        labels.set(`${label.idx}:${label.annotator}`, label);
        return label;
      },
    ],
    [
      /^\/api\/workbench\/estimate$/,
      () => ({
        datasetId: FAKE_DATASET,
        rows,
        repeats: 1,
        models: [],
        total: { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
        basis: "",
      }),
    ],
    [/^\/api\/workbench\/runs\/[^/]+$/, () => ({ run, job: job() })],
    [
      /^\/api\/workbench\/runs\/[^/]+\/results$/,
      (_m, url): ResultsPage => {
        const offset = Number(url.searchParams.get("offset") ?? 0);
        const limit = Number(url.searchParams.get("limit") ?? 100);
        const desc = url.searchParams.get("order") === "desc";
        const indices = Array.from({ length: Math.max(0, Math.min(limit, rows - offset)) }, (_, i) =>
          desc ? rows - 1 - offset - i : offset + i,
        );
        return {
          runId: FAKE_RUN,
          total: rows,
          offset,
          rows: indices.map((i) => resultRow(i, false)),
          datasetRows: rows,
          complete: doneRows(),
        };
      },
    ],
    [
      /^\/api\/workbench\/runs\/[^/]+\/items\/(\d+)$/,
      (m, url): ItemDetail => {
        const r = resultRow(Number(m[1]), true);
        const annotator = url.searchParams.get("annotator") ?? "";
        const mine = labels.get(`${r.idx}:${annotator}`) ?? null;
        const withheld = url.searchParams.get("blind") === "1" && !mine;
        return {
          ...r,
          runId: FAKE_RUN,
          datasetId: FAKE_DATASET,
          annotations: withheld ? null : r.annotations,
          labels: withheld ? null : [],
          mine,
          adjudication: null,
          withheld,
        };
      },
    ],
    [
      /^\/api\/workbench\/runs\/[^/]+\/queue$/,
      (_m, url): QueueResponse => {
        const annotator = url.searchParams.get("annotator") ?? "";
        const limit = Number(url.searchParams.get("limit") ?? 20);
        const items = [];
        for (let idx = 0; idx < rows && items.length < limit; idx++) {
          if (!labels.has(`${idx}:${annotator}`))
            items.push({ idx, itemId: `c${idx}`, priority: 5, reasons: ["models_disagree"] });
        }
        return {
          runId: FAKE_RUN,
          annotator,
          mode: "priority",
          items,
          remaining: rows - labels.size,
          total: rows,
        };
      },
    ],
    [/^\/api\/workbench\/runs\/[^/]+\/agreement$/, () => agreement()],
    [
      /^\/api\/workbench\/runs\/[^/]+\/methods$/,
      () => ({
        ro: "Paragraful de metodă (fals, pentru bench).",
        en: "Methods paragraph (fake, for the bench).",
      }),
    ],
    [/^\/api\/workbench\/jobs\/[^/]+$/, () => job()],
  ];

  const types: Record<string, string> = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
  };
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://bench");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body: unknown = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
    for (const [pattern, handle] of routes) {
      const m = url.pathname.match(pattern);
      if (!m) continue;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(handle(m, url, body)));
      return;
    }
    if (url.pathname.startsWith("/api/")) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "bench:not_found", message: `no fake for ${url.pathname}` } }));
      return;
    }
    const file = path.join(CLIENT_DIR, url.pathname === "/" ? "index.html" : path.normalize(url.pathname));
    let served = file.startsWith(CLIENT_DIR) ? file : path.join(CLIENT_DIR, "index.html");
    let content: Buffer;
    try {
      content = readFileSync(served);
    } catch {
      // Unknown paths get the page, as the real server's SPA fallback does.
      served = path.join(CLIENT_DIR, "index.html");
      content = readFileSync(served);
    }
    res.writeHead(200, { "content-type": types[path.extname(served)] ?? "application/octet-stream" });
    res.end(content);
  }

  const http = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  io.on("connection", (socket) => {
    socket.on("job:subscribe", (_payload, ack) => {
      void socket.join("jobs");
      ack?.({ ok: true, data: { jobs: [job()] } });
    });
  });
  let timer: ReturnType<typeof setInterval> | undefined;
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    rows,
    progress(perSecond) {
      clearInterval(timer);
      if (perSecond <= 0) return;
      timer = setInterval(() => {
        done = Math.min(total - 1, done + 4);
        const j = job();
        io.to("jobs").emit("job:progress", {
          jobId: JOB,
          kind: j.kind,
          status: j.status,
          progress: j.progress,
          at: now(),
        });
      }, 1000 / perSecond);
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        void io.close(() => resolve());
      }),
  };
}

// Run directly: serve the fake for a look in a browser.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const fake = await startFakeWorkbench(Number(process.env.BENCH_WORKBENCH_ROWS ?? 10_000));
  fake.progress(4);
  process.stdout.write(`${fake.url}/?page=annotate&dataset=${FAKE_DATASET}&run=${FAKE_RUN}\n`);
}
