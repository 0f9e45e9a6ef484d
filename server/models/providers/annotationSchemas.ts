// The annotation schema (contract/annotation.ts) as each provider's structured output wants it: OpenAI's strict
// JSON Schema and Gemini's OpenAPI subset. Derived from the one zod schema, never written by hand.
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import { AnnotationSchema } from "../../../contract/annotation";

export type JsonSchema = { [key: string]: unknown };

/** The name and description the providers show the model for the structured output. */
export const OUTPUT_NAME = "adnotare";
export const OUTPUT_DESCRIPTION = "Adnotarea unui text politic românesc după schema proiectului";

function isRecord(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Rewrites a JSON Schema node by node (objects, their properties, array items). */
function mapSchema(node: unknown, visit: (node: JsonSchema) => JsonSchema): unknown {
  if (!isRecord(node)) return node;
  const out: JsonSchema = { ...node };
  if (isRecord(out.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [k, mapSchema(v, visit)]),
    );
  }
  if (out.items !== undefined) out.items = mapSchema(out.items, visit);
  return visit(out);
}

const BASE_SCHEMA = toJsonSchema(AnnotationSchema) as JsonSchema;

/**
 * OpenAI strict mode wants every property required, no extra properties and no maxLength; `dovezi` then comes back
 * as a (possibly empty) list, which the zod schema accepts. Length limits are still checked by zod afterwards.
 */
export const OPENAI_ANNOTATION_SCHEMA = mapSchema(BASE_SCHEMA, (node) => {
  const { $schema: _s, maxLength: _m, ...rest } = node;
  if (isRecord(rest.properties)) {
    rest.required = Object.keys(rest.properties);
    rest.additionalProperties = false;
  }
  return rest;
}) as JsonSchema;

/**
 * Gemini's responseSchema is an OpenAPI subset: one type per node with `nullable`, no type lists, no
 * additionalProperties; `propertyOrdering` keeps the labels before the justification.
 */
export const GEMINI_ANNOTATION_SCHEMA = mapSchema(BASE_SCHEMA, (node) => {
  const { $schema: _s, maxLength: _m, additionalProperties: _a, ...rest } = node;
  if (Array.isArray(rest.type)) {
    const types = rest.type.filter((t) => t !== "null");
    if (types.length < rest.type.length) rest.nullable = true;
    rest.type = types[0];
  }
  if (isRecord(rest.properties)) rest.propertyOrdering = Object.keys(rest.properties);
  return rest;
}) as JsonSchema;
