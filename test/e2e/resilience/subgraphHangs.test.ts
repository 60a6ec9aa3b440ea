import { describeFaultScenario } from "./describeFaultScenario";
import { SCENARIOS } from "./scenarios";

/** Fault scenario: inventory accepts connections and never answers (fault proxy), then recovers. */
describeFaultScenario(SCENARIOS.inventoryHangs);
