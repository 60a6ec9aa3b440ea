import { createLogger } from "../logging";
import { Failpoints, parseFailpoints } from "./failpoints";

describe("failpoints", () => {
  const logger = createLogger("failpoints-test", "silent");

  it("parses names with crash or crash@n", () => {
    const spec = parseFailpoints(" checkout.reserve.after=crash, reservation.reserve.committed=crash@3 ");
    expect([...spec]).toEqual([
      ["checkout.reserve.after", { kind: "crash", onHit: 1 }],
      ["reservation.reserve.committed", { kind: "crash", onHit: 3 }],
    ]);
    expect(parseFailpoints(undefined).size).toBe(0);
    expect(parseFailpoints("").size).toBe(0);
  });

  it.each(["checkout.reserve.after", "checkout.reserve.after=hang", "checkout..after=crash", "x=crash@0", "Checkout=crash"])("refuses %p", (text) => {
    expect(() => parseFailpoints(text)).toThrow(/FAILPOINTS/);
  });

  it("crashes on the configured hit of its own name only", () => {
    const crashes: string[] = [];
    const failpoints = new Failpoints(parseFailpoints("a.b=crash@2"), { logger, crash: () => crashes.push("crash") });
    failpoints.hit("a.c");
    failpoints.hit("a.b");
    expect(crashes).toEqual([]);
    failpoints.hit("a.b");
    expect(crashes).toEqual(["crash"]);
    failpoints.hit("a.b");
    expect(crashes).toEqual(["crash"]);
  });
});
