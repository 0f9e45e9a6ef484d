// The socket.io adapter that does not make this instance's sockets wait for an absent Redis (server/cluster/localFirst.ts),
// around a stand-in for the Redis streams adapter whose publications the test answers (or not) by hand. The real
// adapter on a real Redis that is stopped and frozen: tests/integration/redisOutage.test.ts.
import { describe, expect, it } from "vitest";
import { localFirst, MAX_UNANSWERED, NO_OFFSET } from "../../server/cluster/localFirst";
import type { RedisClient } from "../../server/cluster/redis";
import type { Logger } from "../../server/log";

interface Publication {
  rooms: string[];
  resolve(offset: string): void;
  reject(err: Error): void;
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const settle = () => new Promise((resolve) => setImmediate(resolve));
const event = (text: string) => ({ type: 2, data: ["chat:token", { text }] });
/** To this instance's socket `s1` only (as `socket.emit` is), or to a room that other instances' sockets are in. */
const toS1 = { rooms: new Set(["s1"]), except: new Set<string>() };
const toMembers = { rooms: new Set(["members"]), except: new Set<string>() };

function setUp() {
  const delivered: Array<{ data: unknown[]; local: boolean }> = [];
  const published: Publication[] = [];
  let answerPing: () => void = () => undefined;
  const client = {
    isReady: true,
    isOpen: true,
    ping: () => new Promise<string>((resolve) => (answerPing = () => resolve("PONG"))),
  };
  const streams = {
    nsp: { server: { opts: { connectionStateRecovery: { maxDisconnectionDuration: 120_000 } } } },
    sids: new Map([["s1", new Set(["s1"])]]),
    broadcast: async (packet: { data: unknown[] }, opts: { flags?: { local?: boolean } }) => {
      delivered.push({ data: packet.data, local: opts.flags?.local === true });
    },
    publishAndReturnOffset: (message: { data: { opts: { rooms: string[] } } }) =>
      new Promise<string>((resolve, reject) =>
        published.push({ rooms: message.data.opts.rooms, resolve, reject }),
      ),
    serverCount: () => new Promise<number>(() => undefined),
    restoreSession: () => new Promise<never>(() => undefined),
    close: () => undefined,
  };
  const make = localFirst(
    (() => streams) as unknown as Parameters<typeof localFirst>[0],
    client as unknown as RedisClient,
    quiet,
  );
  const adapter = make({}) as unknown as {
    broadcast(packet: unknown, opts: unknown): Promise<void>;
    serverCount(): Promise<number>;
    restoreSession(pid: string, offset: string): Promise<unknown>;
    close(): void;
  };
  const texts = () => delivered.map((d) => [(d.data[1] as { text: string }).text, d.data[2]]);
  return { adapter, client, delivered, published, texts, answerPing: () => answerPing() };
}

describe("local-first socket.io adapter", () => {
  it("while Redis answers, delivers each packet here once Redis stored it, in order, with its offset", async () => {
    const { adapter, delivered, published, texts } = setUp();
    void adapter.broadcast(event("unu"), toS1);
    void adapter.broadcast(event("doi"), toS1);
    expect(published).toHaveLength(2);
    published[1]!.resolve("5-1");
    await settle();
    expect(delivered).toEqual([]);
    published[0]!.resolve("5-0");
    await settle();
    expect(texts()).toEqual([
      ["unu", "5-0"],
      ["doi", "5-1"],
    ]);
    expect(delivered.every((d) => d.local)).toBe(true);
    adapter.close();
  });

  it("once the connection is lost, delivers what waits and what follows at once, without an offset", async () => {
    const { adapter, client, published, texts } = setUp();
    void adapter.broadcast(event("unu"), toS1);
    client.isReady = false;
    void adapter.broadcast(event("doi"), toMembers);
    void adapter.broadcast(event("trei"), toS1);
    expect(texts()).toEqual([
      ["unu", NO_OFFSET],
      ["doi", NO_OFFSET],
      ["trei", NO_OFFSET],
    ]);
    // Published for the other instances: the room's packet; not the one only a socket of this instance gets.
    expect(published.map((p) => p.rooms)).toEqual([["s1"], ["members"]]);
    // Redis storing the first one late delivers nothing twice.
    published[0]!.resolve("7-0");
    await settle();
    expect(texts()).toHaveLength(3);
    // The other instances can still ask nobody, and a reconnecting client is not kept waiting for its session.
    expect(await adapter.serverCount()).toBe(1);
    await expect(adapter.restoreSession("pid", "7-0")).rejects.toThrow();
    adapter.close();
  });

  it(`publishes at most ${MAX_UNANSWERED} packets Redis has not answered; later ones reach this instance's sockets only`, async () => {
    const { adapter, client, published, delivered } = setUp();
    client.isReady = false;
    for (let i = 0; i < MAX_UNANSWERED + 50; i++) void adapter.broadcast(event(String(i)), toMembers);
    expect(published).toHaveLength(MAX_UNANSWERED);
    expect(delivered).toHaveLength(MAX_UNANSWERED + 50);
    // Answered, they make room again.
    for (const p of published.splice(0, 10)) p.resolve("1-0");
    await settle();
    void adapter.broadcast(event("după"), toMembers);
    expect(published).toHaveLength(MAX_UNANSWERED - 10 + 1);
    adapter.close();
  });

  it("waits for offsets again once Redis answers a PING", async () => {
    const { adapter, client, published, texts, answerPing } = setUp();
    client.isReady = false;
    void adapter.broadcast(event("unu"), toS1);
    client.isReady = true;
    void adapter.broadcast(event("doi"), toS1);
    expect(texts()).toEqual([
      ["unu", NO_OFFSET],
      ["doi", NO_OFFSET],
    ]);
    answerPing();
    await settle();
    void adapter.broadcast(event("trei"), toS1);
    expect(texts()).toHaveLength(2);
    published.at(-1)!.resolve("9-0");
    await settle();
    expect(texts().at(-1)).toEqual(["trei", "9-0"]);
    adapter.close();
  });
});
