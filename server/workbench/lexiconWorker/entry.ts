// The lexicon worker thread: annotates pages of texts with the dictionary while the main thread stores the previous
// page and serves the chat, so that a 100,000-row run neither waits for its writes nor holds the event loop for its
// annotations. Pages are answered in the order they arrive.
import { parentPort, workerData } from "node:worker_threads";
import { yieldToTheChat } from "../../workerThreads";
import type { LexiconReply, LexiconRequest, LexiconWorkerData } from "./messages";
import { annotateTexts } from "./outcomes";

yieldToTheChat((workerData as LexiconWorkerData).nice);

parentPort?.on("message", (request: LexiconRequest) => {
  let reply: LexiconReply;
  try {
    reply = { id: request.id, page: annotateTexts(request.texts) };
  } catch (err) {
    reply = { id: request.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort?.postMessage(reply);
});
