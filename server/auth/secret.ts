// The secret that signs session cookies: SESSION_SECRET when set; otherwise one generated once and kept in
// DATA_DIR/session-secret (readable by its owner only), so that a single server keeps its sessions across restarts
// without any setup. Several instances behind a load balancer must share SESSION_SECRET (docs/access.md).
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config";
import type { Logger } from "../log";

export const SECRET_FILE = "session-secret";

export function sessionSecret(config: Pick<Config, "SESSION_SECRET" | "DATA_DIR">, logger: Logger): string {
  if (config.SESSION_SECRET) return config.SESSION_SECRET;
  const dir = path.resolve(config.DATA_DIR);
  const file = path.join(dir, SECRET_FILE);
  try {
    const kept = readFileSync(file, "utf8").trim();
    if (kept.length >= 32) return kept;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  logger.warn(
    "SESSION_SECRET is not set: generated one and kept it in DATA_DIR (set it for several instances)",
    {
      file,
    },
  );
  return secret;
}
