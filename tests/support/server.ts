// Starts the real app (real SQLite file, real hnswlib index over a corpus in a temp dir) on port 0, and
// gives typed socket.io clients for it.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { createApp, type RunningApp } from "../../server/app";
import { openRuntime } from "../../server/bootstrap";
import type { Config } from "../../server/config";
import type { LimiterFactory } from "../../server/limits/store";
import type { ModelGateway } from "../../server/models/gateway";
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from "../../contract/protocol";
import { openCheckpointer } from "../../server/storage/checkpointer";
import { SqliteStorage } from "../../server/storage/sqlite";
import { Workbench, type WorkbenchOptions } from "../../server/workbench/service";
import { testConfig } from "./fixtures";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  app: RunningApp;
  url: string;
  config: Config;
  dir: string;
  connect(lang?: "ro" | "en"): Promise<TestSocket>;
  close(): Promise<void>;
}

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

/** A copy of the shipped corpus in a temp dir, so tests never touch corpus/index of the checkout. */
export function tempCorpus(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-test-"));
  cpSync(path.join(REPO, "corpus", "cleaned"), path.join(dir, "corpus", "cleaned"), { recursive: true });
  return dir;
}

export const CLIENT_DIR = path.join(REPO, "client", "dist");

export interface TestServerOptions {
  clientDir?: string;
  /** A gateway of the test's own (e.g. one that gives each branch its own primary). */
  gateway?: (config: Config) => ModelGateway;
  /** Listen on this port (a restarted server takes its predecessor's, so open pages reconnect); 0 by default. */
  port?: number;
  /** close() leaves the temp dir (data, corpus) for a server started after it on the same dir. */
  keepDir?: boolean;
  /** Where limits count (e.g. with a window of seconds instead of a minute). */
  limiters?: LimiterFactory;
  /** Makes the workbench before the app and hands it in, as `npm start` does (server/index.ts). */
  workbenchFirst?: boolean;
  /** The workbench's stores (e.g. PostgreSQL's, from openStores): the workbench is then made first on them. */
  workbenchStores?: WorkbenchOptions["stores"];
  /** Services `/api/health` checks (server/index.ts passes PostgreSQL's and Redis's). */
  healthChecks?: Record<string, () => Promise<unknown>>;
  /** How long close() lets running requests finish (the app's default otherwise). */
  httpCloseGraceMs?: number;
}

export async function startTestServer(
  env: Record<string, string> = {},
  dir = tempCorpus(),
  options: TestServerOptions = {},
): Promise<TestServer> {
  const config = testConfig({
    PORT: "0",
    CORPUS_DIR: path.join(dir, "corpus"),
    DATA_DIR: path.join(dir, "data"),
    ...env,
  });
  // As `npm start` opens it (server/index.ts): an index that cannot be read is served as such, the app starts.
  const runtime = await openRuntime({ config, buildIfMissing: true, unreadableIndex: "serve" });
  const storage = new SqliteStorage(path.join(dir, "data", "echochamber.db"));
  const checkpointer = openCheckpointer(path.join(dir, "data"));
  const gateway = options.gateway?.(config) ?? runtime.gateway;
  const app = createApp({
    ...runtime,
    gateway,
    storage,
    checkpointer,
    clientDir: options.clientDir,
    limiters: options.limiters,
    healthChecks: options.healthChecks,
    httpCloseGraceMs: options.httpCloseGraceMs,
    workbench:
      options.workbenchFirst || options.workbenchStores
        ? new Workbench({ config, logger: runtime.logger, gateway, stores: options.workbenchStores })
        : undefined,
  });
  try {
    await listen(app, options.port ?? 0);
  } catch (err) {
    await app.close();
    await storage.close();
    throw err;
  }
  const url = `http://127.0.0.1:${app.port()}`;
  const sockets: TestSocket[] = [];
  return {
    app,
    url,
    config,
    dir,
    async connect(lang = "ro") {
      const socket: TestSocket = connect(url, {
        auth: { lang },
        transports: ["websocket"],
        reconnection: false,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      return socket;
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await app.close();
      await storage.close();
      if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Listens on the port; a port that is taken (a restarted server's, which another test's connection may hold for a
 * moment) is tried again a few times, then the error is thrown instead of waiting for a "listening" that never comes.
 */
async function listen(app: RunningApp, port: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        app.http.once("error", reject);
        app.http.listen(port, "127.0.0.1", () => {
          app.http.off("error", reject);
          resolve();
        });
      });
      return;
    } catch (err) {
      if (port === 0 || attempt >= 20 || (err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export function send(
  socket: TestSocket,
  payload: Parameters<ClientToServerEvents["chat:send"]>[0],
): Promise<AckResult<{ threadId: string; messageId: string }>> {
  return new Promise((resolve) => socket.emit("chat:send", payload, resolve));
}

export interface RecordedEvent {
  event: keyof ServerToClientEvents;
  payload: { messageId?: string } & Record<string, unknown>;
}

/** Records every server event in arrival order until `chat:done` or `chat:error` for a message arrives. */
export function record(socket: TestSocket): { events: RecordedEvent[]; finished: Promise<RecordedEvent[]> } {
  const events: RecordedEvent[] = [];
  const finished = new Promise<RecordedEvent[]>((resolve) => {
    socket.onAny((event: keyof ServerToClientEvents, payload: RecordedEvent["payload"]) => {
      events.push({ event, payload });
      if (event === "chat:done" || (event === "chat:error" && payload.messageId)) resolve(events);
    });
  });
  return { events, finished };
}
