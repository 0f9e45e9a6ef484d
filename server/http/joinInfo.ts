// GET /api/present/join: the presenter's join card's facts (contract/presentJoin.ts). The addresses are the ones the
// room can open: behind a trusted proxy the address the presenter's own browser used, else the machine's network
// addresses when the server listens on every interface (HOST=0.0.0.0 or ::), else HOST itself; the access code only
// with AUTH=code, and only for an admin (the local user with AUTH=off).
import { networkInterfaces, type NetworkInterfaceInfo } from "node:os";
import { Router } from "express";
import { hasRole, NEEDED_ROLE } from "../../contract/auth";
import { AppError } from "../../contract/errors";
import { isLoopbackUrl, JoinInfoSchema, type JoinInfo } from "../../contract/presentJoin";
import type { Config } from "../config";
import { userOf } from "../identity";

type JoinConfig = Pick<Config, "AUTH" | "AUTH_CODE" | "HOST" | "PORT" | "TRUST_PROXY">;

interface UrlInputs {
  host: string;
  /** The port the server answers on (the bound one, which differs from PORT when PORT=0). */
  port: number;
  /** The origin the request came to, when a trusted proxy says it (TRUST_PROXY); undefined otherwise. */
  requestOrigin?: string;
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

const EVERY_INTERFACE = new Set(["0.0.0.0", "::", "[::]"]);

/** One address as a URL: an IPv6 literal in brackets. */
function httpUrl(host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, "");
  return `http://${bare.includes(":") ? `[${bare}]` : bare}:${port}`;
}

/**
 * The room's addresses, the likeliest first and each once. Loopback addresses (this machine only) are kept only when
 * there is nothing else, so that the card then says the room cannot reach the app rather than show nothing.
 */
export function joinUrls({ host, port, requestOrigin, interfaces }: UrlInputs): string[] {
  const listening = EVERY_INTERFACE.has(host.trim())
    ? Object.values(interfaces)
        .flatMap((list) => list ?? [])
        .filter((a) => a.family === "IPv4" && !a.internal)
        .map((a) => httpUrl(a.address, port))
    : [httpUrl(host.trim(), port)];
  const all = [...new Set([...(requestOrigin ? [requestOrigin] : []), ...listening])];
  const reachable = all.filter((url) => !isLoopbackUrl(url));
  if (reachable.length) return reachable;
  return all.length ? all : [httpUrl("127.0.0.1", port)];
}

/** The origin a request came to, or undefined when its Host is missing or not a host. */
function originOf(protocol: string, host: string | undefined): string | undefined {
  if (!host) return undefined;
  try {
    return new URL(`${protocol}://${host}`).origin;
  } catch {
    // A Host header that is no host: the card shows the other addresses.
    return undefined;
  }
}

export function joinInfoRouter(config: JoinConfig): Router {
  const router = Router();
  router.get("/present/join", (req, res) => {
    const user = userOf(req);
    if (!hasRole(user.role, NEEDED_ROLE.presentJoin)) throw new AppError("present:forbidden");
    const body: JoinInfo = {
      urls: joinUrls({
        host: config.HOST,
        port: req.socket.localPort ?? config.PORT,
        // req.protocol and req.host read X-Forwarded-Proto and -Host only from a trusted proxy.
        requestOrigin: config.TRUST_PROXY !== false ? originOf(req.protocol, req.host) : undefined,
        interfaces: networkInterfaces(),
      }),
      auth: config.AUTH,
      code: config.AUTH === "code" ? (config.AUTH_CODE ?? null) : null,
    };
    res.json(JoinInfoSchema.parse(body));
  });
  return router;
}
