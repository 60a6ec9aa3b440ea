import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { createLogger } from "@platform/logging";
import { createGatewayContext } from "../../context";
import { createRevokedCustomers, erasedCustomers, MemoryRevokedCustomers, recordRevokedCustomers, REVOKED_CUSTOMERS_KEY } from ".";

const logger = createLogger("test", "silent");
const fetchOf = (extensions: Record<string, unknown> | undefined) => ({ subgraph: "customer", operation: "mutation", representations: undefined, response: { extensions } }) as never;

describe("revoked customers", () => {
  it("in memory: what was revoked, and nothing else", async () => {
    const revoked = new MemoryRevokedCustomers();
    await revoked.revoke(["c-1"]);
    expect(await revoked.isRevoked("c-1")).toBe(true);
    expect(await revoked.isRevoked("c-2")).toBe(false);
  });

  it("collects extensions.revokedCustomers into the request's context, ignoring anything else", () => {
    const context = createGatewayContext();
    recordRevokedCustomers(fetchOf({ revokedCustomers: ["c-1", 7, ""] }), context);
    recordRevokedCustomers(fetchOf({ invalidates: ["r:customer"] }), context);
    recordRevokedCustomers(fetchOf(undefined), context);
    expect([...erasedCustomers.of(context)]).toEqual(["c-1"]);
  });

  (process.env.TEST_REDIS_URL ? it : it.skip)("on Redis: shared by gateways with the same prefix", async () => {
    const prefix = `gw-revoked-${randomUUID()}:`;
    const [first, second] = await Promise.all([createRevokedCustomers(process.env.TEST_REDIS_URL, prefix, logger), createRevokedCustomers(process.env.TEST_REDIS_URL, prefix, logger)]);
    const redis = new Redis(process.env.TEST_REDIS_URL!);
    try {
      expect(first!.kind).toBe("redis");
      await first!.revoke(["c-1"]);
      expect(await second!.isRevoked("c-1")).toBe(true);
      expect(await second!.isRevoked("c-2")).toBe(false);
    } finally {
      await redis.unlink(`${prefix}${REVOKED_CUSTOMERS_KEY}`);
      redis.disconnect();
      await first!.close();
      await second!.close();
    }
  });

  it("with Redis unreachable: fails no request, knows what it has seen", async () => {
    const revoked = await createRevokedCustomers("redis://127.0.0.1:9", "gw:", logger);
    try {
      await revoked.revoke(["c-1"]);
      expect(await revoked.isRevoked("c-1")).toBe(true);
      expect(await revoked.isRevoked("c-2")).toBe(false);
    } finally {
      await revoked.close();
    }
  });
});
