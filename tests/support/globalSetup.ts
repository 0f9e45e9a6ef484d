// Runs once before the test files: builds the client for the browser tests (only where they can run), and gives the
// run a directory where the PostgreSQL and Redis started on first use are described, so that they are stopped at the
// end (tests/support/classServices.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureClientBuilt, hasChromium } from "./browser";
import { stopDescribed, type ServiceRecord } from "./services";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servicesDir = mkdtempSync(path.join(os.tmpdir(), "echochamber-services-"));
  project.provide("servicesDir", servicesDir);
  if (hasChromium) await ensureClientBuilt();
  return async () => {
    for (const name of readdirSync(servicesDir).filter((n) => n.endsWith(".json"))) {
      const record = JSON.parse(readFileSync(path.join(servicesDir, name), "utf8")) as ServiceRecord;
      await stopDescribed(record).catch((err: unknown) =>
        process.stderr.write(`could not stop the test ${record.kind}: ${String(err)}\n`),
      );
    }
    rmSync(servicesDir, { recursive: true, force: true });
  };
}
