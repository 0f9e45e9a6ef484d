// POST /api/workbench/datasets/from-corpus and /from-corpus/count: a data set drawn from the corpus by keywords and
// filters (./corpus.ts), and how many records it would take. Only the corpus role has a missing catalog built.
import type { Request, Router } from "express";
import { hasRole, NEEDED_ROLE } from "../../../contract/auth";
import {
  CorpusCountSchema,
  CorpusDatasetSchema,
  type CorpusCountResponse,
  type DatasetResponse,
} from "../../../contract/workbench";
import { corpusPaths, type Config } from "../../config";
import { userOf } from "../../identity";
import { parse } from "../routeInput";
import type { WorkbenchStore } from "../store";
import { countCorpusSelection, importCorpusSelection, type CatalogSource } from "./corpus";

export function corpusDatasetRoutes(
  router: Router,
  deps: {
    store: WorkbenchStore;
    config: Config;
    slice: () => Promise<void>;
    catalog?: CatalogSource;
    datasetResponse: (req: Request, id: string) => Promise<DatasetResponse>;
  },
): void {
  const { store, config, slice, catalog } = deps;
  const mayBuildCatalog = (req: Request) => hasRole(userOf(req).role, NEEDED_ROLE.corpus);

  router.post("/datasets/from-corpus", async (req, res) => {
    const request = parse(CorpusDatasetSchema, req.body);
    const dataset = await importCorpusSelection({
      store,
      cleanedDir: corpusPaths(config).cleaned,
      request,
      maxRows: config.WORKBENCH_MAX_ROWS,
      slice,
      catalog,
      userId: userOf(req).id,
      mayBuildCatalog: mayBuildCatalog(req),
    });
    res.status(201).json(await deps.datasetResponse(req, dataset.id));
  });

  router.post("/datasets/from-corpus/count", async (req, res) => {
    const selection = parse(CorpusCountSchema, req.body);
    const matches = await countCorpusSelection({
      cleanedDir: corpusPaths(config).cleaned,
      selection,
      catalog,
      slice,
      mayBuildCatalog: mayBuildCatalog(req),
    });
    const body: CorpusCountResponse = { matches };
    res.json(body);
  });
}
