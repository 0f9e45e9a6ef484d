// LangGraph's SQLite checkpointer for the chat graph, in its own file beside the app's database.
import path from "node:path";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { openSqliteFile } from "../sqliteFile";

export function openCheckpointer(dataDir: string): SqliteSaver {
  // A commit is safe when the process dies and costs no fsync on the event loop (only a power cut can lose the last
  // commits; the turn's messages are also in the app's own tables).
  const db = openSqliteFile(path.join(dataDir, "checkpoints.db"), { fastCommits: true });
  return new SqliteSaver(db);
}
