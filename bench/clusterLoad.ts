// The class for bench:cluster, in a child process (a room of browsers is other machines): N socket.io clients, each
// asking its questions one after another in its own thread, with a pause between them, reconnecting by itself when its
// instance goes away. A turn whose instance died is counted as interrupted and the client goes on with its next
// question in the same thread. The clients all connect before the first asks. The parent sends one command over IPC and
// gets the results back.
import { io as connect, type Socket } from "socket.io-client";
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from "../contract/protocol";

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LoadCommand {
  /** Client i connects to urls[i % urls.length] (one instance, two instances, or a balancer). */
  urls: string[];
  clients: number;
  turns: number;
  /** Mean pause between a client's turns (uniform in [0.5, 1.5] × this). */
  thinkMs: number;
  /** When the run began, performance.now() of the load process (which sets it; the parent sends 0). */
  startedAt: number;
}

export interface TurnRecord {
  /** From chat:send to chat:done, ms; null when the turn did not end with chat:done. */
  totalMs: number | null;
  firstTokenMs: number | null;
  outcome: "done" | "error" | "interrupted" | "unacked";
  messageId: string | null;
  text: string;
}

export interface ClientRecord {
  threadId: string | null;
  turns: TurnRecord[];
  reconnects: number;
  /** From the start of the run to this client's first connection, and to its last turn's end, ms. */
  connectedMs: number;
  finishedMs: number;
}

export type LoadMessage = { progress: number } | { result: ClientRecord[] };

const TOPICS = [
  "pensiile speciale",
  "diaspora",
  "prețul energiei",
  "corupția din justiție",
  "taxele firmelor mici",
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One turn: resolves when it ends with chat:done or chat:error, or when the connection drops under it. */
function turn(
  socket: ChatSocket,
  threadId: string | null,
  text: string,
): Promise<TurnRecord & { threadId?: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let messageId: string | null = null;
    let firstTokenMs: number | null = null;
    const finish = (outcome: TurnRecord["outcome"], extra: { threadId?: string } = {}) => {
      socket.off("chat:token", onToken);
      socket.off("chat:done", onDone);
      socket.off("chat:error", onError);
      socket.off("disconnect", onDisconnect);
      resolve({
        totalMs: outcome === "done" ? performance.now() - t0 : null,
        firstTokenMs,
        outcome,
        messageId,
        text,
        ...extra,
      });
    };
    let ackedThread: string | undefined;
    const onToken = (e: { messageId: string }) => {
      if (e.messageId === messageId && firstTokenMs === null) firstTokenMs = performance.now() - t0;
    };
    const onDone = (e: { messageId: string }) => {
      if (e.messageId === messageId) finish("done", { threadId: ackedThread });
    };
    const onError = (e: { messageId?: string }) => {
      if (!e.messageId || e.messageId === messageId) finish("error", { threadId: ackedThread });
    };
    const onDisconnect = () => finish(messageId ? "interrupted" : "unacked", { threadId: ackedThread });
    socket.on("chat:token", onToken);
    socket.on("chat:done", onDone);
    socket.on("chat:error", onError);
    socket.on("disconnect", onDisconnect);
    socket.emit(
      "chat:send",
      threadId ? { threadId, text } : { text },
      (ack: AckResult<{ threadId: string; messageId: string }>) => {
        if (!ack.ok) return finish("error");
        messageId = ack.data.messageId;
        ackedThread = ack.data.threadId;
      },
    );
  });
}

async function runClient(
  url: string,
  index: number,
  command: LoadCommand,
  hooks: { onTurn: () => void; onConnected: () => void; allConnected: Promise<void> },
): Promise<ClientRecord> {
  const socket: ChatSocket = connect(url, {
    transports: ["websocket"],
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    timeout: 20_000,
  });
  const record: ClientRecord = { threadId: null, turns: [], reconnects: 0, connectedMs: 0, finishedMs: 0 };
  let connections = 0;
  socket.on("connect", () => {
    if (++connections > 1) record.reconnects++;
  });
  const connected = () =>
    socket.connected
      ? Promise.resolve()
      : new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  await connected();
  record.connectedMs = performance.now() - command.startedAt;
  hooks.onConnected();
  // Every client asks only once all are connected: a run whose connections straggle (an instance slow to accept
  // them) would otherwise measure its turns under less contention than another's, and the setups would not compare.
  await hooks.allConnected;
  // Spread the clients' first questions over one think time, as a room does not ask all at once.
  await sleep(Math.random() * command.thinkMs);
  for (let i = 0; i < command.turns; i++) {
    await connected();
    const text = `Întrebarea ${i + 1} a clientului ${index}: ce se spune despre ${TOPICS[(index + i) % TOPICS.length]}?`;
    const done = await turn(socket, record.threadId, text);
    record.threadId ??= done.threadId ?? null;
    const { threadId: _thread, ...kept } = done;
    record.turns.push(kept);
    hooks.onTurn();
    if (command.thinkMs > 0) await sleep(command.thinkMs * (0.5 + Math.random()));
  }
  record.finishedMs = performance.now() - command.startedAt;
  socket.disconnect();
  return record;
}

async function run(command: LoadCommand): Promise<ClientRecord[]> {
  let done = 0;
  let reported = 0;
  const onTurn = () => {
    done++;
    if (done - reported >= 20) {
      reported = done;
      process.send?.({ progress: done } satisfies LoadMessage);
    }
  };
  let connected = 0;
  let allConnected!: () => void;
  const hooks = {
    onTurn,
    onConnected: () => {
      if (++connected === command.clients) allConnected();
    },
    allConnected: new Promise<void>((resolve) => (allConnected = resolve)),
  };
  return Promise.all(
    Array.from({ length: command.clients }, (_, i) =>
      runClient(command.urls[i % command.urls.length]!, i, command, hooks),
    ),
  );
}

process.on("message", (command: LoadCommand) => {
  run({ ...command, startedAt: performance.now() }).then(
    (result) => process.send?.({ result } satisfies LoadMessage, () => process.exit(0)),
    (err: unknown) => {
      process.stderr.write(`load failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
});
