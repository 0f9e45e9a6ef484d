// The one hook that owns the "Adnotare" page's socket: it subscribes to every job's events (the ack brings the
// current snapshots, again after each reconnect — a server restart included), forwards `job:status` and
// `job:progress` to the pure jobs reducer (state/jobs.ts), progress batched per frame, and takes the REST
// snapshots the page reads after a reload. The logic lives in the reducer; this file only wires events to it.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { SOCKET_TRANSPORT } from "./transport";
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from "../../../contract/protocol";
import type { Job, JobProgressEvent } from "../../../contract/workbench";
import type { Lang } from "../i18n";
import { initialJobsState, jobsReducer, type JobsState } from "../state/jobs";
import { nextFrame } from "../state/tokenBuffer";
import { endsSession, notifySignedOut, socketErrorCode } from "../sessionEvents";

type JobSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type JobsConnection = "connecting" | "connected" | "reconnecting";

export interface JobsApi {
  state: JobsState;
  connection: JobsConnection;
  /** Snapshots read over REST (a run opened, a job stopped or resumed). */
  track(jobs: Job[]): void;
  /** Counts reconnections, so views can reread what they show after the server came back. */
  reconnects: number;
}

export function useJobs(lang: Lang): JobsApi {
  const [state, dispatch] = useReducer(jobsReducer, initialJobsState);
  const [connection, setConnection] = useState<JobsConnection>("connecting");
  const [reconnects, setReconnects] = useState(0);
  // The handshake's language (errors in acks come back in it); a later switch applies at the next connection.
  const langRef = useRef(lang);
  useEffect(() => {
    langRef.current = lang;
  }, [lang]);

  useEffect(() => {
    const auth: HandshakeAuth = { lang: langRef.current };
    const socket: JobSocket = io({ ...SOCKET_TRANSPORT, auth: { ...auth } });
    // Progress comes a few times a second per job; only the newest per job matters, once a frame.
    let pending = new Map<string, JobProgressEvent>();
    let cancelFlush: (() => void) | undefined;
    const flush = () => {
      cancelFlush = undefined;
      const events = [...pending.values()];
      pending = new Map();
      for (const event of events) dispatch({ type: "jobs:progress", event });
    };

    let connectedBefore = false;
    socket.on("connect", () => {
      setConnection("connected");
      if (connectedBefore) setReconnects((n) => n + 1);
      connectedBefore = true;
      // Rooms do not survive a reconnect: subscribe on every connect, and take the snapshot the ack carries.
      socket.emit("job:subscribe", {}, (result) => {
        if (result.ok) dispatch({ type: "jobs:snapshot", jobs: result.data.jobs });
        else console.warn("job:subscribe refused", result.error);
      });
    });
    socket.on("connect_error", (err) => {
      setConnection("reconnecting");
      // Refused at the handshake for want of a session: back to the login (socket.io does not retry that).
      if (endsSession(socketErrorCode(err))) notifySignedOut();
    });
    socket.on("disconnect", (reason) => {
      setConnection("reconnecting");
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 2_000);
    });
    socket.on("job:status", (event) => {
      pending.delete(event.job.id);
      dispatch({ type: "jobs:snapshot", jobs: [event.job] });
    });
    socket.on("job:progress", (event) => {
      pending.set(event.jobId, event);
      cancelFlush ??= nextFrame(flush);
    });
    return () => {
      cancelFlush?.();
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, []);

  const track = useCallback((jobs: Job[]) => dispatch({ type: "jobs:snapshot", jobs }), []);
  return { state, connection, track, reconnects };
}
