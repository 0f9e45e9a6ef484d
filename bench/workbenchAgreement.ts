// The agreement view on a 10,000-row data set (bench:workbench's part 4): offline:lexicon run twice over the rows,
// two people label 150 rows each (100 shared), and GET /runs/:id/agreement with 1,000 resamples is timed cold, asked
// again unchanged, and after one more saved label (what the review flow causes); meanwhile the review flow's own
// request (the next rows of the queue) is timed during that recompute, next to the same request on an idle server.
import type { RunResponse } from "../contract/workbench";
import { summarize } from "./stats";

export interface AgreementBench {
  rows: number;
  labels: number;
  coldMs: number;
  repeatMs: number;
  afterLabelMs: number;
  queueIdleMs: ReturnType<typeof summarize>;
  queueDuringRecomputeMs: ReturnType<typeof summarize>;
}

type Send = (url: string, init: () => RequestInit) => Promise<Response>;

const TONES = ["negativ", "neutru", "pozitiv"] as const;

async function ok<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`${res.status}: ${body.error?.message ?? JSON.stringify(body)}`);
  return body;
}

export async function agreementBench(
  base: string,
  datasetId: string,
  rows: number,
  send: Send,
  waitDone: (runId: string) => Promise<void>,
): Promise<AgreementBench> {
  const api = `${base}/api/workbench`;
  const json = (method: string, body: unknown) => () => ({
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const { run } = await ok<RunResponse>(
    await send(`${api}/runs`, json("POST", { datasetId, models: ["offline:lexicon"], repeats: 2 })),
  );
  await waitDone(run.id);
  const label = (idx: number, annotator: string) =>
    send(
      `${api}/datasets/${datasetId}/items/${idx}/labels`,
      json("PUT", {
        annotator,
        labels: {
          ton: TONES[(idx * 7 + annotator.length) % 3],
          populism: idx % 5 === 0,
          anti_elitism: false,
          popor_central: false,
          tema: "altele",
        },
      }),
    ).then(ok);
  let labels = 0;
  for (let i = 0; i < 150; i++) {
    await label(i, "Ana");
    await label(i + 50, "Ion");
    labels += 2;
  }
  const agreement = `${api}/runs/${run.id}/agreement?resamples=1000`;
  const timed = async (url: string) => {
    const started = performance.now();
    await ok(await send(url, () => ({})));
    return performance.now() - started;
  };
  const queue = `${api}/runs/${run.id}/queue?annotator=Ana&limit=20`;
  const queueIdleMs: number[] = [];
  for (let i = 0; i < 20; i++) queueIdleMs.push(await timed(queue));

  const coldMs = await timed(agreement);
  const repeatMs = await timed(agreement);
  await label(400, "Ana");
  const afterLabelMs = await timed(agreement);

  // Once more after a label, with the review flow's requests one after another until the report is back.
  await label(401, "Ana");
  const queueDuringRecomputeMs: number[] = [];
  let finished = false;
  const report = timed(agreement).finally(() => (finished = true));
  while (!finished) queueDuringRecomputeMs.push(await timed(queue));
  await report;
  return {
    rows,
    labels: labels + 2,
    coldMs: Math.round(coldMs),
    repeatMs: Math.round(repeatMs),
    afterLabelMs: Math.round(afterLabelMs),
    queueIdleMs: summarize(queueIdleMs),
    queueDuringRecomputeMs: summarize(queueDuringRecomputeMs),
  };
}
