// The chat graph's wiring: retrieve → annotate → answer → END, with `fallback` between a failing node and
// its retry on the next model of the chain.
import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { annotate } from "./nodes/annotate";
import { answer } from "./nodes/answer";
import { fallback } from "./nodes/fallback";
import { retrieve } from "./nodes/retrieve";
import { ChatState, type ChatStateValue } from "./state";

/** After annotate: on to the answer, or to the fallback when the annotating model failed. */
export function routeAfterAnnotate(state: ChatStateValue): "answer" | "fallback" {
  return state.failure ? "fallback" : "answer";
}

/** After answer: done, or to the fallback when the answering model failed. */
export function routeAfterAnswer(state: ChatStateValue): "fallback" | typeof END {
  return state.failure ? "fallback" : END;
}

/** After fallback: back to the node whose model failed. */
export function returnToFailedNode(state: ChatStateValue): "annotate" | "answer" {
  return state.resumeAt ?? "answer";
}

const builder = new StateGraph(ChatState)
  .addNode("retrieve", retrieve)
  .addNode("annotate", annotate)
  .addNode("answer", answer)
  .addNode("fallback", fallback)
  .addEdge(START, "retrieve")
  .addEdge("retrieve", "annotate")
  .addConditionalEdges("annotate", routeAfterAnnotate, ["answer", "fallback"])
  .addConditionalEdges("answer", routeAfterAnswer, ["fallback", END])
  .addConditionalEdges("fallback", returnToFailedNode, ["annotate", "answer"]);

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
