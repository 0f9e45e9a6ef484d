// A stand-in for the workbench's server side, for measuring the page alone (bench/workbenchUi.ts) and for looking
// at it (`npx tsx bench/workbenchUiFake.ts` serves it on a printed port): the built client, the REST routes the
// "Adnotare" page reads (workbenchUiFakeRoutes.ts) over a generated 10,000-row run of two models × two repeats
// (workbenchUiFakeData.ts), and `job:progress` events at a chosen rate. Not the real server — its answers are
// plausible, not computed (agreement figures are made up).
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { Server } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "../contract/protocol";
import { CLIENT_DIR } from "../tests/support/server";
import { createFakeRun, FAKE_DATASET, FAKE_RUN, JOB } from "./workbenchUiFakeData";
import { fakeRoutes } from "./workbenchUiFakeRoutes";

export { FAKE_DATASET, FAKE_RUN };

export interface FakeWorkbench {
  url: string;
  rows: number;
  /** Starts `job:progress` events at `perSecond` (the run goes from `done` towards its total); 0 stops them. */
  progress(perSecond: number): void;
  close(): Promise<void>;
}

export async function startFakeWorkbench(rows = 10_000): Promise<FakeWorkbench> {
  const fake = createFakeRun(rows);
  const { job, now } = fake;
  const routes = fakeRoutes(fake);

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
        fake.advance(4);
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
