// Draft → refine inside the answer branch: the drafting chain streams a draft (step `draft`), the rule decides on the
// draft (its length, its groundedness by the offline check, the question's topic), and only then the refining model
// streams its revision (step `refine`) in place of the draft; when it fails, the draft stands. Inside the branch, not
// as nodes after it, so that refining never waits for the annotations beside it (parallel branches share supersteps).
import type { BaseMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError, isErrorCode, type Lang } from "../../contract/errors";
import { checkGrounding } from "../../contract/groundingCheck";
import type { Fallback, Usage } from "../../contract/protocol";
import {
  addUsage,
  keptReason,
  refineReason,
  wordCount,
  type DraftFacts,
  type RefineReport,
} from "../../contract/refine";
import { walkChain } from "./chain";
import { chatContext, emit, stopSignal, throwIfStopped, type RefineConfiguration } from "./config";
import { buildRefineMessages, shownPassages } from "./prompts";
import type { ChatStateValue } from "./state";

export interface RefinedAnswer {
  text: string;
  /** The model whose text is the answer. */
  model: string;
  usage?: Usage;
  fallbacks: Fallback[];
  report: RefineReport;
}

type Answering = ReturnType<typeof chatContext>["models"]["streamAnswer"];

/** The question's topic as the configured annotator reads it; null when it cannot (the rule then ignores topics). */
async function topicOf(state: ChatStateValue, refine: RefineConfiguration, config: LangGraphRunnableConfig) {
  if (!refine.rule.topics?.length) return null;
  try {
    const { annotations } = await chatContext(config).models.annotate(
      refine.topicAnnotator,
      [state.question],
      {
        signal: stopSignal(config),
      },
    );
    return annotations[0]?.tema ?? null;
  } catch (err) {
    if (stopSignal(config)?.aborted) throw err;
    return null;
  }
}

function streamInto(config: LangGraphRunnableConfig, temperature: number, displayLang?: Lang) {
  const models = chatContext(config).models;
  return (model: string, messages: BaseMessage[]): ReturnType<Answering> =>
    models.streamAnswer(model, messages, {
      temperature,
      signal: stopSignal(config),
      displayLang,
      onToken: (text) => emit(config, { type: "token", text }),
    });
}

export async function draftAndRefine(
  state: ChatStateValue,
  config: LangGraphRunnableConfig,
  refine: RefineConfiguration,
  messages: BaseMessage[],
  temperature: number,
  displayLang?: Lang,
): Promise<RefinedAnswer> {
  const stream = streamInto(config, temperature, displayLang);
  const draft = await walkChain("answer", refine.draftChain, config, (m) => stream(m, messages), "draft");
  emit(config, { type: "step", step: "draft", status: "end", ms: draft.ms, detail: draft.model });
  const shown = shownPassages(state.passages);
  const grounding = checkGrounding(draft.value.text, shown);
  const facts: DraftFacts = {
    words: wordCount(draft.value.text),
    grounding: grounding.score,
    topic: await topicOf(state, refine, config),
  };
  // The topic's annotator may be the lexicon, which takes no signal: a stop meanwhile ends the answer here.
  throwIfStopped(config);
  const draftPart = {
    model: draft.model,
    ms: draft.ms,
    ...(draft.value.firstTokenMs !== undefined ? { firstTokenMs: draft.value.firstTokenMs } : {}),
    ...(draft.value.usage ? { usage: draft.value.usage } : {}),
    text: draft.value.text,
  };
  const reason = refineReason(refine.rule, facts);
  // The reason in English too, for the English page (the report is stored, and read in either language).
  const reasonEn = refineReason(refine.rule, facts, "en");
  const kept = (why: string, whyEn: string, extra: Partial<RefineReport> = {}): RefinedAnswer => ({
    text: draft.value.text,
    model: draft.model,
    usage: addUsage(draft.value.usage, extra.refine?.usage),
    fallbacks: draft.fallbacks,
    report: {
      draft: draftPart,
      refined: false,
      reason: why,
      reasonEn: whyEn,
      ...extra,
      combined: {
        ms: draft.ms + (extra.refine?.ms ?? 0),
        usage: addUsage(draft.value.usage, extra.refine?.usage),
      },
    },
  });
  if (!reason) return kept(keptReason(facts), keptReason(facts, "en"));

  const started = performance.now();
  emit(config, {
    type: "step",
    step: "refine",
    status: "start",
    // The step says why in the reader's language (a display hint: the refining model's prompt does not change).
    detail: `${refine.refineModel} — ${displayLang === "en" ? reasonEn : reason}`,
  });
  try {
    const issues = grounding.unsupported.map(({ sentence, reason: why }) => ({ sentence, reason: why }));
    const refined = await stream(refine.refineModel, buildRefineMessages(messages, draft.value.text, issues));
    const ms = Math.round(performance.now() - started);
    emit(config, { type: "step", step: "refine", status: "end", ms, detail: refine.refineModel });
    const part = {
      model: refine.refineModel,
      ms,
      ...(refined.firstTokenMs !== undefined ? { firstTokenMs: refined.firstTokenMs } : {}),
      ...(refined.usage ? { usage: refined.usage } : {}),
    };
    const usage = addUsage(draft.value.usage, refined.usage);
    return {
      text: refined.text,
      model: refine.refineModel,
      usage,
      fallbacks: draft.fallbacks,
      report: {
        draft: draftPart,
        refined: true,
        reason,
        ...(reasonEn ? { reasonEn } : {}),
        refine: part,
        combined: { ms: draft.ms + ms, usage },
      },
    };
  } catch (err) {
    if (stopSignal(config)?.aborted) throw err;
    const code = err instanceof AppError && isErrorCode(err.code) ? err.code : "provider:error";
    const ms = Math.round(performance.now() - started);
    emit(config, {
      type: "step",
      step: "refine",
      status: "error",
      ms,
      detail: `${refine.refineModel}: ${code}`,
    });
    return kept(
      `${reason}; rafinarea a eșuat (${code}), rămâne ciorna`,
      `${reasonEn}; the refinement failed (${code}), the draft stands`,
      { refine: { model: refine.refineModel, ms, error: code } },
    );
  }
}
