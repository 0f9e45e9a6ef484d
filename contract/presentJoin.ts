// GET /api/present/join: what the presenter's join card ("Cum intrați") shows the room: the addresses the app answers
// on, the access mode and, with AUTH=code, the access code. Only an admin reads it (the local user with AUTH=off);
// anyone else is refused with `present:forbidden`, so the code never reaches a guest's page.
import { z } from "zod";
import { AUTH_MODES } from "./auth";

/** The most addresses the card lists (a Docker host can have dozens of bridge networks). */
export const JOIN_URLS_MAX = 32;

export const JoinInfoSchema = z
  .object({
    /**
     * Where the room opens the app, the likeliest first (the one the card writes large and puts in the QR code), as
     * server/http/joinInfo.ts ranks them.
     */
    urls: z.array(z.string().url()).max(JOIN_URLS_MAX),
    auth: z.enum(AUTH_MODES),
    /** AUTH_CODE with AUTH=code; null in the other modes (with AUTH=users people log in with their accounts). */
    code: z.string().nullable(),
  })
  .strict();
export type JoinInfo = z.infer<typeof JoinInfoSchema>;

/**
 * True when `url` opens only on the machine that serves it: 127.x, ::1, localhost (with or without its final dot), and
 * 127.x mapped into IPv6 (::ffff:127.0.0.1, which URL writes ::ffff:7f00:1).
 */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  return host === "localhost" || host === "::1" || /^127\./.test(host) || /^::ffff:7f[0-9a-f]{2}:/.test(host);
}
