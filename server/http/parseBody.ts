// Validates a request's body (or query) with its zod schema at the edge; the first problem becomes input:invalid,
// worded in the user's language (zodIssue.ts), not in zod's English.
import type { z } from "zod";
import { invalidInput } from "./zodIssue";

export { invalidInput };

export function parseBody<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error);
}
