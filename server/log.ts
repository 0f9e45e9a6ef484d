// A small levelled logger to stderr, one JSON line per entry, with configured secrets redacted.
import type { Config } from "./config";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "silent">;

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

const SECRET_KEYS = ["GOOGLE_API_KEY", "OPENAI_API_KEY", "OPENROUTER_API_KEY", "OPENAI_COMPATIBLE_API_KEY"] as const;

/** Replaces every configured secret in a string with a marker, so a key never reaches a log or a client. */
export function redact(text: string, config: Partial<Pick<Config, (typeof SECRET_KEYS)[number]>>): string {
  let out = text;
  for (const key of SECRET_KEYS) {
    const secret = config[key];
    if (secret && secret.length >= 4) out = out.split(secret).join("[redactat]");
  }
  return out;
}

export function errorDetail(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack?.split("\n").slice(0, 6).join("\n") };
  return { value: String(err) };
}

export function createLogger(config: Pick<Config, "LOG_LEVEL"> & Partial<Config>, write = (line: string) => process.stderr.write(line + "\n")): Logger {
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
