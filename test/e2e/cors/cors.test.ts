import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiKey, readApiKeyFile, writeApiKeyFile } from "../../../gateway/src/auth";
import { DEVELOPMENT_API_KEYS_PATH } from "../../../gateway/src/config";
import { RATE_LIMIT_DEFAULTS } from "../../../gateway/src/rateLimit";
import { demoDataset } from "../../../prisma/seed";
import { Channel } from "@platform/caller";
import { testGatewayConfig } from "../../gateway/support/gatewayConfig";
import { DEV_API_KEYS } from "../../support/callers";
import { type CommerceStack, startCommerceStack } from "../../support/commerceStack";

/**
 * CORS through the real gateway over the real subgraphs, over HTTP on 127.0.0.1, as a browser
 * sends it: preflights answered before authentication and rate limits, with the allowed methods
 * and headers; actual answers (served, cached, 401, 403, 429) carrying the CORS headers for an
 * allowed origin, the deployment's origins (GATEWAY_CORS_ORIGINS) and each key's own.
 */
const SHOP = "https://shop.example.com";
const PARTNER = "https://partner.example.org";
const EVIL = "https://evil.example.net";
const product = demoDataset().products[0]!;
const PRODUCT = JSON.stringify({ query: `query($slug: String!) { product(slug: $slug) { id name } }`, variables: { slug: product.slug } });

let stack: CommerceStack;
let keysDir: string;
let keys: { storefront: string; browser: string };
let gatewayUrl: string;
let anyOriginUrl: string;
/** A public key's requests are limited to 2 a minute per address there. */
let limitedUrl: string;

beforeAll(async () => {
  keysDir = mkdtempSync(path.join(tmpdir(), "cors-keys-"));
  const keysPath = path.join(keysDir, "api-keys.json");
  writeApiKeyFile(keysPath, readApiKeyFile(DEVELOPMENT_API_KEYS_PATH));
  keys = {
    storefront: createApiKey(keysPath, { name: "Shop storefront", channel: Channel.WEB, origins: [SHOP, "https://*.shop.example.com"] }).key,
    browser: createApiKey(keysPath, { name: "Shop storefront, in the browser", channel: Channel.WEB, origins: [SHOP], rateLimit: "public" }).key,
  };
  stack = await startCommerceStack();
  const settings = (origins: string[], ipPerMinute: number = RATE_LIMIT_DEFAULTS.ipPerMinute) => ({
    auth: { ...testGatewayConfig({ supergraphPath: "" }).auth, apiKeysPath: keysPath },
    rateLimit: { ...RATE_LIMIT_DEFAULTS, enabled: true, redisUrl: undefined, keyPrefix: `gw-test-${randomUUID()}:rl:`, ipPerMinute, allow: [], trustProxyHops: 0 },
    cors: { origins, maxAgeSeconds: 600 },
  });
  gatewayUrl = (await stack.addGateway({ enabled: true, redisUrl: undefined }, settings([PARTNER]))).url;
  anyOriginUrl = (await stack.addGateway({ enabled: false, redisUrl: undefined }, settings(["*"]))).url;
  limitedUrl = (await stack.addGateway({ enabled: false, redisUrl: undefined }, settings([PARTNER], 2))).url;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(keysDir, { recursive: true, force: true });
});

const preflight = (origin: string, url = gatewayUrl) =>
  fetch(url, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-api-key,authorization" } });

const post = (origin: string | undefined, key: string | undefined, url = gatewayUrl) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(origin ? { origin } : {}), ...(key ? { "x-api-key": key } : {}) },
    body: PRODUCT,
  });

const list = (value: string | null) => (value ?? "").split(",").map((entry) => entry.trim().toLowerCase()).filter(Boolean);

describe("CORS preflight", () => {
  it("answers a key's origin, and a subdomain its wildcard names, before authentication: 204 with what a GraphQL client sends", async () => {
    for (const origin of [SHOP, "https://eu.shop.example.com", PARTNER]) {
      const response = await preflight(origin);
      expect({ origin, status: response.status }).toEqual({ origin, status: 204 });
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(response.headers.get("access-control-allow-credentials")).toBe("true");
      expect(list(response.headers.get("access-control-allow-methods"))).toEqual(expect.arrayContaining(["get", "post"]));
      expect(list(response.headers.get("access-control-allow-headers"))).toEqual(
        expect.arrayContaining(["content-type", "x-api-key", "authorization", "apollo-require-preflight", "x-apollo-operation-name"]),
      );
      expect(response.headers.get("access-control-max-age")).toBe("600");
      expect(list(response.headers.get("vary"))).toContain("origin");
      expect(response.headers.get("x-request-id")).not.toBeNull();
      expect(await response.text()).toBe("");
    }
  });

  it("answers an origin nobody allows 204 without CORS headers (the browser stops there), never 401", async () => {
    const response = await preflight(EVIL);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    expect(list(response.headers.get("vary"))).toContain("origin");
  });

  it("leaves an OPTIONS that is no preflight (no Origin, or no Access-Control-Request-Method) to Apollo Server", async () => {
    for (const headers of [{ "x-api-key": keys.storefront }, { "x-api-key": keys.storefront, origin: SHOP }] as Record<string, string>[]) {
      const response = await fetch(gatewayUrl, { method: "OPTIONS", headers });
      expect(response.status).toBe(400);
      expect(response.headers.get("access-control-allow-methods")).toBeNull();
    }
  });
});

describe("CORS on answers", () => {
  it("serves a key's own origin with its origin echoed, credentials allowed and the gateway's headers exposed", async () => {
    const response = await post(SHOP, keys.storefront);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { product: { name: string } } }).data.product.name).toBe(product.name);
    expect(response.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(list(response.headers.get("access-control-expose-headers"))).toEqual(expect.arrayContaining(["x-request-id", "retry-after", "ratelimit-remaining", "age"]));
    expect(list(response.headers.get("vary"))).toContain("origin");
  });

  it("echoes the asking origin on a cache hit, never the one whose request filled the cache", async () => {
    const first = await post(SHOP, DEV_API_KEYS.web);
    expect(first.headers.get("access-control-allow-origin")).toBe(SHOP);
    const hit = await post(PARTNER, DEV_API_KEYS.web);
    expect(hit.status).toBe(200);
    expect(hit.headers.get("age")).not.toBeNull();
    expect(hit.headers.get("access-control-allow-origin")).toBe(PARTNER);
    expect(hit.headers.get("access-control-allow-credentials")).toBe("true");
    // The cache's own Vary (the key, the token) and CORS's, merged.
    expect(list(hit.headers.get("vary"))).toEqual(expect.arrayContaining(["origin", "x-api-key", "authorization"]));
  });

  it("makes a 401 readable by a page some key allows, and by no other", async () => {
    const readable = await post(SHOP, undefined);
    expect(readable.status).toBe(401);
    expect(readable.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(((await readable.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("UNAUTHENTICATED");
    const unknown = await post(EVIL, "not-a-key");
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses a key from an origin neither the deployment nor the key allows, 403, readable by the page when some key allows its origin", async () => {
    // The shop's origin is the storefront keys' own, not the mobile app's.
    const refused = await post(SHOP, DEV_API_KEYS.mobile);
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe("FORBIDDEN");
    expect(body.errors[0]!.message).toBe(
      `This API key ("Demo mobile app") is not accepted from origin ${SHOP}: the origin must be listed in the key's origins or in GATEWAY_CORS_ORIGINS`,
    );
    expect(refused.headers.get("access-control-allow-origin")).toBe(SHOP);
    const elsewhere = await post(EVIL, keys.storefront);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get("access-control-allow-origin")).toBeNull();
    // The deployment's origins go with every key; requests without Origin (apps, servers) and from the gateway's own origin are not cross-origin.
    expect((await post(PARTNER, DEV_API_KEYS.mobile)).status).toBe(200);
    expect((await post(undefined, DEV_API_KEYS.mobile)).status).toBe(200);
    expect((await post(new URL(gatewayUrl).origin, DEV_API_KEYS.mobile)).status).toBe(200);
  });

  it("makes a 429 readable, its Retry-After exposed", async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    // A public key counts per address: 2 a minute here.
    for (let request = 0; request < 3 && !limited; request++) {
      const response = await post(SHOP, keys.browser, limitedUrl);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(limited!.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(list(limited!.headers.get("access-control-expose-headers"))).toContain("retry-after");
    expect(((await limited!.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("RATE_LIMITED");
  });

  it("answers any origin with * and no credentials when the deployment allows *", async () => {
    const answer = await post(EVIL, DEV_API_KEYS.web, anyOriginUrl);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.headers.get("access-control-allow-credentials")).toBeNull();
    const response = await preflight(EVIL, anyOriginUrl);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    // A key's own origin is still named, and may send credentials.
    expect((await post(SHOP, keys.storefront, anyOriginUrl)).headers.get("access-control-allow-credentials")).toBe("true");
  });
});

describe("CORS on answers made before any interceptor (the HTTP adapter's own, and routes')", () => {
  const gatewayOrigin = () => new URL(gatewayUrl).origin;
  const answers = (origin: string) => ({
    "413, a body over the limit": () =>
      fetch(gatewayUrl, { method: "POST", headers: { origin, "content-type": "application/json", "x-api-key": keys.storefront }, body: `{"query":"${"x".repeat(1024 * 1024)}"}` }),
    "400, a body that is not JSON": () => fetch(gatewayUrl, { method: "POST", headers: { origin, "content-type": "application/json", "x-api-key": keys.storefront }, body: '{"query": "{' }),
    "404, a path other than /graphql": () => fetch(`${gatewayOrigin()}/nowhere`, { headers: { origin } }),
    "405, /health with POST": () => fetch(`${gatewayOrigin()}/health`, { method: "POST", headers: { origin } }),
    "405, /graphql with PUT (Apollo Server's)": () =>
      fetch(gatewayUrl, { method: "PUT", headers: { origin, "content-type": "application/json", "x-api-key": keys.storefront }, body: PRODUCT }),
    "200, /health": () => fetch(`${gatewayOrigin()}/health`, { headers: { origin } }),
  });

  it("carries the CORS headers for an allowed origin, so the page can read why", async () => {
    const seen: Record<string, unknown> = {};
    for (const [answer, send] of Object.entries(answers(SHOP))) {
      const response = await send();
      await response.arrayBuffer();
      seen[answer] = {
        status: response.status,
        allowOrigin: response.headers.get("access-control-allow-origin"),
        credentials: response.headers.get("access-control-allow-credentials"),
        exposes: list(response.headers.get("access-control-expose-headers")).includes("x-request-id"),
        vary: list(response.headers.get("vary")).includes("origin"),
      };
    }
    const expected = (status: number) => ({ status, allowOrigin: SHOP, credentials: "true", exposes: true, vary: true });
    expect(seen).toEqual({
      "413, a body over the limit": expected(413),
      "400, a body that is not JSON": expected(400),
      "404, a path other than /graphql": expected(404),
      "405, /health with POST": expected(405),
      "405, /graphql with PUT (Apollo Server's)": expected(405),
      "200, /health": expected(200),
    });
  });

  it("carries none for an origin nobody allows, only Vary: Origin", async () => {
    for (const [answer, send] of Object.entries(answers(EVIL))) {
      const response = await send();
      await response.arrayBuffer();
      expect({ answer, allowOrigin: response.headers.get("access-control-allow-origin"), vary: list(response.headers.get("vary")).includes("origin") }).toEqual({
        answer,
        allowOrigin: null,
        vary: true,
      });
    }
  });
});
