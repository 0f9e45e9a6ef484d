// answer: a grounded answer streamed by the current model of the answer chain, citing passages as [n].
// Tokens reach the client through the "messages" stream mode; a failure goes to the fallback node.
import type { AIMessageChunk } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError } from "../../../server/errors";
import { emit, ensureConfiguration } from "../config";
import { describeFailure, runAborted } from "../failure";
import { buildAnswerMessages } from "../prompts";
import type { ChatStateValue, ChatUpdate } from "../state";

export async function answer(state: ChatStateValue, config: LangGraphRunnableConfig): Promise<ChatUpdate> {
  const { registry, answerChain, temperature, firstTokenTimeoutMs, modelTimeoutMs } = ensureConfiguration(config);
  const modelId = answerChain[Math.min(state.chainPosition.answer, answerChain.length - 1)]!;
  const started = performance.now();
  emit(config, { type: "step", step: "answer", status: "start", detail: modelId });

  // Our own controller, so that a stalled model can be abandoned without cancelling the whole run.
  const deadline = new AbortController();
  let timedOut: AppError | null = null;
  const giveUp = (code: "provider:first_token_timeout" | "provider:timeout") => {
    timedOut = new AppError(code);
    deadline.abort(timedOut);
  };
  const firstTokenTimer = setTimeout(() => giveUp("provider:first_token_timeout"), firstTokenTimeoutMs);
  const totalTimer = setTimeout(() => giveUp("provider:timeout"), modelTimeoutMs);
  const signal = config.signal ? AbortSignal.any([config.signal, deadline.signal]) : deadline.signal;

  let text = "";
  let firstTokenMs: number | undefined;
  let usage: ChatUpdate["usage"] = null;
  try {
    const model = registry.chatModel(modelId, { temperature });
    const messages = buildAnswerMessages(state.question, state.passages, state.history);
    const stream = await model.stream(messages, { ...config, signal });
    for await (const chunk of stream as AsyncIterable<AIMessageChunk>) {
      const piece = typeof chunk.content === "string" ? chunk.content : chunk.text;
      if (piece && firstTokenMs === undefined) {
        firstTokenMs = Math.round(performance.now() - started);
        clearTimeout(firstTokenTimer);
      }
      text += piece;
      if (chunk.usage_metadata) {
        usage = { inputTokens: chunk.usage_metadata.input_tokens, outputTokens: chunk.usage_metadata.output_tokens };
      }
    }
    if (!text.trim()) throw new AppError("provider:empty");
  } catch (err) {
    if (runAborted(config)) throw err;
    const failure = describeFailure("answer", modelId, timedOut ?? err, started);
    emit(config, { type: "step", step: "answer", status: "error", ms: failure.ms, detail: `${modelId}: ${failure.reason}` });
    return { failure };
  } finally {
    clearTimeout(firstTokenTimer);
    clearTimeout(totalTimer);
  }
  const ms = Math.round(performance.now() - started);
  emit(config, { type: "step", step: "answer", status: "end", ms, detail: modelId });
  return { answerText: text, answerModel: modelId, usage, timings: { firstTokenMs: firstTokenMs ?? ms } };
}
