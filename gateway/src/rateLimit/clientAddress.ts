import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

/**
 * The client's IP address: the socket's peer, or, behind `trustProxyHops` proxies of ours that
 * each append the address they were reached from to X-Forwarded-For, the entry the outermost of
 * them appended. Entries further left are whatever the client wrote, so they are never trusted.
 */
export function clientAddress(request: IncomingMessage, trustProxyHops: number): string | undefined {
  const peer = normalize(request.socket.remoteAddress);
  if (trustProxyHops === 0) return peer;
  const header = request.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((entry) => entry.trim()).filter(Boolean);
  if (forwarded.length === 0) return peer;
  const candidate = normalize(forwarded[Math.max(0, forwarded.length - trustProxyHops)]);
  return candidate && isIP(candidate) ? candidate : peer;
}

/**
 * What an address is counted under: an IPv4 address as is, an IPv6 address by its /64, the
 * smallest block an ISP hands out (one host can use every address in it).
 */
export function limitSubject(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

/** Addresses and CIDR subnets (GATEWAY_RATE_LIMIT_ALLOW) as one matcher. */
export function allowList(entries: readonly string[]): (address: string) => boolean {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split("/") as [string, string | undefined];
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return (address) => list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

function normalize(address: string | undefined): string | undefined {
  if (!address) return undefined;
  // An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d.
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros ("::" expanded, a trailing IPv4 part as two groups). */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase().split("%")[0]!;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.map((group) => Number.parseInt(group, 16).toString(16));
}
