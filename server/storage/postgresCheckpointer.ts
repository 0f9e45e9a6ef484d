// LangGraph's PostgreSQL checkpointer with each write in one statement. The package's put takes a connection and sends
// BEGIN, one INSERT per channel blob (16 for a chat turn), the checkpoint, COMMIT: 19 round trips a turn, each waking
// a PostgreSQL backend, which on a busy machine cost more than the turn's own work (bench:cluster, docs/deploy.md).
// Here the blobs and the checkpoint go in one INSERT … WITH (one statement: one implicit transaction, all or nothing),
// and a task's writes in one INSERT; getTuple reads the blobs as rows (below). Same tables, same rows: the package's
// own methods read what these write.
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  WRITES_IDX_MAP,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  type PendingWrite,
} from "@langchain/langgraph-checkpoint";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type { PgPool } from "../db/postgres";

/** The package's default schema, where setup() creates its tables (we pass no other). */
const SCHEMA = '"public"';

/** `($a, $b, …), (…)`: `rows` rows of `width` parameters each, numbered from `first`. */
function valuesList(rows: number, width: number, first: number, row: (params: string[]) => string): string {
  return Array.from({ length: rows }, (_, r) =>
    row(Array.from({ length: width }, (_, c) => `$${first + r * width + c}`)),
  ).join(", ");
}

/** One row of getTuple: the checkpoint (kind 0), a channel's blob (1) or a pending write (2). */
interface TupleRow {
  kind: 0 | 1 | 2;
  /** checkpoint_id, channel, task_id. */
  a: string;
  /** parent_checkpoint_id, type, channel. */
  b: string | null;
  /** -, -, type. */
  c: string | null;
  checkpoint: (Omit<Checkpoint, "channel_values" | "pending_sends"> & { v: number }) | null;
  metadata: Record<string, unknown> | null;
  blob: Buffer | null;
}

/** The checkpoint chosen by `where`, each blob of its channels' versions, and its pending writes in the package's order. */
const tupleSql = (where: string) => `
  WITH cp AS (
    SELECT thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata
    FROM ${SCHEMA}.checkpoints WHERE thread_id = $1 AND checkpoint_ns = $2 ${where})
  SELECT 0 AS kind, checkpoint_id AS a, parent_checkpoint_id AS b, NULL::text AS c, checkpoint, metadata,
    NULL::bytea AS blob, NULL::integer AS idx
  FROM cp
  UNION ALL
  SELECT 1, bl.channel, bl.type, NULL, NULL, NULL, bl.blob, NULL
  FROM cp CROSS JOIN LATERAL jsonb_each_text(cp.checkpoint -> 'channel_versions') AS v
  JOIN ${SCHEMA}.checkpoint_blobs bl ON bl.thread_id = cp.thread_id AND bl.checkpoint_ns = cp.checkpoint_ns
    AND bl.channel = v.key AND bl.version = v.value
  UNION ALL
  SELECT 2, cw.task_id, cw.channel, cw.type, NULL, NULL, cw.blob, cw.idx
  FROM cp JOIN ${SCHEMA}.checkpoint_writes cw ON cw.thread_id = cp.thread_id
    AND cw.checkpoint_ns = cp.checkpoint_ns AND cw.checkpoint_id = cp.checkpoint_id
  ORDER BY kind, a, idx`;
const TUPLE_LATEST = tupleSql("ORDER BY checkpoint_id DESC LIMIT 1");
const TUPLE_BY_ID = tupleSql("AND checkpoint_id = $3");

export class PgCheckpointSaver extends PostgresSaver {
  constructor(private readonly db: PgPool) {
    super(db);
  }

  /**
   * The package's getTuple gathers the blobs into one bytea[][] whose text form pg parses character by character in
   * JavaScript (postgres-array): with a conversation of a few turns, the largest cost of a turn on the instance after
   * the round trips. Here each blob is a row, its bytea decoded natively. A checkpoint of the old format (< 4) with
   * pending sends to migrate goes to the package's own.
   */
  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const {
      thread_id,
      checkpoint_ns = "",
      checkpoint_id,
    } = (config.configurable ?? {}) as {
      thread_id?: string;
      checkpoint_ns?: string;
      checkpoint_id?: string;
    };
    // Named: each connection parses and plans it once (planning this join cost as much as running it).
    const { rows } = await this.db.query<TupleRow>({
      name: checkpoint_id ? "checkpoint-tuple-by-id" : "checkpoint-tuple-latest",
      text: checkpoint_id ? TUPLE_BY_ID : TUPLE_LATEST,
      values: checkpoint_id ? [thread_id, checkpoint_ns, checkpoint_id] : [thread_id, checkpoint_ns],
    });
    const head = rows[0];
    if (!head || head.kind !== 0 || !head.checkpoint) return undefined;
    if (head.checkpoint.v < 4 && head.b != null) return super.getTuple(config);
    const bytes = (text: string | null) => Buffer.from(text ?? "");
    const blobs = rows
      .filter((r) => r.kind === 1)
      .map((r): [Uint8Array, Uint8Array, Uint8Array] => [bytes(r.a), bytes(r.b), r.blob ?? new Uint8Array()]);
    const writes = rows
      .filter((r) => r.kind === 2)
      .map((r): [Uint8Array, Uint8Array, Uint8Array, Uint8Array] => [
        bytes(r.a),
        bytes(r.b),
        bytes(r.c),
        r.blob ?? new Uint8Array(),
      ]);
    const tupleConfig = (id: string) => ({ configurable: { thread_id, checkpoint_ns, checkpoint_id: id } });
    return {
      config: tupleConfig(head.a),
      checkpoint: await this._loadCheckpoint(head.checkpoint, blobs),
      metadata: (await this._loadMetadata(head.metadata ?? {})) as CheckpointMetadata,
      parentConfig: head.b ? tupleConfig(head.b) : undefined,
      pendingWrites: await this._loadWrites(writes),
    };
  }

  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    if (config.configurable === undefined) throw new Error(`Missing "configurable" field in "config" param`);
    const {
      thread_id,
      checkpoint_ns = "",
      checkpoint_id,
    } = config.configurable as {
      thread_id: string;
      checkpoint_ns?: string;
      checkpoint_id?: string;
    };
    const [blobs, dumpedMetadata] = await Promise.all([
      this._dumpBlobs(thread_id, checkpoint_ns, checkpoint.channel_values, newVersions),
      this._dumpMetadata(metadata),
    ]);
    const params: unknown[] = [
      thread_id,
      checkpoint_ns,
      checkpoint.id,
      checkpoint_id ?? null,
      this._dumpCheckpoint(checkpoint),
      dumpedMetadata,
    ];
    // Channel, version, type, blob of each new channel version; thread and namespace are $1 and $2.
    for (const [, , channel, version, type, blob] of blobs) params.push(channel, version, type, blob ?? null);
    const insertBlobs = blobs.length
      ? `WITH blobs AS (
           INSERT INTO ${SCHEMA}.checkpoint_blobs (thread_id, checkpoint_ns, channel, version, type, blob)
           VALUES ${valuesList(blobs.length, 4, 7, (p) => `($1, $2, ${p.join(", ")})`)}
           ON CONFLICT (thread_id, checkpoint_ns, channel, version) DO NOTHING)
         `
      : "";
    // Named by its number of blobs (a chat turn's is always the same): parsed and planned once a connection.
    await this.db.query({
      name: `checkpoint-put-${blobs.length}`,
      text: `${insertBlobs}INSERT INTO ${SCHEMA}.checkpoints
         (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id)
       DO UPDATE SET checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata`,
      values: params,
    });
    return { configurable: { thread_id, checkpoint_ns, checkpoint_id: checkpoint.id } };
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    if (writes.length === 0) return;
    const { thread_id, checkpoint_ns, checkpoint_id } = (config.configurable ?? {}) as Record<string, string>;
    // Writes to the special channels replace an earlier write at their index; others keep the first (the package's rule).
    const special = writes.every(([channel]) => channel in WRITES_IDX_MAP);
    let dumped = await this._dumpWrites(thread_id!, checkpoint_ns!, checkpoint_id!, taskId, writes);
    // One statement cannot update a row twice: of two writes at one index, the later wins, as one after another would.
    if (special) dumped = [...new Map(dumped.map((row) => [row[4], row])).values()];
    const params = dumped.flat();
    await this.db.query(
      `INSERT INTO ${SCHEMA}.checkpoint_writes
         (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
       VALUES ${valuesList(dumped.length, 8, 1, (p) => `(${p.join(", ")})`)}
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) ${
         special
           ? "DO UPDATE SET channel = EXCLUDED.channel, type = EXCLUDED.type, blob = EXCLUDED.blob"
           : "DO NOTHING"
       }`,
      params,
    );
  }
}
