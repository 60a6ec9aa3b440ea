import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { demoDataset } from "../../../prisma/seed";
import type { GatewayConfig } from "../../../gateway/src/config";
import { RATE_LIMIT_DEFAULTS, type RateLimitConfig, type RateLimitReport } from "../../../gateway/src/rateLimit";
import { type RunningGateway, startGateway } from "../../../gateway/src/server";
import { REPO_ROOT } from "@platform/registry";
import { captureLogs, type CapturedLogs } from "../../gateway/support/captureLogs";
import { testGatewayConfig } from "../../gateway/support/gatewayConfig";
import { DEV_API_KEYS } from "../../support/callers";
import { type CommerceStack, startCommerceStack } from "../../support/commerceStack";
import { type GraphQLResponse, postGraphQL } from "../../support/graphqlClient";
import { redisServerAvailable, type RedisServerProcess, startRedisServer } from "../../support/redisServerProcess";

/**
 * Rate limiting in front of the real gateway and the real subgraphs, over HTTP on 127.0.0.1:
 * 429 with Retry-After and RATE_LIMITED, requests with an API key counted per key (never per
 * address: a store's devices behind one NAT address, a server-rendered storefront), requests
 * without one or with a public key per address, the bot rule,
 * cache hits counted, counters shared by gateways on one Redis, and a Redis killed mid-run failing
 * nothing. The subgraphs start once; each test starts the gateways it needs, with its own
 * counters (on TEST_REDIS_URL when set, in memory otherwise; the outage on a redis-server of its own).
 */
const product = demoDataset().products[0]!;
const PRODUCT = `query($slug: String!) { product(slug: $slug) { id name } }`;
/** A second app's key (postGraphQL sends the demo web app's unless told otherwise). */
const MOBILE_APP = { "x-api-key": DEV_API_KEYS.mobile };
/** The demo storefront's key shipped in its pages, marked `public`: counted per address, as requests without a key. */
const BROWSER = { "x-api-key": DEV_API_KEYS.browser };

let stack: CommerceStack;
const gateways: RunningGateway[] = [];

beforeAll(async () => {
  stack = await startCommerceStack();
}, 180_000);

afterEach(async () => {
  for (const gateway of gateways.splice(0)) await gateway.stop();
});

afterAll(async () => {
  await stack?.stop();
});

type Limits = Partial<Omit<RateLimitConfig, "bot">> & { bot?: Partial<RateLimitConfig["bot"]> };

async function startLimitedGateway(limits: Limits, options: { cache?: GatewayConfig["cache"]; logs?: CapturedLogs } = {}) {
  const config = testGatewayConfig({
    supergraphPath: path.join(REPO_ROOT, "schema/supergraph.graphql"),
    subgraphUrlOverrides: { catalog: stack.catalog.url, inventory: stack.inventory.url, customer: stack.customer.url, orders: stack.orders.url },
    ...(options.cache ? { cache: options.cache } : {}),
    rateLimit: {
      enabled: true,
      redisUrl: process.env.TEST_REDIS_URL,
      keyPrefix: `gw-test-${randomUUID()}:rl:`,
      ipPerMinute: 1000,
      keyPerMinute: 1000,
      serverKeyPerMinute: 1000,
      allow: [],
      trustProxyHops: 0,
      ...limits,
      bot: { ...RATE_LIMIT_DEFAULTS.bot, ...limits.bot },
    },
  });
  const gateway = await startGateway(config, options.logs ? { logger: options.logs.logger } : {});
  gateways.push(gateway);
  const query = (headers: Record<string, string> = {}) => postGraphQL(gateway.url, PRODUCT, { slug: product.slug }, headers);
  return { gateway, query, health: async () => (await (await fetch(gateway.url.replace(/\/graphql$/, "/health"))).json()) as { rateLimit: RateLimitReport } };
}

async function statuses(count: number, send: () => Promise<GraphQLResponse>): Promise<number[]> {
  const result = [];
  for (let request = 0; request < count; request++) result.push((await send()).status);
  return result;
}

const served = (response: GraphQLResponse) => response.status === 200 && response.body.data?.product?.name === product.name;

describe("rate limiting", () => {
  it("answers a client over its limit 429 with Retry-After and RATE_LIMITED, having served it until then", async () => {
    const { query, health } = await startLimitedGateway({ ipPerMinute: 3 });
    for (let request = 0; request < 3; request++) {
      const response = await query(BROWSER);
      expect(served(response)).toBe(true);
      expect(response.headers.get("ratelimit-remaining")).toBe(String(2 - request));
    }
    const refused = await query(BROWSER);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(refused.body.errors).toEqual([
      { message: `Too many requests from your IP address: the limit per IP address is 3 per minute. Retry in ${retryAfter} s.`, extensions: { code: "RATE_LIMITED" } },
    ]);
    expect((await health()).rateLimit).toMatchObject({ enabled: true, counts: { allowed: 3, limited: { ip: 1 } } });
  });

  it("counts each API key apart from the others, wherever its requests come from, and never against their address", async () => {
    const perKey = await startLimitedGateway({ ipPerMinute: 100, keyPerMinute: 2 });
    expect(await statuses(3, () => perKey.query())).toEqual([200, 200, 429]);
    const refused = await perKey.query();
    expect(refused.body.errors?.[0]?.message).toMatch(/^Too many requests with this API key: the limit per API key is 2 per minute/);
    expect(served(await perKey.query(MOBILE_APP))).toBe(true);

    // Changed by design (issue 13): a keyed request no longer counts against its address too.
    const perAddress = await startLimitedGateway({ ipPerMinute: 2, keyPerMinute: 100 });
    expect(await statuses(3, () => perAddress.query())).toEqual([200, 200, 200]);
    expect(await statuses(3, () => perAddress.query(MOBILE_APP))).toEqual([200, 200, 200]);
    // A public key is counted by address, from where the address's count stands (untouched by the keyed requests).
    expect(await statuses(3, () => perAddress.query(BROWSER))).toEqual([200, 200, 429]);
    expect((await perAddress.query(BROWSER)).body.errors?.[0]?.message).toMatch(/^Too many requests from your IP address/);
  });

  it("serves a store's devices and a server-rendered storefront at the default limits, bursts included; a public key's burst gets 429s", async () => {
    const { query } = await startLimitedGateway({ ipPerMinute: RATE_LIMIT_DEFAULTS.ipPerMinute, keyPerMinute: RATE_LIMIT_DEFAULTS.keyPerMinute, serverKeyPerMinute: RATE_LIMIT_DEFAULTS.serverKeyPerMinute });
    const parallel = async (headers: Record<string, string>, count = 60) => (await Promise.all(Array.from({ length: count }, () => query(headers)))).map((response) => response.status);
    const london = "store-london-oxford-st";
    // The figure: 60 parallel requests with dev-web-key got 40 answers of 429.
    expect(await parallel({})).toEqual(Array(60).fill(200));
    // A store's kiosks and handhelds, from one (NAT) address, at once.
    const store = await Promise.all([parallel({ "x-api-key": DEV_API_KEYS.kiosk[london] }), parallel({ "x-api-key": DEV_API_KEYS.handheld[london] })]);
    expect(store.flat()).toEqual(Array(120).fill(200));
    expect(await parallel({ "x-api-key": DEV_API_KEYS.ssr })).toEqual(Array(60).fill(200));
    // 60 at once from one address with the public key: over the burst rule's 20 a second.
    const browser = await parallel(BROWSER);
    expect(browser.every((status) => status === 200 || status === 429)).toBe(true);
    expect(browser.filter((status) => status === 429).length).toBeGreaterThan(0);
  });

  it("counts requests with an unknown or no key against the address, before authentication refuses them", async () => {
    const { query } = await startLimitedGateway({ ipPerMinute: 2 });
    expect(await statuses(3, () => query({ "x-api-key": "not-a-key" }))).toEqual([401, 401, 429]);
  });

  it("counts addresses apart behind a trusted proxy, and ignores X-Forwarded-For without one", async () => {
    const trusting = await startLimitedGateway({ ipPerMinute: 1, trustProxyHops: 1 });
    expect(await statuses(2, () => trusting.query({ ...BROWSER, "x-forwarded-for": "198.51.100.1" }))).toEqual([200, 429]);
    expect(served(await trusting.query({ ...BROWSER, "x-forwarded-for": "198.51.100.2" }))).toBe(true);

    const direct = await startLimitedGateway({ ipPerMinute: 1 });
    expect(await statuses(2, () => direct.query({ ...BROWSER, "x-forwarded-for": "198.51.100.3" }))).toEqual([200, 429]);
    expect((await direct.query({ ...BROWSER, "x-forwarded-for": "198.51.100.4" })).status).toBe(429);
  });

  it("applies the bot rule: denied agents get 403, requests without a User-Agent a lower limit, bursts 429", async () => {
    const { query, health } = await startLimitedGateway({ ipPerMinute: 1000, bot: { noAgentPerMinute: 2, burstPerSecond: 1000 } });
    const scanner = await query({ "user-agent": "Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))" });
    expect(scanner.status).toBe(403);
    expect(scanner.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // Node's fetch sends "node" unless told otherwise; an empty value is no User-Agent.
    expect(await statuses(3, () => query({ ...BROWSER, "user-agent": "" }))).toEqual([200, 200, 429]);
    // With a key that is not public, a device without a User-Agent is no bot.
    expect(await statuses(3, () => query({ "user-agent": "" }))).toEqual([200, 200, 200]);
    expect(served(await query())).toBe(true);
    expect((await health()).rateLimit.counts).toMatchObject({ deniedAgents: 1, limited: { noAgent: 1 } });

    const bursty = await startLimitedGateway({ ipPerMinute: 1000, bot: { burstPerSecond: 2 } });
    // A fixed one-second window: within 30 back-to-back requests some window must see a third.
    let refused: GraphQLResponse | undefined;
    for (let request = 0; request < 30 && !refused; request++) {
      const response = await bursty.query(BROWSER);
      if (response.status === 429) refused = response;
    }
    expect(refused?.headers.get("retry-after")).toBe("1");
    expect(refused?.body.errors?.[0]?.message).toMatch(/in one second from your IP address: the limit is 2 per second/);
  });

  it("counts responses served from the response cache", async () => {
    const { query } = await startLimitedGateway({ keyPerMinute: 3 }, { cache: { enabled: true, redisUrl: undefined } });
    const answers = [];
    for (let request = 0; request < 4; request++) answers.push(await query({ "x-commerce-channel": "WEB" }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers[2]!.headers.get("age")).not.toBeNull();
  });
});

const describeWithRedis = redisServerAvailable() ? describe : describe.skip;

describeWithRedis("rate limiting on a Redis of its own", () => {
  let redis: RedisServerProcess;

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it("shares the counts between gateways on the same Redis", async () => {
    const keyPrefix = `gw-test-${randomUUID()}:rl:`;
    const one = await startLimitedGateway({ redisUrl: redis.url, keyPrefix, keyPerMinute: 2 });
    const another = await startLimitedGateway({ redisUrl: redis.url, keyPrefix, keyPerMinute: 2 });
    expect((await one.query()).status).toBe(200);
    expect((await another.query()).status).toBe(200);
    expect((await one.query()).status).toBe(429);
    expect((await another.query()).status).toBe(429);
    expect((await one.health()).rateLimit.store).toMatchObject({ kind: "redis", state: "up" });
  });

  it("keeps serving, and limiting, when Redis is killed, with one warning", async () => {
    const logs = captureLogs("warn");
    const { query, health } = await startLimitedGateway({ redisUrl: redis.url, keyPerMinute: 5 }, { logs });
    expect(await statuses(2, () => query())).toEqual([200, 200]);

    await redis.kill();
    const during = [];
    for (let request = 0; request < 8; request++) during.push(await query());
    expect(during.every((response) => response.status === 200 || response.status === 429)).toBe(true);
    expect(during.filter(served)).toHaveLength(5);
    expect(during.slice(5).map((response) => response.status)).toEqual([429, 429, 429]);
    const { store } = (await health()).rateLimit;
    expect(store).toMatchObject({ kind: "redis", state: "down" });
    // One decision per limit a request is counted against (here only its API key).
    expect(store.fallbacks).toBe(8);
    expect(logs.records.filter((record) => record.level === 40 && /rate limiting/.test(record.msg))).toHaveLength(1);

    await redis.restart();
    let state = "down";
    for (let attempt = 0; attempt < 100 && state !== "up"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      state = (await health()).rateLimit.store.state;
    }
    expect(state).toBe("up");
    expect(served(await query())).toBe(true);
  });
});
