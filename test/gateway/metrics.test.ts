import type { GatewayConfig } from "../../gateway/src/config";
import { OPERATION_LABEL_LIMIT } from "../../gateway/src/metrics";
import type { RunningGateway } from "../../gateway/src/server";
import { supergraphHash } from "../../gateway/src/supergraph/supergraphInfo";
import { RATE_LIMIT_DEFAULTS } from "../../gateway/src/rateLimit";
import { DEV_API_KEYS } from "../support/callers";
import { postGraphQL } from "../support/graphqlClient";
import { parseExposition, type Sample, samplesOf, sumOf } from "../support/prometheusText";
import { useFaultFixtureGateways } from "./support/fixtureGateways";

const TOKEN_LIKE = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjdXN0b21lci00MiJ9.not-a-signature";
const METRICS_TOKEN = "scrape-token-0123456789abcdef";

/** The gateway's /metrics after real requests through it, against the controllable fixture subgraphs. */
describe("gateway metrics", () => {
  const suite = useFaultFixtureGateways("gateway-metrics-");

  function gatewayWith(config: Partial<GatewayConfig> = {}) {
    return suite.start({
      metrics: { enabled: true },
      cache: { enabled: true, redisUrl: undefined },
      rateLimit: { ...RATE_LIMIT_DEFAULTS, enabled: true, redisUrl: undefined, keyPrefix: "gw-test:rl:", allow: [], trustProxyHops: 0 },
      // Opens after 4 calls in the window if half failed; one retry per query while closed.
      subgraphResilience: { stock: { retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2, budgetRatio: 1, budgetReserve: 100 }, breaker: { volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 } } },
      ...config,
    });
  }

  const scrape = async (gateway: RunningGateway, headers: Record<string, string> = {}): Promise<{ text: string; samples: Sample[] }> => {
    const response = await fetch(new URL("/metrics", gateway.url), { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    return { text, samples: parseExposition(text) };
  };

  it("counts requests by operation, channel, status class and error code, and their latency", async () => {
    const gateway = await gatewayWith();
    for (let i = 0; i < 3; i++) expect((await postGraphQL(gateway.url, "query ProductNames { products { id name } }")).status).toBe(200);
    expect((await postGraphQL(gateway.url, "{ products { id } }", {}, { "x-api-key": DEV_API_KEYS.mobile })).status).toBe(200);
    // Refused before Apollo Server: the operation is not known, whatever the request calls it.
    expect((await postGraphQL(gateway.url, "query NeverResolved { products { id } }", {}, { "x-api-key": "" })).status).toBe(401);
    expect((await postGraphQL(gateway.url, "query ProductNames { products { id } }", {}, { authorization: `Bearer ${TOKEN_LIKE}` })).status).toBe(401);
    expect((await postGraphQL(gateway.url, "query Broken { nope }")).status).toBe(400);
    expect((await postGraphQL(gateway.url, "{ products { id } }", {}, { "user-agent": "sqlmap/1.7" })).status).toBe(403);

    const { text, samples } = await scrape(gateway);
    expect(sumOf(samples, "gateway_requests_total", { operation: "ProductNames", channel: "WEB", status_class: "2xx", error_code: "none" })).toBe(3);
    expect(sumOf(samples, "gateway_requests_total", { operation: "anonymous", channel: "MOBILE", status_class: "2xx" })).toBe(1);
    expect(sumOf(samples, "gateway_requests_total", { operation: "unknown", channel: "none", status_class: "4xx", error_code: "UNAUTHENTICATED" })).toBe(1);
    // The name was admitted by an earlier, resolved request: a refusal of it is labelled by it.
    expect(sumOf(samples, "gateway_requests_total", { operation: "ProductNames", status_class: "4xx", error_code: "UNAUTHENTICATED" })).toBe(1);
    expect(sumOf(samples, "gateway_requests_total", { operation: "unknown", status_class: "4xx", error_code: "GRAPHQL_VALIDATION_FAILED" })).toBe(1);
    expect(sumOf(samples, "gateway_requests_total", { status_class: "4xx", error_code: "FORBIDDEN" })).toBe(1);
    expect(sumOf(samples, "gateway_request_duration_seconds_count", { operation: "ProductNames", channel: "WEB" })).toBe(3);
    expect(sumOf(samples, "gateway_request_duration_seconds_bucket", { operation: "ProductNames", channel: "WEB", le: "+Inf" })).toBe(3);

    expect(sumOf(samples, "gateway_auth_refusals_total", { reason: "missing_api_key" })).toBe(1);
    expect(sumOf(samples, "gateway_auth_refusals_total", { reason: "invalid_token" })).toBe(1);
    expect(sumOf(samples, "gateway_rate_limit_refusals_total", { reason: "denied_agent" })).toBe(1);
    expect(sumOf(samples, "gateway_rate_limit_refusals_total", { reason: "ip" })).toBe(0);
    expect(sumOf(samples, "gateway_subgraph_fetches_total", { subgraph: "products", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(sumOf(samples, "gateway_subgraph_fetch_duration_seconds_count", { subgraph: "products" })).toBe(sumOf(samples, "gateway_subgraph_fetches_total", { subgraph: "products" }));
    expect(samplesOf(samples, "gateway_breaker_state", { subgraph: "products" }).map((sample) => sample.value)).toEqual([0]);
    expect(samplesOf(samples, "gateway_cache_events_total", { event: "hit" }).map((sample) => sample.labels.layer).sort()).toEqual(["apq", "entity", "response"]);
    expect(sumOf(samples, "gateway_cache_events_total", { layer: "response", event: "miss" })).toBeGreaterThanOrEqual(1);
    expect(samplesOf(samples, "gateway_supergraph_info").map((sample) => [sample.labels.hash, sample.value])).toEqual([[supergraphHash(suite.fixtures.supergraphSdl), 1]]);
    expect(sumOf(samples, "gateway_supergraph_reloads_total")).toBe(0);
    // The process's default metrics, served beside the gateway's (GC durations have samples only once a GC of some kind ran: their type line is always there).
    for (const name of ["process_cpu_seconds_total", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes"]) {
      expect(samples.some((sample) => sample.name === name)).toBe(true);
    }
    expect(text).toContain("# TYPE nodejs_gc_duration_seconds histogram");

    // No label carries a key, a token or an id.
    const labelValues = samples.filter((sample) => sample.name.startsWith("gateway_")).flatMap((sample) => Object.values(sample.labels));
    for (const secret of [DEV_API_KEYS.web, DEV_API_KEYS.mobile, TOKEN_LIKE, "NeverResolved", "sqlmap", "p1", "p2"]) {
      expect(text).not.toContain(secret);
      expect(labelValues).not.toContain(secret);
    }
  });

  it("counts subgraph fetches by outcome, retries, breaker state and transitions", async () => {
    const gateway = await gatewayWith();
    suite.fixtures.stock.setMode("http503");
    // Each query: a products fetch, and a stock fetch failing twice (one retry) until the breaker opens.
    for (let i = 0; i < 6; i++) expect((await postGraphQL(gateway.url, "query WithStock { products { id name inStock } }")).status).toBe(200);

    const { samples } = await scrape(gateway);
    expect(sumOf(samples, "gateway_subgraph_fetches_total", { subgraph: "stock", outcome: "http_5xx" })).toBeGreaterThanOrEqual(2);
    expect(sumOf(samples, "gateway_subgraph_fetches_total", { subgraph: "stock", outcome: "circuit_open" })).toBeGreaterThanOrEqual(1);
    expect(sumOf(samples, "gateway_subgraph_retries_total", { subgraph: "stock" })).toBeGreaterThanOrEqual(1);
    expect(samplesOf(samples, "gateway_breaker_state", { subgraph: "stock" }).map((sample) => sample.value)).toEqual([2]);
    expect(sumOf(samples, "gateway_breaker_transitions_total", { subgraph: "stock", to: "open" })).toBe(1);
    expect(sumOf(samples, "gateway_subgraph_fetches_total", { subgraph: "products", outcome: "ok" })).toBe(6);
    // Partial data: 200, the first error SUBGRAPH_UNAVAILABLE.
    expect(sumOf(samples, "gateway_requests_total", { operation: "WithStock", status_class: "2xx", error_code: "SUBGRAPH_UNAVAILABLE" })).toBe(6);
  });

  it("exports each subgraph's service levels as gauges, and reports them per subgraph in /health", async () => {
    const gateway = await gatewayWith({
      subgraphServiceLevels: { stock: { latency: { percentile: 0.95, objectiveMs: 2500 }, availability: { target: 0.995 } } },
    });
    const { samples } = await scrape(gateway);
    expect(samplesOf(samples, "gateway_subgraph_latency_objective_seconds")).toEqual([{ name: "gateway_subgraph_latency_objective_seconds", labels: { subgraph: "stock", percentile: "0.95" }, value: 2.5 }]);
    expect(samplesOf(samples, "gateway_subgraph_availability_target")).toEqual([{ name: "gateway_subgraph_availability_target", labels: { subgraph: "stock" }, value: 0.995 }]);

    // A subgraph fetched but absent from the registry gets the defaults.
    expect((await postGraphQL(gateway.url, "{ products { id name } }")).status).toBe(200);
    const after = (await scrape(gateway)).samples;
    expect(sumOf(after, "gateway_subgraph_latency_objective_seconds", { subgraph: "products", percentile: "0.99" })).toBe(0.5);
    expect(sumOf(after, "gateway_subgraph_availability_target", { subgraph: "products" })).toBe(0.999);

    const health = (await (await fetch(new URL("/health", gateway.url))).json()) as { subgraphs: { name: string; serviceLevels?: unknown }[] };
    expect(Object.fromEntries(health.subgraphs.map((subgraph) => [subgraph.name, subgraph.serviceLevels]))).toEqual({
      products: { latency: { percentile: 0.99, objectiveMs: 500 }, availability: { target: 0.999 } },
      stock: { latency: { percentile: 0.95, objectiveMs: 2500 }, availability: { target: 0.995 } },
    });
  });

  it("labels at most OPERATION_LABEL_LIMIT operation names; the others are other", async () => {
    const gateway = await gatewayWith({ cache: { enabled: false, redisUrl: undefined } });
    const names = Array.from({ length: OPERATION_LABEL_LIMIT + 5 }, (_, i) => `Invented${i}`);
    for (const name of names) expect((await postGraphQL(gateway.url, `query ${name} { products { id } }`)).status).toBe(200);

    const { samples } = await scrape(gateway);
    const operations = new Set(samplesOf(samples, "gateway_requests_total").map((sample) => sample.labels.operation));
    expect(operations.size).toBe(OPERATION_LABEL_LIMIT + 1);
    expect(sumOf(samples, "gateway_requests_total", { operation: "other" })).toBe(5);
    expect(operations.has(`Invented${OPERATION_LABEL_LIMIT}`)).toBe(false);
  });

  it("guards /metrics: 405 for other methods, the bearer token when set, 403 in production without one", async () => {
    const open = await gatewayWith();
    const post = await fetch(new URL("/metrics", open.url), { method: "POST" });
    expect(post.status).toBe(405);

    const guarded = await gatewayWith({ metrics: { enabled: true, token: METRICS_TOKEN } });
    expect((await fetch(new URL("/metrics", guarded.url))).status).toBe(401);
    await scrape(guarded, { authorization: `Bearer ${METRICS_TOKEN}` });

    const production = await gatewayWith({ production: true, metrics: { enabled: true } });
    expect((await fetch(new URL("/metrics", production.url))).status).toBe(403);

    const off = await gatewayWith({ metrics: { enabled: false } });
    expect((await fetch(new URL("/metrics", off.url))).status).toBe(404);
  });
});
