import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { RATE_LIMIT_DEFAULTS } from "../../../gateway/src/rateLimit";
import { type RunningGateway, startGateway } from "../../../gateway/src/server";
import { catalogSubgraph } from "../../../subgraphs/catalog/src/subgraph";
import type { PrismaClient as CatalogPrisma } from "../../../subgraphs/catalog/src/generated/prisma/client";
import { type FaultFixtures, startFaultFixtures } from "../../gateway/support/controllableSubgraph";
import { testGatewayConfig } from "../../gateway/support/gatewayConfig";
import { postGraphQL } from "../../support/graphqlClient";
import { startTestSubgraph, type TestSubgraph } from "../../support/startTestSubgraph";

/** Debian's prometheus (`.ci/run` installs it when missing); PROMETHEUS_PATH names another. */
const PROMETHEUS = process.env.PROMETHEUS_PATH ?? "/usr/bin/prometheus";
const ON_CI = process.env.CI === "true";
const havePrometheus = existsSync(PROMETHEUS);
/** How many times a query is asked before the test gives up (half a second apart; never a timed assertion). */
const ATTEMPTS = 60;

if (!havePrometheus && !ON_CI) {
  console.warn(`Skipping the Prometheus test: no prometheus at ${PROMETHEUS} (apt-get install prometheus, or set PROMETHEUS_PATH). On CI (CI=true) it fails instead.`);
}

/**
 * The real Prometheus server scraping a gateway (over the controllable fixture subgraphs) and a
 * kit subgraph (catalog) every second; a bounded load, then a fault (the `stock` subgraph answers
 * 503); then Prometheus' HTTP API answers the request rate, the fetch error rate by subgraph and
 * the breaker state. Everything on 127.0.0.1.
 */
(havePrometheus || ON_CI ? describe : describe.skip)("metrics scraped by Prometheus", () => {
  let fixtures: FaultFixtures;
  let catalog: TestSubgraph<CatalogPrisma>;
  let gateway: RunningGateway;
  let prometheus: ChildProcess | undefined;
  let prometheusUrl: string;
  let directory: string;
  let output = "";

  beforeAll(async () => {
    if (!havePrometheus) throw new Error(`CI=true but there is no prometheus at ${PROMETHEUS}: .ci/run installs Debian's prometheus; this test must not be skipped on CI.`);
    directory = mkdtempSync(path.join(os.tmpdir(), "prometheus-e2e-"));
    fixtures = await startFaultFixtures();
    catalog = await startTestSubgraph(catalogSubgraph);
    const supergraphPath = path.join(directory, "supergraph.graphql");
    writeFileSync(supergraphPath, fixtures.supergraphSdl);
    gateway = await startGateway(
      testGatewayConfig({
        supergraphPath,
        metrics: { enabled: true },
        rateLimit: { ...RATE_LIMIT_DEFAULTS, enabled: false, redisUrl: undefined, keyPrefix: "gw-test:rl:", allow: [], trustProxyHops: 0 },
        subgraphResilience: { stock: { retry: { maxRetries: 0 }, breaker: { volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeoutMs: 600_000 } } },
      }),
    );
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    const config = path.join(directory, "prometheus.yml");
    writeFileSync(
      config,
      [
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        "  - job_name: gateway",
        `    static_configs: [{ targets: ["127.0.0.1:${gateway.port}"] }]`,
        "  - job_name: subgraphs",
        `    static_configs: [{ targets: ["127.0.0.1:${catalog.port}"] }]`,
        "",
      ].join("\n"),
    );
    prometheus = spawn(
      PROMETHEUS,
      [`--config.file=${config}`, `--storage.tsdb.path=${path.join(directory, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    prometheus.stdout?.on("data", (chunk) => (output += chunk));
    prometheus.stderr?.on("data", (chunk) => (output += chunk));
    await poll("Prometheus to be ready", async () => ((await fetch(`${prometheusUrl}/-/ready`).catch(() => undefined))?.ok ? true : undefined));
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once("exit", resolve));
      prometheus.kill("SIGTERM");
      await exited;
    }
    await gateway?.stop();
    await catalog?.stop();
    await fixtures?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  /** Asks `probe` up to ATTEMPTS times, half a second apart, until it gives a value. */
  async function poll<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const value = await probe();
      if (value !== undefined) return value;
      await sleep(500);
    }
    throw new Error(`Gave up waiting for ${what} after ${ATTEMPTS} attempts; Prometheus said:\n${output}`);
  }

  /** An instant query's vector, as `{ labels, value }`. */
  async function query(promql: string): Promise<{ labels: Record<string, string>; value: number }[]> {
    const response = await fetch(`${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: promql })}`);
    const body = (await response.json()) as { status: string; error?: string; data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== "success") throw new Error(`${promql}: ${body.error}`);
    return body.data.result.map(({ metric, value }) => ({ labels: metric, value: Number(value[1]) }));
  }

  const load = async (count: number) => {
    for (let i = 0; i < count; i++) await postGraphQL(gateway.url, "query WithStock { products { id name inStock } }");
  };

  it("scrapes the gateway and the subgraph", async () => {
    const up = await poll("both targets up", async () => {
      const targets = await query("up");
      return targets.length === 2 && targets.every((target) => target.value === 1) ? targets : undefined;
    });
    expect(up.map((target) => target.labels.job).sort()).toEqual(["gateway", "subgraphs"]);
    const processMetrics = await poll("the subgraph's process metrics", async () => {
      const result = await query('nodejs_heap_size_used_bytes{job="subgraphs"}');
      return result.length > 0 ? result : undefined;
    });
    expect(processMetrics[0]!.value).toBeGreaterThan(0);
  });

  it("answers the request rate, the fetch error rate by subgraph and the breaker state after a fault", async () => {
    await load(10);
    const rate = await poll("a request rate", async () => {
      await load(1);
      const [result] = await query('sum(rate(gateway_requests_total{operation="WithStock",status_class="2xx"}[20s]))');
      return result && result.value > 0 ? result.value : undefined;
    });
    expect(rate).toBeGreaterThan(0);

    fixtures.stock.setMode("http503");
    await load(10);
    const errorRates = await poll("a fetch error rate for stock", async () => {
      await load(1);
      const result = await query('sum by (subgraph) (rate(gateway_subgraph_fetches_total{outcome!~"ok|graphql_error"}[20s]))');
      return result.some((entry) => entry.labels.subgraph === "stock" && entry.value > 0) ? result : undefined;
    });
    // products stayed healthy: no failed fetch of it was ever counted.
    expect(errorRates.filter((entry) => entry.labels.subgraph === "products" && entry.value > 0)).toEqual([]);

    // The breaker opens once failures are most of its rolling window's calls: the load goes on until Prometheus sees it open.
    const breaker = await poll("the stock breaker open in Prometheus", async () => {
      await load(2);
      const result = await query("gateway_breaker_state");
      return result.some((entry) => entry.labels.subgraph === "stock" && entry.value === 2) ? result : undefined;
    });
    expect(breaker.find((entry) => entry.labels.subgraph === "products")?.value).toBe(0);
    const [open] = await query('gateway_breaker_transitions_total{subgraph="stock",to="open"}');
    expect(open?.value).toBe(1);
  });
});

/** A port no one listens on now, on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
