// An error a page keeps on screen, kept as what it is rather than as words: the server's code and parameters
// (contract/errors.ts words each code in both languages), so that a switch of language says it again in the new one.
// The message as it came is the fallback for a code the contract does not know (the network, another server). A page
// says it with the contract's inLanguage(error, lang).
import type { UserError } from "../../contract/errors";
import { ApiError } from "./api";

/** What to keep of a caught error. */
export function keptError(err: unknown): UserError {
  if (err instanceof ApiError) return err.error;
  return { code: "client:error", message: err instanceof Error ? err.message : String(err) };
}
