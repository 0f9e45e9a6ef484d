// Access: the AUTH modes, the roles and what each may do, the session's user and the login payloads. Shared by the
// server (which enforces it) and the client (which shows the login page and hides what a role cannot use).
import { z } from "zod";

export const AUTH_MODES = ["off", "code", "users"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** From the least to the most rights: each role may do what the ones before it may. */
export const ROLES = ["guest", "member", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** True when `role` has at least the rights of `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * The least role for each part of the app: a guest chats (and rates answers), a member also annotates and compares
 * (and deletes their own data sets), an admin also configures, manages the corpus, and sees every user's data (the
 * chat's ratings among them).
 */
export const NEEDED_ROLE = {
  chat: "guest",
  annotate: "member",
  compare: "member",
  corpus: "admin",
  configure: "admin",
  accounts: "admin",
  /** The chat's ratings of everyone ("Evaluări din chat", GET /api/chat/feedback). */
  ratings: "admin",
  /** The room's join card: the addresses and the access code (GET /api/present/join). */
  presentJoin: "admin",
} as const satisfies Record<string, Role>;

/** The user behind a request or a socket. With AUTH=off every request is the one local user, an admin. */
export interface SessionUser {
  id: string;
  /** The login name, or "Invitat …" for a guest of AUTH=code; annotators are named by it when AUTH=users. */
  name: string;
  role: Role;
  kind: "local" | "user" | "guest";
}

export const LOCAL_USER: SessionUser = { id: "local", name: "local", role: "admin", kind: "local" };

/** GET /api/auth/me: the mode, and the user when there is a session (always with AUTH=off). */
export interface MeResponse {
  mode: AuthMode;
  user: SessionUser | null;
  /** Which logins the login page offers. */
  logins: { code: boolean; users: boolean };
}

export const USERNAME_PATTERN = /^[\p{L}\p{N}._-]{2,40}$/u;

export const LoginSchema = z.union([
  z.object({ code: z.string().min(1).max(200) }).strict(),
  z
    .object({
      username: z.string().trim().min(1).max(40),
      password: z.string().min(1).max(200),
    })
    .strict(),
]);
export type LoginRequest = z.infer<typeof LoginSchema>;
