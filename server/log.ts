// A small levelled logger to stderr, one JSON line per entry, and the one redaction of secrets that the logger,
// the provider errors and everything else use, so a configured key never reaches a log line or a client.
import type { Config } from "./config";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "silent">;

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export const SECRET_KEYS = [
  "GOOGLE_API_KEY",
  "OPENAI_API_KEY",
  "OPENROUTER_API_KEY",
  "OPENAI_COMPATIBLE_API_KEY",
] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];
export type Secrets = Partial<Pick<Config, SecretKey>>;

export const REDACTED = "[redactat]";
/** Shorter values are not secrets worth hiding, and replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;

/**
 * Replaces every configured key with "[redactat]", and anything sent as a bearer token or as a `key=` URL
 * parameter too (a key that is not configured here, e.g. echoed by a proxy, is still a key).
 */
export function redact(text: string, secrets: Secrets): string {
  let out = text;
  const values = SECRET_KEYS.map((k) => secrets[k])
    .filter((v): v is string => typeof v === "string" && v.length >= MIN_SECRET_LENGTH)
    // Longest first, so a key that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  for (const value of values) out = out.split(value).join(REDACTED);
  return out
    .replace(/(Bearer\s+)(?!\[redactat\])[A-Za-z0-9._~+/=-]{8,}/g, `$1${REDACTED}`)
    .replace(/([?&]key=)(?!\[redactat\])[^&\s"']+/g, `$1${REDACTED}`);
}

export function errorDetail(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    return { name: err.name, message: err.message, stack: err.stack?.split("\n").slice(0, 6).join("\n") };
  }
  return { value: String(err) };
}

export function createLogger(
  config: Pick<Config, "LOG_LEVEL"> & Secrets,
  write: (line: string) => void = (line) => {
    process.stderr.write(line + "\n");
  },
): Logger {
  const threshold = LEVELS[config.LOG_LEVEL];
  const log = (level: Level, msg: string, data?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return;
    write(redact(JSON.stringify({ t: new Date().toISOString(), level, msg, ...data }), config));
  };
  return {
    debug: (m, d) => log("debug", m, d),
    info: (m, d) => log("info", m, d),
    warn: (m, d) => log("warn", m, d),
    error: (m, d) => log("error", m, d),
  };
}
