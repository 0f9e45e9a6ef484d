// The join card's addresses (server/http/joinInfo.ts joinUrls), from a made-up machine's network interfaces: the
// trusted proxy's origin first, then the machine's address the presenter opened, the non-internal IPv4 addresses
// ranked (192.168, 10, then 172.16/12; virtual interfaces last; link-local left out) when the server listens
// everywhere, and after them the global IPv6 ones when that is on ::, HOST otherwise, each once, at most 32, and this machine's own loopback address only when nothing else
// is there.
import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { isLoopbackUrl, JoinInfoSchema } from "../../contract/presentJoin";
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

  it("lists the global IPv6 addresses too, bracketed, after the IPv4 ones, when the server listens on ::", () => {
    const dual = {
      lo: interfaces.lo,
      docker0: [address("172.17.0.1", "IPv4"), address("2001:db8:d0c::1", "IPv6")],
      wlan0: [
        address("192.168.1.23", "IPv4"),
        address("fe80::1", "IPv6"),
        address("fd12:3456::23", "IPv6"),
        address("2a02:2f0e:1:2::23", "IPv6"),
        address("::ffff:192.168.1.23", "IPv6"),
        // 0002:… and 003a:… lie outside 2000::/3, though they start with 2 and 3.
        address("2:0:0:0:0:0:0:1", "IPv6"),
        address("3a::1", "IPv6"),
      ],
      eth0: [address("10.0.0.5", "IPv4"), address("2001:db8::5", "IPv6")],
    };
    const ipv4 = ["http://192.168.1.23:8000", "http://10.0.0.5:8000", "http://172.17.0.1:8000"];
    for (const host of ["::", "[::]"])
      expect(joinUrls({ host, port: 8000, interfaces: dual })).toEqual([
        ...ipv4,
        "http://[2a02:2f0e:1:2::23]:8000",
        "http://[2001:db8::5]:8000",
        "http://[2001:db8:d0c::1]:8000",
      ]);
    // 0.0.0.0 listens on IPv4 only: an IPv6 address would not answer.
    expect(joinUrls({ host: "0.0.0.0", port: 8000, interfaces: dual })).toEqual(ipv4);
    // An IPv6-only network: its global address, not the loopback one.
    const v6only = { lo: interfaces.lo, eth0: [address("2001:db8::5", "IPv6")] };
    expect(joinUrls({ host: "::", port: 8000, interfaces: v6only })).toEqual(["http://[2001:db8::5]:8000"]);
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

  it("ranks a presenter's laptop's addresses: the Wi-Fi before Docker, VirtualBox and a VPN, without link-local", () => {
    const laptop = {
      lo: interfaces.lo,
      docker0: [address("172.17.0.1", "IPv4")],
      "br-5f2a9c": [address("172.18.0.1", "IPv4")],
      vboxnet0: [address("192.168.56.1", "IPv4")],
      "vEthernet (WSL)": [address("172.29.160.1", "IPv4")],
      tun0: [address("10.8.0.6", "IPv4")],
      apipa: [address("169.254.3.4", "IPv4")],
      eth1: [address("172.20.5.9", "IPv4")],
      enp3s0: [address("10.1.2.3", "IPv4")],
      wlp2s0: [address("192.168.1.23", "IPv4"), address("fe80::1", "IPv6")],
    };
    expect(joinUrls({ host: "0.0.0.0", port: 8000, interfaces: laptop })).toEqual([
      "http://192.168.1.23:8000",
      "http://10.1.2.3:8000",
      "http://172.20.5.9:8000",
      "http://192.168.56.1:8000",
      "http://10.8.0.6:8000",
      "http://172.17.0.1:8000",
      "http://172.18.0.1:8000",
      "http://172.29.160.1:8000",
    ]);
  });

  it("puts first the machine's own address the presenter opened the page through, without a proxy", () => {
    const laptop = {
      lo: interfaces.lo,
      eth0: [address("10.0.0.5", "IPv4"), address("fd00::2", "IPv6")],
      wlan0: [address("192.168.1.23", "IPv4")],
    };
    const urls = (requestHost: string) =>
      joinUrls({ host: "0.0.0.0", port: 8000, requestHost, interfaces: laptop });
    expect(urls("10.0.0.5:8000")).toEqual(["http://10.0.0.5:8000", "http://192.168.1.23:8000"]);
    expect(urls("[fd00::2]:8000")).toEqual([
      "http://[fd00::2]:8000",
      "http://192.168.1.23:8000",
      "http://10.0.0.5:8000",
    ]);
    // A name, this machine's loopback, or an address that is not this machine's: the ranking alone.
    for (const other of [
      "prof-laptop.local:8000",
      "127.0.0.1:8000",
      "203.0.113.9:8000",
      "[fe80::1]:8000",
      "%",
    ])
      expect(urls(other)).toEqual(["http://192.168.1.23:8000", "http://10.0.0.5:8000"]);
  });

  it("lists at most as many addresses as the answer may hold", () => {
    const bridges = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`br-${i}`, [address(`172.${16 + (i % 16)}.${i}.1`, "IPv4")]]),
    );
    const urls = joinUrls({ host: "0.0.0.0", port: 8000, interfaces: { ...bridges, ...interfaces } });
    expect(urls).toHaveLength(32);
    expect(urls.slice(0, 2)).toEqual(["http://192.168.1.23:8000", "http://10.0.0.5:8000"]);
    expect(() => JoinInfoSchema.parse({ urls, auth: "off", code: null })).not.toThrow();
  });

  it("writes odd HOST values as URLs: a zone dropped, a mapped or dotted loopback seen as loopback", () => {
    expect(joinUrls({ host: "fe80::1%eth0", port: 8000, interfaces })).toEqual(["http://[fe80::1]:8000"]);
    for (const host of ["::ffff:127.0.0.1", "localhost.", "LOCALHOST"]) {
      const urls = joinUrls({ host, port: 8000, interfaces });
      expect(urls).toHaveLength(1);
      expect(isLoopbackUrl(urls[0]!)).toBe(true);
      expect(() => JoinInfoSchema.parse({ urls, auth: "off", code: null })).not.toThrow();
    }
  });
});
