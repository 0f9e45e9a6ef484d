// Validates a request's body (or query) with its zod schema at the edge; the first problem becomes input:invalid.
import type { z } from "zod";
import { AppError } from "../../contract/errors";

export function parseBody<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new AppError("input:invalid", {
    detail: first ? `${first.path.join(".") || "body"}: ${first.message}` : "",
  });
}
