// The REST routes of the stand-in server (bench/workbenchUiFake.ts): what the "Adnotare" page reads
// (contract/workbench/) and the few app routes it needs on the way, answered from the generated run.
import { LOCAL_USER } from "../contract/auth";
import type { CorpusResponse, ModelsResponse } from "../contract/api";
import type {
  HumanReviewLabel,
  ItemDetail,
  QueueResponse,
  ResultsPage,
  WorkbenchModelsResponse,
} from "../contract/workbench";
import { FAKE_DATASET, FAKE_RUN, type FakeRun } from "./workbenchUiFakeData";

export type FakeRoute = [RegExp, (m: RegExpMatchArray, url: URL, body: unknown) => unknown];

export function fakeRoutes(fake: FakeRun): FakeRoute[] {
  const { rows, dataset, run, labels, job, resultRow, agreement, doneRows, now } = fake;
  return [
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
        const b = body as {
          annotator: string;
          labels?: Record<string, unknown>;
          status?: HumanReviewLabel["status"];
        };
        const label: HumanReviewLabel = {
          datasetId: FAKE_DATASET,
          idx: Number(m[1]),
          annotator: b.annotator,
          labels: Object.fromEntries(Object.entries(b.labels ?? {}).map(([k, v]) => [k, String(v)])),
          note: null,
          status: b.status ?? "labelled",
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
        // The queue's order here is the rows' order, so the `after` cursor is simply the next index.
        const from = url.searchParams.has("after") ? Number(url.searchParams.get("after")) + 1 : 0;
        const items = [];
        for (let idx = from; idx < rows && items.length < limit; idx++) {
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
}
