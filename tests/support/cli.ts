// A CLI command run inside a test, as `npm run cli -- …` runs it: the variables it reads set for the run (CORPUS_DIR,
// LOG_LEVEL…) and put back after, what it prints on console.log and console.error caught, and its exit code.
import { vi } from "vitest";

export interface CommandRun {
  code: number;
  /** console.log's lines, joined by "\n". */
  out: string;
  /** console.error's lines, joined by "\n". */
  err: string;
}

export async function runCommand(
  command: { run(argv: string[]): Promise<number> },
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi
    .spyOn(console, "log")
    .mockImplementation((...args: unknown[]) => void out.push(args.join(" ")));
  const error = vi
    .spyOn(console, "error")
    .mockImplementation((...args: unknown[]) => void err.push(args.join(" ")));
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    return { code: await command.run(argv), out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
