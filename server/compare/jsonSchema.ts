// A small JSON Schema validator for the `is-json` assertion's inline schemas: the keywords a suite author needs to
// describe an expected answer (type, properties, required, additionalProperties, items, enum, const, bounds on
// numbers, strings and arrays, anyOf/oneOf/allOf). Unknown keywords are ignored, as JSON Schema prescribes.
import { countWith } from "../../contract/plural";

export type JsonSchema = { [key: string]: unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The problems of a value against a schema, each as "path: what is wrong" (Romanian); empty when it validates. */
export function validateJsonSchema(value: unknown, schema: unknown, at = "$"): string[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [`${at}: nu este permis`];
  if (!isRecord(schema)) return [];
  const problems: string[] = [];

  const type = schema.type;
  if (typeof type === "string" || Array.isArray(type)) {
    const types = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === "string");
    if (!types.some((t) => hasType(value, t))) {
      return [`${at}: se aștepta ${types.join(" sau ")}, nu ${typeOf(value)}`];
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => sameJson(e, value))) {
    problems.push(
      `${at}: valoarea nu este una dintre ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`,
    );
  }
  if ("const" in schema && !sameJson(schema.const, value)) {
    problems.push(`${at}: se aștepta ${JSON.stringify(schema.const)}`);
  }

  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum)
      problems.push(`${at}: sub ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum)
      problems.push(`${at}: peste ${schema.maximum}`);
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (typeof schema.minLength === "number" && length < schema.minLength) {
      problems.push(`${at}: mai scurt de ${countWith(schema.minLength, ["caracter", "caractere"])}`);
    }
    if (typeof schema.maxLength === "number" && length > schema.maxLength) {
      problems.push(`${at}: mai lung de ${countWith(schema.maxLength, ["caracter", "caractere"])}`);
    }
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
      problems.push(`${at}: nu se potrivește cu ${schema.pattern}`);
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) {
      problems.push(`${at}: mai puțin de ${schema.minItems} elemente`);
    }
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
      problems.push(`${at}: mai mult de ${schema.maxItems} elemente`);
    }
    if (schema.items !== undefined) {
      value.forEach((item, i) => problems.push(...validateJsonSchema(item, schema.items, `${at}[${i}]`)));
    }
  }
  if (isRecord(value)) {
    const properties = isRecord(schema.properties) ? schema.properties : {};
    if (Array.isArray(schema.required)) {
      for (const key of schema.required) {
        if (typeof key === "string" && !(key in value)) problems.push(`${at}: lipsește „${key}”`);
      }
    }
    for (const [key, child] of Object.entries(value)) {
      if (key in properties) problems.push(...validateJsonSchema(child, properties[key], `${at}.${key}`));
      else if (schema.additionalProperties === false) problems.push(`${at}: câmp nepermis „${key}”`);
      else if (isRecord(schema.additionalProperties)) {
        problems.push(...validateJsonSchema(child, schema.additionalProperties, `${at}.${key}`));
      }
    }
  }

  if (Array.isArray(schema.allOf))
    for (const s of schema.allOf) problems.push(...validateJsonSchema(value, s, at));
  if (
    Array.isArray(schema.anyOf) &&
    !schema.anyOf.some((s) => validateJsonSchema(value, s, at).length === 0)
  ) {
    problems.push(`${at}: nu respectă niciuna dintre variantele anyOf`);
  }
  if (Array.isArray(schema.oneOf)) {
    const matching = schema.oneOf.filter((s) => validateJsonSchema(value, s, at).length === 0).length;
    if (matching !== 1) problems.push(`${at}: respectă ${matching} variante oneOf, nu exact una`);
  }
  return problems;
}
