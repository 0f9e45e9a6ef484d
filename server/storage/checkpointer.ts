// LangGraph's SQLite checkpointer for the chat graph, in its own file beside the app's database.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";

export function openCheckpointer(dataDir: string): SqliteSaver {
  mkdirSync(dataDir, { recursive: true });
  return SqliteSaver.fromConnString(path.join(dataDir, "checkpoints.db"));
}
