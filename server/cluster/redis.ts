// Redis between the instances of a class deployment (REDIS_URL): one connection for commands, from which the socket.io
// adapter duplicates its own readers, and the adapter itself. The streams variant of socket.io's Redis adapter: the app
// keeps socket.io's connection state recovery on (a client that drops for a moment gets the missed tokens), which only
// the streams adapter supports among the Redis ones, and a stream also survives a short loss of Redis without losing
// packets (the pub/sub adapter loses what was published meanwhile). docs/deploy.md says more.
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import type { Config } from "../config";
import { LATE, settleWithin } from "../../contract/abort";
import { errorDetail, type Logger } from "../log";
import { localFirst } from "./localFirst";
import { errorSummary, redactUrl, ServiceUnreachable } from "../startupErrors";

export type RedisClient = ReturnType<typeof createClient>;

/**
 * Entries the socket.io stream keeps (trimmed approximately): how far back a reconnecting client can recover what it
 * missed. With every emit in the stream (recovery on), 100,000 entries are tens of seconds of a busy class at ~200
 * bytes each (~20 MB); a client that was away longer reads the stored answer instead, as after a restart.
 */
export const STREAM_MAX_LEN = 100_000;

export interface RedisLink {
  client: RedisClient;
  /**
   * socket.io's adapter over Redis streams, with this deployment's prefix; local sockets never wait for an absent Redis
   * (unless REDIS_SOCKET_EVENTS=through-redis).
   */
  adapter: ReturnType<typeof localFirst> | ReturnType<typeof createAdapter>;
  /** A key or channel name under REDIS_PREFIX. */
  key(name: string): string;
  close(): Promise<void>;
}

export async function openRedis(config: Config, logger: Logger): Promise<RedisLink> {
  const url = config.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set");
  const prefix = config.REDIS_PREFIX;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 10_000,
      // Reconnect with a growing pause (at most 2 s); commands wait in the client's queue meanwhile.
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000),
    },
  });
  let lastError = 0;
  client.on("error", (err: unknown) => {
    // A lost connection errors on every retry: say it at most every 10 s.
    if (Date.now() - lastError < 10_000) return;
    lastError = Date.now();
    logger.warn("redis: connection error", errorDetail(err));
  });
  await connectAtStart(client, url);
  const key = (name: string) => `${prefix}:${name}`;
  const streams = createAdapter(client, {
    streamName: key("socket.io"),
    channelPrefix: key("socket.io"),
    sessionKeyPrefix: key("sio:session:"),
    maxLen: STREAM_MAX_LEN,
    // A closing instance's stream reader notices within this (its blocking read returns).
    blockTimeInMs: 2000,
    // Our payloads are JSON, never binary: no scan for buffers on every emit.
    onlyPlaintext: true,
  });
  // With Redis away, this instance's own clients still get their events at once (./localFirst.ts).
  const adapter =
    config.REDIS_SOCKET_EVENTS === "local-first" ? localFirst(streams, client, logger) : streams;
  return {
    client,
    adapter,
    key,
    async close() {
      if (client.isOpen) await client.quit();
    },
  };
}

/** How long a starting instance waits for Redis before it gives up, saying so. */
const START_WAIT_MS = 15_000;

/**
 * Connects, or fails with a message naming REDIS_URL: the client retries for ever (right for a running instance, whose
 * commands wait through a Redis restart), which would leave a starting one hanging with no port open.
 */
async function connectAtStart(client: RedisClient, url: string): Promise<void> {
  let lastError: unknown = new Error(`no answer in ${START_WAIT_MS / 1000} s`);
  const noteError = (err: unknown) => (lastError = err);
  client.on("error", noteError);
  try {
    if ((await settleWithin(client.connect(), START_WAIT_MS)) === LATE) throw lastError;
  } catch (err) {
    client.destroy();
    throw new ServiceUnreachable("REDIS_URL", redactUrl(url), errorSummary(err));
  } finally {
    client.off("error", noteError);
  }
}
