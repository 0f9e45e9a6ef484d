// The catalog of the index in use (index/catalog.db, ./catalog/): opening it at start, queuing the job that builds
// it when there is none (an index made by the CLI, or a catalog that failed after its commit: built again on the
// page's next visit, at most one job a minute after a failure), and attaching the one a job built after its commit.
// CorpusService holds one and tells it about the catalog jobs it queues and runs.
import { existsSync } from "node:fs";
import path from "node:path";
import type { CorpusStatus } from "../../contract/corpusPage";
import { AppError } from "../../contract/errors";
import { indexDir } from "../../corpus/pipeline/indexFormat";
import { errorDetail, type Logger } from "../log";
import { CorpusCatalog } from "./catalog/catalog";
import { CATALOG_FILE } from "./catalog/schema";
import type { LiveCorpus } from "./liveCorpus";
import type { PipelineResult } from "./worker/pipeline";
import { indexProblem } from "./unreadableIndex";

export interface CatalogKeeperOptions {
  corpusDir: string;
  live: LiveCorpus;
  logger: Logger;
  /** Queues a `catalog` job (CorpusService's queue, which calls building() with its id before running it). */
  queueCatalogJob: () => Promise<unknown>;
}

export class CatalogKeeper {
  /** A catalog job queued or running for the index in use (one made by the CLI has none at first). */
  private catalogJob: string | null = null;
  private catalogQueuing: Promise<unknown> | null = null;
  /** When the last catalog job failed: another is queued only a minute later. */
  private catalogFailedAt = 0;

  constructor(private readonly options: CatalogKeeperOptions) {}

  private catalogFile(): string {
    return path.join(indexDir(this.options.corpusDir), CATALOG_FILE);
  }

  /** Attaches the index's catalog when it has an up-to-date one; returns whether it did. */
  open(): boolean {
    const { live, logger } = this.options;
    if (live.generation.catalog) return true;
    // An index that cannot be read has no documents: a catalog left beside it would show documents the chat cannot find.
    if (indexProblem(live.generation.retriever)) return false;
    if (!existsSync(this.catalogFile())) return false;
    try {
      const catalog = CorpusCatalog.open(this.catalogFile());
      const manifest = live.generation.retriever.manifest;
      if (manifest && manifest.corpusHash !== catalog.corpusHash) {
        catalog.close();
        return false;
      }
      live.attachCatalog(catalog);
      return true;
    } catch (err) {
      logger.warn("corpus: catalog unreadable, it will be rebuilt", errorDetail(err));
      return false;
    }
  }

  /**
   * The catalog of the index in use; without one, a job to build it is queued and the page asked to wait. With `build`
   * false (someone who may not change the corpus: a member drawing a data set) nothing is queued, and unless a build
   * is under way they are told to ask the teacher.
   */
  async current(build = true): Promise<CorpusCatalog> {
    const catalog = this.options.live.generation.catalog;
    if (catalog) return catalog;
    if (!build) {
      if (this.open()) return this.options.live.generation.catalog!;
      if (!this.catalogJob) throw new AppError("corpus:catalog_missing", { variant: "ask_teacher" });
      throw new AppError("corpus:catalog_missing");
    }
    await this.ensure();
    throw new AppError("corpus:catalog_missing");
  }

  /** Attaches the index's catalog, or queues the job that builds it (unless one runs or just failed). */
  async ensure(): Promise<void> {
    if (this.options.live.generation.catalog || this.catalogJob || this.open()) return;
    // Nor is a catalog job queued for it: it would read the whole corpus, and the rebuild the page offers would wait
    // behind it (the rebuild builds the catalog too).
    if (indexProblem(this.options.live.generation.retriever)) return;
    if (Date.now() - this.catalogFailedAt < 60_000) return;
    // Two requests at once queue one job: catalogJob is known only after the queue's writes.
    this.catalogQueuing ??= this.options.queueCatalogJob().finally(() => {
      this.catalogQueuing = null;
    });
    await this.catalogQueuing;
  }

  state(): CorpusStatus["catalog"] {
    return this.options.live.generation.catalog ? "ready" : this.catalogJob ? "building" : "missing";
  }

  /** A job that builds the catalog of the index in use is queued or has committed (the page waits for it). */
  building(jobId: string): void {
    this.catalogJob = jobId;
  }

  /** A catalog job failed: the next is queued a minute later at the earliest. */
  failed(): void {
    this.catalogFailedAt = Date.now();
  }

  /** A corpus job ended, whatever its outcome. */
  jobEnded(jobId: string): void {
    if (this.catalogJob === jobId) this.catalogJob = null;
  }

  /** Gives the index in use the catalog a job built beside it; without one, the page's next visit queues one. */
  attach(result: PipelineResult): void {
    const { live, logger } = this.options;
    if (!result.catalog) {
      // A change that left the index as it was (an empty collection removed) keeps the catalog in use.
      if (result.indexUnchanged && live.generation.catalog) return;
      logger.warn("corpus: the catalog was not built; it will be on the page's next visit", {
        detail: result.catalogError,
      });
      return;
    }
    const catalog = CorpusCatalog.open(this.catalogFile());
    const manifest = live.generation.retriever.manifest;
    if (manifest && manifest.corpusHash !== catalog.corpusHash) {
      logger.warn("corpus: catalog and index disagree", {
        index: manifest.corpusHash,
        catalog: catalog.corpusHash,
      });
    }
    live.attachCatalog(catalog);
  }
}
