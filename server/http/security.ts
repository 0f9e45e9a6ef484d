// HTTP hardening, in every mode: security headers with a content security policy that the built client satisfies
// (no inline script or style, sockets to this host only), CORS only for ALLOWED_ORIGINS, and a refusal of requests
// that change something when a browser sends them from another origin (a page on another port of the same host is
// "same-site", so SameSite cookies alone would not stop it; with AUTH=off it keeps other sites off localhost).
import type { IncomingMessage } from "node:http";
import cors from "cors";
import type { RequestHandler } from "express";
import helmet from "helmet";
import { AppError } from "../../contract/errors";
import type { Config } from "../config";

type OriginConfig = Pick<Config, "ALLOWED_ORIGINS" | "TRUST_PROXY">;

/** The host the browser addressed: the proxy's X-Forwarded-Host when proxies are trusted, else Host. */
function addressedHost(req: IncomingMessage, trustProxy: Config["TRUST_PROXY"]): string | undefined {
  const forwarded = req.headers["x-forwarded-host"];
  if (trustProxy !== false && typeof forwarded === "string" && forwarded)
    return forwarded.split(",")[0]!.trim();
  return req.headers.host;
}

/**
 * True when the request may come from where it says: no Origin (not a browser, or a same-origin GET), the app's
 * own origin (same host as addressed), or one of ALLOWED_ORIGINS.
 */
export function originAllowed(req: IncomingMessage, config: OriginConfig): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (config.ALLOWED_ORIGINS.includes(origin)) return true;
  try {
    return new URL(origin).host === addressedHost(req, config.TRUST_PROXY);
  } catch {
    // "null" (a sandboxed frame, a file) or garbage: not an origin we know.
    return false;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Refuses a browser's state-changing request from another origin (403 auth:origin). */
export function sameOriginWrites(config: OriginConfig): RequestHandler {
  return (req, _res, next) => {
    if (!SAFE_METHODS.has(req.method) && !originAllowed(req, config)) {
      throw new AppError("auth:origin", { origin: String(req.headers.origin) });
    }
    next();
  };
}

/** CORS headers for ALLOWED_ORIGINS (with cookies); none at all otherwise, so other origins cannot read. */
export function corsForAllowed(config: OriginConfig): RequestHandler | null {
  if (config.ALLOWED_ORIGINS.length === 0) return null;
  return cors({ origin: config.ALLOWED_ORIGINS, credentials: true, maxAge: 600 });
}

/** The Host header when it is a plain host[:port] (it is written into the policy). */
function hostOf(req: unknown): string {
  const host = (req as IncomingMessage).headers.host ?? "";
  return /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? host : "localhost";
}

/**
 * Helmet's headers with our policy: scripts, styles and connections from this origin only (the socket to this
 * host), images from here or data: URLs (the favicon), no plugins, no framing. No upgrade-insecure-requests: a class
 * on a LAN serves plain http.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'", (req) => `ws://${hostOf(req)}`, (req) => `wss://${hostOf(req)}`],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
}
