import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "@platform/registry";

/** Debian's promtool (package prometheus; `.ci/run` installs it when missing); PROMTOOL_PATH names another. */
const PROMTOOL = process.env.PROMTOOL_PATH ?? "/usr/bin/promtool";
const ON_CI = process.env.CI === "true";
const havePromtool = existsSync(PROMTOOL);
const RULES = path.join(REPO_ROOT, "ops/prometheus/alerts.yml");

if (!havePromtool && !ON_CI) {
  console.warn(`Skipping the alerting rules check: no promtool at ${PROMTOOL} (apt-get install prometheus, or set PROMTOOL_PATH). On CI (CI=true) it fails instead.`);
}

(havePromtool || ON_CI ? describe : describe.skip)("ops/prometheus/alerts.yml", () => {
  beforeAll(() => {
    if (!havePromtool) throw new Error(`CI=true but there is no promtool at ${PROMTOOL}: .ci/run installs Debian's prometheus; this check must not be skipped on CI.`);
  });

  it("passes promtool check rules", () => {
    const output = execFileSync(PROMTOOL, ["check", "rules", RULES], { encoding: "utf8" });
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it("passes promtool's linter too, all 6 rules", () => {
    const output = execFileSync(PROMTOOL, ["check", "rules", "--lint=all", RULES], { encoding: "utf8" });
    expect(output).toMatch(/SUCCESS: 6 rules found/);
  });

  it("would refuse a broken rule (the check can fail)", () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), "promtool-"));
    try {
      const broken = path.join(directory, "broken.yml");
      writeFileSync(broken, "groups:\n  - name: broken\n    rules:\n      - alert: Broken\n        expr: sum by (subgraph) (rate(gateway_subgraph_fetches_total[5m]) >\n");
      expect(spawnSync(PROMTOOL, ["check", "rules", broken], { encoding: "utf8" }).status).not.toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("fires SubgraphBreakerOpen for an open breaker, and not for a closed one (promtool test rules)", () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), "promtool-"));
    try {
      const tests = path.join(directory, "alerts.test.yml");
      writeFileSync(
        tests,
        [
          "rule_files:",
          `  - ${RULES}`,
          "evaluation_interval: 1m",
          "tests:",
          "  - interval: 1m",
          "    input_series:",
          "      - series: 'gateway_breaker_state{subgraph=\"inventory\"}'",
          "        values: '2x10'",
          "      - series: 'gateway_breaker_state{subgraph=\"catalog\"}'",
          "        values: '0x10'",
          "    alert_rule_test:",
          "      - eval_time: 5m",
          "        alertname: SubgraphBreakerOpen",
          "        exp_alerts:",
          "          - exp_labels: { severity: page, subgraph: inventory }",
          "            exp_annotations:",
          "              summary: 'Circuit breaker for subgraph inventory is open'",
          "              description: 'The gateway fails fetches to inventory fast (SUBGRAPH_UNAVAILABLE, reason circuit_open): the subgraph failed, timed out or answered 5xx too often.'",
          "",
        ].join("\n"),
      );
      const result = spawnSync(PROMTOOL, ["test", "rules", tests], { encoding: "utf8" });
      expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
      expect(result.status).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
