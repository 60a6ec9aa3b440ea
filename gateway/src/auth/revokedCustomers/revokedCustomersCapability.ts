import type { CapabilityFactory, SharedResource } from "../../capability";
import { createRevokedCustomers, erasedCustomers, recordRevokedCustomers, type RevokedCustomers } from "./revokedCustomers";

/** The gateway's one record of erased customers: on Redis (REDIS_URL) shared by every gateway with the same prefix, else in memory. */
export const revokedCustomersResource: SharedResource<RevokedCustomers> = {
  name: "revoked customers",
  open: ({ config, logger }) => createRevokedCustomers(config.cache.redisUrl, config.cache.keyPrefix ?? "gw:", logger),
  close: (revoked) => revoked.close(),
};

/**
 * GDPR erasure takes effect at the gateway: the erasures subgraphs report in a request's answers
 * are recorded before its response leaves, so the customer's token is refused from the next
 * request on (authentication refuses what this records).
 */
export const revokedCustomersCapability: CapabilityFactory = async ({ shared }) => {
  const revoked = await shared(revokedCustomersResource);
  return {
    name: "revokedCustomers",
    subgraphFetch: { observeFetch: recordRevokedCustomers },
    intercept: {
      stage: "authenticate",
      async interceptor(exchange) {
        const response = await exchange.execute();
        const erased = erasedCustomers.of(await exchange.context());
        if (erased.size > 0) await revoked.revoke([...erased]);
        return response;
      },
    },
  };
};
