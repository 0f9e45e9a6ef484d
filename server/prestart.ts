// Runs before `npm start`: builds the client when client/dist is missing or older than its sources, and
// bundles the server into dist/ (esbuild, ~0.3 s), because Node starts a bundle far faster than tsx
// resolves hundreds of TypeScript modules on every start.
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const clientDir = path.join(root, "client");
const builtIndex = path.join(clientDir, "dist", "index.html");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when the built client is missing or older than any source it is built from. */
export function clientNeedsBuild(): boolean {
  if (!existsSync(builtIndex)) return true;
  const sources = Math.max(
    newestMtime(path.join(clientDir, "src")),
    statSync(path.join(clientDir, "index.html")).mtimeMs,
  );
  return sources > statSync(builtIndex).mtimeMs;
}

/**
 * Builds the client as production whatever NODE_ENV says: under vitest's NODE_ENV=test Vite would bundle
 * React's development build (three times larger, several times slower, not what users get).
 */
export async function buildClient(): Promise<void> {
  const { build } = await import("vite");
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: path.join(clientDir, "vite.config.ts"), logLevel: "warn", mode: "production" });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Bundles the server, the CLI and the worker threads into dist/ with their npm dependencies left as imports. */
export async function bundleServer(): Promise<void> {
  const { build } = await import("esbuild");
  // Start clean: code-split chunk names change with every build and stale ones would pile up.
  rmSync(path.join(root, "dist"), { recursive: true, force: true });
  await build({
    entryPoints: {
      server: path.join(root, "server", "index.ts"),
      cli: path.join(root, "server", "cli", "main.ts"),
      // The corpus page's worker thread (server/corpus/worker/spawn.ts starts it from here).
      corpusWorker: path.join(root, "server", "corpus", "worker", "entry.ts"),
      // The workbench's dictionary thread (server/workbench/lexiconWorker/index.ts starts it from here).
      lexiconWorker: path.join(root, "server", "workbench", "lexiconWorker", "entry.ts"),
    },
    outdir: path.join(root, "dist"),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (clientNeedsBuild()) {
    process.stdout.write("Construiesc interfața (client/dist)…\n");
    await buildClient();
  }
  await bundleServer();
}
