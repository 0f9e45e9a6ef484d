// Our PostgreSQL checkpointer (one statement a write, server/storage/postgresCheckpointer.ts) against the package's own
// on a real PostgreSQL: what ours writes, the package's reads back exactly as if it had written it; what ours reads is
// what the package's reads; and a graph keeps its conversation through it across runs.
import type { BaseMessage } from "@langchain/core/messages";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { Annotation, END, messagesStateReducer, START, StateGraph } from "@langchain/langgraph";
import {
  emptyCheckpoint,
  ERROR,
  type Checkpoint,
  type CheckpointMetadata,
} from "@langchain/langgraph-checkpoint";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type { RunnableConfig } from "@langchain/core/runnables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPool, type PgPool } from "../../server/db/postgres";
import { PgCheckpointSaver } from "../../server/storage/postgresCheckpointer";
import { classServices, freshDatabase, titled } from "../support/classServices";

const services = await classServices();
const skip = !services.databaseUrl;

const metadata: CheckpointMetadata = { source: "loop", step: 1, parents: {} };

/** A checkpoint with a conversation, a question, and a channel whose new version has no value (an "empty" blob). */
function checkpointWith(messages: BaseMessage[], question: string, version: number): Checkpoint {
  const checkpoint = emptyCheckpoint();
  checkpoint.channel_values = { messages, question };
  checkpoint.channel_versions = { messages: version, question: version, gone: version };
  return checkpoint;
}

describe.skipIf(skip)(titled("PostgreSQL checkpointer in one statement a write", services, skip), () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let pool: PgPool;
  let ours: PgCheckpointSaver;
  let reference: PostgresSaver;
  beforeAll(async () => {
    database = await freshDatabase(services.databaseUrl!);
    pool = openPool(database.url, { max: 4 });
    ours = new PgCheckpointSaver(pool);
    reference = new PostgresSaver(pool);
    await ours.setup();
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  /** Puts two checkpoints, the second a child of the first, on a thread; returns the second's config. */
  async function twoCheckpoints(saver: PostgresSaver, thread: string): Promise<RunnableConfig> {
    const first = checkpointWith([new HumanMessage("Ce e cu pensiile?")], "Ce e cu pensiile?", 1);
    const base = { configurable: { thread_id: thread, checkpoint_ns: "" } };
    const firstConfig = await saver.put(base, first, metadata, first.channel_versions);
    // Only the conversation changes: the question's blob at version 1 is kept, not written again.
    const second = checkpointWith(
      [new HumanMessage("Ce e cu pensiile?"), new AIMessage("Pensiile [1].")],
      "Ce e cu pensiile?",
      1,
    );
    second.channel_versions.messages = 2;
    return saver.put(firstConfig, second, { ...metadata, step: 2 }, { messages: 2 });
  }

  const blobRows = async (thread: string) =>
    (
      await pool.query<{ channel: string; version: string; type: string }>(
        "SELECT channel, version, type FROM checkpoint_blobs WHERE thread_id = $1 ORDER BY channel, version",
        [thread],
      )
    ).rows;

  it("writes checkpoints that the package reads back exactly as those it wrote itself", async () => {
    const oursConfig = await twoCheckpoints(ours, "ours");
    const referenceConfig = await twoCheckpoints(reference, "reference");
    const mine = await reference.getTuple(oursConfig);
    const theirs = await reference.getTuple(referenceConfig);
    expect(mine).toBeDefined();
    expect(mine!.checkpoint).toEqual({
      ...theirs!.checkpoint,
      id: mine!.checkpoint.id,
      ts: mine!.checkpoint.ts,
    });
    expect(mine!.checkpoint.channel_values.messages).toHaveLength(2);
    expect(mine!.metadata).toEqual(theirs!.metadata);
    expect(mine!.parentConfig?.configurable?.checkpoint_id).toBeTruthy();
    expect(await blobRows("ours")).toEqual(await blobRows("reference"));
    const listed = [];
    for await (const tuple of reference.list({ configurable: { thread_id: "ours" } })) listed.push(tuple);
    expect(listed).toHaveLength(2);
  });

  it("writes a task's pending writes as the package does, the later of two writes at one special index winning", async () => {
    const config = await twoCheckpoints(ours, "writes-ours");
    const referenceConfig = await twoCheckpoints(reference, "writes-reference");
    for (const [saver, at] of [
      [ours, config],
      [reference, referenceConfig],
    ] as const) {
      await saver.putWrites(
        at,
        [
          ["answerText", "Pensiile [1]."],
          ["passages", [{ id: "p1" }]],
        ],
        "task-1",
      );
      await saver.putWrites(at, [[ERROR, "întâi"]], "task-2");
      await saver.putWrites(at, [[ERROR, "apoi"]], "task-2");
    }
    const mine = await reference.getTuple(config);
    const theirs = await reference.getTuple(referenceConfig);
    expect(mine!.pendingWrites).toEqual(theirs!.pendingWrites);
    expect(mine!.pendingWrites).toContainEqual(["task-2", ERROR, "apoi"]);
    expect(mine!.pendingWrites).toHaveLength(3);
  });

  it("reads a checkpoint, a given one, its blobs and pending writes as the package reads them", async () => {
    const latest = await twoCheckpoints(reference, "read");
    await reference.putWrites(latest, [["answerText", "Pensiile [1]."]], "task-b");
    await reference.putWrites(
      latest,
      [
        ["passages", []],
        [ERROR, "căzut"],
      ],
      "task-a",
    );
    const parent = (await reference.getTuple(latest))!.parentConfig!;
    for (const config of [{ configurable: { thread_id: "read" } }, latest, parent]) {
      const mine = await ours.getTuple(config);
      expect(mine).toBeDefined();
      expect(mine).toEqual(await reference.getTuple(config));
    }
    expect((await ours.getTuple(latest))!.pendingWrites).toHaveLength(3);
    expect((await ours.getTuple(parent))!.checkpoint.channel_values.messages).toHaveLength(1);
    expect(await ours.getTuple({ configurable: { thread_id: "nobody" } })).toBeUndefined();
  });

  it("keeps a graph's conversation across runs that checkpoint only at their end", async () => {
    const State = Annotation.Root({
      messages: Annotation<BaseMessage[]>({ reducer: messagesStateReducer, default: () => [] }),
      question: Annotation<string>,
    });
    const graph = new StateGraph(State)
      .addNode("reply", (s: typeof State.State) => ({
        messages: [new HumanMessage(s.question), new AIMessage(`răspuns ${s.messages.length / 2 + 1}`)],
      }))
      .addEdge(START, "reply")
      .addEdge("reply", END)
      .compile({ checkpointer: ours });
    const config = { configurable: { thread_id: "graph" }, durability: "exit" as const };
    await graph.invoke({ question: "unu" }, config);
    const second = await graph.invoke({ question: "doi" }, config);
    expect(second.messages.map((m: BaseMessage) => m.content)).toEqual([
      "unu",
      "răspuns 1",
      "doi",
      "răspuns 2",
    ]);
    const stored = await reference.getTuple({ configurable: { thread_id: "graph" } });
    expect(stored!.checkpoint.channel_values.question).toBe("doi");
  });
});
