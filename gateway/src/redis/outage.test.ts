import { captureLogs } from "../../../test/gateway/support/captureLogs";
import { Outage } from "./outage";

describe("Outage", () => {
  it("goes down once on the first failure, probes until the dependency answers, and comes back once", async () => {
    const logs = captureLogs("debug");
    let answers = false;
    let probes = 0;
    const outage = new Outage({
      logger: logs.logger,
      probeIntervalMs: 20,
      probe: async () => {
        probes += 1;
        if (!answers) throw new Error("still down");
      },
      messages: { down: "it failed", up: "it is back" },
      fields: { store: "test" },
    });
    expect(outage.status().state).toBe("up");
    outage.markDown(new Error("first"));
    outage.markDown(new Error("second"));
    expect(outage.down).toBe(true);
    for (let wait = 0; wait < 100 && probes < 2; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outage.down).toBe(true);
    answers = true;
    for (let wait = 0; wait < 100 && outage.down; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outage.status().state).toBe("up");
    expect(logs.records.map((record) => [record.level, record.msg, record.store])).toEqual([
      [40, "it failed", "test"],
      [30, "it is back", "test"],
    ]);
    const probesWhenUp = probes;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(probes).toBe(probesWhenUp);
    outage.close();
  });
});
