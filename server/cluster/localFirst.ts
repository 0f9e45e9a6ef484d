// Events for this instance's own sockets do not wait for Redis. With connection state recovery on, socket.io sends
// even `socket.emit` through the adapter's broadcast, and socket.io's ClusterAdapter (which the Redis streams adapter
// extends) delivers to local sockets only once Redis has stored the packet, so that the packet carries its stream
// offset: with Redis away, a chat's tokens waited for it. Here local delivery waits for Redis only while Redis
// answers promptly; when it does not, the instance delivers at once and publishes in the background, within a bound.
import type { BroadcastOptions } from "socket.io-adapter";
import type { createAdapter } from "@socket.io/redis-streams-adapter";
import { LATE, settleWithin } from "../../contract/abort";
import type { Logger } from "../log";

type StreamsAdapter = ReturnType<ReturnType<typeof createAdapter>>;
/** A socket.io packet as the adapter sees it. */
interface Packet {
  type: number;
  data: unknown[];
  id?: number;
  nsp?: string;
}

/** How long a local delivery waits for Redis to store its packet before the instance stops waiting for Redis. */
export const REDIS_WAIT_MS = 250;
/**
 * Publications Redis has not answered yet, at most. Past this (a long outage: ~20 MB of queued commands), events are
 * still delivered to this instance's sockets but not published: other instances never get them.
 */
export const MAX_UNANSWERED = 10_000;
/**
 * While Redis is away, the instance asks whether it is back with one PING at a time: it waits for its answer (queued
 * while the connection is down, or held by a frozen Redis), and after a PING that failed asks again after this.
 */
const PROBE_MS = 1000;
/** How long a reconnecting client's session is looked for in Redis before it is given a new one. */
const RESTORE_WAIT_MS = 2000;
/** How long the count of instances is waited for while Redis seems up (socket.io waits as long for their replies). */
const PEERS_WAIT_MS = 5000;
/** socket.io-adapter's MessageType.BROADCAST. */
const BROADCAST = 3;
/** socket.io-parser's PacketType.EVENT. */
const EVENT = 2;
/**
 * The offset given to an event delivered before (or without) Redis storing it: not a stream entry, so a client whose
 * last event carries it is not recovered after a disconnection (it reads the stored answer, as after a restart),
 * instead of being replayed, from the offset before, packets it already has.
 */
export const NO_OFFSET = "0-0";

/** What this adapter asks of the Redis connection (node-redis's client): whether it is up, and a PING. */
export interface RedisLink {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  ping(): Promise<unknown>;
}

/** The part of socket.io's ClusterAdapter used here (protected in its types; the Redis streams adapter implements it). */
interface Publisher {
  publishAndReturnOffset(message: {
    type: typeof BROADCAST;
    data: { packet: Packet; opts: { rooms: string[]; except: string[]; flags: BroadcastOptions["flags"] } };
  }): Promise<string>;
}

interface Waiting {
  packet: Packet;
  opts: BroadcastOptions;
  /** Redis answered (with the offset, or with an error: undefined). */
  settled: boolean;
  offset?: string;
  since: number;
}

/**
 * Wraps the Redis streams adapter's factory: each namespace's adapter delivers to local sockets without waiting for
 * an absent Redis. While Redis answers, nothing changes: a packet is stored in the stream, then delivered here with
 * its offset, in order. Once a delivery has waited REDIS_WAIT_MS, or the client has lost its connection, the instance
 * is "away": what waits is delivered at once (with NO_OFFSET), and so is every later packet, published in the
 * background for the other instances (skipped when its only recipients are this instance's sockets, as a chat's
 * `socket.emit` is), at most MAX_UNANSWERED unanswered. A PING answered means Redis is back, after every command
 * sent before it (one connection keeps the order): packets wait for their offsets again.
 */
export function localFirst(
  factory: ReturnType<typeof createAdapter>,
  client: RedisLink,
  logger: Logger,
): (nsp: unknown) => StreamsAdapter {
  // A function, not an arrow: socket.io calls the adapter factory with `new` (an object returned is the result).
  return function localFirstAdapter(nsp: unknown) {
    const adapter = factory(nsp);
    const deliverHere = adapter.broadcast.bind(adapter);
    const publisher = adapter as unknown as Publisher;
    const recovery = Boolean(
      (adapter.nsp.server.opts as { connectionStateRecovery?: unknown }).connectionStateRecovery,
    );
    const waiting: Waiting[] = [];
    let away = false;
    let unanswered = 0;
    let dropped = 0;
    let closed = false;
    let waitTimer: NodeJS.Timeout | undefined;
    let probeTimer: NodeJS.Timeout | undefined;
    let probing = false;

    // The flag `local` makes ClusterAdapter.broadcast deliver to this instance's sockets only, at once.
    const deliver = (packet: Packet, opts: BroadcastOptions, offset: string | undefined) => {
      // As ClusterAdapter.addOffsetIfNecessary: events without an acknowledgement, not volatile.
      if (
        recovery &&
        packet.type === EVENT &&
        packet.id === undefined &&
        opts.flags?.volatile === undefined
      ) {
        packet.data.push(offset ?? NO_OFFSET);
      }
      void deliverHere(packet, { ...opts, flags: { ...opts.flags, local: true } });
    };

    /** Publishes for the other instances (and the stream); `stored` hears Redis's answer, an offset or undefined. */
    const publish = (packet: Packet, opts: BroadcastOptions, stored?: (offset?: string) => void) => {
      unanswered++;
      let answered: Promise<string>;
      try {
        answered = publisher.publishAndReturnOffset({
          type: BROADCAST,
          data: {
            packet,
            opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags },
          },
        });
      } catch (err) {
        answered = Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      answered.then(
        (offset) => {
          unanswered--;
          stored?.(offset);
        },
        () => {
          unanswered--;
          stored?.(undefined);
        },
      );
    };

    // The first packet waiting has REDIS_WAIT_MS. One timer, re-armed when it fires (not for every packet): for the
    // packet then first, if it has time left, or Redis is judged, on the next turn of the event loop, after its I/O:
    // when the loop itself was held up (a long synchronous task), answers that came meanwhile are read first.
    const armWait = (ms: number) => {
      waitTimer = setTimeout(onWaitEnd, ms).unref();
    };
    function onWaitEnd() {
      waitTimer = undefined;
      const head = waiting[0];
      if (!head) return;
      const left = head.since + REDIS_WAIT_MS - Date.now();
      if (left > 0) return armWait(left);
      setImmediate(() => {
        if (waiting[0] === head) goAway();
        else if (!waitTimer) onWaitEnd();
      });
    }

    const drain = () => {
      while (waiting[0]?.settled) {
        const next = waiting.shift()!;
        deliver(next.packet, next.opts, next.offset);
      }
    };

    const probe = () => {
      if (probing || closed) return;
      probing = true;
      client.ping().then(
        () => {
          probing = false;
          if (!away || closed) return;
          away = false;
          logger.info("redis: answering again; socket events wait for their stream offsets again", {
            notPublished: dropped,
          });
          dropped = 0;
        },
        () => {
          probing = false;
          if (!closed && client.isOpen) probeTimer = setTimeout(probe, PROBE_MS).unref();
        },
      );
    };

    function goAway() {
      if (!away) {
        away = true;
        logger.warn(
          "redis: not answering; socket events go to this instance's clients without waiting for it",
          {
            waitedMs: waiting[0] ? Date.now() - waiting[0].since : 0,
          },
        );
      }
      clearTimeout(waitTimer);
      waitTimer = undefined;
      for (const late of waiting.splice(0)) deliver(late.packet, late.opts, undefined);
      probe();
    }

    /** Whether every recipient is a socket of this instance (`socket.emit`, `io.to(socketId)`): nobody else to tell. */
    const onlyHere = (opts: BroadcastOptions) =>
      opts.rooms.size > 0 && [...opts.rooms].every((room) => adapter.sids.has(room));

    adapter.broadcast = async (packet: Packet, opts: BroadcastOptions) => {
      if (opts.flags?.local) return deliverHere(packet, opts);
      if (!away && !client.isReady) goAway();
      if (!away) {
        const entry: Waiting = { packet, opts, settled: false, since: Date.now() };
        waiting.push(entry);
        publish(packet, opts, (offset) => {
          entry.offset = offset;
          entry.settled = true;
          // Not stored (the connection broke under it): delivered without an offset, and Redis is away.
          if (offset === undefined) goAway();
          else drain();
        });
        if (!waitTimer) armWait(REDIS_WAIT_MS);
        return;
      }
      if (!onlyHere(opts)) {
        if (unanswered < MAX_UNANSWERED) publish(packet, opts);
        else if (dropped++ === 0) {
          logger.warn(
            "redis: too many socket events unanswered; further ones reach this instance's clients only",
            {
              unanswered,
            },
          );
        }
      }
      // A copy: the packet given to publish keeps no offset of ours.
      deliver({ ...packet, data: [...packet.data] }, opts, undefined);
    };

    // A client reconnecting while Redis is away is not kept waiting for its old session: it gets a new one (and the
    // page reads the stored answer), as socket.io does when the session is not found.
    const restore = adapter.restoreSession.bind(adapter);
    adapter.restoreSession = async (pid, offset) => {
      if (away || !client.isReady) throw new Error("Redis is away");
      const session = await settleWithin(restore(pid, offset), RESTORE_WAIT_MS);
      if (session === LATE) throw new Error(`Redis did not answer in ${RESTORE_WAIT_MS} ms`);
      return session;
    };

    // How many instances to wait for (serverSideEmit with replies: is a thread busy elsewhere, stop a turn; and
    // fetchSockets): a PUBSUB command, which waited for Redis with it. While Redis is away no other instance can be
    // asked: this one alone, so that a question in an existing thread is answered instead of waiting.
    const serverCount = adapter.serverCount.bind(adapter);
    adapter.serverCount = async () => {
      if (away || !client.isReady) return 1;
      const count = await settleWithin(serverCount(), PEERS_WAIT_MS);
      if (count !== LATE) return count;
      goAway();
      return 1;
    };

    const close = adapter.close.bind(adapter);
    adapter.close = () => {
      closed = true;
      clearTimeout(waitTimer);
      clearTimeout(probeTimer);
      return close();
    };
    return adapter;
  };
}
