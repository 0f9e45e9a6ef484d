// Fake providers for the benchmarks, served from a child process: a real provider is another machine, so its
// work must not share the event loop (or the CPU time) of the app being measured. The parent drives the fakes
// over IPC; scripted replies are plain objects (functions cannot cross a process boundary).
import { fork, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { startFakeOpenAI, type FakeReply, type FakeServer } from "../tests/support/fakeOpenAI";

/** A fake as the parent sees it. */
export interface RemoteFake {
  url: string;
  setDefault(reply: FakeReply): Promise<void>;
  /** Chat requests received so far. */
  requests(): Promise<number>;
}

export interface RemoteFakes {
  /** The scripted OpenAI-compatible fake of the tests (streaming, faults, delays). */
  openai(): Promise<RemoteFake>;
  /** A minimal server that streams one fixed reply `latencyMs` after each request ends, parsing nothing. */
  fixed(reply: string, latencyMs: number): Promise<RemoteFake>;
  close(): Promise<void>;
}

type Command =
  | { op: "openai" }
  | { op: "fixed"; reply: string; latencyMs: number }
  | { op: "setDefault"; fake: number; reply: FakeReply }
  | { op: "requests"; fake: number };

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

async function serveChild(): Promise<void> {
  const hosted: Hosted[] = [];
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
