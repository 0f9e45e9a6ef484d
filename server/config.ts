// Configuration from the environment (and `.env`), validated once at start with one message that lists
// everything wrong. Every variable is documented in .env.example.
import { isIP } from "node:net";
import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { TOPICS } from "../contract/annotation";
import { ATTACHMENT_CHARS } from "../contract/attachments";
import { AUTH_MODES } from "../contract/auth";
import { SETTING_DEFAULTS, TEMPERATURE_RANGE, TOP_K_RANGE } from "../contract/settings";

const modelId = z
  .string()
  .trim()
  .regex(/^[a-z-]+:.+$/, "must look like provider:model, e.g. offline:extractive");

const optionalUrl = z
  .string()
  .trim()
  .url()
  .optional()
  .or(z.literal("").transform(() => undefined));
const intFrom = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

/** A comma-separated list of model ids ("" is none). */
const modelList = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(modelId));

/** A comma-separated list of origins (scheme://host[:port], nothing after). */
const originList = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim().replace(/\/$/, ""))
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().refine((o) => {
        try {
          return new URL(o).origin === o;
        } catch {
          return false;
        }
      }, "each origin is scheme://host[:port], e.g. https://clasa.example.ro"),
    ),
  );

/** Names Express's "trust proxy" knows for address ranges. */
const PROXY_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** An address or range Express can trust: a named range, an IP address, or one with a prefix length (10.0.0.0/8). */
function trustedAddress(entry: string): boolean {
  if (PROXY_RANGES.has(entry.toLowerCase())) return true;
  const [address, bits, extra] = entry.split("/");
  const family = isIP(address ?? "");
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Express's "trust proxy": false, true, a number of hops, or addresses ("loopback", "10.0.0.1"). */
const trustProxy = z
  .string()
  .default("false")
  .refine((s) => {
    const v = s.trim().toLowerCase();
    if (["false", "true", ""].includes(v) || /^\d+$/.test(v)) return true;
    return v.split(",").every((entry) => trustedAddress(entry.trim()));
  }, "true, false, a number of proxies, or addresses and ranges separated by commas (loopback, 10.0.0.0/8, 192.168.1.5)")
  .transform((s): boolean | number | string => {
    const v = s.trim().toLowerCase();
    if (v === "false" || v === "0" || v === "") return false;
    if (v === "true") return true;
    return /^\d+$/.test(v) ? Number(v) : s.trim();
  });

/** Rate limits: unset means the mode's default (off without accounts, on with them); 0 switches a limit off. */
const perMinute = z.coerce.number().int().min(0).max(100_000).optional();

const RawConfigSchema = z.object({
  PORT: intFrom(8000, 0, 65535),
  HOST: z.string().default("127.0.0.1"),
  CORPUS_DIR: z.string().default("corpus"),
  DATA_DIR: z.string().default("data"),
  MODEL_PRIMARY: modelId.default("offline:extractive"),
  MODEL_FALLBACK: modelList,
  TEMPERATURE: z.coerce
    .number()
    .min(TEMPERATURE_RANGE.min)
    .max(TEMPERATURE_RANGE.max)
    .default(SETTING_DEFAULTS.temperature),
  TOP_K: intFrom(SETTING_DEFAULTS.topK, TOP_K_RANGE.min, TOP_K_RANGE.max),
  EMBEDDINGS: modelId.default("offline:hash"),
  MAX_MESSAGE_CHARS: intFrom(4000, 10, 200_000),
  ATTACHMENT_MAX_CHARS: intFrom(ATTACHMENT_CHARS.default, ATTACHMENT_CHARS.min, ATTACHMENT_CHARS.max),
  MODEL_TIMEOUT_MS: intFrom(60_000, 100, 600_000),
  FIRST_TOKEN_TIMEOUT_MS: intFrom(15_000, 50, 600_000),
  ANNOTATION_TIMEOUT_MS: intFrom(30_000, 100, 600_000),
  EMBEDDING_TIMEOUT_MS: intFrom(20_000, 100, 600_000),
  OFFLINE_STREAM_DELAY_MS: intFrom(0, 0, 1000),
  GOOGLE_API_KEY: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENROUTER_API_KEY: z.string().optional(),
  OPENAI_COMPATIBLE_API_KEY: z.string().optional(),
  GOOGLE_GENAI_BASE_URL: optionalUrl,
  OPENAI_BASE_URL: optionalUrl,
  OPENROUTER_BASE_URL: optionalUrl,
  OLLAMA_BASE_URL: optionalUrl,
  OPENAI_COMPATIBLE_BASE_URL: optionalUrl,
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /**
   * The command line's language when --lang is not given. Checked by server/cli/lang.ts alone, before the rest: here
   * any value passes, so that a wrong one neither stops the web server (which does not read it) nor a command whose
   * --lang overrides it.
   */
  CLI_LANG: z.string().optional(),
  // Grounded answers, judges and draft → refine (docs/grounding.md, docs/compare.md).
  GROUNDING_JUDGE: modelId.optional(),
  GROUNDING_JUDGE_TIMEOUT_MS: intFrom(20_000, 100, 600_000),
  RUBRIC_JUDGE: modelList,
  DRAFT_MODEL: modelId.optional(),
  REFINE_MODEL: modelId.optional(),
  REFINE_MAX_DRAFT_WORDS: intFrom(150, 1, 100_000),
  REFINE_MIN_GROUNDING: z.coerce.number().min(0).max(1).default(0.75),
  REFINE_TOPICS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(TOPICS))),
  // The annotation workbench (docs/workbench.md).
  WORKBENCH_MAX_UPLOAD_MB: intFrom(200, 1, 10_000),
  WORKBENCH_MAX_ROWS: intFrom(200_000, 1, 10_000_000),
  WORKBENCH_CONCURRENCY: intFrom(4, 1, 64),
  WORKBENCH_MAX_JOBS: intFrom(2, 1, 16),
  WORKBENCH_JOB_STALE_MS: intFrom(15_000, 300, 600_000),
  WORKBENCH_WORKER_NICE: intFrom(10, 0, 19),
  // The corpus page (docs/corpus-pipeline.md, "The corpus page").
  CORPUS_MAX_UPLOAD_MB: intFrom(500, 1, 100_000),
  CORPUS_FEED_TIMEOUT_MS: intFrom(15_000, 100, 300_000),
  CORPUS_FEED_MAX_MB: intFrom(20, 1, 1000),
  CORPUS_WORKER_NICE: intFrom(10, 0, 19),
  // Access and limits (docs/access.md).
  AUTH: z.enum(AUTH_MODES).default("off"),
  AUTH_CODE: z.string().trim().min(6, "at least 6 characters").max(200).optional(),
  SESSION_SECRET: z.string().min(32, "at least 32 characters (e.g. `openssl rand -hex 32`)").optional(),
  SESSION_MAX_AGE_HOURS: intFrom(12, 1, 24 * 90),
  TRUST_PROXY: trustProxy,
  ALLOWED_ORIGINS: originList,
  RATE_LIMIT_CHAT_PER_MIN: perMinute,
  RATE_LIMIT_API_PER_MIN: perMinute,
  /** Login attempts from one address in 15 minutes before it waits (a class behind one NAT shares it). */
  LOGIN_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(100),
  DAILY_BUDGET_USD: z.coerce.number().min(0).max(1_000_000).default(0),
  DAILY_BUDGET_TOKENS: z.coerce.number().int().min(0).max(1e12).default(0),
  // A class deployment (docs/deploy.md): PostgreSQL for every store, Redis between instances.
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATABASE_POOL_SIZE: intFrom(20, 1, 500),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional(),
  /** Prefix of every Redis key and channel, so that several deployments (or tests) can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "letters, digits and _ . : - only")
    .default("echochamber"),
  /**
   * How an instance's own sockets get their events with REDIS_URL: "local-first" (./cluster/localFirst.ts: without
   * waiting for a Redis that does not answer), or "through-redis", the Redis streams adapter as it comes (every event
   * waits for Redis to store it; the baseline `npm run bench:cluster -- --setups single,shared,through-redis` runs).
   */
  REDIS_SOCKET_EVENTS: z.enum(["local-first", "through-redis"]).default("local-first"),
  /**
   * An instance whose heartbeat is older than this is gone: the chat answers it was streaming (PostgreSQL, marked by
   * the other instances' heartbeats; SQLite marks every streaming answer at start instead) and the model comparisons it
   * was running (SQLite or PostgreSQL, when read or at start; docs/compare.md) are marked interrupted. Heartbeats come
   * every third of it. Workbench jobs have their own limit, WORKBENCH_JOB_STALE_MS (they are taken over, not ended).
   */
  INSTANCE_STALE_MS: intFrom(15_000, 300, 600_000),
  /**
   * How often (ms) a server looks for an index rebuilt under it (`npm run cli -- index` in the shared CORPUS_DIR) and
   * swaps it in; 0: never (the index read at start is served until a restart).
   */
  INDEX_WATCH_MS: intFrom(5_000, 0, 3_600_000),
});

/** Every variable the server reads (the README and .env.example list each one: tests/unit/configDocs.test.ts). */
export const CONFIG_KEYS = Object.keys(RawConfigSchema.shape);

/** The rate limits that apply when accounts are on and the variable is unset. */
export const DEFAULT_RATE_LIMITS = { chat: 20, api: 60 } as const;

export const ConfigSchema = RawConfigSchema.superRefine((c, ctx) => {
  if (c.AUTH === "code" && !c.AUTH_CODE)
    ctx.addIssue({ code: "custom", path: ["AUTH_CODE"], message: "required when AUTH=code" });
}).transform((c) => {
  const on = c.AUTH !== "off";
  return {
    ...c,
    RATE_LIMIT_CHAT_PER_MIN: c.RATE_LIMIT_CHAT_PER_MIN ?? (on ? DEFAULT_RATE_LIMITS.chat : 0),
    RATE_LIMIT_API_PER_MIN: c.RATE_LIMIT_API_PER_MIN ?? (on ? DEFAULT_RATE_LIMITS.api : 0),
  };
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configurație invalidă / invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment into a Config; throws one ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings in .env mean "not set", as most dotenv users expect.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = ConfigSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`));
  }
  return result.data;
}

/** Loads `.env` from the working directory when present (real environment variables win), then parses. */
export function loadConfig(envFile = ".env"): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env);
}

/** Paths derived from the config: where the corpus, its index and the database live. */
export function corpusPaths(config: Pick<Config, "CORPUS_DIR">) {
  const root = path.resolve(config.CORPUS_DIR);
  return {
    root,
    raw: path.join(root, "raw"),
    cleaned: path.join(root, "cleaned"),
    index: path.join(root, "index"),
  };
}
