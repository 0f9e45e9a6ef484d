// Access control assembled for the app from the configuration: the session middleware (express-session on our
// AuthStore; none with AUTH=off), the /api/auth routes, and the socket.io side (the same session checked at the
// handshake, origins checked, a socket closed when its session ends). See ./middleware.ts for protecting a route.
import type { IncomingMessage } from "node:http";
import type { RequestHandler, Router } from "express";
import session from "express-session";
import type { Server, Socket } from "socket.io";
import { LOCAL_USER } from "../../contract/auth";
import { AppError, pickLang, toUserError } from "../../contract/errors";
import type { Config } from "../config";
import { originAllowed } from "../http/security";
import type { LoginThrottle } from "../limits/loginThrottle";
import type { Logger } from "../log";
import type { SocketIdentity } from "../identity";
import { accountsRouter } from "./accounts";
import { authRouter, SESSION_COOKIE } from "./routes";
import { sessionSecret } from "./secret";
import { AuthSessionStore } from "./sessionStore";
import type { AuthStore } from "./store";

export interface AccessDeps {
  config: Config;
  logger: Logger;
  store: AuthStore;
  throttle: LoginThrottle;
}

type SessionRequest = IncomingMessage & { session?: session.Session & Partial<session.SessionData> };

const sessionRoom = (id: string) => `session:${id}`;
/** Every socket of an account, so that removing it or changing its password or role closes them all. */
const accountRoom = (userId: string) => `account:${userId}`;

export class Access {
  /** express-session, or a pass-through with AUTH=off (no cookie is ever set then). */
  readonly session: RequestHandler;
  private io: Server | undefined;

  constructor(private readonly deps: AccessDeps) {
    const { config, logger, store } = deps;
    const maxAge = config.SESSION_MAX_AGE_HOURS * 60 * 60_000;
    this.session =
      config.AUTH === "off"
        ? (_req, _res, next) => next()
        : session({
            name: SESSION_COOKIE,
            secret: sessionSecret(config, logger),
            store: new AuthSessionStore(store, maxAge),
            resave: false,
            saveUninitialized: false,
            // Secure whenever the request came over HTTPS (directly, or through a trusted proxy: TRUST_PROXY).
            cookie: { httpOnly: true, sameSite: "lax", secure: "auto", maxAge, path: "/" },
          });
  }

  /** POST /login, POST /logout, GET /me (mounted at /api/auth, after `session`). */
  router(): Router {
    return authRouter({
      config: this.deps.config,
      store: this.deps.store,
      throttle: this.deps.throttle,
      onLogout: (id) => this.io?.in(sessionRoom(id)).disconnectSockets(true),
    });
  }

  /** /api/accounts, the "Conturi" page's routes; `limit` rates the writes that hash passwords. */
  accountsRouter(limit: RequestHandler): Router {
    return accountsRouter({
      config: this.deps.config,
      store: this.deps.store,
      logger: this.deps.logger,
      limit,
      onSessionsEnded: (userId) => this.io?.in(accountRoom(userId)).disconnectSockets(true),
    });
  }

  /**
   * The socket side: a handshake from another origin is refused; with accounts, the request's session is read by
   * the same middleware and a socket without a user gets a connect_error whose `data` is a coded, translated error.
   */
  attachIo(io: Server): void {
    this.io = io;
    const { config } = this.deps;
    if (config.AUTH !== "off") io.engine.use(this.session);
    io.use((socket, next) => {
      const identity = this.identify(socket);
      if ("error" in identity) {
        const lang = pickLang((socket.handshake.auth as { lang?: unknown } | undefined)?.lang);
        const error = toUserError(identity.error, lang);
        return next(Object.assign(new Error(error.message), { data: error }));
      }
      socket.data = identity;
      if (identity.sessionId) void socket.join(sessionRoom(identity.sessionId));
      if (identity.user.kind === "user") void socket.join(accountRoom(identity.user.id));
      next();
    });
  }

  private identify(socket: Socket): SocketIdentity | { error: AppError } {
    const { config } = this.deps;
    if (!originAllowed(socket.request, config)) {
      return { error: new AppError("auth:origin", { origin: String(socket.request.headers.origin) }) };
    }
    if (config.AUTH === "off") return { user: LOCAL_USER };
    const req = socket.request as SessionRequest;
    const user = req.session?.user;
    if (!user || !req.session) return { error: new AppError("auth:required") };
    return { user, sessionId: req.session.id };
  }

  /** False when the socket's session has ended since its handshake (a logout elsewhere, `users remove`). */
  async stillSignedIn(socket: Socket): Promise<boolean> {
    const sessionId = (socket.data as Partial<SocketIdentity>).sessionId;
    if (this.deps.config.AUTH === "off" || !sessionId) return true;
    return (await this.deps.store.getSession(sessionId)) !== null;
  }
}
