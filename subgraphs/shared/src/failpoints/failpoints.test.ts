import { createLogger } from "@platform/logging";
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
    const failpoints = new Failpoints(parseFailpoints("a.b=crash@2"), { logger, crash: (name, hits) => crashes.push(`crash ${name} ${hits}`) });
    failpoints.hit("a.c");
    failpoints.hit("a.b");
    expect(crashes).toEqual([]);
    failpoints.hit("a.b");
    expect(crashes).toEqual(["crash a.b 2"]);
    failpoints.hit("a.b");
    expect(crashes).toEqual(["crash a.b 2"]);
  });
});

describe("a failpoint's crash", () => {
  it("kills the process with SIGKILL after writing the 'failpoint hit' line (a real child process)", async () => {
    const { spawn } = await import("node:child_process");
    const script = [
      `const { Failpoints, parseFailpoints } = require(${JSON.stringify(require.resolve("./failpoints"))});`,
      `const { createLogger } = require(${JSON.stringify(require.resolve("@platform/logging"))});`,
      `new Failpoints(parseFailpoints("a.b=crash"), { logger: createLogger("child", "info") }).hit("a.b");`,
      `console.log("survived");`,
    ].join("\n");
    const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once("close", (_code, signal) => resolve(signal)));
    expect(signal).toBe("SIGKILL");
    expect(stdout).not.toContain("survived");
    expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toMatchObject({ msg: "failpoint hit", failpoint: "a.b", hits: 1 });
  });
});
