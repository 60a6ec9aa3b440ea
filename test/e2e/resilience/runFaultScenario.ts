import { rmSync } from "node:fs";
import type { SubgraphReport } from "../../../gateway/src/health";
import type { ResilienceSettingsInput } from "@platform/registry";
import { type FaultProxy, type FaultProxyEvent, startFaultProxy } from "../../support/faultProxy";
import { type BreakerChange, type GatewayProcess, startGatewayProcess } from "../../support/gatewayProcess";
import { as, clientCredentials } from "../../support/callers";
import { postGraphQL } from "../../support/graphqlClient";
import { copySeeded, seededTemplate } from "../../support/seededDataDir";
import { freePort } from "../../support/stack";
import { type SubgraphProcess, startSubgraphProcess } from "../../support/subgraphProcess";
import { type Sample, startOpenLoad } from "./openLoad";
import { type FaultScenario, loadQueries } from "./scenarios";

/** The short settings every subgraph gets in the fault suite's registry. */
export const TEST_RESILIENCE = {
  timeoutMs: 2000,
  breaker: { errorThresholdPercentage: 50, volumeThreshold: 10, rollingWindowMs: 2000, resetTimeoutMs: 2000, halfOpenProbes: 3 },
} as const satisfies ResilienceSettingsInput;

/** The load and the phases of a run (see README.md). */
export const RUN = {
  slotsPerSecond: 8,
  /** Healthy traffic before the fault. */
  healthyMs: 1500,
  /** How long the fault lasts once the breaker has opened: longer than resetTimeoutMs, so probes meet the fault. */
  openHoldMs: TEST_RESILIENCE.breaker.resetTimeoutMs + 700,
  /** Complete traffic kept up after the breaker closed again. */
  steadyMs: 1000,
  /** Bounds of the waits: for the breaker to open after the fault, to close after the fault is cleared. */
  openWithinMs: TEST_RESILIENCE.timeoutMs + TEST_RESILIENCE.breaker.rollingWindowMs + 8000,
  closeWithinMs: TEST_RESILIENCE.breaker.resetTimeoutMs + TEST_RESILIENCE.timeoutMs + 12_000,
  /** Client-side limit of one request: above the gateway's 10 s request deadline. */
  requestTimeoutMs: 15_000,
  healthPollMs: 100,
  warmUpRounds: 15,
} as const;

export interface HealthSample {
  at: number;
  report: SubgraphReport;
}

export interface ScenarioRun {
  scenario: FaultScenario;
  settings: typeof TEST_RESILIENCE;
  /** The complete data of each query before the fault. */
  baseline: { scenario: Record<string, any>; control: Record<string, any> };
  samples: Sample[];
  startedAt: number;
  /** When the fault was made (just before the SIGKILL, or the proxy's switch). */
  faultAt: number;
  /** When it was cleared: the restarted process said it was ready, or the proxy was switched back to pass. */
  clearedAt: number;
  endedAt: number;
  /** Every breaker state-change log line of the gateway, all subgraphs. */
  changes: BreakerChange[];
  /** The faulty subgraph's /health entry, polled every RUN.healthPollMs. */
  health: HealthSample[];
  /** What the fault proxy saw (hang and 503 scenarios). */
  proxyEvents: FaultProxyEvent[];
  /** Kill scenario: how long the restarted process took to be ready. */
  restartMs?: number;
}

/**
 * One scenario, end to end, with real processes on 127.0.0.1: the subgraphs it needs on a copy
 * of the seeded data, a fault proxy in front of the faulty one (hang, 503), the gateway entry;
 * then the open-loop load through healthy -> fault -> breaker open -> fault cleared -> closed.
 * Everything it started is stopped, and its data removed, whatever happens.
 */
export async function runFaultScenario(scenario: FaultScenario, log: (message: string) => void = () => {}): Promise<ScenarioRun> {
  const template = await seededTemplate();
  const dataDir = copySeeded(template.dir);
  const subgraphs = new Map<string, SubgraphProcess>();
  let proxy: FaultProxy | undefined;
  let gateway: GatewayProcess | undefined;
  let load: ReturnType<typeof startOpenLoad> | undefined;
  let polling = true;
  let poller: Promise<void> | undefined;
  try {
    const started = await Promise.allSettled(scenario.subgraphs.map(async (name) => subgraphs.set(name, await startSubgraphProcess(name, dataDir))));
    const failed = started.find((outcome) => outcome.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;

    const urls: Record<string, string> = {};
    for (const name of ["catalog", "inventory", "customer", "orders"]) {
      // A subgraph the scenario does not start is pointed at a closed port: its queries never reach it.
      urls[name] = subgraphs.get(name)?.url ?? `http://127.0.0.1:${await freePort()}/graphql`;
    }
    if (scenario.fault !== "kill") {
      proxy = await startFaultProxy(urls[scenario.faulty]!);
      urls[scenario.faulty] = proxy.url;
    }
    gateway = await startGatewayProcess({ subgraphUrls: urls, resilience: TEST_RESILIENCE });
    log(`${scenario.name}: processes ready`);

    // The load reads a customer's data: it is sent as an admin, on the demo web app's key.
    const headers = await clientCredentials(as.admin());
    const baseline = {
      scenario: await completeData(gateway.url, scenario.query, headers),
      control: await completeData(gateway.url, scenario.control, headers),
    };

    // Warm-up, not recorded: the first requests of fresh processes are slow (JIT, connection pools).
    for (let i = 0; i < RUN.warmUpRounds; i++) {
      await Promise.all([postGraphQL(gateway.url, scenario.query, {}, headers), postGraphQL(gateway.url, scenario.control, {}, headers)]);
    }

    const health: HealthSample[] = [];
    const gatewayRef = gateway;
    poller = (async () => {
      while (polling) {
        const at = Date.now();
        const report = await gatewayRef.health().catch(() => undefined);
        const entry = report?.subgraphs.find((subgraph) => subgraph.name === scenario.faulty);
        if (entry) health.push({ at, report: entry });
        await sleep(RUN.healthPollMs);
      }
    })();

    const startedAt = Date.now();
    load = startOpenLoad({
      url: gateway.url,
      headers,
      slotsPerSecond: RUN.slotsPerSecond,
      maxSlots: RUN.slotsPerSecond * 60,
      queries: loadQueries(scenario),
      requestTimeoutMs: RUN.requestTimeoutMs,
    });
    await sleep(RUN.healthyMs);

    const faultAt = Date.now();
    const killed = subgraphs.get(scenario.faulty)!;
    if (scenario.fault === "kill") await killed.kill();
    else proxy!.setMode(scenario.fault);
    log(`${scenario.name}: fault made`);

    const opened = await waitFor(() => gatewayRef.breakerChanges(scenario.faulty).find((change) => change.to === "open"), RUN.openWithinMs);
    await sleep(Math.max(0, opened ? opened.at + RUN.openHoldMs - Date.now() : 0));

    let clearedAt: number;
    let restartMs: number | undefined;
    if (scenario.fault === "kill") {
      const restartStarted = Date.now();
      subgraphs.set(scenario.faulty, await startSubgraphProcess(scenario.faulty, dataDir, { port: killed.port }));
      clearedAt = Date.now();
      restartMs = clearedAt - restartStarted;
    } else {
      clearedAt = Date.now();
      proxy!.setMode("pass");
    }
    log(`${scenario.name}: fault cleared`);

    const closed = await waitFor(
      () => gatewayRef.breakerChanges(scenario.faulty).find((change) => change.to === "closed" && change.at >= clearedAt),
      RUN.closeWithinMs,
    );
    if (closed) await sleep(RUN.steadyMs);
    await load.stop();
    const endedAt = Date.now();
    polling = false;
    await poller;

    return {
      scenario,
      settings: TEST_RESILIENCE,
      baseline,
      samples: [...load.samples].sort((a, b) => a.startedAt - b.startedAt),
      startedAt,
      faultAt,
      clearedAt,
      endedAt,
      changes: gateway.breakerChanges(),
      health,
      proxyEvents: proxy ? [...proxy.events] : [],
      restartMs,
    };
  } finally {
    polling = false;
    await load?.stop().catch(() => undefined);
    await poller?.catch(() => undefined);
    await gateway?.stop().catch(() => undefined);
    await proxy?.close().catch(() => undefined);
    await Promise.all([...subgraphs.values()].map((subgraph) => subgraph.stop("SIGTERM", 10_000).catch(() => subgraph.kill())));
    rmSync(dataDir, { recursive: true, force: true });
    if (template.owned) rmSync(template.dir, { recursive: true, force: true });
  }
}

/** The query's data, which must come without errors: the run starts from a healthy system. */
async function completeData(url: string, query: string, headers: Record<string, string>): Promise<Record<string, any>> {
  const response = await postGraphQL(url, query, {}, headers);
  if (response.status !== 200 || response.body.errors || !response.body.data) {
    throw new Error(`the healthy system did not answer completely: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.data;
}

async function waitFor<T>(find: () => T | undefined, ms: number): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined || Date.now() > deadline) return found;
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
