// The other side of the wire for the benchmarks, in a child process: fake providers and a socket.io chat client.
// A real provider and a real browser are other machines, so their work must not share the event loop (or the CPU
// time) of the app being measured. The parent drives the child over IPC; scripted replies are plain objects
// (functions cannot cross a process boundary).
import { fork, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../contract/protocol";
import { startFakeOpenAI, type FakeReply, type FakeServer } from "../tests/support/fakeOpenAI";

/** A fake as the parent sees it. */
export interface RemoteFake {
  url: string;
  setDefault(reply: FakeReply): Promise<void>;
  /** Chat requests received so far. */
  requests(): Promise<number>;
}

/** One chat turn as the client saw it, in milliseconds from its `chat:send`. */
export interface ClientTurn {
  ttft: number;
  /** Until `chat:done`. */
  total: number;
  /** From the answer's error step to the first token, when a model failed. */
  failureToToken: number | null;
  /** The reasons of every fallback, in the order they happened (either branch). */
  fallbacks: string[];
  /** The annotation's own time, as `chat:done` reports it (the model that annotated). */
  annotateMs: number;
  /** How long the annotate branch's failed model took before it was given up, when one failed. */
  annotateFailedMs: number | null;
  /** The documents the answer cited as sources (their ids). */
  sources: string[];
}

/** A socket.io chat client in the child process. */
export interface RemoteClient {
  turn(text: string, model?: string): Promise<ClientTurn>;
}

export interface RemoteFakes {
  /** The scripted OpenAI-compatible fake of the tests (streaming, faults, delays). */
  openai(): Promise<RemoteFake>;
  /** A minimal server that streams one fixed reply `latencyMs` after each request ends, parsing nothing. */
  fixed(reply: string, latencyMs: number): Promise<RemoteFake>;
  /** A chat client connected over websocket to the app at `url`. */
  client(url: string): Promise<RemoteClient>;
  close(): Promise<void>;
}

type Command =
  | { op: "openai" }
  | { op: "fixed"; reply: string; latencyMs: number }
  | { op: "setDefault"; fake: number; reply: FakeReply }
  | { op: "requests"; fake: number }
  | { op: "connect"; url: string }
  | { op: "turn"; client: number; text: string; model?: string };

type Request = Command & { id: number };
type Response = { id: number; result?: unknown; error?: string };

// ---- The parent's side ----------------------------------------------------------------------------------------

export async function startRemoteFakes(): Promise<RemoteFakes> {
  // Run under tsx, the child inherits its loader through execArgv.
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ["--child"], { stdio: "inherit" });
  let nextId = 0;
  const waiting = new Map<number, (r: Response) => void>();
  child.on("message", (message: Response) => {
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  const call = <T>(command: Command): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, (r) => (r.error ? reject(new Error(r.error)) : resolve(r.result as T)));
      child.send({ ...command, id } satisfies Request);
    });
  const remote = async (command: Command): Promise<RemoteFake> => {
    const { fake, url } = await call<{ fake: number; url: string }>(command);
    return {
      url,
      setDefault: (reply) => call<void>({ op: "setDefault", fake, reply }),
      requests: () => call<number>({ op: "requests", fake }),
    };
  };
  return {
    openai: () => remote({ op: "openai" }),
    fixed: (reply, latencyMs) => remote({ op: "fixed", reply, latencyMs }),
    client: async (url) => {
      const client = await call<number>({ op: "connect", url });
      return { turn: (text, model) => call<ClientTurn>({ op: "turn", client, text, model }) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

// ---- The child's side -----------------------------------------------------------------------------------------

interface Hosted {
  url: string;
  setDefault(reply: FakeReply): void;
  requests(): number;
}

async function startFixed(reply: string, latencyMs: number): Promise<Hosted> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      requests++;
      setTimeout(() => {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        res.end(reply);
      }, latencyMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, setDefault: () => {}, requests: () => requests };
}

function fromScripted(fake: FakeServer): Hosted {
  return {
    url: fake.url,
    setDefault: (reply) => fake.setDefault(reply),
    requests: () => fake.requests.filter((r) => r.path.includes("chat/completions")).length,
  };
}

type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

async function connectClient(url: string): Promise<ChatClient> {
  const socket: ChatClient = connect(url, { transports: ["websocket"] });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return socket;
}

/** Sends one message and times the turn as the client sees it, up to `chat:done`. */
function clientTurn(socket: ChatClient, text: string, model?: string): Promise<ClientTurn> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let ttft = NaN;
    let failedAt: number | null = null;
    let sources: string[] = [];
    const onStep: ServerToClientEvents["chat:step"] = (e) => {
      if (e.step === "answer" && e.status === "error") failedAt = performance.now();
    };
    const onSources: ServerToClientEvents["chat:sources"] = (e) => {
      sources = e.sources.map((s) => s.docId);
    };
    const onToken = () => {
      if (Number.isNaN(ttft)) ttft = performance.now();
    };
    socket.on("chat:step", onStep);
    socket.on("chat:token", onToken);
    socket.on("chat:sources", onSources);
    socket.once("chat:error", (e) => reject(new Error(e.message)));
    socket.once("chat:done", (done) => {
      socket.off("chat:step", onStep);
      socket.off("chat:token", onToken);
      socket.off("chat:sources", onSources);
      resolve({
        ttft: ttft - t0,
        total: performance.now() - t0,
        failureToToken: failedAt === null ? null : ttft - failedAt,
        fallbacks: done.fallbacks.map((f) => f.reason),
        annotateMs: done.timings.annotateMs,
        annotateFailedMs: done.fallbacks.find((f) => f.node === "annotate")?.ms ?? null,
        sources,
      });
    });
    socket.emit("chat:send", { text, settings: model ? { model } : undefined }, (ack) => {
      if (!ack.ok) reject(new Error(ack.error.message));
    });
  });
}

async function serveChild(): Promise<void> {
  const hosted: Hosted[] = [];
  const clients: ChatClient[] = [];
  const handle = async (command: Command): Promise<unknown> => {
    switch (command.op) {
      case "openai":
      case "fixed": {
        const fake =
          command.op === "openai"
            ? fromScripted(await startFakeOpenAI())
            : await startFixed(command.reply, command.latencyMs);
        hosted.push(fake);
        return { fake: hosted.length - 1, url: fake.url };
      }
      case "setDefault":
        return hosted[command.fake]!.setDefault(command.reply);
      case "requests":
        return hosted[command.fake]!.requests();
      case "connect":
        clients.push(await connectClient(command.url));
        return clients.length - 1;
      case "turn":
        return clientTurn(clients[command.client]!, command.text, command.model);
    }
  };
  process.on("message", (message: Request) => {
    handle(message).then(
      (result) => process.send!({ id: message.id, result } satisfies Response),
      (err: unknown) => process.send!({ id: message.id, error: String(err) } satisfies Response),
    );
  });
  // Gone with the parent, however it ended.
  process.on("disconnect", () => process.exit(0));
  process.on("SIGTERM", () => process.exit(0));
}

if (process.argv.includes("--child") && process.send) void serveChild();
