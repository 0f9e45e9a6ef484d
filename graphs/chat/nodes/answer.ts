// answer: a grounded answer streamed by the current model of the answer chain, citing passages as [n].
// Each piece is written to the custom stream as it arrives (a `token` event): the stream then needs no
// "messages" mode, whose callback handler LangGraph would otherwise attach to every node and edge of every run.
// A failure goes to the fallback node. Transient
// errors are retried once on the same model, but never after tokens reached the client; a model whose circuit
// is open is skipped at once.
import { AIMessage, HumanMessage, type AIMessageChunk } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError } from "../../../contract/errors";
import { linkedAbort } from "../../../server/abort";
import { withRetry } from "../../../server/models/retry";
import { emit, ensureConfiguration } from "../config";
import { describeFailure, runAborted, skippedModel } from "../failure";
import { buildAnswerMessages, conversationTurns } from "../prompts";
import type { ChatStateValue, ChatUpdate } from "../state";

export async function answer(state: ChatStateValue, config: LangGraphRunnableConfig): Promise<ChatUpdate> {
  const { registry, answerChain, temperature, firstTokenTimeoutMs, modelTimeoutMs } =
    ensureConfiguration(config);
  const modelId = answerChain[Math.min(state.chainPosition.answer, answerChain.length - 1)]!;

  if (!registry.admit(modelId)) {
    registry.circuitOpen(modelId);
    const failure = skippedModel("answer", modelId);
    emit(config, {
      type: "step",
      step: "answer",
      status: "error",
      ms: 0,
      detail: `${modelId}: ${failure.reason}`,
    });
    return { failures: [failure] };
  }

  const started = performance.now();
  emit(config, { type: "step", step: "answer", status: "start", detail: modelId });

  // Our own controller, so that a stalled model can be abandoned without cancelling the whole run. Both
  // deadlines cover the model as a whole, retries included.
  const deadline = linkedAbort(config.signal);
  let timedOut: AppError | null = null;
  const giveUp = (code: "provider:first_token_timeout" | "provider:timeout") => {
    timedOut = new AppError(code);
    deadline.abort(timedOut);
  };
  const firstTokenTimer = setTimeout(() => giveUp("provider:first_token_timeout"), firstTokenTimeoutMs);
  const totalTimer = setTimeout(() => giveUp("provider:timeout"), modelTimeoutMs);
  const signal = deadline.signal;

  let text = "";
  let firstTokenMs: number | undefined;
  let usage: ChatUpdate["usage"] = null;
  const messages = buildAnswerMessages(state.question, state.passages, conversationTurns(state.messages));

  const attempt = async () => {
    const model = registry.chatModel(modelId, { temperature });
    // Only the signal: the node's config would make the model a traced child run (its callback manager, a copy
    // of the model as JSON, run ids) for callbacks that this stream does not use; tokens go out as custom events.
    const stream = await model.stream(messages, { signal });
    for await (const chunk of stream as AsyncIterable<AIMessageChunk>) {
      const piece = typeof chunk.content === "string" ? chunk.content : chunk.text;
      if (piece && firstTokenMs === undefined) {
        firstTokenMs = Math.round(performance.now() - started);
        clearTimeout(firstTokenTimer);
      }
      text += piece;
      if (piece) emit(config, { type: "token", text: piece });
      if (chunk.usage_metadata) {
        usage = {
          inputTokens: chunk.usage_metadata.input_tokens,
          outputTokens: chunk.usage_metadata.output_tokens,
        };
      }
    }
    if (!text.trim()) throw new AppError("provider:empty");
  };

  try {
    await withRetry(attempt, {
      policy: registry.retryPolicy,
      signal,
      // Not once the client has tokens (a retry would mix answers), nor past the first-token deadline.
      canRetry: (delayMs) => text === "" && performance.now() - started + delayMs < firstTokenTimeoutMs,
      onRetry: (info) => {
        registry.retryLogger(modelId, "answer")(info);
        emit(config, {
          type: "step",
          step: "answer",
          status: "start",
          detail: `${modelId} (reîncercare ${info.attempt} după ${info.code}, ${info.delayMs} ms)`,
        });
      },
    });
  } catch (err) {
    if (runAborted(config)) {
      registry.cancelled(modelId);
      throw err;
    }
    const cause = timedOut ?? err;
    registry.failed(modelId, "answer", cause);
    const failure = describeFailure("answer", modelId, cause, started);
    emit(config, {
      type: "step",
      step: "answer",
      status: "error",
      ms: failure.ms,
      detail: `${modelId}: ${failure.reason}`,
    });
    return { failures: [failure] };
  } finally {
    clearTimeout(firstTokenTimer);
    clearTimeout(totalTimer);
    deadline.release();
  }
  registry.succeeded(modelId);
  const ms = Math.round(performance.now() - started);
  emit(config, { type: "step", step: "answer", status: "end", ms, detail: modelId });
  return {
    answerText: text,
    answerModel: modelId,
    usage,
    timings: { firstTokenMs: firstTokenMs ?? ms },
    // Only a completed answer joins the conversation that later turns see.
    messages: [new HumanMessage(state.question), new AIMessage(text)],
  };
}
