import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { parse } from "graphql";
import { createGatewayContext } from "../../gateway/src/context";
import {
  createServiceBuilder,
  DEFAULT_REQUEST_DEADLINE_MS,
  DEFAULT_RESILIENCE,
  RequestDeadline,
  resolveResilienceSettings,
  SubgraphUnavailableError,
  type SubgraphTransport,
} from "../../gateway/src/datasource";
import { LatencyWindow, SubgraphCircuitBreaker } from "../../gateway/src/datasource/circuitBreaker";
import { attemptTimeLimit, withTimeLimit } from "../../gateway/src/datasource/deadline";
import { connectionFailure, isSubgraphFailure } from "../../gateway/src/datasource/errors";
import { backoffDelayMs, RetryBudget, withRetries } from "../../gateway/src/datasource/retry";
import { describeSubgraphCall } from "../../gateway/src/datasource/subgraphCall";

/** The policy's parts on their own: no HTTP, clocks and randomness pinned where they matter. */

describe("settings", () => {
  it("fills what a registry entry leaves out with the defaults", () => {
    expect(resolveResilienceSettings("catalog")).toEqual(DEFAULT_RESILIENCE);
    const settings = resolveResilienceSettings("catalog", { timeoutMs: 800, breaker: { volumeThreshold: 5 }, retry: { maxRetries: 0 } });
    expect(settings).toEqual({
      timeoutMs: 800,
      breaker: { ...DEFAULT_RESILIENCE.breaker, volumeThreshold: 5 },
      retry: { ...DEFAULT_RESILIENCE.retry, maxRetries: 0 },
    });
  });

  it("rejects a rolling window cut into buckets too short for opossum's timer, naming the subgraph", () => {
    expect(() => resolveResilienceSettings("catalog", { breaker: { rollingWindowMs: 100, rollingBuckets: 50 } })).toThrow(/"catalog".*rollingWindowMs/);
  });
});

describe("backoff", () => {
  const settings = { baseDelayMs: 100, maxDelayMs: 1000 };

  it("doubles per retry, with equal jitter between half the ceiling and the ceiling, up to the maximum", () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, settings, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, settings, () => 0.999999))).toEqual([100, 200, 400, 800, 1000]);
  });
});

describe("retry budget", () => {
  it("allows the reserve, then a retry per 1/ratio calls", () => {
    const budget = new RetryBudget(0.2, 3);
    let retries = 0;
    for (let call = 0; call < 100; call++) {
      budget.recordCall();
      while (budget.tryRetry()) retries++; // every call wants as many retries as it can get
    }
    expect(retries).toBeLessThanOrEqual(3 + 0.2 * 100);
    expect(retries).toBeGreaterThanOrEqual(0.2 * 100);
  });

  it("earns retries even with no reserve", () => {
    const budget = new RetryBudget(0.5, 0);
    expect(budget.tryRetry()).toBe(false);
    budget.recordCall();
    budget.recordCall();
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
  });
});

describe("withRetries", () => {
  it("retries until success, and not when the policy declines", async () => {
    let attempts = 0;
    const flaky = async () => {
      attempts++;
      if (attempts < 3) throw new Error(`failure ${attempts}`);
      return "done";
    };
    await expect(withRetries(flaky, { maxRetries: 5, delayMs: () => 0, shouldRetry: () => true })).resolves.toBe("done");
    expect(attempts).toBe(3);

    attempts = 0;
    await expect(withRetries(flaky, { maxRetries: 5, delayMs: () => 0, shouldRetry: () => false })).rejects.toThrow("failure 1");
    attempts = 0;
    await expect(withRetries(flaky, { maxRetries: 1, delayMs: () => 0, shouldRetry: () => true })).rejects.toThrow("failure 2");
  });
});

describe("deadline", () => {
  it("counts down on its clock, and limits an attempt to what is left", () => {
    let now = 1000;
    const deadline = RequestDeadline.after(500, () => now);
    expect(attemptTimeLimit(300, deadline)).toEqual({ ms: 300, reason: "timeout" });
    now = 1350;
    expect(attemptTimeLimit(300, deadline)).toEqual({ ms: 150, reason: "deadline_exceeded" });
    now = 1600;
    expect(deadline.expired).toBe(true);
    expect(attemptTimeLimit(300, deadline).ms).toBe(0);
    expect(attemptTimeLimit(300, undefined)).toEqual({ ms: 300, reason: "timeout" });
  });

  it("rejects at the limit with SUBGRAPH_UNAVAILABLE even when the work ignores its signal, and aborts the signal", async () => {
    let signal: AbortSignal | undefined;
    const never = (given: AbortSignal) => {
      signal = given;
      return new Promise<never>(() => {});
    };
    const error = await withTimeLimit("stock", { ms: 20, reason: "timeout" }, never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SubgraphUnavailableError);
    expect(error).toMatchObject({ subgraph: "stock", reason: "timeout" });
    expect(signal?.aborted).toBe(true);
    await expect(withTimeLimit("stock", { ms: 1000, reason: "timeout" }, async () => "fast")).resolves.toBe("fast");
  });
});

describe("latency window", () => {
  it("gives nearest-rank percentiles of the samples still inside the window", () => {
    let now = 0;
    const window = new LatencyWindow(1000, 1024, () => now);
    expect(window.percentiles()).toBeNull();
    for (let latency = 1; latency <= 100; latency++) window.record(latency);
    expect(window.percentiles()).toEqual({ p50: 50, p95: 95, p99: 99 });
    now = 2000;
    window.record(7);
    expect(window.percentiles()).toEqual({ p50: 7, p95: 7, p99: 7 });
  });

  it("keeps only its capacity of samples", () => {
    const window = new LatencyWindow(60_000, 4, () => 0);
    for (const latency of [1000, 1000, 1000, 1, 2, 3, 4]) window.record(latency);
    expect(window.percentiles()).toEqual({ p50: 2, p95: 4, p99: 4 });
  });
});

describe("SUBGRAPH_UNAVAILABLE", () => {
  it("carries code, subgraph and reason, also as an entry of a subgraph response", () => {
    const error = new SubgraphUnavailableError("stock", "http_5xx", "HTTP 503");
    expect(error.message).toBe('Subgraph "stock" is unavailable: it answered with a server error (HTTP 503)');
    expect(error.toSubgraphResponseError(["_entities", 2])).toEqual({
      message: error.message,
      path: ["_entities", 2],
      extensions: { code: "SUBGRAPH_UNAVAILABLE", subgraph: "stock", reason: "http_5xx" },
    });
  });

  it("classifies undici's network errors as connection_failed and leaves others alone", () => {
    const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 10.0.0.7:4002"), { code: "ECONNREFUSED" }) });
    expect(connectionFailure("stock", refused)).toMatchObject({ reason: "connection_failed", detail: "ECONNREFUSED" });
    expect(connectionFailure("stock", refused)!.message).not.toContain("10.0.0.7"); // no addresses in client errors
    const reset = new TypeError("terminated", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
    expect(connectionFailure("stock", reset)).toMatchObject({ reason: "connection_failed", detail: "UND_ERR_SOCKET" });
    expect(connectionFailure("stock", new SyntaxError("Unexpected token < in JSON"))).toBeUndefined();
  });

  it("counts transport errors, timeouts and 5xx against the subgraph, not an open breaker or a spent deadline", () => {
    const reasons = ["timeout", "connection_failed", "http_5xx", "circuit_open", "deadline_exceeded"] as const;
    expect(reasons.map((reason) => isSubgraphFailure(new SubgraphUnavailableError("stock", reason)))).toEqual([true, true, true, false, false]);
    expect(isSubgraphFailure(new Error("400: Bad Request"))).toBe(false);
  });
});

describe("subgraph calls", () => {
  const request = (query: string, variables?: Record<string, unknown>) => ({ query, variables });

  it("reads the operation type and the root fields' response names", () => {
    const query = "mutation Op__stock__0 { units: reserve(productId: $id, quantity: 1) __typename ...F ... on Mutation { other } } fragment F on Mutation { third }";
    const call = describeSubgraphCall(request(query), parse(query));
    expect(call.operation).toBe("mutation");
    expect(call.representations).toBeUndefined();
    expect(call.missingPaths()).toEqual([["units"], ["third"], ["other"]]);
  });

  it("gives an entity fetch one path per representation, and reads the query text when no document is attached", () => {
    const query = "query($representations:[_Any!]!){_entities(representations:$representations){...on Product{inStock}}}";
    const call = describeSubgraphCall(request(query, { representations: [{ __typename: "Product", id: "p1" }, { __typename: "Product", id: "p2" }] }), undefined);
    expect(call.operation).toBe("query");
    expect(call.missingPaths()).toEqual([
      ["_entities", 0],
      ["_entities", 1],
    ]);
  });

  it("leaves the operation unknown (never retried) when the query cannot be read", () => {
    expect(describeSubgraphCall(request("not graphql {"), undefined).operation).toBeUndefined();
  });
});

describe("circuit breaker", () => {
  const settings = { ...DEFAULT_RESILIENCE.breaker, volumeThreshold: 3, resetTimeoutMs: 60_000 };
  const breakers: SubgraphCircuitBreaker[] = [];
  afterEach(() => breakers.splice(0).forEach((breaker) => breaker.shutdown()));
  const breaker = () => {
    const created = new SubgraphCircuitBreaker("stock", settings);
    breakers.push(created);
    return created;
  };
  const failWith = (error: Error) => () => Promise.reject(error);

  it("opens on failures and then refuses without running the attempt", async () => {
    const stock = breaker();
    for (let i = 0; i < 3; i++) await stock.run(failWith(new SubgraphUnavailableError("stock", "http_5xx"))).catch(() => undefined);
    expect(stock.currentState).toBe("open");
    const attempt = jest.fn(async () => "never");
    await expect(stock.run(attempt)).rejects.toMatchObject({ reason: "circuit_open" });
    expect(attempt).not.toHaveBeenCalled();
  });

  it("stays closed on errors that are answers (4xx, unreadable bodies) and on a spent deadline", async () => {
    const stock = breaker();
    for (let i = 0; i < 5; i++) {
      await stock.run(failWith(new Error("400: Bad Request"))).catch(() => undefined);
      await stock.run(failWith(new SubgraphUnavailableError("stock", "deadline_exceeded"))).catch(() => undefined);
    }
    expect(stock.snapshot()).toMatchObject({ breaker: { state: "closed" }, errorRate: 0, calls: { total: 10, failures: 0 } });
  });
});

describe("ResilientDataSource with a spent deadline", () => {
  it("fails the fetch fast without touching the network", async () => {
    const fetch = jest.fn<ReturnType<SubgraphTransport["fetch"]>, Parameters<SubgraphTransport["fetch"]>>();
    const builder = createServiceBuilder({ urlOverrides: {}, transport: { fetch, close: async () => {} } });
    const source = builder.buildService({ name: "stock", url: "http://127.0.0.1:9/graphql" });
    const query = '{ stockLevel(productId: "p1") }';
    const options = {
      kind: "incoming operation",
      request: { query, variables: {} },
      document: parse(query),
      incomingRequestContext: {},
      // Arrived more than the default 10 s deadline ago.
      context: createGatewayContext(performance.now() - 2 * DEFAULT_REQUEST_DEADLINE_MS),
    } as unknown as GraphQLDataSourceProcessOptions;

    const response = await source.process(options);

    expect(fetch).not.toHaveBeenCalled();
    expect(response.errors).toEqual([expect.objectContaining({ path: ["stockLevel"], extensions: expect.objectContaining({ reason: "deadline_exceeded" }) })]);
    expect(builder.health.subgraphHealth("stock").calls).toEqual({ total: 0, failures: 0, rejected: 0 });
    await builder.close();
  });
});

describe("ResilientDataSource with a StaleEntitySource that throws", () => {
  it("neither fails a successful fetch nor hides the failure of an unavailable one", async () => {
    const broken = {
      remember: jest.fn(() => {
        throw new Error("cache down");
      }),
      recall: jest.fn(async () => {
        throw new Error("cache down");
      }),
    };
    let status = 200;
    const transport: SubgraphTransport = {
      fetch: async () =>
        new Response(JSON.stringify({ data: { _entities: [{ inStock: true }] } }), { status, headers: { "content-type": "application/json" } }) as never,
      close: async () => {},
    };
    const builder = createServiceBuilder({ urlOverrides: {}, transport, staleEntities: broken, resilience: { stock: { retry: { maxRetries: 0 } } } });
    const source = builder.buildService({ name: "stock", url: "http://127.0.0.1:9/graphql" });
    const query = "query($representations:[_Any!]!){_entities(representations:$representations){...on Product{inStock}}}";
    const options = () =>
      ({
        kind: "incoming operation",
        request: { query, variables: { representations: [{ __typename: "Product", id: "p1" }] } },
        incomingRequestContext: {},
        context: createGatewayContext(),
      }) as unknown as GraphQLDataSourceProcessOptions;

    expect((await source.process(options())).data).toEqual({ _entities: [{ inStock: true }] });
    expect(broken.remember).toHaveBeenCalledTimes(1);

    status = 503;
    const failed = await source.process(options());
    expect(broken.recall).toHaveBeenCalledTimes(1);
    expect(failed.errors).toEqual([expect.objectContaining({ path: ["_entities", 0], extensions: expect.objectContaining({ reason: "http_5xx" }) })]);
    await builder.close();
  });
});
