import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import { Redis } from "ioredis";
import type { GraphQLExchange } from "@platform/http";
import { captureLogs } from "../../../test/gateway/support/captureLogs";
import type { ApiKeyRateLimit } from "../auth/apiKeys";
import { createRateLimit, type LimitedKey, type RateLimit } from "./rateLimit";
import { RATE_LIMIT_DEFAULTS, type RateLimitConfig } from "./rateLimitConfig";

/**
 * The interceptor's decisions, on the in-process counters and on Redis when TEST_REDIS_URL is
 * set. Apollo Server is stood in for by an `execute` that answers 200 and counts its calls:
 * what is under test is what reaches it.
 */
const redisUrl = process.env.TEST_REDIS_URL;
const kinds: [string, string | undefined][] = [["memory", undefined], ...(redisUrl ? ([["redis", redisUrl]] as [string, string][]) : [])];

interface Client {
  address?: string;
  agent?: string;
  key?: string;
  /** How the key is counted (perKey when absent). */
  keyClass?: ApiKeyRateLimit;
  forwardedFor?: string;
}

/** As the API key registry will: the valid key the request carries (here test headers). */
function testKey(request: IncomingMessage): LimitedKey | undefined {
  const id = request.headers["x-test-key"] as string | undefined;
  return id ? { id, rateLimit: (request.headers["x-test-key-class"] as ApiKeyRateLimit | undefined) ?? "perKey" } : undefined;
}

describe.each(kinds)("rate limiting on %s", (_kind, url) => {
  const prefixes: string[] = [];
  let limit: RateLimit | undefined;
  let executed: number;

  afterEach(async () => {
    await limit?.close();
    limit = undefined;
    if (url) {
      const redis = new Redis(url);
      for (const prefix of prefixes.splice(0)) {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length > 0) await redis.unlink(...keys);
      }
      redis.disconnect();
    }
  });

  async function start(
    overrides: Partial<Omit<RateLimitConfig, "bot">> & { bot?: Partial<RateLimitConfig["bot"]> } = {},
    clientKey: (request: IncomingMessage) => LimitedKey | undefined = testKey,
  ) {
    await limit?.close();
    const prefix = `gw-test-${randomUUID()}:rl:`;
    prefixes.push(prefix);
    executed = 0;
    limit = await createRateLimit({
      config: {
        enabled: true,
        redisUrl: url,
        keyPrefix: prefix,
        ipPerMinute: 1000,
        keyPerMinute: 1000,
        serverKeyPerMinute: 1000,
        allow: [],
        trustProxyHops: 0,
        ...overrides,
        bot: { ...RATE_LIMIT_DEFAULTS.bot, burstPerSecond: 0, ...overrides.bot },
      },
      clientKey,
      logger: captureLogs().logger,
    });
  }

  async function send({ address = "203.0.113.9", agent = "node", key, keyClass, forwardedFor }: Client = {}) {
    const headers: Record<string, string> = {};
    if (agent) headers["user-agent"] = agent;
    if (key) headers["x-test-key"] = key;
    if (keyClass) headers["x-test-key-class"] = keyClass;
    if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
    const request = { socket: { remoteAddress: address }, headers } as unknown as IncomingMessage;
    const exchange: GraphQLExchange<unknown> = {
      request,
      graphql: { method: "POST", headers: new HeaderMap(), search: "", body: { query: "{ __typename }" } },
      execute: async (): Promise<HTTPGraphQLResponse> => {
        executed += 1;
        return { status: 200, headers: new HeaderMap([["content-type", "application/json"]]), body: { kind: "complete", string: '{"data":{"__typename":"Query"}}' } };
      },
      context: async () => undefined,
    };
    const response = await limit!.intercept(exchange);
    const body = response.body.kind === "complete" ? JSON.parse(response.body.string) : undefined;
    return { status: response.status ?? 200, headers: response.headers, body };
  }

  async function sendMany(count: number, client: Client = {}) {
    const statuses = [];
    for (let request = 0; request < count; request++) statuses.push((await send(client)).status);
    return statuses;
  }

  it("refuses an IP address over its limit with 429, Retry-After and RATE_LIMITED, without executing", async () => {
    await start({ ipPerMinute: 3 });
    expect(await sendMany(3)).toEqual([200, 200, 200]);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(executed).toBe(3);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.errors[0].extensions.code).toBe("RATE_LIMITED");
    expect(refused.body.errors[0].message).toMatch(/per IP address is 3 per minute/);
    expect(refused.body.errors[0].message).toContain(`Retry in ${retryAfter} s`);
    expect(limit!.report().counts).toMatchObject({ allowed: 3, limited: { ip: 1 } });
  });

  it("tells each answer its limit and what is left of it", async () => {
    await start({ ipPerMinute: 10 });
    await send();
    const second = await send();
    expect(second.headers.get("ratelimit-limit")).toBe("10");
    expect(second.headers.get("ratelimit-remaining")).toBe("8");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("8");
    expect(Number(second.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(1);
  });

  it("counts each IP address apart, and an IPv6 client by its /64", async () => {
    await start({ ipPerMinute: 1 });
    expect(await sendMany(2, { address: "203.0.113.9" })).toEqual([200, 429]);
    expect((await send({ address: "203.0.113.10" })).status).toBe(200);
    expect((await send({ address: "2001:db8:1:2::a" })).status).toBe(200);
    expect((await send({ address: "2001:db8:1:2::b" })).status).toBe(429);
  });

  it("counts a request with an API key against its key, wherever it comes from, each key apart", async () => {
    await start({ ipPerMinute: 100, keyPerMinute: 2 });
    expect(await sendMany(3, { key: "key-a" })).toEqual([200, 200, 429]);
    // From another address: the key's quota is spent wherever its requests come from.
    const refused = await send({ key: "key-a", address: "198.51.100.1" });
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].message).toMatch(/per API key is 2 per minute/);
    expect((await send({ key: "key-b" })).status).toBe(200);
    expect(limit!.report().counts.limited).toMatchObject({ key: 2 });
  });

  it("never counts a request with an API key against its address, nor the burst rule: a store's devices behind one NAT address", async () => {
    await start({ ipPerMinute: 1, keyPerMinute: 100, bot: { burstPerSecond: 2 } });
    // Two keys (a kiosk's and a handheld's) from one address, back to back: more than either limit of the address.
    expect(await sendMany(5, { key: "kiosk-key" })).toEqual([200, 200, 200, 200, 200]);
    expect(await sendMany(5, { key: "handheld-key" })).toEqual([200, 200, 200, 200, 200]);
    // The address's own count is untouched: its first request without a key is served, the second is over 1 a minute.
    expect(await sendMany(2)).toEqual([200, 429]);
  });

  it("counts a public key's requests by address, with the burst and no-User-Agent rules, never against the key", async () => {
    await start({ ipPerMinute: 2, keyPerMinute: 1, bot: { noAgentPerMinute: 0 } });
    const browser = { key: "web-key", keyClass: "public" } as const;
    expect(await sendMany(3, browser)).toEqual([200, 200, 429]);
    expect((await send(browser)).body.errors[0].message).toMatch(/per IP address is 2 per minute/);
    // Another shopper's address: served, although the key has had more than its 1 a minute.
    expect((await send({ ...browser, address: "198.51.100.7" })).status).toBe(200);
    expect((await send({ ...browser, address: "198.51.100.8", agent: "" })).status).toBe(403);
    expect((await send({ key: "kiosk-key", address: "198.51.100.8", agent: "" })).status).toBe(200);

    await start({ ipPerMinute: 1000, bot: { burstPerSecond: 3 } });
    let refused: Awaited<ReturnType<typeof send>> | undefined;
    for (let request = 0; request < 50 && !refused; request++) {
      const response = await send(browser);
      if (response.status === 429) refused = response;
    }
    expect(refused?.body.errors[0].message).toMatch(/in one second/);
  });

  it("counts a trusted server's key against its own, larger limit only", async () => {
    await start({ ipPerMinute: 1, keyPerMinute: 1, serverKeyPerMinute: 3, bot: { burstPerSecond: 2 } });
    const server = { key: "ssr-key", keyClass: "trustedServer" } as const;
    expect(await sendMany(4, server)).toEqual([200, 200, 200, 429]);
    const refused = await send(server);
    expect(refused.body.errors[0].message).toMatch(/limit per trusted server key is 3 per minute/);
    expect(limit!.report().counts.limited).toMatchObject({ serverKey: 2, key: 0, ip: 0, burst: 0 });
  });

  it("refuses denied User-Agents with 403 FORBIDDEN, with an API key or without", async () => {
    await start();
    const refused = await send({ agent: "sqlmap/1.7.2#stable" });
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].extensions.code).toBe("FORBIDDEN");
    expect((await send({ agent: "sqlmap/1.7.2#stable", key: "key-a" })).status).toBe(403);
    expect(executed).toBe(0);
    expect(limit!.report().counts.deniedAgents).toBe(2);
  });

  it("gives requests without a User-Agent a lower limit of their own, or refuses them when it is 0", async () => {
    await start({ ipPerMinute: 100, bot: { noAgentPerMinute: 2 } });
    expect(await sendMany(3, { agent: "" })).toEqual([200, 200, 429]);
    const refused = await send({ agent: "" });
    expect(refused.body.errors[0].message).toMatch(/without a User-Agent header/);
    expect((await send()).status).toBe(200);

    // A device with its app's key is not a bot for lacking a User-Agent.
    expect(await sendMany(3, { agent: "", key: "kiosk-key" })).toEqual([200, 200, 200]);

    await start({ bot: { noAgentPerMinute: 0 } });
    expect((await send({ agent: "" })).status).toBe(403);
    expect((await send({ agent: "", key: "kiosk-key" })).status).toBe(200);
  });

  it("refuses a burst from one address over the per-second limit, with Retry-After 1", async () => {
    await start({ ipPerMinute: 1000, bot: { burstPerSecond: 3 } });
    // A fixed one-second window: within 50 back-to-back requests some window must see a fourth.
    let refused: Awaited<ReturnType<typeof send>> | undefined;
    for (let request = 0; request < 50 && !refused; request++) {
      const response = await send();
      if (response.status === 429) refused = response;
    }
    expect(refused?.headers.get("retry-after")).toBe("1");
    expect(refused?.body.errors[0].message).toMatch(/in one second/);
    expect(limit!.report().counts.limited.burst).toBeGreaterThanOrEqual(1);
  });

  it("never limits allow-listed addresses", async () => {
    await start({ ipPerMinute: 1, allow: ["10.0.0.0/8"] });
    expect(await sendMany(3, { address: "10.1.2.3" })).toEqual([200, 200, 200]);
    expect(limit!.report().counts).toMatchObject({ allowed: 3, exempt: 3 });
  });

  it("believes X-Forwarded-For only with a trusted proxy in front", async () => {
    await start({ ipPerMinute: 1 });
    expect(await sendMany(2, { address: "10.0.0.2", forwardedFor: "198.51.100.1" })).toEqual([200, 429]);
    expect((await send({ address: "10.0.0.2", forwardedFor: "198.51.100.2" })).status).toBe(429);

    await start({ ipPerMinute: 1, trustProxyHops: 1 });
    expect(await sendMany(2, { address: "10.0.0.2", forwardedFor: "198.51.100.1" })).toEqual([200, 429]);
    expect((await send({ address: "10.0.0.2", forwardedFor: "198.51.100.2" })).status).toBe(200);
    // A client writing its own X-Forwarded-For in front of the proxy's entry changes nothing.
    expect((await send({ address: "10.0.0.2", forwardedFor: "192.0.2.77, 198.51.100.1" })).status).toBe(429);
  });

  it("serves, unlimited, when finding the client's key fails", async () => {
    await start({ ipPerMinute: 1 }, () => {
      throw new Error("key store unavailable");
    });
    expect(await sendMany(3)).toEqual([200, 200, 200]);
  });
});
