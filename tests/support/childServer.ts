// Runs the real server (`server/index.ts`, as `npm start` does) in a child process, so that a test can kill it for
// real (SIGKILL: no shutdown handler runs, nothing is flushed) and start it again on the same data and port.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const READY = /rulează pe (http:\/\/\S+)/;

export interface ChildServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** What it printed so far, stdout and stderr as they came. */
  output(): string;
  /** Kills the process with the signal and resolves once it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ChildServerOptions {
  /** What node runs: `server/index.ts` through tsx by default; bench:cluster runs the bundle (dist/server.mjs). */
  nodeArgs?: string[];
  /** Write the server's stderr through to this process's as it comes (a benchmark's log). */
  echoStderr?: boolean;
}

/**
 * Starts `server/index.ts` with the corpus and data of `dir` and the given environment (PORT 0 unless given);
 * resolves when it listens. Its .env is ignored where the environment sets a value.
 */
export async function startChildServer(
  dir: string,
  env: Record<string, string> = {},
  options: ChildServerOptions = {},
): Promise<ChildServer> {
  const child = spawn(process.execPath, options.nodeArgs ?? ["--import", "tsx", "server/index.ts"], {
    cwd: REPO,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      CORPUS_DIR: path.join(dir, "corpus"),
      DATA_DIR: path.join(dir, "data"),
      MODEL_PRIMARY: "offline:extractive",
      MODEL_FALLBACK: "",
      EMBEDDINGS: "offline:hash",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 60_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = READY.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    if (options.echoStderr) child.stderr?.on("data", (data: Buffer) => process.stderr.write(data));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it listened:\n${output}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    output: () => output,
    async kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
