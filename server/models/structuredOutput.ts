// Structured output for annotations, whatever the provider: the messages (the codebook as system prompt, the text
// fenced as data), validation of the raw reply against the annotation schema, and one repair (locally when the JSON
// sits inside prose or a code fence, else by asking the model once more) before giving up.
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { ZodError, ZodType } from "zod";
import { AnnotationSchema, type Annotation } from "../../contract/annotation";
import { AppError } from "../../contract/errors";
import type { RawOutput, TokenUsage } from "./providers";

export interface LlmAnnotation {
  annotation: Annotation;
  /** Tokens of every request made, the repair included, when the provider reported them. */
  usage?: TokenUsage;
  /** True when the first output did not validate as it was and had to be repaired. */
  repaired: boolean;
  /** Requests made: 1, or 2 with a repair by the model. */
  requests: number;
  /** The last request's finish reason, as the provider spelled it. */
  finishReason?: string;
}

/** The text as the model sees it, fenced so that instructions inside it read as data. */
export function annotationMessages(text: string, systemPrompt: string): BaseMessage[] {
  return [new SystemMessage(systemPrompt), new HumanMessage(`<text>\n${text}\n</text>`)];
}

function addUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (!a) return b;
  if (!b) return a;
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens };
}

type Reading = { ok: true; annotation: Annotation; extracted: boolean } | { ok: false; problem: string };

function describeZodError(error: ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(rădăcină)"}: ${i.message}`).join("; ");
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** The JSON object inside a reply that wrapped it in a code fence or in prose, if there is one. */
export function extractJsonObject(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1];
  const candidates = [fenced, text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)];
  for (const candidate of candidates) {
    if (!candidate || !candidate.trim().startsWith("{")) continue;
    const parsed = parseJson(candidate.trim());
    if (parsed.ok) return parsed.value;
  }
  return undefined;
}

/** Validates a raw reply: as it is first, then the JSON object found inside it. */
export function readAnnotation(raw: string): Reading {
  const direct = parseJson(raw.trim());
  if (direct.ok) {
    const valid = AnnotationSchema.safeParse(direct.value);
    if (valid.success) return { ok: true, annotation: valid.data, extracted: false };
    return { ok: false, problem: describeZodError(valid.error) };
  }
  const inner = extractJsonObject(raw);
  if (inner !== undefined) {
    const valid = AnnotationSchema.safeParse(inner);
    if (valid.success) return { ok: true, annotation: valid.data, extracted: true };
    return { ok: false, problem: describeZodError(valid.error) };
  }
  return { ok: false, problem: `nu este JSON valid (${direct.message})` };
}

type JsonReading<T> = { ok: true; value: T; extracted: boolean } | { ok: false; problem: string };

/** Validates a judge's raw reply against a schema: as it is first, then the JSON object found inside it. */
export function readJson<T>(raw: string, schema: ZodType<T>): JsonReading<T> {
  const direct = parseJson(raw.trim());
  const value = direct.ok ? direct.value : extractJsonObject(raw);
  if (value === undefined)
    return { ok: false, problem: `nu este JSON valid (${direct.ok ? "" : direct.message})` };
  const valid = schema.safeParse(value);
  if (!valid.success) return { ok: false, problem: describeZodError(valid.error) };
  return { ok: true, value: valid.data, extracted: !direct.ok };
}

function repairRequest(problem: string): string {
  return `Răspunsul tău anterior nu respectă schema: ${problem}
Trimite din nou adnotarea, corectată, ca un singur obiect JSON valid cu toate câmpurile cerute, fără alt text.`;
}

/**
 * Annotates one text through `request` (one JSON request to a model, see ProviderClient.requestJson). Throws AppError
 * provider:empty when the model says nothing, provider:invalid_output when the output still does not validate after
 * one repair; errors of the request itself (HTTP, network, deadline) propagate unchanged.
 */
export async function annotateText(
  request: (messages: BaseMessage[]) => Promise<RawOutput>,
  text: string,
  systemPrompt: string,
): Promise<LlmAnnotation> {
  const messages = annotationMessages(text, systemPrompt);
  const first = await request(messages);
  if (first.raw.trim() === "") throw new AppError("provider:empty");
  const reading = readAnnotation(first.raw);
  if (reading.ok) {
    const { usage, finishReason } = first;
    return { annotation: reading.annotation, usage, repaired: reading.extracted, requests: 1, finishReason };
  }
  const retry = await request([
    ...messages,
    new AIMessage(first.raw),
    new HumanMessage(repairRequest(reading.problem)),
  ]);
  const usage = addUsage(first.usage, retry.usage);
  const second = readAnnotation(retry.raw);
  if (second.ok) {
    return {
      annotation: second.annotation,
      usage,
      repaired: true,
      requests: 2,
      finishReason: retry.finishReason,
    };
  }
  throw new AppError("provider:invalid_output", { detail: second.problem });
}
