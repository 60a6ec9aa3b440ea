import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { GatewayConfig } from "../../../gateway/src/config";
import { type RunningGateway, startGateway, type StartGatewayOptions } from "../../../gateway/src/server";
import { type FaultFixtures, startFaultFixtures } from "./controllableSubgraph";
import { composeOrThrow, type FixtureSubgraphs, startFixtureSubgraphs } from "./fixtureSubgraphs";
import { testGatewayConfig } from "./gatewayConfig";

/** A describe block's fixture subgraphs, their supergraph in a temporary directory, and the gateways its tests start on it. */
export interface FixtureGateways<Fixtures> {
  /** The fixture subgraphs (set in beforeAll). */
  readonly fixtures: Fixtures;
  /** The temporary directory holding the supergraph (removed in afterAll); tests may put other files in it. */
  readonly directory: string;
  /** The supergraph file the gateways serve. */
  readonly supergraphPath: string;
  /** A gateway on the fixtures' supergraph: `testGatewayConfig({ supergraphPath, ...config })`, stopped by the suite's hooks. */
  start(config?: Partial<GatewayConfig>, options?: StartGatewayOptions): Promise<RunningGateway>;
}

interface Setup<Fixtures> {
  /** The prefix of the temporary directory's name, e.g. "gateway-metrics-". */
  directoryPrefix: string;
  startFixtures(): Promise<Fixtures>;
  supergraphOf(fixtures: Fixtures): Promise<string> | string;
  /** When the suite's gateways are stopped: after each test, or once after all of them. */
  stopGateways: "afterEach" | "afterAll";
  /** Also after each test (after that test's gateways stopped, if they stop after each test). */
  afterEachTest?(fixtures: Fixtures): void;
}

/** Registers the describe block's beforeAll/afterEach/afterAll hooks; the accessors are valid from beforeAll on. */
function useFixtureGatewaySuite<Fixtures extends { stop(): Promise<void> }>(setup: Setup<Fixtures>): FixtureGateways<Fixtures> {
  let fixtures: Fixtures | undefined;
  let directory: string | undefined;
  let supergraphPath: string | undefined;
  const started: RunningGateway[] = [];
  const stopStarted = () => Promise.all(started.splice(0).map((gateway) => gateway.stop()));

  beforeAll(async () => {
    fixtures = await setup.startFixtures();
    directory = mkdtempSync(path.join(os.tmpdir(), setup.directoryPrefix));
    supergraphPath = path.join(directory, "supergraph.graphql");
    writeFileSync(supergraphPath, await setup.supergraphOf(fixtures));
  });

  afterEach(async () => {
    if (setup.stopGateways === "afterEach") await stopStarted();
    if (setup.afterEachTest) setup.afterEachTest(fixtures!);
  });

  afterAll(async () => {
    await stopStarted();
    await fixtures?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  return {
    get fixtures() {
      return fixtures!;
    },
    get directory() {
      return directory!;
    },
    get supergraphPath() {
      return supergraphPath!;
    },
    async start(config = {}, options = {}) {
      const gateway = await startGateway(testGatewayConfig({ supergraphPath: supergraphPath!, ...config }), options);
      started.push(gateway);
      return gateway;
    },
  };
}

/**
 * The controllable fault fixtures (startFaultFixtures) and their supergraph for a describe block:
 * after each test, the gateways it started are stopped and the fixtures reset (healthy, counters
 * cleared), so every test starts with fresh breakers and retry budgets.
 */
export function useFaultFixtureGateways(directoryPrefix: string): FixtureGateways<FaultFixtures> {
  return useFixtureGatewaySuite({
    directoryPrefix,
    startFixtures: startFaultFixtures,
    supergraphOf: (fixtures) => fixtures.supergraphSdl,
    stopGateways: "afterEach",
    afterEachTest: (fixtures) => fixtures.reset(),
  });
}

/**
 * The fixture subgraphs (startFixtureSubgraphs) and the v1 supergraph composed from them for a
 * describe block; the gateways its tests start run until the block's afterAll.
 */
export function useFixtureSubgraphGateways(directoryPrefix: string): FixtureGateways<FixtureSubgraphs> {
  return useFixtureGatewaySuite({
    directoryPrefix,
    startFixtures: startFixtureSubgraphs,
    supergraphOf: (subgraphs) => composeOrThrow(subgraphs.registry("v1")),
    stopGateways: "afterAll",
  });
}
