import { runInNewContext } from "node:vm";
import { connectionFailure } from "./subgraphUnavailable";

describe("connectionFailure", () => {
  it("reads a system error code along the cause chain", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const failure = connectionFailure("stock", new TypeError("fetch failed", { cause }));
    expect(failure?.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", reason: "connection_failed" });
  });

  it("recognises errors made in another realm (Node's own, seen from a sandbox)", () => {
    const foreign = runInNewContext(`Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" })`) as unknown;
    expect(foreign instanceof Error).toBe(false);
    expect(connectionFailure("stock", foreign)?.extensions).toMatchObject({ reason: "connection_failed" });
    const foreignFetchFailure = runInNewContext(`new TypeError("fetch failed")`) as unknown;
    expect(connectionFailure("stock", foreignFetchFailure)?.extensions).toMatchObject({ reason: "connection_failed" });
  });

  it("leaves other errors alone", () => {
    expect(connectionFailure("stock", new Error("something else"))).toBeUndefined();
    expect(connectionFailure("stock", "not an error")).toBeUndefined();
  });
});
