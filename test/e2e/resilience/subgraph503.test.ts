import { describeFaultScenario } from "./describeFaultScenario";
import { SCENARIOS } from "./scenarios";

/** Fault scenario: customer answers 503 to every request (fault proxy), then recovers. */
describeFaultScenario(SCENARIOS.customer503);
