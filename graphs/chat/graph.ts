// The chat graph's wiring: retrieve, then annotate and answer side by side (the answer does not wait for the
// annotations), each ending the run or, when its model failed, going to `fallback`, which sends it back to run
// again on the next model of its chain.
import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { annotate } from "./nodes/annotate";
import { answer } from "./nodes/answer";
import { fallback } from "./nodes/fallback";
import { retrieve } from "./nodes/retrieve";
import { ChatState, type ChatStateValue } from "./state";

/** After annotate: done, or to the fallback when the annotating model failed. */
export function routeAfterAnnotate(state: ChatStateValue): "fallback" | typeof END {
  return state.failures.some((f) => f.node === "annotate") ? "fallback" : END;
}

/** After answer: done, or to the fallback when the answering model failed. */
export function routeAfterAnswer(state: ChatStateValue): "fallback" | typeof END {
  return state.failures.some((f) => f.node === "answer") ? "fallback" : END;
}

/** After fallback: back to the nodes whose model failed. */
export function returnToFailedNodes(state: ChatStateValue): ("annotate" | "answer")[] {
  return state.resumeAt.length ? state.resumeAt : ["answer"];
}

const builder = new StateGraph(ChatState)
  .addNode("retrieve", retrieve)
  .addNode("annotate", annotate)
  .addNode("answer", answer)
  .addNode("fallback", fallback)
  .addEdge(START, "retrieve")
  .addEdge("retrieve", "annotate")
  .addEdge("retrieve", "answer")
  .addConditionalEdges("annotate", routeAfterAnnotate, ["fallback", END])
  .addConditionalEdges("answer", routeAfterAnswer, ["fallback", END])
  .addConditionalEdges("fallback", returnToFailedNodes, ["annotate", "answer"]);

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
