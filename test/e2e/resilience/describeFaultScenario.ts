import { classify, type Expectation, phaseOf, type ScenarioSummary, stateChangeProblems, summarize } from "./analysis";
import { RUN, runFaultScenario, type ScenarioRun, TEST_RESILIENCE } from "./runFaultScenario";
import type { FaultScenario } from "./scenarios";

const { timeoutMs } = TEST_RESILIENCE;
const { volumeThreshold, rollingWindowMs, resetTimeoutMs, halfOpenProbes } = TEST_RESILIENCE.breaker;

/**
 * Room for slow machines (2 busy cores), on top of what the settings alone allow; README.md
 * explains each. None of them is big enough to hide a breaker that does not open or close.
 */
export const SLACK = {
  /** On the time to open: the /health poll and the log line may lag the event. */
  openMs: 1000,
  /** On the failures the breaker needs: attempts already in flight when it opened still fail and are counted. */
  inFlightFailures: 4,
  /** On the time to recover and to close: scheduling, and the probes' own latency. */
  recoverMs: 1500,
};

/** The reasons each fault may legitimately produce, the first being the fault's own. */
const REASONS: Record<FaultScenario["fault"], string[]> = {
  // Refused while dead; a request in flight at the SIGKILL sees its connection reset.
  kill: ["connection_failed", "circuit_open"],
  // The proxy drops held requests when it is switched back to pass: those fail as connection_failed.
  hang: ["timeout", "circuit_open", "connection_failed"],
  // The proxy drops pooled connections when it is switched to 503: requests in flight then fail as connection_failed.
  status503: ["http_5xx", "circuit_open", "connection_failed"],
};

/**
 * One fault scenario with real processes (see README.md): the run happens once, in beforeAll,
 * and each test asserts one property of what it recorded.
 */
export function describeFaultScenario(scenario: FaultScenario): void {
  describe(`the gateway when ${scenario.name} (real processes, open-loop load)`, () => {
    let run: ScenarioRun;
    let summary: ScenarioSummary;
    const scenarioSamples = () => run.samples.filter((sample) => sample.kind === "scenario");
    const expectation = (): Expectation => ({ faulty: scenario.faulty, full: run.baseline.scenario, healthy: scenario.healthy });

    beforeAll(async () => {
      run = await runFaultScenario(scenario);
      summary = summarize(run);
    }, 420_000); // the first suite of a run also seeds the template (a minute or more on busy cores)

    it("answers every request with HTTP 200: no 5xx, no dropped connection", () => {
      expect(summary.clientErrors).toBe(0);
      expect(summary.statuses).toEqual({ 200: run.samples.length });
      // The run covered the whole story: healthy, fault, open, cleared, closed.
      expect(summary.latency.healthy.n).toBeGreaterThanOrEqual(5);
      expect(summary.latency.recovered.n).toBeGreaterThanOrEqual(3);
    });

    it("keeps the healthy subgraphs' data in every response; the control query stays complete", () => {
      expect(summary.scenarioOutcomes.broken).toBe(0);
      expect(summary.scenarioOutcomes.partial).toBeGreaterThan(0); // the fault was felt
      expect(summary.controlOutcomes).toEqual({ complete: run.samples.length - scenarioSamples().length, partial: 0, broken: 0 });
    });

    it(`reports what is missing as SUBGRAPH_UNAVAILABLE naming ${scenario.faulty}, with the fault's reason`, () => {
      const errors = scenarioSamples().flatMap((sample) => sample.body?.errors ?? []);
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", subgraph: scenario.faulty });
        expect(REASONS[scenario.fault]).toContain(error.extensions!.reason);
        expect(error.path?.length).toBeGreaterThan(0);
      }
      const reasons = new Set(errors.map((error) => error.extensions!.reason));
      expect(reasons).toContain(REASONS[scenario.fault][0]);
      expect(reasons).toContain("circuit_open");
    });

    it("opens the breaker within the configured volume, in time", () => {
      const { timeToOpenMs, windowAtOpen, windowCallsAtFault } = summary;
      // A hang is only known to be a failure when the timeout has run out.
      const firstFailureMs = scenario.fault === "hang" ? timeoutMs : 0;
      expect(timeToOpenMs).toBeDefined();
      expect(timeToOpenMs!).toBeGreaterThanOrEqual(firstFailureMs);
      expect(timeToOpenMs!).toBeLessThanOrEqual(firstFailureMs + rollingWindowMs + SLACK.openMs);
      // Not before the window held volumeThreshold calls, and as soon as failures outnumbered the
      // successes the window held when the fault began (volumeThreshold failures from an empty window).
      expect(windowAtOpen).toBeDefined();
      expect(windowCallsAtFault).toBeDefined();
      expect(windowAtOpen!.total).toBeGreaterThanOrEqual(volumeThreshold);
      expect(windowAtOpen!.failures).toBeLessThanOrEqual(Math.max(volumeThreshold, windowCallsAtFault! + 1) + SLACK.inFlightFailures);
    });

    it("fails fast while the breaker is open: no request waits for the timeout", () => {
      const whileOpen = scenarioSamples().filter((sample) => ["deadOpen", "open"].includes(phaseOf(sample, summary.timeline)));
      expect(whileOpen.length).toBeGreaterThanOrEqual(RUN.slotsPerSecond); // at least a second of traffic
      for (const sample of whileOpen) {
        expect(sample.latencyMs).toBeLessThan(timeoutMs / 2);
        expect(classify(sample, expectation())).toBe("partial");
        expect(new Set(sample.body!.errors!.map((error) => error.extensions!.reason))).toEqual(new Set(["circuit_open"]));
      }
    });

    it("serves complete data again within resetTimeoutMs + one probe once the fault is cleared, then stays complete", () => {
      const probeMs = timeoutMs; // at most one probe's time limit
      expect(summary.timeToRecoverMs).toBeDefined();
      expect(summary.timeToRecoverMs!).toBeLessThanOrEqual(resetTimeoutMs + probeMs + SLACK.recoverMs);
      // Closing takes halfOpenProbes successful probes, one at a time, carried by the load.
      expect(summary.timeToCloseMs).toBeDefined();
      expect(summary.timeToCloseMs!).toBeLessThanOrEqual(resetTimeoutMs + probeMs + (halfOpenProbes * 1000) / RUN.slotsPerSecond + SLACK.recoverMs);
      const afterClose = scenarioSamples().filter((sample) => phaseOf(sample, summary.timeline) === "recovered");
      expect(afterClose.map((sample) => classify(sample, expectation()))).toEqual(afterClose.map(() => "complete"));
    });

    it("logs each breaker state change once, for the faulty subgraph only", () => {
      const changes = run.changes.filter((change) => change.subgraph === scenario.faulty);
      expect(stateChangeProblems(changes)).toEqual([]);
      expect(changes[0]).toMatchObject({ from: "closed", to: "open" });
      expect(changes[0]!.at).toBeGreaterThanOrEqual(run.faultAt);
      expect(changes.at(-1)).toMatchObject({ to: "closed" });
      expect(changes.at(-1)!.at).toBeGreaterThanOrEqual(run.clearedAt);
      expect(run.changes.filter((change) => change.subgraph !== scenario.faulty)).toEqual([]);
    });
  });
}
