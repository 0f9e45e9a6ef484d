// A thread as the server stored it (GET /api/threads/:id) turned into the client's messages. The server keeps
// no step rows, so they are rebuilt from what it does keep (timings, fallbacks, models, sources), in the same
// detail format as the live `chat:step` events, so that one renderer explains both.
import type { StoredMessage } from "../../../contract/threads";
import type {
  AnswerStatus,
  AssistantMessage,
  AttributedAnnotation,
  ChatMessage,
  StepRow,
  StepState,
  UserMessage,
} from "./messages";

/** The client's messages for a stored thread, in order; each answer points at the question before it. */
export function messagesFromStored(stored: readonly StoredMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  // The index in `out` of the last question not answered yet.
  let open = -1;
  for (const m of stored) {
    if (m.role === "user") {
      const question: UserMessage = {
        role: "user",
        id: m.id,
        text: m.text,
        status: "sent",
        ...(m.regenerates ? { regenerates: m.regenerates } : {}),
        ...(m.follows ? { follows: m.follows } : {}),
      };
      if (m.attachments?.length)
        question.attachments = m.attachments.map(({ name, chars }) => ({ name, chars }));
      out.push(question);
      open = out.length - 1;
      continue;
    }
    const question = open >= 0 ? out[open] : undefined;
    if (question?.role === "user" && m.annotation) {
      // The annotation of a question is stored with the answer that replied to it.
      out[open] = {
        ...question,
        annotation: { annotation: m.annotation.annotation, model: m.annotation.model },
      };
    }
    out.push(answerFromStored(m, question?.role === "user" ? question.id : ""));
    open = -1;
  }
  return out;
}

export function answerFromStored(m: StoredMessage, replyTo: string): AssistantMessage {
  const sources = m.sources ?? [];
  // One annotate call labels the question and its passages, so the passages share the question's model.
  const annotationModel = m.annotation?.model;
  const sourceAnnotations: Record<string, AttributedAnnotation> = {};
  for (const s of sources) {
    if (s.annotation) sourceAnnotations[s.id] = { annotation: s.annotation, model: annotationModel };
  }
  return {
    role: "assistant",
    id: m.id,
    replyTo,
    text: m.text,
    replacedCount: 0,
    steps: stepsFromStored(m),
    sources,
    sourceAnnotations,
    status: m.status,
    // Still being written by the server for another connection (or before a reload): read from storage until it ends.
    ...(m.status === "streaming" ? { interrupted: "detached" as const } : {}),
    stopRequested: false,
    model: m.done?.model,
    timings: m.done?.timings,
    usage: m.done?.usage,
    fallbacks: m.done?.fallbacks ?? [],
    ...(m.done?.grounding ? { grounding: m.done.grounding } : {}),
    ...(m.done?.refine ? { refine: m.done.refine } : {}),
    ...(m.done?.settings ? { settings: m.done.settings } : {}),
  };
}

/** The final state of the answer's own step for a stored status. */
export function finalStepState(status: AnswerStatus): StepState {
  switch (status) {
    case "done":
      return "done";
    case "stopped":
      return "cancelled";
    case "error":
      return "error";
    case "streaming":
      return "running";
    case "interrupted":
      return "cancelled";
  }
}

/** Step rows rebuilt from a stored answer: retrieve, annotate, answer, with each failed model and its fallback. */
export function stepsFromStored(m: StoredMessage): StepRow[] {
  const done = m.done;
  if (!done) return partialSteps(m);
  const rows: Omit<StepRow, "key">[] = [];
  const sources = m.sources ?? [];
  const { timings, fallbacks } = done;
  const annotationModel = m.annotation?.model;

  rows.push({ name: "retrieve", state: "done", ms: timings.retrieveMs, detail: String(sources.length) });

  const failuresOf = (node: "annotate" | "answer", finalModel: string | undefined) => {
    const failed = fallbacks.filter((f) => f.node === node);
    failed.forEach((f, i) => {
      const next = failed[i + 1]?.model ?? finalModel ?? "—";
      rows.push({ name: node, state: "error", ms: f.ms, detail: `${f.model}: ${f.reason}` });
      rows.push({
        name: "fallback",
        state: "done",
        ms: 0,
        detail: `${node}: ${f.model} → ${next} (${f.reason})`,
        node,
      });
    });
  };

  failuresOf("annotate", annotationModel);
  if (annotationModel) {
    rows.push({ name: "annotate", state: "done", ms: timings.annotateMs, detail: annotationModel });
  }
  failuresOf("answer", done.model);
  const failedMs = fallbacks.filter((f) => f.node === "answer").reduce((sum, f) => sum + f.ms, 0);
  if (done.refine) {
    // A draft → refine answer: its two parts, as the live steps showed them.
    const r = done.refine;
    rows.push({ name: "draft", state: "done", ms: r.draft.ms, detail: r.draft.model });
    if (r.refine) {
      const failed = r.refine.error !== undefined;
      rows.push({
        name: "refine",
        state: failed ? "error" : "done",
        ms: r.refine.ms,
        detail: failed ? `${r.refine.model}: ${r.refine.error}` : r.refine.model,
      });
    }
  }
  const answerMs = timings.totalMs - timings.retrieveMs - timings.annotateMs - failedMs;
  rows.push({
    name: "answer",
    state: finalStepState(m.status),
    ms: answerMs >= 0 ? answerMs : undefined,
    detail: done.model,
  });
  return rows.map((row, i) => ({ ...row, key: `${row.name}-${i}` }));
}

/** Step rows of an answer that never ended (still streaming, or interrupted): what its saved parts show. */
function partialSteps(m: StoredMessage): StepRow[] {
  if (m.status !== "streaming" && m.status !== "interrupted") return [];
  const rows: Omit<StepRow, "key">[] = [];
  const sources = m.sources ?? [];
  if (sources.length > 0 || m.annotation)
    rows.push({ name: "retrieve", state: "done", detail: String(sources.length) });
  if (m.annotation) rows.push({ name: "annotate", state: "done", detail: m.annotation.model });
  rows.push({ name: "answer", state: finalStepState(m.status) });
  return rows.map((row, i) => ({ ...row, key: `${row.name}-${i}` }));
}

/** The rows still running, marked with the state the turn ended in. */
export function settleSteps(steps: StepRow[], state: StepState): StepRow[] {
  return steps.some((s) => s.state === "running")
    ? steps.map((s) => (s.state === "running" ? { ...s, state } : s))
    : steps;
}
