// Who is asking: the session's user of a request or a socket, and what they may see. With AUTH=off there is no
// session and every request is the one local user (an admin), so nothing changes for local use.
import type { Request } from "express";
import type { Session, SessionData } from "express-session";
import type { Socket } from "socket.io";
import { LOCAL_USER, type SessionUser } from "../contract/auth";
import { AppError } from "../contract/errors";

declare module "express-session" {
  interface SessionData {
    /** Set at login; a session without it is no session. */
    user?: SessionUser;
  }
}

/** What the socket middleware leaves on every accepted socket. */
export interface SocketIdentity {
  user: SessionUser;
  /** The express-session id, to end the socket with its session (none with AUTH=off). */
  sessionId?: string;
}

/** The request's user: the local user with AUTH=off (no session middleware), else the session's. */
export function userOf(req: Request): SessionUser {
  // req.session exists only when a session middleware ran (AUTH=code or users).
  const session = (req as { session?: Session & Partial<SessionData> }).session;
  if (!session) return LOCAL_USER;
  const user = session.user;
  if (!user) throw new AppError("auth:required");
  return user;
}

/** The socket's user, as the socket middleware (server/auth/socket.ts) recorded it at the handshake. */
export function socketUser(socket: Socket): SessionUser {
  const identity = (socket.data as Partial<SocketIdentity> | undefined)?.user;
  if (!identity) throw new AppError("auth:required");
  return identity;
}

/** True when the user may see a row that belongs to `ownerId`: their own, or anything for an admin. */
export function canSee(user: SessionUser, ownerId: string | undefined): boolean {
  return user.role === "admin" || (ownerId ?? LOCAL_USER.id) === user.id;
}

/** The storage filter for listing what the user may see. */
export function ownerFilter(user: SessionUser): { userId?: string } {
  return user.role === "admin" ? {} : { userId: user.id };
}

/** Whose a thing is, as an admin's list says it: an account's name, or a guest of the access code. */
export type OwnerMark = { kind: "user"; name: string } | { kind: "guest" };

/**
 * Whose `userId`'s thing is, for `viewer`'s list: nothing for the viewer's own, the account's name, a guest, or
 * nothing when neither is known (an account removed since). The threads' and the comparisons' lists say it alike.
 */
export function ownerMark(
  userId: string | undefined,
  viewer: SessionUser,
  names: ReadonlyMap<string, string> | undefined,
): OwnerMark | undefined {
  if (!userId || userId === viewer.id) return undefined;
  const name = names?.get(userId);
  if (name) return { kind: "user", name };
  return userId.startsWith("guest-") ? { kind: "guest" } : undefined;
}
