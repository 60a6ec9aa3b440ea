import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { close, listen } from "@platform/http";
import { REPO_ROOT } from "@platform/registry";
import { hashApiKey, readApiKeyFile, writeApiKeyFile } from "../../../gateway/src/auth/apiKeys";
import { DEVELOPMENT_API_KEYS_PATH } from "../../../gateway/src/config";
import { RATE_LIMIT_DEFAULTS } from "../../../gateway/src/rateLimit";
import { demoDataset } from "../../../prisma/seed";
import { testGatewayConfig } from "../../gateway/support/gatewayConfig";
import { DEV_API_KEYS } from "../../support/callers";
import { describeWithChromium, launchChromium, localOnlyContext } from "../../support/chromium";
import { type CommerceStack, startCommerceStack } from "../../support/commerceStack";

/** The test's screenshot of the allowed storefront page, a test artifact (git-ignored). */
const SCREENSHOT = path.join(REPO_ROOT, ".artifacts/cors.png");

/** The storefront example's product page query, as its generated client sends it. */
const PRODUCT_PAGE = readFileSync(path.join(REPO_ROOT, "examples/storefront/operations/productPage.graphql"), "utf8");
const dataset = demoDataset();
const product = dataset.products[0]!;
const STORE_ID = dataset.stores[0]!.id;

/** What the storefront page's script got from each of its fetches (written into the page as JSON). */
type Outcome =
  | { status: number; body: { data?: { product: ProductPageData | null }; errors?: { message: string; extensions?: { code?: string } }[] }; headers: Record<string, string | null> }
  | { failed: string };
interface ProductPageData {
  id: string;
  slug: string;
  name: string;
  brand: string;
  variants: { sku: string; price: { amount: string; currencyCode: string }; availability: { available: number; inStock: boolean } | null }[];
}

/**
 * CORS in a real browser (headless Chromium driven by playwright-core): two storefront pages,
 * each served by its own small HTTP server on 127.0.0.1, so two origins, run the storefront's
 * product page query against the gateway with the demo web key, as a storefront does (a
 * `fetch` with `x-api-key`, so the browser sends a preflight first). The gateway's key file
 * allows the web key from the first page's origin only, and GATEWAY_CORS_ORIGINS allows none:
 * the first page gets the product; the browser blocks the second. From the allowed origin the
 * page can also read the gateway's refusals: a 401 for a wrong key, a 429 with its Retry-After.
 */
describeWithChromium("CORS in Chromium", () => {
  let stack: CommerceStack;
  let keysDir: string;
  let gatewayUrl: string;
  /** The same keys and origins, each key limited to 2 requests a minute. */
  let limitedUrl: string;
  let allowed: Storefront;
  let blocked: Storefront;
  let browser: Browser;

  beforeAll(async () => {
    allowed = await serveStorefront("allowed");
    blocked = await serveStorefront("blocked");

    // The development keys, the web key accepted from the allowed page's origin only (the committed file allows any port of 127.0.0.1), no other key from any.
    keysDir = mkdtempSync(path.join(os.tmpdir(), "cors-browser-keys-"));
    const keysPath = path.join(keysDir, "api-keys.json");
    const webKey = hashApiKey(DEV_API_KEYS.web);
    writeApiKeyFile(
      keysPath,
      readApiKeyFile(DEVELOPMENT_API_KEYS_PATH).map((key) => ({ ...key, origins: key.sha256 === webKey ? [allowed.origin] : [] })),
    );
    const settings = (keyPerMinute: number) => ({
      auth: { ...testGatewayConfig({ supergraphPath: "" }).auth, apiKeysPath: keysPath },
      // No origin for every key (GATEWAY_CORS_ORIGINS=none): only the web key's own.
      cors: { origins: [], maxAgeSeconds: 600 },
      rateLimit: { ...RATE_LIMIT_DEFAULTS, enabled: true, redisUrl: undefined, keyPrefix: `gw-cors-browser-${keyPerMinute}:rl:`, keyPerMinute, allow: [], trustProxyHops: 0 },
    });
    stack = await startCommerceStack();
    gatewayUrl = (await stack.addGateway({ enabled: true, redisUrl: undefined }, settings(RATE_LIMIT_DEFAULTS.keyPerMinute))).url;
    limitedUrl = (await stack.addGateway({ enabled: false, redisUrl: undefined }, settings(2))).url;

    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await allowed?.stop();
    await blocked?.stop();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  });

  /** A fresh browser context (no cached preflights) that lets the page reach 127.0.0.1 only, and notes the console's errors. */
  async function open(storefront: Storefront, query: { endpoint: string; key: string; times?: number }) {
    const { context, elsewhere } = await localOnlyContext(browser, { width: 1000, height: 640 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    const search = new URLSearchParams({ endpoint: query.endpoint, key: query.key, times: String(query.times ?? 1) });
    const opened = await page.goto(`${storefront.origin}/?${search}`);
    expect(opened?.status()).toBe(200);
    await page.locator("#outcomes[data-done]").waitFor({ timeout: 60_000 });
    const outcomes = JSON.parse((await page.textContent("#outcomes"))!) as Outcome[];
    return { context, page, outcomes, errors, elsewhere };
  }

  async function closing<T>(context: BrowserContext, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      await context.close();
    }
  }

  it("runs the product page query from the origin the web key allows, cache hit included, and shows it", async () => {
    const { context, page, outcomes, errors, elsewhere } = await open(allowed, { endpoint: gatewayUrl, key: DEV_API_KEYS.web, times: 2 });
    await closing(context, async () => {
      expect(outcomes).toHaveLength(2);
      for (const outcome of outcomes) {
        if ("failed" in outcome) throw new Error(`the allowed page's fetch failed: ${outcome.failed}`);
        expect(outcome.status).toBe(200);
        expect(outcome.body.errors).toBeUndefined();
        const shown = outcome.body.data!.product!;
        expect(shown).toMatchObject({ slug: product.slug, name: product.name, brand: product.brand });
        expect(shown.variants.map((variant) => variant.sku).sort()).toEqual(product.variants.map((variant) => variant.sku).sort());
        for (const variant of shown.variants) expect(variant.price.amount).toMatch(/^\d+(\.\d+)?$/);
        // Exposed to the page by Access-Control-Expose-Headers: without it the browser hides them.
        expect(outcome.headers["x-request-id"]).toMatch(/\S/);
      }
      // The second answer is the response cache's (it has an Age), readable from this origin too.
      expect(outcomes[0]).toMatchObject({ headers: { age: null } });
      expect(outcomes[1]).toMatchObject({ headers: { age: expect.stringMatching(/^\d+$/) } });
      await page.locator("#product", { hasText: product.name }).waitFor();
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      expect(errors).toEqual([]);
      expect(elsewhere).toEqual([]);
    });
  });

  it("is blocked by the browser from another origin, whose preflight the gateway answers without CORS headers", async () => {
    const { context, outcomes, errors, elsewhere } = await open(blocked, { endpoint: gatewayUrl, key: DEV_API_KEYS.web });
    await closing(context, async () => {
      // The page learns nothing: fetch rejects, as it does for any network failure.
      expect(outcomes).toEqual([{ failed: "TypeError: Failed to fetch" }]);
      expect(errors).toContainEqual(expect.stringContaining(`from origin '${blocked.origin}' has been blocked by CORS policy`));
      expect(elsewhere).toEqual([]);
    });
    // The gateway's side: the preflight Chromium sent, answered without Access-Control-Allow-Origin (so the POST never left the browser) ...
    const preflight = await fetch(gatewayUrl, {
      method: "OPTIONS",
      headers: { origin: blocked.origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-api-key" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-headers")).toBeNull();
    // ... and the POST itself, had a client sent it without asking, refused 403, unreadable by a page of that origin.
    const post = await fetch(gatewayUrl, {
      method: "POST",
      headers: { origin: blocked.origin, "content-type": "application/json", "x-api-key": DEV_API_KEYS.web },
      body: JSON.stringify({ query: PRODUCT_PAGE, variables: { slug: product.slug, storeId: STORE_ID } }),
    });
    expect(post.status).toBe(403);
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
    // The allowed origin's preflight, for comparison.
    const allowedPreflight = await fetch(gatewayUrl, {
      method: "OPTIONS",
      headers: { origin: allowed.origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-api-key" },
    });
    expect(allowedPreflight.headers.get("access-control-allow-origin")).toBe(allowed.origin);
  });

  it("lets the allowed page read a 401: a wrong key is an UNAUTHENTICATED answer, not a CORS failure", async () => {
    const { context, outcomes, errors } = await open(allowed, { endpoint: gatewayUrl, key: "not-a-key" });
    await closing(context, async () => {
      expect(outcomes).toHaveLength(1);
      const [outcome] = outcomes as [Outcome];
      if ("failed" in outcome) throw new Error(`the 401 was not readable: ${outcome.failed}`);
      expect(outcome.status).toBe(401);
      expect(outcome.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(outcome.body.errors?.[0]?.message).toBe("This API key is not known to the gateway");
      // Chromium notes every 4xx on the console; none of it is about CORS.
      expect(errors.filter((line) => /CORS/i.test(line))).toEqual([]);
    });
  });

  it("lets the allowed page read a 429 and its Retry-After", async () => {
    const { context, outcomes, errors } = await open(allowed, { endpoint: limitedUrl, key: DEV_API_KEYS.web, times: 3 });
    await closing(context, async () => {
      expect(outcomes.map((outcome) => ("failed" in outcome ? outcome.failed : outcome.status))).toEqual([200, 200, 429]);
      const limited = outcomes[2] as Extract<Outcome, { status: number }>;
      expect(limited.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(errors.filter((line) => /CORS/i.test(line))).toEqual([]);
    });
  });
});

interface Storefront {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  stop(): Promise<void>;
}

/**
 * A storefront's page on its own origin: on load, it sends the product page query `times` times
 * to `endpoint` with the key `key` (all three from its URL), as the storefront example's client
 * does, and writes what each fetch gave into `#outcomes` (JSON), the product into `#product`.
 */
async function serveStorefront(name: string): Promise<Storefront> {
  const page = storefrontPage(name);
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" || new URL(request.url ?? "/", "http://localhost").pathname !== "/") {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(page);
  });
  const port = await listen(server, 0, "127.0.0.1");
  return { origin: `http://127.0.0.1:${port}`, stop: () => close(server) };
}

function storefrontPage(name: string): string {
  const request = { query: PRODUCT_PAGE, variables: { slug: product.slug, storeId: STORE_ID } };
  // JSON in a script: `<` escaped so that nothing in it can close the element.
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Storefront (${name})</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 24px; }
  #product h2 { margin: 0 0 4px; }
  table { border-collapse: collapse; margin-top: 8px; }
  td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
  pre { background: #f4f4f4; padding: 8px; font-size: 11px; max-height: 280px; overflow: hidden; white-space: pre-wrap; }
</style>
</head>
<body>
<h1>Storefront (${name}) at <span id="origin"></span></h1>
<div id="product">Loading…</div>
<pre id="outcomes"></pre>
<script>
const REQUEST = ${json(request)};
const EXPOSED = ["x-request-id", "retry-after", "age"];
const params = new URLSearchParams(location.search);
document.getElementById("origin").textContent = location.origin;

async function send() {
  try {
    const response = await fetch(params.get("endpoint"), {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": params.get("key") },
      body: JSON.stringify(REQUEST),
    });
    const headers = Object.fromEntries(EXPOSED.map((name) => [name, response.headers.get(name)]));
    return { status: response.status, body: await response.json(), headers };
  } catch (error) {
    return { failed: String(error) };
  }
}

function show(outcome) {
  const box = document.getElementById("product");
  const product = outcome.body && outcome.body.data && outcome.body.data.product;
  if (!product) {
    box.textContent = outcome.failed ? "Failed: " + outcome.failed : "HTTP " + outcome.status + ": " + outcome.body.errors[0].message;
    return;
  }
  box.innerHTML = "";
  const title = document.createElement("h2");
  title.textContent = product.brand + " " + product.name;
  const table = document.createElement("table");
  table.innerHTML = "<tr><th>SKU</th><th>Price</th><th>Available at ${STORE_ID}</th></tr>";
  for (const variant of product.variants) {
    const row = table.insertRow();
    for (const text of [variant.sku, variant.price.amount + " " + variant.price.currencyCode, String(variant.availability ? variant.availability.available : "–")]) row.insertCell().textContent = text;
  }
  box.append(title, table);
}

(async () => {
  const outcomes = [];
  for (let i = 0; i < Number(params.get("times") || 1); i++) outcomes.push(await send());
  show(outcomes[0]);
  const out = document.getElementById("outcomes");
  out.textContent = JSON.stringify(outcomes);
  out.dataset.done = "true";
})();
</script>
</body>
</html>
`;
}
