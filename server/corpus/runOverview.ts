// The overview's annotations from a workbench run over the corpus (a data set drawn from it: each row keeps its
// document's source, date and undated mark), as an alternative to the lexicon's made at index time: the same figures
// by source and by month (undated documents in no month), read a page of rows at a time through the workbench's store.
import { DATE_IMPUTED_META } from "../../contract/corpus";
import { AppError } from "../../contract/errors";
import type { AnnotationOverview, AnnotationSourceOption } from "../../contract/corpusExplore";
import { LEXICON_MODEL } from "../annotation/annotators";
import type { Workbench } from "../workbench/service";
import { LabelTally } from "./catalog/overview";

const PAGE_ROWS = 500;

/** The choices of annotations: the lexicon's, then each model of each run over a corpus data set, newest first. */
export async function annotationSources(
  workbench: Workbench,
  documents: number,
): Promise<AnnotationSourceOption[]> {
  const options: AnnotationSourceOption[] = [
    { id: "lexicon", model: LEXICON_MODEL, rows: documents, done: documents, status: null, createdAt: null },
  ];
  const datasets = (await workbench.store.listDatasets()).filter((d) => d.source === "corpus");
  for (const dataset of datasets) {
    for (const run of await workbench.store.listRuns(dataset.id)) {
      const counts = await workbench.store.modelCounts(run.id);
      const job = await workbench.jobs.get(run.jobId);
      run.models.forEach((model, i) => {
        options.push({
          id: `run:${run.id}/${i}`,
          model,
          rows: dataset.rows,
          done: Math.min(dataset.rows, counts.find((c) => c.model === model)?.done ?? 0),
          status: job?.status ?? null,
          createdAt: run.createdAt,
        });
      });
    }
  }
  return options.sort((a, b) => (b.createdAt ?? "9").localeCompare(a.createdAt ?? "9"));
}

/** "run:<id>/<model index>" (or "run:<id>", the first model) as its parts. */
export function parseRunOption(option: string): { runId: string; modelIndex: number } | null {
  const match = /^run:([\w-]+)(?:\/(\d+))?$/.exec(option);
  return match ? { runId: match[1]!, modelIndex: Number(match[2] ?? 0) } : null;
}

const cache = new Map<string, { done: number; overview: AnnotationOverview }>();

/** The labels of one model of a run (its first repeat) by source and month; cached until more rows are done. */
export async function runOverview(
  workbench: Workbench,
  runId: string,
  modelIndex: number,
): Promise<AnnotationOverview> {
  const run = await workbench.store.getRun(runId);
  const model = run?.models[modelIndex];
  const dataset = run ? await workbench.store.getDataset(run.datasetId) : null;
  if (!run || !model || !dataset || dataset.source !== "corpus") throw new AppError("corpus:run_not_found");
  const done = (await workbench.store.modelCounts(runId)).find((c) => c.model === model)?.done ?? 0;
  const key = `${runId}/${modelIndex}`;
  const cached = cache.get(key);
  if (cached && cached.done === done) return cached.overview;
  const tally = new LabelTally("run", model, runId);
  for (let from = 0; from < dataset.rows; from += PAGE_ROWS) {
    for (const line of await workbench.store.exportLines(runId, from, PAGE_ROWS)) {
      const outcome = line.outcome;
      if (!outcome || outcome.model !== model || outcome.repeat !== 1 || !outcome.labels.ton) continue;
      tally.add(
        {
          source: line.item.meta.source ?? "",
          date: line.item.meta.date ?? "",
          dateImputed: line.item.meta[DATE_IMPUTED_META] === "true",
        },
        {
          ton: outcome.labels.ton,
          populism: outcome.labels.populism === "true",
          anti_elitism: outcome.labels.anti_elitism === "true",
          popor_central: outcome.labels.popor_central === "true",
          tema: outcome.labels.tema ?? "",
        },
      );
    }
    await workbench.pool.slice();
  }
  const overview = tally.result();
  cache.set(key, { done, overview });
  return overview;
}
