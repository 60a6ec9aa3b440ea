import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "@platform/registry";
import { RATE_LIMIT_DEFAULTS } from "../../gateway/src/rateLimit";
import { type CommerceStack, startCommerceStack } from "../support/commerceStack";

/**
 * ops/grafana/commerce-gateway.json: a Grafana dashboard whose every query names only metrics
 * that the code registers (read from a live scrape of a gateway with every metric-bearing
 * capability on, and of the four real subgraphs) or recording rules of ops/prometheus/alerts.yml,
 * and that promtool can parse (each expression, its Grafana variables filled in, as a recording
 * rule of a generated rule file).
 */
const DASHBOARD = path.join(REPO_ROOT, "ops/grafana/commerce-gateway.json");
const RULES = path.join(REPO_ROOT, "ops/prometheus/alerts.yml");
const PROMTOOL = process.env.PROMTOOL_PATH ?? "/usr/bin/promtool";
const ON_CI = process.env.CI === "true";
const havePromtool = existsSync(PROMTOOL);

interface Target {
  expr: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  schemaVersion: number;
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown; datasource?: { uid?: string } }[] };
  __inputs: { name: string; type: string; pluginId: string }[];
}

const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as Dashboard;
const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
const queries = panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, target })));

/** Grafana's variables, replaced by what they stand for, so that Prometheus' parser sees plain PromQL. */
function withVariablesFilled(expr: string): string {
  return expr.replaceAll("$__rate_interval", "5m").replaceAll("$subgraph", ".*");
}

const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan"]);

/** The metric names a PromQL expression selects: its identifiers, less functions, keywords, label lists, matchers, strings and ranges. */
function metricNamesOf(expr: string): string[] {
  const bare = withVariablesFilled(expr)
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = new Set<string>();
  for (const match of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const next = bare.slice(match.index! + word.length).trimStart();
    if (next.startsWith("(") || KEYWORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names];
}

describe("ops/grafana/commerce-gateway.json", () => {
  it("is a dashboard of schema version 39 on a Prometheus data source variable, DS_PROMETHEUS", () => {
    expect(dashboard.schemaVersion).toBe(39);
    expect(dashboard.uid).toBe("commerce-gateway");
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: "DS_PROMETHEUS", type: "datasource", pluginId: "prometheus" })]);
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: "DS_PROMETHEUS", type: "datasource", query: "prometheus" }));
    for (const panel of panels.filter((candidate) => candidate.type !== "row")) {
      expect({ panel: panel.title, datasource: panel.datasource }).toEqual({ panel: panel.title, datasource: { type: "prometheus", uid: "${DS_PROMETHEUS}" } });
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const target of panel.targets!) expect(target.datasource?.uid).toBe("${DS_PROMETHEUS}");
    }
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("has the panels the issue asks for", () => {
    const everything = queries.map(({ target }) => target.expr).join("\n");
    for (const metric of [
      "gateway_requests_total",
      "gateway_request_duration_seconds_bucket",
      "gateway_subgraph_fetches_total",
      "gateway_subgraph_fetch_duration_seconds_bucket",
      "gateway_subgraph_latency_objective_seconds",
      "gateway_subgraph_availability_target",
      "gateway_breaker_state",
      "gateway_cache_events_total",
      "gateway_rate_limit_refusals_total",
      "orders_checkouts_total",
      "subgraph_outbox_backlog_events",
      "subgraph_outbox_relay_lag_seconds_bucket",
      "orders_release_sweeper_backlog",
    ]) {
      expect(everything).toContain(metric);
    }
  });

  it("finds the metric names in an expression, and only them", () => {
    expect(
      metricNamesOf('histogram_quantile(0.99, sum by (subgraph, le) (rate(a_seconds_bucket{subgraph=~"$subgraph",le="0.5"}[$__rate_interval]))) / on (subgraph) b:rule'),
    ).toEqual(["a_seconds_bucket", "b:rule"]);
    expect(metricNamesOf("1 - max by (subgraph) (c_target) and d_total > bool 0")).toEqual(["c_target", "d_total"]);
  });

  describe("against what the code registers", () => {
    let stack: CommerceStack;
    const registered = new Set<string>();

    beforeAll(async () => {
      stack = await startCommerceStack();
      // A gateway with every capability that registers metrics: metrics, the cache layers, rate limiting.
      const gateway = await stack.addGateway(
        { enabled: true, redisUrl: undefined },
        { metrics: { enabled: true }, rateLimit: { ...RATE_LIMIT_DEFAULTS, enabled: true, redisUrl: undefined, keyPrefix: "gw-dashboard:rl:", allow: [], trustProxyHops: 0 } },
      );
      for (const url of [gateway.url, stack.catalog.url, stack.inventory.url, stack.customer.url, stack.orders.url]) {
        const response = await fetch(new URL("/metrics", url));
        expect(response.status).toBe(200);
        for (const [, name, type] of (await response.text()).matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
          registered.add(name!);
          if (type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) registered.add(`${name}${suffix}`);
        }
      }
      for (const [, record] of readFileSync(RULES, "utf8").matchAll(/^\s+- record: (\S+)$/gm)) registered.add(record!);
    }, 180_000);

    afterAll(async () => {
      await stack?.stop();
    });

    it("names only metrics the gateway and the subgraphs serve, or recording rules of alerts.yml", () => {
      expect(registered).toContain("orders_checkouts_total");
      expect(registered).toContain("gateway_cache_events_total");
      expect(queries.filter(({ target }) => metricNamesOf(target.expr).length === 0)).toEqual([]);
      const unknown = queries.flatMap(({ panel, target }) => metricNamesOf(target.expr).filter((name) => !registered.has(name)).map((name) => `${panel}: ${name}`));
      expect(unknown).toEqual([]);
    });

    it("would notice a metric nobody registers (the check can fail)", () => {
      expect(metricNamesOf("rate(gateway_requests_totl[5m])").filter((name) => !registered.has(name))).toEqual(["gateway_requests_totl"]);
    });
  });

  (havePromtool || ON_CI ? describe : describe.skip)("promtool", () => {
    const check = (exprs: string[]) => {
      const directory = mkdtempSync(path.join(os.tmpdir(), "dashboard-rules-"));
      try {
        const file = path.join(directory, "dashboard.rules.yml");
        const rules = exprs.map((expr, index) => `      - record: dashboard:query_${index}\n        expr: ${JSON.stringify(withVariablesFilled(expr))}`);
        writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join("\n")}\n`);
        return spawnSync(PROMTOOL, ["check", "rules", file], { encoding: "utf8" });
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    };

    it("parses every query (as recording rules of a generated rule file)", () => {
      expect(havePromtool).toBe(true);
      const result = check(queries.map(({ target }) => target.expr));
      expect(result.stdout + result.stderr).toMatch(new RegExp(`SUCCESS: ${queries.length} rules found`));
      expect(result.status).toBe(0);
    });

    it("would refuse a query that does not parse (the check can fail)", () => {
      expect(check(["sum by (subgraph) (rate(gateway_requests_total[$__rate_interval])"]).status).not.toBe(0);
    });

    it("is the promtool the rules test uses", () => {
      expect(execFileSync(PROMTOOL, ["--version"], { encoding: "utf8" })).toMatch(/promtool/);
    });
  });
});
