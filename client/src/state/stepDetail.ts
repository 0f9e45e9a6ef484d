// What a step row says in words. The server's step details are short machine strings ("5/5", a model id,
// "answer: m1 → m2 (provider:rate_limit)", "m1: provider:timeout"); this reads them into parts the UI can
// label, translate and lay out.
import { readRetryDetail, STOPPED_DETAIL, type StepName } from "../../../contract/protocol";
import type { StepRow } from "./chat";

export type StepDetail =
  | { kind: "passages"; found: number; topK?: number }
  | { kind: "model"; model: string }
  | { kind: "failure"; model: string; reason: string }
  | { kind: "fallback"; node?: string; from: string; to?: string; reason?: string }
  /** The same model tried again after a transient failure, before its first token. */
  | { kind: "retry"; model: string; attempt: number; reason: string; delayMs: number }
  /** A step the user's stop ended (the grounding judge). */
  | { kind: "stopped" }
  | { kind: "text"; text: string };

const PASSAGES = /^(\d+)(?:\/(\d+))?$/;
// "answer: google-genai:gemini-2.5-flash → offline:extractive (provider:rate_limit)"
const FALLBACK = /^(?:(annotate|answer|retrieve): )?(.+?) → (.+?)(?: \(([^()]+)\))?$/;
// "openai:gpt-4o-mini: provider:timeout" — the reason is the last "word:word" code.
const FAILURE = /^(.+): ([a-z_]+:[a-z_]+)$/;

export function describeStep(
  step: Pick<StepRow, "name" | "detail" | "state"> & Partial<Pick<StepRow, "node">>,
): StepDetail | undefined {
  const detail = step.detail?.trim();
  if (!detail) return undefined;
  const name: StepName = step.name;
  if (name === "retrieve") {
    const m = PASSAGES.exec(detail);
    if (m) return { kind: "passages", found: Number(m[1]), ...(m[2] ? { topK: Number(m[2]) } : {}) };
    return { kind: "text", text: detail };
  }
  if (name === "fallback") {
    const m = FALLBACK.exec(detail);
    if (m) {
      const to = m[3] === "—" ? undefined : m[3];
      return { kind: "fallback", node: step.node ?? m[1], from: m[2] ?? "", to, reason: m[4] };
    }
    // The chain ran out: the detail is the last reason alone.
    return /^[a-z_]+:[a-z_]+$/.test(detail)
      ? { kind: "fallback", node: step.node, from: "", reason: detail }
      : { kind: "text", text: detail };
  }
  // "m (reîncercare 1 după provider:rate_limit, 500 ms)": the answer's model tried again.
  const retry = readRetryDetail(detail);
  if (retry) return { kind: "retry", ...retry };
  if (detail === STOPPED_DETAIL) return { kind: "stopped" };
  const failure = FAILURE.exec(detail);
  if (failure && step.state !== "done")
    return { kind: "failure", model: failure[1] ?? "", reason: failure[2] ?? "" };
  return /\s/.test(detail) ? { kind: "text", text: detail } : { kind: "model", model: detail };
}
