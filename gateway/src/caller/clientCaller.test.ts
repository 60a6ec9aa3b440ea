import { Channel, CallerHeader, readRequestCaller } from "@platform/caller";
import { createGatewayContext, type GatewayContext } from "../context";
import { subgraphCallerHeaders } from "./clientCaller";

const SECRET = "a-test-secret-of-enough-length-0123456789";

function contextOf(caller: GatewayContext["caller"]): GatewayContext {
  const context = createGatewayContext();
  context.caller = caller;
  return context;
}

describe("subgraphCallerHeaders", () => {
  let nowMs = 1_800_000_000_000;
  const sign = subgraphCallerHeaders(SECRET, () => nowMs);
  const customer = { channel: Channel.WEB, storeId: null, customerId: "cust-0001", associateId: null, adminId: null };
  const associate = { channel: Channel.HANDHELD, storeId: "store-1", customerId: null, associateId: "assoc-1", adminId: null };

  it("signs headers a subgraph verifies as the caller", () => {
    for (const caller of [customer, associate]) {
      const read = readRequestCaller(sign(contextOf(caller)), SECRET, nowMs);
      expect({ channel: read.channel, storeId: read.storeId, customerId: read.customerId, associateId: read.associateId }).toEqual({
        channel: caller.channel,
        storeId: caller.storeId,
        customerId: caller.customerId,
        associateId: caller.associateId,
      });
    }
    expect(readRequestCaller(sign(undefined), SECRET, nowMs)).toMatchObject({ channel: Channel.WEB, customerId: null });
  });

  it("reuses a caller's headers within the second, signs anew in the next, and never mixes callers", () => {
    const first = sign(contextOf(customer));
    expect(sign(contextOf({ ...customer }))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(sign(contextOf(associate))).not.toBe(first);
    expect(sign(contextOf({ ...customer, customerId: "cust-0002" }))[CallerHeader.customer]).toBe("cust-0002");
    nowMs += 1000;
    const next = sign(contextOf(customer));
    expect(next).not.toBe(first);
    expect(Number(next[CallerHeader.signedAt])).toBe(Number(first[CallerHeader.signedAt]) + 1);
    expect(readRequestCaller(next, SECRET, nowMs).customerId).toBe("cust-0001");
  });
});
