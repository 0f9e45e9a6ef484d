// The corpus page's socket: it subscribes to every job (the ack brings their snapshots, again after a reconnect)
// and keeps the corpus jobs' latest state, progress batched per frame, and hears `corpus:changed` when the chat
// switches to a new index. The logic lives in state/corpusImport.ts; this file only wires events to it.
import { useCallback, useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { CorpusChangedEvent } from "../../../contract/corpusPage";
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from "../../../contract/protocol";
import type { Job, JobProgressEvent } from "../../../contract/workbench";
import type { Lang } from "../i18n";
import { isCorpusJob, mergeJob } from "../state/corpusImport";
import { nextFrame } from "../state/tokenBuffer";

type CorpusSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface CorpusJobsApi {
  /** Corpus jobs by id, as last heard. */
  jobs: Record<string, Job>;
  /** The last `corpus:changed` event, if one came while the page was open. */
  changed: CorpusChangedEvent | null;
  connected: boolean;
  /** Takes a job snapshot read over REST (a job just started). */
  track(job: Job): void;
}

export function useCorpusJobs(lang: Lang): CorpusJobsApi {
  const [jobs, setJobs] = useState<Record<string, Job>>({});
  const [changed, setChanged] = useState<CorpusChangedEvent | null>(null);
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const auth: HandshakeAuth = { lang };
    const socket: CorpusSocket = io({ auth: { ...auth } });
    let pending = new Map<string, JobProgressEvent>();
    let cancelFlush: (() => void) | undefined;
    const take = (list: Job[]) =>
      setJobs((current) => list.filter(isCorpusJob).reduce((acc, job) => mergeJob(acc, job), current));
    const flush = () => {
      cancelFlush = undefined;
      const events = [...pending.values()];
      pending = new Map();
      setJobs((current) => {
        let next = current;
        for (const e of events) {
          const known = next[e.jobId];
          if (known) next = { ...next, [e.jobId]: { ...known, status: e.status, progress: e.progress } };
        }
        return next;
      });
    };
    socket.on("connect", () => {
      setConnected(true);
      socket.emit("job:subscribe", {}, (result) => {
        if (result.ok) take(result.data.jobs);
        else console.warn("job:subscribe refused", result.error);
      });
    });
    socket.on("disconnect", () => setConnected(false));
    socket.on("job:status", (e) => {
      pending.delete(e.job.id);
      take([e.job]);
    });
    socket.on("job:progress", (e) => {
      if (e.kind !== "corpus-import") return;
      pending.set(e.jobId, e);
      cancelFlush ??= nextFrame(flush);
    });
    socket.on("corpus:changed", (e) => setChanged(e));
    return () => {
      cancelFlush?.();
      socket.removeAllListeners();
      socket.disconnect();
    };
    // The handshake's language is read once; errors in acks are logged, not shown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const track = useCallback((job: Job) => setJobs((current) => mergeJob(current, job)), []);
  return { jobs, changed, connected, track };
}
