// The "Corpus" page (issue #14): what the chat answers from, how to add to it (a file or a feed, one job: import →
// clean → index, its cleaning report), its collections (download, remove), its documents (search, browse, open,
// delete), the deleted documents (put back) and its overview charts. The chat switches to a new index as soon as a job commits; the page says so.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type {
  CollectionSummary,
  CorpusImportRecord,
  CorpusJobResponse,
  CorpusStatus,
} from "../../../../contract/corpusPage";
import type { CorpusResponse } from "../../../../contract/api";
import type { Filters } from "../../../../contract/settings";
import { inLanguage, type UserError } from "../../../../contract/errors";
import { fetchCorpus } from "../../api";
import {
  fetchCorpusStatus,
  fetchImport,
  fetchImports,
  rebuildIndex,
  removeCollection,
  stopJob,
} from "../../corpusApi";
import { countOf, NOUNS } from "../../plural";
import { useI18n } from "../../i18nContext";
import { jobBoard } from "../../state/corpusImport";
import { useCorpusJobs } from "../../socket/useCorpusJobs";
import { keptError } from "../../keptError";
import { CleanReport } from "./CleanReport";
import { Collections } from "./Collections";
import { Explore } from "./Explore";
import { formatWhen } from "./format";
import { ImportPanel } from "./ImportPanel";
import { JobPanel } from "./JobPanel";
import { Overview } from "./Overview";
import { RemovedDocuments } from "./RemovedDocuments";
import { StartersEditor } from "./StartersEditor";
import "./corpus.css";

interface Props {
  /** The chat's filters, which the document browser can take over. */
  chatFilters?: Filters;
  /** Called when the chat's corpus changed (so that its filter lists are read again). */
  onCorpusChanged?: () => void;
}

export default function CorpusPage({ chatFilters, onCorpusChanged }: Props) {
  const { t, lang } = useI18n();
  const corpusJobs = useCorpusJobs(lang);
  const { jobs, changed, track } = corpusJobs;
  const [status, setStatus] = useState<CorpusStatus>();
  const [facets, setFacets] = useState<CorpusResponse>();
  const [error, setError] = useState<UserError>();
  const [record, setRecord] = useState<CorpusImportRecord>();

  const reload = useCallback(async () => {
    try {
      const [next, nextFacets] = await Promise.all([fetchCorpusStatus(), fetchCorpus()]);
      setStatus(next);
      setFacets(nextFacets);
      setError(undefined);
      if (next.activeJob) track(next.activeJob);
      for (const { job: queued } of next.queuedJobs ?? []) if (queued) track(queued);
    } catch (err) {
      setError(keptError(err));
    }
  }, [track]);

  // The latest import (or removal) and its report, after a reload too.
  useEffect(() => {
    void reload();
    fetchImports()
      .then(({ imports }) => setRecord((current) => current ?? imports.find((r) => r.op !== "catalog")))
      .catch((err: unknown) => console.warn("imports", err));
  }, [reload]);

  // The job running (else the next to run) by its name, and the queue behind it; with none, the latest job.
  const board = useMemo(() => jobBoard(jobs, status, record), [jobs, status, record]);
  const shownJob = board.current?.job;
  // The report and the end of a job follow the job shown: the one running, not the latest asked for.
  const shownRecord = board.current?.record;
  useEffect(() => {
    if (shownRecord && shownRecord.id !== record?.id) setRecord(shownRecord);
  }, [shownRecord, record?.id]);
  // A job started elsewhere (another tab, another admin) is named once the state is read again.
  const unnamed = [board.current, ...board.queued]
    .filter((entry) => entry && !entry.record)
    .map((entry) => entry!.job.id)
    .join(",");
  useEffect(() => {
    if (unnamed) void reload();
  }, [unnamed, reload]);

  // A job that ends brings its record (the report) and a fresh state; a new index brings new facets too.
  const job = record ? jobs[record.jobId] : undefined;
  const ended = job && (job.status === "done" || job.status === "failed" || job.status === "stopped");
  useEffect(() => {
    if (!record || !ended) return;
    // Only while the page still follows that job: another may have started meanwhile (the queue's next).
    void fetchImport(record.id).then((fresh) =>
      setRecord((current) => (current?.id === fresh.record.id ? fresh.record : current)),
    );
    void reload();
  }, [record?.id, ended, reload]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!changed) return;
    void reload();
    onCorpusChanged?.();
  }, [changed, reload, onCorpusChanged]);

  // The catalog is built once per index made elsewhere: the page looks again until it is there.
  useEffect(() => {
    if (status?.catalog !== "building") return;
    const timer = setTimeout(() => void reload(), 1500);
    return () => clearTimeout(timer);
  }, [status, reload]);

  // A job just asked for is brought into view with focus on its heading: the preview above it has closed, and the
  // panel would otherwise sit far above the window (835 px at 1280x800), as if nothing had started.
  const [reveal, setReveal] = useState<string>();
  const jobHeading = useRef<HTMLHeadingElement>(null);
  const started = useCallback(
    (response: CorpusJobResponse) => {
      setRecord(response.record);
      if (response.job) track(response.job);
      setReveal(response.record.jobId);
    },
    [track],
  );
  useEffect(() => {
    const heading = jobHeading.current;
    if (!reveal || !heading) return;
    if (board.current?.job.id !== reveal && !board.queued.some((e) => e.job.id === reveal)) return;
    heading.focus({ preventScroll: true });
    heading.closest("section")?.scrollIntoView({ block: "nearest" });
    setReveal(undefined);
  }, [reveal, board]);

  // One removal asked at a time per collection: a second confirm while the first is sent queues nothing.
  const removing = useRef(new Set<string>());
  const remove = useCallback(
    async (collection: CollectionSummary) => {
      if (removing.current.has(collection.name)) return;
      const documents = countOf(collection.documents, NOUNS.document, lang);
      if (!window.confirm(t("corpus.collections.confirmRemove", { name: collection.name, documents })))
        return;
      removing.current.add(collection.name);
      try {
        started(await removeCollection(collection.name));
      } catch (err) {
        setError(keptError(err));
      } finally {
        removing.current.delete(collection.name);
      }
    },
    [lang, t, started],
  );

  // The index built anew (an index that cannot be read, or any oddity of one); asked once at a time. A working
  // index is rebuilt only after a confirmation (every vector is computed again); a broken one at once.
  const rebuilding = useRef(false);
  const rebuild = useCallback(async () => {
    if (rebuilding.current) return;
    if (!status?.indexProblem) {
      const chunks = countOf(status?.chunks ?? 0, NOUNS.vector, lang);
      if (!window.confirm(t("corpus.index.confirmRebuild", { chunks }))) return;
    }
    rebuilding.current = true;
    try {
      started(await rebuildIndex());
    } catch (err) {
      setError(keptError(err));
    } finally {
      rebuilding.current = false;
    }
  }, [status?.indexProblem, status?.chunks, lang, t, started]);

  const busy = Boolean(shownJob && (shownJob.status === "running" || shownJob.status === "queued"));
  // A broken index may be rebuilt while another job runs (it waits its turn), not twice.
  const rebuildQueued = [board.current, ...board.queued].some(
    (entry) =>
      entry?.record?.op === "rebuild" && (entry.job.status === "running" || entry.job.status === "queued"),
  );

  return (
    <main
      id="main"
      className="compare-page corpus-page"
      data-testid="corpus-page"
      aria-label={t("corpus.title")}
    >
      <div className="compare-inner">
        <h2 className="compare-heading">{t("corpus.title")}</h2>
        {status ? (
          <p
            className="corpus-lead"
            data-testid="corpus-summary"
            data-version={status.version}
            data-documents={status.documents}
          >
            {t("corpus.summary", {
              documents: countOf(status.documents, NOUNS.document, lang),
              collections: countOf(status.collections.length, NOUNS.collection, lang),
              chunks: countOf(status.chunks, NOUNS.chunk, lang),
            })}{" "}
            <span className="muted">· {t("corpus.builtAt", { when: formatWhen(status.builtAt, lang) })}</span>
            {!status.indexProblem && (
              <>
                {" "}
                <button
                  type="button"
                  className="ghost-button small corpus-rebuild"
                  data-testid="corpus-rebuild-index"
                  title={t("corpus.index.rebuildHint")}
                  disabled={busy}
                  onClick={() => void rebuild()}
                >
                  {t("corpus.index.rebuild")}
                </button>
              </>
            )}
          </p>
        ) : (
          !error && <p className="loading">{t("corpus.loading")}</p>
        )}
        {status?.indexProblem && (
          <section
            className="corpus-card corpus-index-problem"
            data-testid="corpus-index-problem"
            role="alert"
          >
            <h3>{t("corpus.index.problemTitle")}</h3>
            <p>{inLanguage(status.indexProblem, lang)}</p>
            <p className="hint">{t("corpus.index.problemHint")}</p>
            <button
              type="button"
              className="primary-button"
              data-testid="corpus-rebuild-index"
              disabled={rebuildQueued}
              onClick={() => void rebuild()}
            >
              {t("corpus.index.rebuild")}
            </button>
          </section>
        )}
        <p className="hint">{t("corpus.live")}</p>
        {changed && (
          <p className="corpus-ok" role="status">
            {t("corpus.changed", { version: changed.version })}
          </p>
        )}
        {error && (
          <p className="corpus-error" role="alert">
            {t("corpus.error.load", { message: inLanguage(error, lang) })}
          </p>
        )}
        <ImportPanel status={status} onStarted={started} />
        {shownJob && (
          <JobPanel
            job={shownJob}
            record={record && record.jobId === shownJob.id ? record : shownRecord}
            queued={board.queued}
            headingRef={jobHeading}
            onStop={(id) =>
              void stopJob(id)
                .then(track)
                .catch((err: unknown) => setError(keptError(err)))
            }
          />
        )}
        {record?.clean && (!job || job.status === "done") && <CleanReport record={record} />}
        {status && <Collections status={status} busy={busy} onRemove={(c) => void remove(c)} />}
        <StartersEditor facets={facets} onSaved={onCorpusChanged} />
        {status && (
          <Explore
            status={status}
            facets={facets}
            chatFilters={chatFilters}
            busy={busy}
            onRemoveStarted={started}
          />
        )}
        {status && <RemovedDocuments status={status} busy={busy} onStarted={started} />}
        {status && <Overview version={status.version} ready={status.catalog === "ready"} />}
      </div>
    </main>
  );
}
