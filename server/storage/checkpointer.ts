// LangGraph's SQLite checkpointer for the chat graph, in its own file beside the app's database.
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";

export function openCheckpointer(dataDir: string): SqliteSaver {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, "checkpoints.db"));
  // WAL with synchronous=NORMAL: a commit is safe when the process dies, and costs no fsync on the event loop
  // (only a power cut can lose the last commits; the turn's messages are also in the app's own tables).
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  return new SqliteSaver(db);
}
