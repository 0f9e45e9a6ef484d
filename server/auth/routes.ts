// /api/auth: login (an access code for AUTH=code, a name and password for AUTH=users), logout and "who am I". Logins
// are throttled (server/limits/loginThrottle.ts); a successful one starts a new session (a new id: no fixation).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { Router, type Request } from "express";
import { LoginSchema, type MeResponse, type SessionUser } from "../../contract/auth";
import { AppError } from "../../contract/errors";
import { normalizeLetters } from "../../contract/text";
import type { Config } from "../config";
import { parseBody } from "../http/parseBody";
import type { LoginThrottle } from "../limits/loginThrottle";
import { userOf } from "../identity";
import { verifyDecoy, verifyPassword } from "./passwords";
import type { AuthStore } from "./store";

export interface AuthRoutesDeps {
  config: Pick<Config, "AUTH" | "AUTH_CODE">;
  store: AuthStore;
  throttle: LoginThrottle;
  /** Called when a session ends, so that its sockets are closed too. */
  onLogout: (sessionId: string) => void;
}

/**
 * An access code as it is compared: trimmed, NFC, the cedilla letters ş ţ as the comma-below ș ț (a phone's keyboard
 * may type either), and case-folded without a locale (upper then lower case, so that "ß" and "SS" fold alike). A phone
 * that capitalises the first letter ("Pensii-2026") thus types the same code as the board's "pensii-2026".
 */
export function accessCodeKey(code: string): string {
  return normalizeLetters(code.trim()).toUpperCase().toLowerCase().normalize("NFC");
}

// Both sides are hashed first, so that the comparison takes the same time whatever the lengths.
const digest = (s: string) => createHash("sha256").update(accessCodeKey(s)).digest();

/** Constant-time comparison of a typed code with the configured one, whatever their case. */
function codeMatches(typed: string, expected: string): boolean {
  return timingSafeEqual(digest(typed), digest(expected));
}

function guest(): SessionUser {
  return {
    id: `guest-${randomUUID()}`,
    name: `Invitat ${randomBytes(2).toString("hex").toUpperCase()}`,
    role: "guest",
    kind: "guest",
  };
}

/** Starts a fresh session for the user (the old id is dropped) and saves it before answering. */
function startSession(req: Request, user: SessionUser): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((err) => {
      if (err) return reject(err instanceof Error ? err : new Error(String(err)));
      req.session.user = user;
      req.session.save((saveErr) =>
        saveErr ? reject(saveErr instanceof Error ? saveErr : new Error(String(saveErr))) : resolve(),
      );
    }),
  );
}

export function authRouter({ config, store, throttle, onLogout }: AuthRoutesDeps): Router {
  const router = Router();
  const logins = { code: config.AUTH === "code", users: config.AUTH !== "off" };

  const me = (req: Request): MeResponse => {
    let user: SessionUser | null = null;
    try {
      user = userOf(req);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
    return { mode: config.AUTH, user, logins };
  };

  router.get("/me", (req, res) => {
    res.json(me(req));
  });

  router.post("/login", async (req, res) => {
    const login = parseBody(LoginSchema, req.body);
    const ip = req.ip ?? "unknown";
    const name = "username" in login ? login.username : undefined;
    if (config.AUTH === "off" || ("code" in login && !logins.code)) throw new AppError("auth:login_disabled");
    await throttle.attempt(ip, name);

    let user: SessionUser | null = null;
    if ("code" in login) {
      if (codeMatches(login.code, config.AUTH_CODE ?? "")) user = guest();
    } else {
      const account = await store.findUser(login.username);
      const ok = account
        ? await verifyPassword(login.password, account.passwordHash)
        : await verifyDecoy(login.password);
      if (account && ok) user = { id: account.id, name: account.username, role: account.role, kind: "user" };
    }
    // Said of what was tried: a deployment with accounts only has no code to mention.
    if (!user) throw new AppError("code" in login ? "auth:invalid_code" : "auth:invalid");
    await throttle.succeeded(ip, name);
    await startSession(req, user);
    res.json(me(req));
  });

  router.post("/logout", async (req, res) => {
    const session = (req as Partial<Pick<Request, "session">>).session;
    if (session) {
      const id = session.id;
      await new Promise<void>((resolve, reject) =>
        session.destroy((err) =>
          err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
        ),
      );
      onLogout(id);
      res.clearCookie(SESSION_COOKIE, { path: "/" });
    }
    res.status(204).end();
  });

  return router;
}

export const SESSION_COOKIE = "echochamber.sid";
