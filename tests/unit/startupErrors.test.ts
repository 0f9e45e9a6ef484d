// What an instance says when it cannot start: the variable to change, in one line, never a stack trace.
import { describe, expect, it } from "vitest";
import { AppError } from "../../contract/errors";
import { ConfigError, parseConfig } from "../../server/config";
import { redactUrl, ServiceUnreachable, startupMessage } from "../../server/startupErrors";

const errno = (code: string, syscall: string) =>
  Object.assign(new Error(`${syscall} ${code}`), { code, syscall });
const LISTEN = { host: "127.0.0.1", port: 8000 };

describe("start-up messages", () => {
  it("names the port in use, the port that needs privileges and a HOST that is not this machine's", () => {
    expect(startupMessage(errno("EADDRINUSE", "listen"), LISTEN)).toMatch(/Portul 8000 este deja folosit/);
    expect(startupMessage(errno("EACCES", "listen"), LISTEN)).toMatch(/de la 1024/);
    expect(startupMessage(errno("ENOTFOUND", "getaddrinfo"), { host: "nu.exista", port: 1 })).toMatch(
      /HOST=nu\.exista nu este o adresă a acestei mașini/,
    );
    expect(startupMessage(errno("EADDRNOTAVAIL", "listen"), { host: "10.9.9.9", port: 1 })).toMatch(
      /HOST=10\.9\.9\.9/,
    );
  });

  it("says a coded error in words, and an unreachable service with its variable and no password", () => {
    const unknown = startupMessage(new AppError("input:unknown_model", { model: "foo:bar" }));
    expect(unknown).toMatch(/^EchoChamber nu a pornit: /);
    expect(unknown).not.toMatch(/\n\s+at /);
    const down = new ServiceUnreachable(
      "DATABASE_URL",
      redactUrl("postgres://ana:secret@db:5432/clasa"),
      "ECONNREFUSED",
    );
    expect(startupMessage(down)).toBe(
      "PostgreSQL nu răspunde la DATABASE_URL=postgres://ana:***@db:5432/clasa (ECONNREFUSED). " +
        "Porniți serviciul sau corectați DATABASE_URL.",
    );
  });

  it("keeps a stack only for what it cannot explain", () => {
    expect(startupMessage(new Error("ceva neașteptat"), LISTEN)).toMatch(/ceva neașteptat\n\s+at /);
  });
});

describe("TRUST_PROXY", () => {
  it("takes true, false, a number of proxies, named ranges, addresses and prefixes", () => {
    for (const value of [
      "true",
      "false",
      "1",
      "loopback",
      "loopback, 10.0.0.0/8",
      "192.168.1.5",
      "::1",
      "fd00::/8",
    ])
      expect(() => parseConfig({ TRUST_PROXY: value }), value).not.toThrow();
    expect(parseConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
  });

  it("refuses at start what Express would only refuse on the first request", () => {
    for (const value of ["loopback   # nginx in front", "10.0.0.0/40", "proxy.example.ro", "1.2.3"]) {
      const attempt = () => parseConfig({ TRUST_PROXY: value });
      expect(attempt, value).toThrow(ConfigError);
      expect(attempt, value).toThrow(/TRUST_PROXY/);
    }
  });
});
