import { describeFaultScenario } from "./describeFaultScenario";
import { SCENARIOS } from "./scenarios";

/** Fault scenario: orders is SIGKILLed mid-run, then restarted on the same port and data. */
describeFaultScenario(SCENARIOS.ordersKilled);
