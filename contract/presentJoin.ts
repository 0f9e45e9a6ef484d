// GET /api/present/join: what the presenter's join card ("Cum intrați") shows the room: the addresses the app answers
// on, the access mode and, with AUTH=code, the access code. Only an admin reads it (the local user with AUTH=off);
// anyone else is refused with `present:forbidden`, so the code never reaches a guest's page.
import { z } from "zod";
import { AUTH_MODES } from "./auth";

export const JoinInfoSchema = z
  .object({
    /** Where the room opens the app, the likeliest first (the one the card writes large and puts in the QR code). */
    urls: z.array(z.string().url()).max(32),
    auth: z.enum(AUTH_MODES),
    /** AUTH_CODE with AUTH=code; null in the other modes (with AUTH=users people log in with their accounts). */
    code: z.string().nullable(),
  })
  .strict();
export type JoinInfo = z.infer<typeof JoinInfoSchema>;

/** True when `url` opens only on the machine that serves it (127.x, ::1, localhost). */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}
