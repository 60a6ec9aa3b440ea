import type { IncomingMessage } from "node:http";
import { allowList, clientAddress, limitSubject } from "./clientAddress";

function request(remoteAddress: string | undefined, forwardedFor?: string | string[]): IncomingMessage {
  return { socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor } } as unknown as IncomingMessage;
}

describe("clientAddress", () => {
  it("is the socket's peer, an IPv4 client on a dual-stack socket as plain IPv4", () => {
    expect(clientAddress(request("203.0.113.9"), 0)).toBe("203.0.113.9");
    expect(clientAddress(request("::ffff:203.0.113.9"), 0)).toBe("203.0.113.9");
    expect(clientAddress(request("2001:db8::1"), 0)).toBe("2001:db8::1");
  });

  it("ignores X-Forwarded-For unless told how many proxies of ours are in front", () => {
    expect(clientAddress(request("10.0.0.2", "198.51.100.4"), 0)).toBe("10.0.0.2");
  });

  it("takes the entry the outermost trusted proxy appended, never one the client wrote", () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; our one proxy appended the address it saw.
    expect(clientAddress(request("10.0.0.2", "1.1.1.1, 198.51.100.4"), 1)).toBe("198.51.100.4");
    // Two proxies: the outer one appended the client, the inner one the outer proxy.
    expect(clientAddress(request("10.0.0.3", ["1.1.1.1, 198.51.100.4", "10.0.0.2"]), 2)).toBe("198.51.100.4");
    // Fewer entries than proxies (a request that came in past the outer one): the leftmost.
    expect(clientAddress(request("10.0.0.3", "198.51.100.4"), 2)).toBe("198.51.100.4");
  });

  it("falls back to the peer when the header is absent or not an address", () => {
    expect(clientAddress(request("10.0.0.2"), 1)).toBe("10.0.0.2");
    expect(clientAddress(request("10.0.0.2", "unknown"), 1)).toBe("10.0.0.2");
  });
});

describe("limitSubject", () => {
  it("counts an IPv4 address by itself and an IPv6 address by its /64", () => {
    expect(limitSubject("203.0.113.9")).toBe("203.0.113.9");
    expect(limitSubject("2001:db8:aa:bb:1:2:3:4")).toBe("2001:db8:aa:bb::/64");
    expect(limitSubject("2001:0DB8:00aa:bb::9")).toBe("2001:db8:aa:bb::/64");
    expect(limitSubject("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(limitSubject("::1")).toBe("0:0:0:0::/64");
    expect(limitSubject("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });
});

describe("allowList", () => {
  it("matches listed addresses and subnets of either family, and nothing when empty", () => {
    const allowed = allowList(["10.0.0.0/8", "192.168.1.7", "2001:db8::/32"]);
    expect(allowed("10.200.3.4")).toBe(true);
    expect(allowed("192.168.1.7")).toBe(true);
    expect(allowed("192.168.1.8")).toBe(false);
    expect(allowed("2001:db8:1::5")).toBe(true);
    expect(allowed("2001:db9::5")).toBe(false);
    expect(allowList([])("10.0.0.1")).toBe(false);
  });
});
