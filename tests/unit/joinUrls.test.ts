// The join card's addresses (server/http/joinInfo.ts joinUrls), from a made-up machine's network interfaces: the
// trusted proxy's origin first, the non-internal IPv4 addresses when the server listens everywhere, HOST otherwise,
// each once, and this machine's own loopback address only when nothing else is there.
import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { joinUrls } from "../../server/http/joinInfo";

function address(address: string, family: "IPv4" | "IPv6", internal = false): NetworkInterfaceInfo {
  const common = { address, netmask: "", mac: "00:00:00:00:00:00", internal, cidr: null };
  return family === "IPv4" ? { ...common, family } : { ...common, family, scopeid: 0 };
}

const interfaces = {
  lo: [address("127.0.0.1", "IPv4", true), address("::1", "IPv6", true)],
  wlan0: [address("192.168.1.23", "IPv4"), address("fe80::1", "IPv6")],
  eth0: [address("10.0.0.5", "IPv4")],
};

describe("joinUrls", () => {
  it("lists the non-internal IPv4 addresses with the port when the server listens on every interface", () => {
    for (const host of ["0.0.0.0", "::"]) {
      expect(joinUrls({ host, port: 8000, interfaces })).toEqual([
        "http://192.168.1.23:8000",
        "http://10.0.0.5:8000",
      ]);
    }
  });

  it("puts the address the presenter opened through a trusted proxy first, and names each address once", () => {
    expect(
      joinUrls({ host: "0.0.0.0", port: 8000, requestOrigin: "http://10.0.0.5:8000", interfaces }),
    ).toEqual(["http://10.0.0.5:8000", "http://192.168.1.23:8000"]);
    // nginx with TLS in front of an app on loopback: the public origin only.
    expect(
      joinUrls({ host: "127.0.0.1", port: 8000, requestOrigin: "https://echo.liceu.ro", interfaces }),
    ).toEqual(["https://echo.liceu.ro"]);
  });

  it("gives HOST itself otherwise, an IPv6 address in brackets", () => {
    expect(joinUrls({ host: "192.168.1.23", port: 8080, interfaces })).toEqual(["http://192.168.1.23:8080"]);
    expect(joinUrls({ host: "fd00::2", port: 8000, interfaces })).toEqual(["http://[fd00::2]:8000"]);
  });

  it("keeps this machine's own address when nothing else reaches it", () => {
    expect(joinUrls({ host: "127.0.0.1", port: 8000, interfaces })).toEqual(["http://127.0.0.1:8000"]);
    expect(joinUrls({ host: "0.0.0.0", port: 8000, interfaces: { lo: interfaces.lo } })).toEqual([
      "http://127.0.0.1:8000",
    ]);
  });
});
