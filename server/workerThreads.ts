// What the server's worker threads share: where a thread's code is (under `npm start` the server is a bundle and
// each worker is a sibling bundle in dist/, built by server/prestart.ts; under tsx and vitest the sources are
// TypeScript, and the worker registers tsx's loader before it imports its entry), and how a thread gives way to the
// chat on busy cores.
import { createRequire } from "node:module";
import { setPriority } from "node:os";
import { pathToFileURL } from "node:url";

/**
 * The script for `new Worker(…)`: `bundle` (e.g. "corpusWorker.mjs") next to the running bundle, or `entry` (a
 * TypeScript file, relative to `callerUrl`) behind tsx's loader when the caller itself runs from source.
 */
export function workerScript(callerUrl: string, bundle: string, entry: string): URL {
  if (!callerUrl.endsWith(".ts")) return new URL(`./${bundle}`, callerUrl);
  const require = createRequire(callerUrl);
  const tsxApi = pathToFileURL(
    require.resolve("tsx/package.json").replace(/package\.json$/, "dist/esm/api/index.mjs"),
  );
  const entryUrl = new URL(entry, callerUrl);
  const source = `const { register } = await import(${JSON.stringify(tsxApi.href)}); register(); await import(${JSON.stringify(entryUrl.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

/**
 * Lowers the calling thread's scheduling priority (a nice value, 0–19). On Linux the nice value belongs to a thread,
 * not to the process: a worker (and the threads it starts, which inherit it) gives way to the main thread whenever
 * the cores are busy, so a chat turn does not queue behind its work. Elsewhere it would lower the whole process, so
 * it is left alone there.
 */
export function yieldToTheChat(nice: number): void {
  if (process.platform !== "linux" || nice <= 0) return;
  try {
    setPriority(nice);
  } catch {
    // Not allowed here (a container's policy): the work still runs, at normal priority.
  }
}
