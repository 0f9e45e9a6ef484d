// express-session's store on our AuthStore, so that sessions live where the accounts do (SQLite in DATA_DIR, or
// PostgreSQL for a class) and an account's sessions end with it (`users remove`, `users reset`). A session lasts
// SESSION_MAX_AGE_HOURS from its login: there is no per-request touch, so a request costs one read, no write.
import session from "express-session";
import type { AuthStore } from "./store";

type Callback = (err?: unknown) => void;

export class AuthSessionStore extends session.Store {
  constructor(
    private readonly store: AuthStore,
    private readonly maxAgeMs: number,
  ) {
    super();
  }

  override get(sid: string, done: (err: unknown, session?: session.SessionData | null) => void): void {
    this.store.getSession(sid).then(
      (found) => done(null, found ? (JSON.parse(found.data) as session.SessionData) : null),
      (err: unknown) => done(err),
    );
  }

  override set(sid: string, data: session.SessionData, done?: Callback): void {
    const expires = data.cookie?.expires
      ? new Date(data.cookie.expires).getTime()
      : Date.now() + this.maxAgeMs;
    this.store
      .setSession(sid, data.user?.id ?? "", { data: JSON.stringify(data), expiresAt: expires })
      .then(() => done?.(), done ?? (() => undefined));
  }

  override destroy(sid: string, done?: Callback): void {
    this.store.destroySession(sid).then(() => done?.(), done ?? (() => undefined));
  }
}
