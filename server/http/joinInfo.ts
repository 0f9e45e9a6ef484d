// GET /api/present/join: the presenter's join card's facts (contract/presentJoin.ts). The addresses are the ones the
// room can open: behind a trusted proxy the address the presenter's own browser used, else the machine's network
// addresses, ranked, when the server listens on every interface (HOST=0.0.0.0, or :: with the global IPv6 ones after
// the IPv4 ones), else HOST itself; the access
// code only with AUTH=code, and only for an admin (the local user with AUTH=off). The answer is never cached (it
// carries the code).
import { networkInterfaces, type NetworkInterfaceInfo } from "node:os";
import { Router } from "express";
import { hasRole, NEEDED_ROLE } from "../../contract/auth";
import { AppError } from "../../contract/errors";
import { isLoopbackUrl, JOIN_URLS_MAX, JoinInfoSchema, type JoinInfo } from "../../contract/presentJoin";
import type { Config } from "../config";
import { userOf } from "../identity";

type JoinConfig = Pick<Config, "AUTH" | "AUTH_CODE" | "HOST" | "PORT" | "TRUST_PROXY">;

interface UrlInputs {
  host: string;
  /** The port the server answers on (the bound one, which differs from PORT when PORT=0). */
  port: number;
  /** The origin the request came to, when a trusted proxy says it (TRUST_PROXY); undefined otherwise. */
  requestOrigin?: string;
  /**
   * The request's own Host header (`192.168.1.23:8000`): when it is one of this machine's addresses, the presenter
   * opened the page through it, so the room can too. Checked against `interfaces`, so it needs no trusted proxy.
   */
  requestHost?: string;
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

const EVERY_INTERFACE = new Set(["0.0.0.0", "::", "[::]"]);

/** Interfaces the room does not reach: containers, virtual machines' host-only networks, VPN tunnels. */
const VIRTUAL_INTERFACE =
  /^(docker|br-|veth|virbr|vboxnet|virtualbox|vmnet|vmware|vethernet|tun|utun|tap|wg|zt)/i;

/** An address without brackets, IPv6 zone or final dot, in lower case. */
function bareAddress(host: string): string {
  return host
    .trim()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "")
    .replace(/\.$/, "")
    .toLowerCase();
}

/** 169.254/16 and fe80::/10: each machine's own link, never a room's network. */
function isLinkLocal(address: string): boolean {
  return /^169\.254\./.test(address) || /^fe[89ab][0-9a-f]:/.test(address);
}

/**
 * One address as a URL: an IPv6 literal in brackets. A zone (`fe80::1%eth0`) is dropped, since a URL cannot hold one
 * (WHATWG URL refuses `[fe80::1%25eth0]`).
 */
function httpUrl(host: string, port: number): string {
  const bare = bareAddress(host);
  return `http://${bare.includes(":") ? `[${bare}]` : bare}:${port}`;
}

/** The private ranges a classroom network uses, commonest first: 192.168/16, 10/8, then 172.16/12 (Docker's too). */
function rangeRank(address: string): number {
  if (/^192\.168\./.test(address)) return 0;
  if (/^10\./.test(address)) return 1;
  if (/^172\.(1[6-9]|2\d|3[01])\./.test(address)) return 2;
  return 3;
}

/** 2000::/3, the global unicast addresses: not loopback, link-local (fe80::/10), unique local (fc00::/7) or mapped. */
function isGlobalIpv6(address: string): boolean {
  return /^[23][0-9a-f]{3}:/i.test(address);
}

/**
 * The machine's non-internal IPv4 addresses, the likeliest for a room first, link-local ones left out; with `ipv6`
 * (the server listens on `::`, which takes IPv6 too), then its global IPv6 addresses, ranked alike by interface.
 */
export function rankedAddresses(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  { ipv6 = false }: { ipv6?: boolean } = {},
): string[] {
  const found = Object.entries(interfaces).flatMap(([name, list]) =>
    (list ?? [])
      .filter((a) => !a.internal)
      .flatMap((a) => {
        const virtual = VIRTUAL_INTERFACE.test(name) ? 10 : 0;
        if (a.family === "IPv4" && !isLinkLocal(a.address))
          return [{ address: a.address, rank: virtual + rangeRank(a.address) }];
        // After every IPv4 address: a room's network is IPv4 first, and not every phone has IPv6.
        if (ipv6 && a.family === "IPv6" && isGlobalIpv6(bareAddress(a.address)))
          return [{ address: a.address, rank: 100 + virtual }];
        return [];
      }),
  );
  // Array.prototype.sort is stable: equal ranks keep the system's order.
  return found.sort((a, b) => a.rank - b.rank).map((a) => a.address);
}

/** The address in a Host header when it is one of this machine's own non-loopback, non-link-local addresses. */
function ownAddressOf(requestHost: string | undefined, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>) {
  if (!requestHost) return undefined;
  let hostname: string;
  try {
    hostname = bareAddress(new URL(`http://${requestHost}`).hostname);
  } catch {
    // A Host header that is no host: nothing to match.
    return undefined;
  }
  const own = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal && !isLinkLocal(a.address))
    .map((a) => bareAddress(new URL(httpUrl(a.address, 1)).hostname));
  return own.includes(hostname) ? hostname : undefined;
}

/**
 * The room's addresses, the likeliest first, each once, at most JOIN_URLS_MAX: the trusted proxy's origin, the
 * machine's address the presenter opened, then the ranked network addresses (or HOST). Loopback addresses (this
 * machine only) are kept only when there is nothing else, so that the card then says the room cannot reach the app
 * rather than show nothing.
 */
export function joinUrls({ host, port, requestOrigin, requestHost, interfaces }: UrlInputs): string[] {
  const everywhere = EVERY_INTERFACE.has(host.trim());
  const opened = everywhere ? ownAddressOf(requestHost, interfaces) : undefined;
  const listening = everywhere ? rankedAddresses(interfaces, { ipv6: host.trim() !== "0.0.0.0" }) : [host];
  const all = [
    ...new Set([
      ...(requestOrigin ? [requestOrigin] : []),
      ...[...(opened ? [opened] : []), ...listening].map((address) => httpUrl(address, port)),
    ]),
  ];
  const reachable = all.filter((url) => !isLoopbackUrl(url));
  const urls = reachable.length ? reachable : all.length ? all : [httpUrl("127.0.0.1", port)];
  return urls.slice(0, JOIN_URLS_MAX);
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
        // req.protocol and req.host read X-Forwarded-Proto and -Host (with its port, when it has one) only from a
        // trusted proxy.
        requestOrigin: config.TRUST_PROXY !== false ? originOf(req.protocol, req.host) : undefined,
        requestHost: req.headers.host,
        interfaces: networkInterfaces(),
      }),
      auth: config.AUTH,
      code: config.AUTH === "code" ? (config.AUTH_CODE ?? null) : null,
    };
    // The body holds the access code: not in any cache (a shared classroom computer's browser keeps its disk cache).
    res.set("Cache-Control", "no-store");
    res.json(JoinInfoSchema.parse(body));
  });
  return router;
}
