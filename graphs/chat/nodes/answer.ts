// answer: a grounded answer streamed by the models of the answer chain, citing passages as [n]. Each piece is written
// to the custom stream as it arrives (a `token` event): the stream then needs no "messages" mode, whose callback
// handler LangGraph would otherwise attach to every node and edge of every run. A model that fails hands over to the
// next one at once (chain.ts), without waiting for the annotations beside it; the client then replaces what the
// failed model had streamed. With draft → refine (refine.ts) a small model drafts and a larger one refines when the
// rule asks.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { retryDetail } from "../../../contract/protocol";
import { walkChain } from "../chain";
import { chatContext, emit, ensureConfiguration, stopSignal } from "../config";
import { askedAfter, buildAnswerMessages, exchange } from "../prompts";
import { draftAndRefine } from "../refine";
import type { ChatStateValue, ChatUpdate } from "../state";

export async function answer(state: ChatStateValue, config: LangGraphRunnableConfig): Promise<ChatUpdate> {
  const { answerChain, temperature, refine, displayLang } = ensureConfiguration(config);
  const { models } = chatContext(config);
  const place = { regenerates: state.regenerates, path: state.path };
  const messages = buildAnswerMessages(state.question, state.passages, state.messages, place);
  // The question joins the conversation with the marks that place it in the thread's tree (prompts.ts, askedAfter).
  const { marks } = askedAfter(state.messages, place);
  if (refine) {
    const started = performance.now();
    const made = await draftAndRefine(state, config, refine, messages, temperature, displayLang);
    const ms = Math.round(performance.now() - started);
    emit(config, { type: "step", step: "answer", status: "end", ms, detail: made.model });
    return {
      answerText: made.text,
      answerModel: made.model,
      usage: made.usage ?? null,
      refine: made.report,
      fallbacks: made.fallbacks,
      messages: exchange(state, made.text, marks),
    };
  }
  const { value, model, fallbacks, ms } = await walkChain("answer", answerChain, config, (m) =>
    models.streamAnswer(m, messages, {
      temperature,
      signal: stopSignal(config),
      displayLang,
      onToken: (text) => emit(config, { type: "token", text }),
      onRetry: ({ attempt, code, delayMs }) =>
        emit(config, {
          type: "step",
          step: "answer",
          status: "start",
          detail: retryDetail({ model: m, attempt, reason: code, delayMs }),
        }),
    }),
  );
  emit(config, { type: "step", step: "answer", status: "end", ms, detail: model });
  return {
    answerText: value.text,
    answerModel: model,
    usage: value.usage ?? null,
    fallbacks,
    // Only a completed answer joins the conversation that later turns see.
    messages: exchange(state, value.text, marks),
  };
}
