// The chat graph's wiring: retrieve, then annotate and answer side by side (the answer does not wait for the
// annotations), each walking its own model chain until a model succeeds (chain.ts), then the end. The graph runs
// with a ChatContext (the models and the retriever, config.ts) and the run's settings in `configurable`.
import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { annotate } from "./nodes/annotate";
import { answer } from "./nodes/answer";
import { retrieve } from "./nodes/retrieve";
import { ChatState } from "./state";

const builder = new StateGraph(ChatState)
  .addNode("retrieve", retrieve)
  .addNode("annotate", annotate)
  .addNode("answer", answer)
  .addEdge(START, "retrieve")
  .addEdge("retrieve", "annotate")
  .addEdge("retrieve", "answer")
  .addEdge("annotate", END)
  .addEdge("answer", END);

export const graph = builder.compile();
graph.name = "chat";

export type ChatGraph = typeof graph;

const withSavers = new WeakMap<BaseCheckpointSaver, ChatGraph>();

/** The same graph persisting each thread's state (its conversation) in a checkpointer, keyed by thread_id. */
export function graphWithCheckpointer(checkpointer?: BaseCheckpointSaver): ChatGraph {
  if (!checkpointer) return graph;
  let compiled = withSavers.get(checkpointer);
  if (!compiled) {
    compiled = builder.compile({ checkpointer, name: "chat" }) as ChatGraph;
    withSavers.set(checkpointer, compiled);
  }
  return compiled;
}
